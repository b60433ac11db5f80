"""The scale-out deployment, for real: ZEO, two Zope instances, HAProxy and
Varnish started by deploy/cluster.py on free ports in a temporary folder.

E-guichet submissions during an instance stop are made through plone.restapi
content creation until the e-guichet's ``@eguichet-submit`` endpoint exists
(same path through the balancer: POST, pass in Varnish, one ZODB commit).
"""

from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from tests.clusterlib import free_ports
from tests.clusterlib import http
from tests.clusterlib import load_cluster_module
from tests.clusterlib import missing_binaries
from tests.clusterlib import require_tools

import json
import os
import subprocess
import tempfile
import threading
import time
import unittest
import uuid


ADMIN = ("admin", "cluster-secret")


class ClusterLayer:
    """The cluster, started once for the tests below (a zope.testrunner layer)."""

    __name__ = "ClusterLayer"
    __bases__ = ()
    missing = None

    @classmethod
    def setUp(cls):
        cls.missing = missing_binaries("varnishd", "haproxy")
        if cls.missing:
            return
        cls.cluster = load_cluster_module()
        cls.tmp = tempfile.TemporaryDirectory(prefix="ville-cluster-")
        zeo, one, two, lb, varnish = free_ports(5)
        cls.env = {
            "CLUSTER_DIR": cls.tmp.name, "ZEO_PORT": str(zeo),
            "INSTANCE_PORTS": f"{one},{two}", "LB_PORT": str(lb),
            "VARNISH_PORT": str(varnish), "SITE_ID": "Plone",
            "ADMIN_USER": ADMIN[0], "ADMIN_PASSWORD": ADMIN[1],
            # concurrent load: the abuse limits (and HAProxy's) off
            "EGUICHET_RATE_LIMITS": "off",
        }
        saved = {k: os.environ.get(k) for k in cls.env}
        os.environ.update(cls.env)
        try:
            cls.settings = cls.cluster.ClusterSettings.from_environ()
            cls.cluster.start(cls.settings, cls.env)
        except BaseException:
            cls.tmp.cleanup()
            raise
        finally:
            for key, value in saved.items():
                if value is None:
                    os.environ.pop(key, None)
                else:
                    os.environ[key] = value
        cls.instance = [f"http://127.0.0.1:{p}/Plone" for p in (one, two)]
        cls.balancer = f"http://127.0.0.1:{lb}/Plone"
        cls.varnish = f"http://127.0.0.1:{varnish}/Plone"

    @classmethod
    def tearDown(cls):
        if cls.missing:
            return
        stopped = cls.cluster.stop(cls.settings)
        cls.tmp.cleanup()
        assert "zeo" in stopped, stopped


class TestCluster(unittest.TestCase):
    layer = ClusterLayer
    level = 2  # starts five servers and creates a site: about a minute

    def setUp(self):
        layer = self.layer
        require_tools(self, layer.missing and (
            f"{', '.join(layer.missing)} not installed (Debian packages varnish, "
            "haproxy: .ci/apt.d/perf.txt)"))
        self.cluster, self.settings = layer.cluster, layer.settings
        self.instance, self.balancer, self.varnish = (
            layer.instance, layer.balancer, layer.varnish)

    def create(self, base, title, container="", type_="Document", publish=True):
        status, _, body = http(f"{base}{container}", "POST",
                               {"@type": type_, "title": title}, auth=ADMIN)
        self.assertEqual(status, 201, body[:300])
        url = json.loads(body)["@id"]
        path = url.split("/Plone", 1)[1]
        if publish:
            status, _, body = http(f"{base}{path}/@workflow/publish", "POST", {}, auth=ADMIN)
            self.assertEqual(status, 200, body[:300])
        return path

    def test_published_through_one_instance_is_seen_through_the_other(self):
        title = f"Travaux rue {uuid.uuid4().hex[:8]}"
        path = self.create(self.instance[0], title)
        status, _, body = http(f"{self.instance[1]}{path}")
        self.assertEqual(status, 200)
        self.assertIn(title, body)

    def test_varnish_serves_the_change_within_a_second(self):
        path = self.create(self.balancer, "Fermeture du parc")
        url = f"{self.varnish}{path}"
        http(url)
        status, headers, body = http(url)
        self.assertEqual((status, headers["X-Cache"]), (200, "HIT"))
        self.assertIn("Fermeture du parc", body)
        http(self.varnish)
        self.assertEqual(http(self.varnish)[1]["X-Cache"], "HIT")

        status, _, _ = http(f"{self.balancer}{path}", "PATCH",
                            {"title": "Réouverture du parc"}, auth=ADMIN)
        self.assertEqual(status, 204)
        changed = time.monotonic()
        while "Réouverture du parc" not in http(url)[2]:
            self.assertLess(time.monotonic() - changed, 1.0, "stale page after 1 s")
            time.sleep(0.05)
        # The home page (which lists the site's content) was purged too.
        self.assertEqual(http(self.varnish)[1]["X-Cache"], "MISS")

    def test_logged_in_pages_never_come_from_the_cache(self):
        path = self.create(self.balancer, "Conseil communal")
        url = f"{self.varnish}{path}"
        for _ in range(2):
            http(url)  # anonymous copy in the cache
        for headers, auth in (({}, ADMIN), ({"Cookie": "__ac=something"}, None)):
            for _ in range(2):
                status, response, body = http(url, headers=headers, auth=auth)
                self.assertEqual(response["X-Cache"], "MISS", headers)
            self.assertIn("private", response["Cache-Control"])
        status, response, body = http(url, auth=ADMIN)
        self.assertIn("plone-contentmenu", body)  # the editor's page, not the cached one

    def test_purge_is_refused_from_elsewhere_and_allowed_from_the_backends(self):
        # Only the ACL's addresses may purge; 127.0.0.1 is in it, as the
        # backends are. Another loopback address stands in for "elsewhere".
        port = self.settings.varnish_port
        status, _, _ = http(f"http://127.0.0.1:{port}/Plone", "PURGE")
        self.assertEqual(status, 200)
        import socket

        with socket.create_connection(("127.0.0.1", port), source_address=("127.0.0.2", 0)) as sock:
            sock.sendall(b"PURGE /Plone HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
            answer = sock.recv(200).decode()
        self.assertIn(" 403 ", answer.splitlines()[0])

    def test_stopping_one_instance_keeps_the_site_serving_and_loses_nothing(self):
        folder = self.create(self.balancer, f"Demandes {uuid.uuid4().hex[:6]}", type_="Folder")
        titles = [f"Demande {n:03d}" for n in range(40)]
        results = {}
        reads = []
        failed_reads = []  # (url, status, body) of a read that was not a 200
        done = threading.Event()

        def submit(title):
            # Stock content creation conflicts on CMFUid's single counter
            # (a 500 after Zope's own retries, nothing stored): the client
            # sends such a request again. Any other error fails the test.
            for _ in range(5):
                status, _, body = http(f"{self.balancer}{folder}", "POST",
                                       {"@type": "Document", "title": title}, auth=ADMIN)
                if not (status == 500 and "ConflictError" in body):
                    break
            results[title] = status

        def read():
            while not done.is_set():
                for url in (self.varnish, f"{self.balancer}{folder}"):
                    status, _, body = http(url)
                    reads.append(status)
                    if status != 200:
                        failed_reads.append((url, status, body[:300]))

        reader = threading.Thread(target=read)
        reader.start()
        try:
            with ThreadPoolExecutor(4) as pool:
                futures = [pool.submit(submit, t) for t in titles[:20]]
                self.cluster.stop_instance(self.settings, 1)
                futures += [pool.submit(submit, t) for t in titles[20:]]
                for future in futures:
                    future.result()
            self.assertEqual(self.cluster.read_pid(self.settings, "instance1"), None)
        finally:
            done.set()
            reader.join()
            self.cluster.start_instance(self.settings, 1)
        self.assertEqual(sorted(results.values()), [201] * len(titles), results)
        self.assertTrue(reads)
        self.assertEqual(set(reads), {200}, failed_reads[:3])
        # Every request is there, seen from either instance.
        for base in self.instance:
            status, _, body = http(f"{base}{folder}/@search?portal_type=Document&b_size=100"
                                   f"&path.depth=1", auth=ADMIN,
                                   headers={"Accept": "application/json"})
            self.assertEqual(status, 200)
            found = {item["title"] for item in json.loads(body)["items"]}
            self.assertEqual(found, set(titles))



class TestAbuseLimitsInHAProxy(unittest.TestCase):
    """HAProxy's stick tables (generated by deploy/cluster.py) limit the
    POSTs of one client address across instances: here in front of a plain
    HTTP backend standing for the instances, no Zope needed."""

    level = 2

    def setUp(self):
        missing = missing_binaries("haproxy")
        require_tools(self, missing and
                      f"{', '.join(missing)} not installed (Debian package haproxy)")
        from http.server import BaseHTTPRequestHandler
        from http.server import ThreadingHTTPServer

        class Backend(BaseHTTPRequestHandler):
            def answer(self):
                length = int(self.headers.get("Content-Length") or 0)
                self.rfile.read(length)
                self.send_response(200)
                self.send_header("Content-Length", "2")
                self.end_headers()
                self.wfile.write(b"ok")

            do_GET = do_POST = answer

            def log_message(self, *args):
                pass

        backend_port, lb_port = free_ports(2)
        self.backend = ThreadingHTTPServer(("127.0.0.1", backend_port), Backend)
        threading.Thread(target=self.backend.serve_forever, daemon=True).start()
        self.addCleanup(self.backend.server_close)
        self.addCleanup(self.backend.shutdown)
        cluster = load_cluster_module()
        folder = tempfile.TemporaryDirectory(prefix="ville-haproxy-")
        self.addCleanup(folder.cleanup)
        settings = cluster.ClusterSettings(
            directory=Path(folder.name), instance_ports=[backend_port], lb_port=lb_port)
        saved = os.environ.pop("EGUICHET_RATE_LIMITS", None)
        try:
            cluster.generate(settings)
        finally:
            if saved is not None:
                os.environ["EGUICHET_RATE_LIMITS"] = saved
        process = subprocess.Popen(
            ["haproxy", "-db", "-f", str(settings.directory / "etc/haproxy.cfg")],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        self.addCleanup(process.wait)
        self.addCleanup(process.terminate)
        self.url = f"http://127.0.0.1:{lb_port}/Plone"
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            status, _, _ = http(f"{self.url}/@@ok")
            if status == 200:
                break
            time.sleep(0.3)
        self.assertEqual(status, 200, "HAProxy does not serve the backend")

    def login(self, address, accept="text/html"):
        return http(f"{self.url}/@login", method="POST", data={"login": "x"},
                    headers={"X-Forwarded-For": address, "Accept": accept})

    def test_login_posts_per_address(self):
        # eguichet.yaml's default: 10 failed logins per 15 minutes; HAProxy
        # counts every login POST and allows twice that.
        for _ in range(20):
            self.assertEqual(self.login("198.51.100.1")[0], 200)
        status, headers, body = self.login("198.51.100.1")
        self.assertEqual(status, 429)
        self.assertEqual(headers["Retry-After"], "900")
        self.assertIn("patientez", body)
        status, headers, body = self.login("198.51.100.1", accept="application/json")
        self.assertEqual(status, 429)
        self.assertEqual(json.loads(body)["error"]["type"], "TooManyRequests")
        # Another client, and pages that are not limited, go through.
        self.assertEqual(self.login("198.51.100.2")[0], 200)
        self.assertEqual(http(f"{self.url}/@@ok", headers={
            "X-Forwarded-For": "198.51.100.1"})[0], 200)
