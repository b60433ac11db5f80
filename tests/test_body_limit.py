"""The size of what the server reads is bounded (issue 10, finding 6),
against the real server started by `make run`: a 200 MB body, generated on
the fly, is refused early with 413 and a French message, and the memory of
the instance stays flat. The configuration `make run` writes carries the
limit, Zope's dos_protection and the trusted proxies; the abuse limits count
the client address a trusted proxy forwards."""

from pathlib import Path
from tests.servers import free_port
from tests.servers import http
from tests.servers import Server
from ville.eguichet.municipality import max_body_size

import os
import select
import shutil
import socket
import tempfile
import time
import unittest


MB = 1024 * 1024
BIG = 200 * MB


def children(pid):
    try:
        text = Path(f"/proc/{pid}/task/{pid}/children").read_text()
    except OSError:
        return []
    return [int(p) for p in text.split()]


def rss(pid) -> int:
    """Resident memory of the process, in bytes."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) * 1024
    raise AssertionError(f"no VmRSS for {pid}")


def send_big_body(port, path, *, chunked, accept="text/html", size=BIG):
    """POST ``size`` bytes made on the fly (nothing on disk); stop sending as
    soon as the server answers. Return (status, headers, body, bytes sent)."""
    sock = socket.create_connection(("127.0.0.1", port), timeout=60)
    framing = ("Transfer-Encoding: chunked" if chunked else f"Content-Length: {size}")
    sock.sendall(
        (f"POST {path} HTTP/1.1\r\nHost: localhost:{port}\r\n"
         f"Content-Type: application/json\r\nAccept: {accept}\r\n"
         f"Accept-Language: fr-BE,fr;q=0.9\r\n{framing}\r\n\r\n").encode()
    )
    block = b"A" * (64 * 1024)
    sent = 0
    answer = b""
    try:
        while sent < size:
            readable, _, _ = select.select([sock], [], [], 0)
            if readable:
                break
            data = (b"%x\r\n" % len(block) + block + b"\r\n") if chunked else block
            sock.sendall(data)
            sent += len(block)
        if chunked and sent >= size:
            sock.sendall(b"0\r\n\r\n")
    except (BrokenPipeError, ConnectionResetError):
        pass
    try:
        while True:
            data = sock.recv(65536)
            if not data:
                break
            answer += data
            if b"\r\n\r\n" in answer:
                head, _, body = answer.partition(b"\r\n\r\n")
                length = [int(line.split(b":")[1]) for line in head.split(b"\r\n")
                          if line.lower().startswith(b"content-length:")]
                if length and len(body) >= length[0]:
                    break
    except (ConnectionResetError, socket.timeout):
        pass
    finally:
        sock.close()
    head, _, body = answer.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split()[1]) if lines and lines[0] else 0
    headers = dict(line.split(": ", 1) for line in lines[1:] if ": " in line)
    return status, headers, body.decode("utf-8", "replace"), sent


class MakeRunLayer:
    """`make run`, started once for the tests below (a zope.testrunner layer)."""

    __name__ = "MakeRunLayer"
    __bases__ = ()

    environment = {}

    @classmethod
    def setUp(cls):
        cls.var = tempfile.mkdtemp(prefix="ville-body-")
        cls.port = free_port()
        env = dict(os.environ, VAR_DIR=cls.var, PORT=str(cls.port),
                   ADMIN_USER="admin", ADMIN_PASSWORD="a-test-password",
                   PROFILE="peruwelz", SITE_ID="Plone")
        env.pop("EGUICHET_RATE_LIMITS", None)
        env.update(cls.environment)
        cls.server = Server(["make", "-s", "run"], env,
                            log_path=os.path.join(cls.var, "run.log")).start()
        cls.site = f"http://localhost:{cls.port}/Plone"
        try:
            cls.server.wait_until_serving(cls.site)
        except BaseException:
            cls.tearDown()
            raise
        cls.pid = cls.server_pid()

    @classmethod
    def server_pid(cls):
        """The runwsgi process (make's child, or make itself after exec)."""
        pending = [cls.server.process.pid]
        while pending:
            pid = pending.pop()
            try:
                cmdline = Path(f"/proc/{pid}/cmdline").read_bytes()
            except OSError:
                continue
            if b"runwsgi" in cmdline:
                return pid
            pending.extend(children(pid))
        raise AssertionError("runwsgi process not found")

    @classmethod
    def tearDown(cls):
        cls.server.stop()
        shutil.rmtree(cls.var, ignore_errors=True)


class TestBodyLimit(unittest.TestCase):
    level = 2  # starts the real server: about half a minute
    layer = MakeRunLayer

    def setUp(self):
        for name in ("var", "port", "site", "pid"):
            setattr(self, name, getattr(self.layer, name))

    def test_configuration_follows_the_profile(self):
        etc = Path(self.var) / "instance" / "etc"
        ini = (etc / "zope.ini").read_text()
        conf = (etc / "zope.conf").read_text()
        limit = max_body_size({"max_file_size_mb": 10, "max_files": 5})
        self.assertIn(f"max_request_body_size = {limit}\n", ini)
        self.assertIn("paste.server_runner = ville_site.server:serve", ini)
        self.assertIn(f"form-disk-limit {limit}", conf)
        self.assertIn("trusted-proxy 127.0.0.1", conf)
        # the limit: 5 files of 10 MB in base64, and 1 MiB for the rest
        self.assertEqual(limit, 50 * MB * 4 // 3 + MB)

    def assert_flat(self, before, what):
        time.sleep(0.5)
        grown = rss(self.pid) - before
        self.assertLess(grown, 40 * MB, f"{what}: the instance grew by {grown // MB} MB")

    def test_declared_large_body_is_refused_at_once_in_french(self):
        before = rss(self.pid)
        status, headers, body, sent = send_big_body(
            self.port, "/Plone/e-guichet/composition-de-menage/@eguichet-submit",
            chunked=False)
        self.assertEqual(status, 413, body)
        self.assertIn("Envoi trop volumineux", body)
        self.assertIn("68 Mo", body)
        self.assertIn("text/html", headers.get("Content-Type", ""))
        # Refused on the headers: far less than the body was sent.
        self.assertLess(sent, 100 * MB)
        self.assert_flat(before, "Content-Length: 200 MB")

    def test_chunked_large_body_is_counted_and_refused(self):
        before = rss(self.pid)
        status, headers, body, sent = send_big_body(
            self.port, "/Plone/e-guichet/composition-de-menage/@eguichet-submit",
            chunked=True, accept="application/json")
        self.assertEqual(status, 413, body)
        self.assertIn("application/json", headers.get("Content-Type", ""))
        self.assertIn("RequestEntityTooLarge", body)
        self.assertIn("dépasse la taille maximale", body)
        self.assertLess(sent, BIG)
        self.assert_flat(before, "chunked 200 MB")

    def test_the_site_still_serves(self):
        send_big_body(self.port, "/Plone/@login", chunked=False)
        status, _, _ = http(self.site)
        self.assertEqual(status, 200)
        # A body within the limit reaches Zope (here: wrong credentials).
        status, _, body = http(f"{self.site}/@login", method="POST",
                               data={"login": "x", "password": "y" * (2 * MB)})
        self.assertEqual(status, 401, body[:300])



class MakeRunLimitsOffLayer:
    """`make run EGUICHET_RATE_LIMITS=off`, as a load test starts it (a layer
    of its own, not on top of the other server)."""

    __name__ = "MakeRunLimitsOffLayer"
    __bases__ = ()
    environment = {"EGUICHET_RATE_LIMITS": "off"}
    setUp = classmethod(MakeRunLayer.setUp.__func__)
    tearDown = classmethod(MakeRunLayer.tearDown.__func__)
    server_pid = classmethod(MakeRunLayer.server_pid.__func__)


class TestLimitsOnMakeRun(unittest.TestCase):
    level = 2
    layer = MakeRunLayer

    def basic(self, password, address):
        from base64 import b64encode
        import urllib.error
        import urllib.request

        token = b64encode(f"admin:{password}".encode()).decode()
        request = urllib.request.Request(
            f"{self.layer.site}/@users", headers={
                "Authorization": f"Basic {token}", "Accept": "application/json",
                "X-Forwarded-For": address})
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                return response.status, response.headers
        except urllib.error.HTTPError as error:
            return error.code, error.headers

    def test_failed_logins_per_forwarded_address(self):
        # The default of eguichet.yaml: 10 failed logins in 15 minutes.
        for _ in range(10):
            self.assertEqual(self.basic("wrong", "203.0.113.77")[0], 401)
        status, headers = self.basic("a-test-password", "203.0.113.77")
        self.assertEqual(status, 429)
        self.assertGreater(int(headers["Retry-After"]), 0)
        # Loopback is a trusted proxy: another forwarded client is another
        # address, and the Zope root's admin logs in.
        self.assertEqual(self.basic("a-test-password", "203.0.113.78")[0], 200)
        log = (Path(self.layer.var) / "log" / "event.log").read_text()
        self.assertIn("login_failures_per_address", log)
        self.assertNotIn("203.0.113.77", log)


class TestLimitsOffOnMakeRun(unittest.TestCase):
    level = 2
    layer = MakeRunLimitsOffLayer

    def test_the_switch_is_read_at_start(self):
        for _ in range(12):
            self.assertEqual(TestLimitsOnMakeRun.basic(self, "wrong", "203.0.113.90")[0], 401)
        self.assertEqual(
            TestLimitsOnMakeRun.basic(self, "a-test-password", "203.0.113.90")[0], 200)
        log = (Path(self.layer.var) / "log" / "event.log").read_text()
        self.assertIn("EGUICHET_RATE_LIMITS=off", log)


if __name__ == "__main__":
    unittest.main()
