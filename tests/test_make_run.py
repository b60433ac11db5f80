"""`make run` as a newcomer uses it: a real FileStorage under VAR_DIR, a real
WSGI server, data kept from one run to the next."""

from tests.servers import free_port
from tests.servers import http
from tests.servers import ROOT
from tests.servers import Server

import os
import shutil
import socket
import subprocess
import tempfile
import unittest


class TestMakeRun(unittest.TestCase):
    level = 2  # starts the real server twice: about a minute

    def setUp(self):
        self.var = tempfile.mkdtemp(prefix="ville-run-")
        self.addCleanup(shutil.rmtree, self.var, ignore_errors=True)
        self.port = free_port()
        self.env = dict(
            os.environ,
            VAR_DIR=self.var,
            PORT=str(self.port),
            ADMIN_USER="admin",
            ADMIN_PASSWORD="a-test-password",
            PROFILE="peruwelz",
            SITE_ID="Plone",
        )
        self.site = f"http://localhost:{self.port}/Plone"
        self.auth = ("admin", "a-test-password")

    def make_run(self):
        server = Server(
            ["make", "-s", "run"], self.env, log_path=os.path.join(self.var, "run.log")
        ).start()
        self.addCleanup(server.stop)
        server.wait_until_serving(self.site)
        return server

    def test_second_run_keeps_the_edits_made_through_the_web(self):
        server = self.make_run()
        status, _, body = http(self.site)
        self.assertEqual(status, 200)
        self.assertIn("<title>Ville de Péruwelz", body)
        self.assertTrue(os.path.exists(os.path.join(self.var, "filestorage", "Data.fs")))

        status, _, body = http(
            self.site,
            method="POST",
            auth=self.auth,
            data={"@type": "Document", "id": "conseil", "title": "Conseil communal"},
        )
        self.assertEqual(status, 201, body)
        status, _, body = http(
            f"{self.site}/conseil/@workflow/publish", method="POST", auth=self.auth, data={}
        )
        self.assertEqual(status, 200, body)
        server.stop()

        server = self.make_run()
        self.assertIn("site 'Plone' found", server.log_tail())
        status, _, body = http(f"{self.site}/conseil")
        self.assertEqual(status, 200)
        self.assertIn("Conseil communal", body)
        # the admin password comes from ADMIN_PASSWORD, not from a default
        status, _, _ = http(f"{self.site}/@@overview-controlpanel", auth=("admin", "admin"))
        self.assertNotEqual(status, 200)

    def test_port_in_use_creates_nothing(self):
        with socket.socket() as busy:
            busy.bind(("127.0.0.1", self.port))
            busy.listen()
            result = subprocess.run(
                ["make", "-s", "run"], cwd=ROOT, env=self.env,
                capture_output=True, text=True, timeout=120,
            )
        self.assertNotEqual(result.returncode, 0)
        self.assertIn(f"port {self.port} on 127.0.0.1 is already in use", result.stderr)
        self.assertFalse(os.path.exists(os.path.join(self.var, "filestorage")))

    def test_unknown_profile_creates_nothing(self):
        self.env["PROFILE"] = "atlantis"
        result = subprocess.run(
            ["make", "-s", "run"], cwd=ROOT, env=self.env,
            capture_output=True, text=True, timeout=120,
        )
        self.assertNotEqual(result.returncode, 0)
        self.assertIn("unknown municipality profile 'atlantis'", result.stderr)
        self.assertEqual(os.listdir(self.var), [])
