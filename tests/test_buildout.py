"""The IMIO-style deployment: buildout, from a virtualenv holding only
zc.buildout, with the versions of the same lock, gives a bin/instance that
serves the same site."""

from pathlib import Path
from tests.servers import free_port
from tests.servers import http
from tests.servers import ROOT

import os
import shutil
import subprocess
import sys
import tempfile
import time
import unittest


CONFIG = """\
[buildout]
extends = {root}/buildout.cfg
directory = {directory}
develop =
    {root}
    {root}/src/ville.core
    {root}/src/ville.policy
    {root}/src/ville.theme
    {root}/src/ville.eguichet
eggs-directory = {root}/eggs
project-root = {root}
http-address = 127.0.0.1:{port}
"""


class TestVersionsFile(unittest.TestCase):
    def test_versions_cfg_is_generated_from_the_lock(self):
        generated = subprocess.run(
            [sys.executable, "buildout/make_versions.py", "requirements.lock"],
            cwd=ROOT, capture_output=True, text=True, check=True,
        ).stdout
        committed = (ROOT / "buildout" / "versions.cfg").read_text(encoding="utf-8")
        self.assertEqual(
            committed.strip(), generated.strip(),
            "buildout/versions.cfg is stale: run `make buildout/versions.cfg`",
        )
        self.assertIn("\nProducts.CMFPlone = 6.2.2\n", committed)
        self.assertIn("\nplone.app.layout = ", committed)


class TestBuildout(unittest.TestCase):
    level = 2  # a cold buildout downloads ~270 distributions: minutes

    def setUp(self):
        self.directory = Path(tempfile.mkdtemp(prefix="ville-buildout-"))
        self.addCleanup(shutil.rmtree, self.directory, ignore_errors=True)
        self.port = free_port()
        (self.directory / "test.cfg").write_text(
            CONFIG.format(root=ROOT, directory=self.directory, port=self.port),
            encoding="utf-8",
        )
        self.env = dict(os.environ, ADMIN_USER="admin", ADMIN_PASSWORD="bo-secret")

    def run_command(self, *command, timeout=1800):
        result = subprocess.run(
            command, cwd=self.directory, env=self.env,
            capture_output=True, text=True, timeout=timeout,
        )
        self.assertEqual(
            result.returncode, 0,
            f"{' '.join(command)} failed:\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}",
        )
        return result

    def backups_in_the_same_folders(self):
        """bin/backup (collective.recipe.backup) while the instance runs
        writes where `make backup` does: `make backup-verify` reads it."""
        result = self.run_command(str(self.directory / "bin" / "backup"), timeout=300)
        var = self.directory / "var"
        # the recipe gzips its full backups (.fsz), which repozo restores
        fulls = list((var / "backups" / "filestorage").glob("*.fs*"))
        self.assertTrue(fulls, result.stderr)
        [snapshot] = (var / "backups" / "blobstorage").glob("blobstorage.*")
        self.assertTrue((snapshot / "blobstorage").is_dir())
        verified = subprocess.run(
            ["make", "-s", "backup-verify", f"VAR_DIR={var}"], cwd=ROOT, env=self.env,
            capture_output=True, text=True, timeout=600)
        self.assertEqual(verified.returncode, 0, verified.stdout + verified.stderr)
        self.assertIn("all readable", verified.stdout)
        self.assertTrue((self.directory / "bin" / "restore").exists())
        self.assertTrue((self.directory / "bin" / "snapshotbackup").exists())
        self.assertTrue((self.directory / "bin" / "retention").exists())

    def test_bin_instance_serves_the_municipality_site(self):
        subprocess.run(
            ["make", "-s", ".venv-buildout/bin/buildout"], cwd=ROOT, check=True, timeout=600
        )
        self.run_command(str(ROOT / ".venv-buildout/bin/buildout"), "-c", "test.cfg")
        instance = self.directory / "bin" / "instance"
        self.assertTrue(instance.exists())

        result = self.run_command(str(self.directory / "bin" / "ville-site-setup"))
        self.assertIn("site 'Plone' created", result.stdout)
        self.assertTrue((self.directory / "var" / "filestorage" / "Data.fs").exists())

        self.run_command(str(instance), "start", timeout=120)
        self.addCleanup(
            subprocess.run, [str(instance), "stop"], cwd=self.directory,
            capture_output=True, timeout=120,
        )
        url = f"http://localhost:{self.port}/Plone"
        deadline = time.monotonic() + 180
        status = None
        while time.monotonic() < deadline:
            try:
                status, _, body = http(url, timeout=5)
                if status == 200:
                    break
            except OSError:
                pass
            time.sleep(1)
        self.assertEqual(status, 200, f"bin/instance did not serve {url}")
        self.assertIn("<title>Ville de Péruwelz", body)
        status, _, _ = http(f"{url}/@@overview-controlpanel", auth=("admin", "bo-secret"))
        self.assertEqual(status, 200)
        status, _, _ = http(f"{url}/@@overview-controlpanel", auth=("admin", "admin"))
        self.assertNotEqual(status, 200)
        self.backups_in_the_same_folders()

        # Off loopback, bin/instance refuses the default password: one line,
        # nothing started.
        subprocess.run(
            [str(instance), "stop"], cwd=self.directory, capture_output=True, timeout=120
        )
        (self.directory / "test.cfg").write_text(
            CONFIG.format(root=ROOT, directory=self.directory, port=self.port).replace(
                "http-address = 127.0.0.1:", "http-address = 0.0.0.0:"
            ),
            encoding="utf-8",
        )
        self.run_command(str(ROOT / ".venv-buildout/bin/buildout"), "-c", "test.cfg")
        result = subprocess.run(
            [str(instance), "fg"], cwd=self.directory,
            env=dict(self.env, ADMIN_PASSWORD="admin"),
            capture_output=True, text=True, timeout=120,
        )
        self.assertEqual(result.returncode, 1, result.stdout + result.stderr)
        self.assertIn("HOST=0.0.0.0 is reachable from the network", result.stderr)
        with self.assertRaises(OSError):
            http(url, timeout=5)
