"""The optional ODWB push, against a loopback fake of Opendatasoft's
real-time push API: off by default, queued on commit, retried after a
failure, records replaced by uid and deleted when no longer public."""

from datetime import datetime
from datetime import timedelta
from http.server import BaseHTTPRequestHandler
from http.server import ThreadingHTTPServer
from plone import api
from ville.policy.dates import localize
from ville.policy.opendata import push
from ville.policy.testing import VILLE_TREE_FUNCTIONAL_TESTING
from ville.policy.tests.base import as_manager

import json
import os
import shutil
import tempfile
import threading
import time
import transaction
import unittest
import urllib.parse


class FakePortal:
    """A loopback HTTP server answering 503 to the first ``failures``
    requests, then 200; it keeps (path, query, body) of each request."""

    def __init__(self, failures=1):
        self.received = []
        self.failures = failures
        self.refusal = 503
        portal = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                length = int(self.headers.get("Content-Length") or 0)
                body = json.loads(self.rfile.read(length))
                url = urllib.parse.urlsplit(self.path)
                status = portal.refusal if portal.failures > 0 else 200
                portal.failures -= 1
                portal.received.append(
                    (status, url.path, urllib.parse.parse_qs(url.query), body))
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.end_headers()
                self.wfile.write(b'{"status": "OK"}')

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = (f"http://127.0.0.1:{self.server.server_address[1]}"
                    "/api/push/1.0/agenda-commune/realtime/data/")
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def accepted(self, count, timeout=10):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            done = [r for r in self.received if r[0] == 200]
            if len(done) >= count:
                return done
            time.sleep(0.05)
        raise AssertionError(f"not pushed in {timeout} s: {self.received}")

    def close(self):
        self.server.shutdown()
        self.server.server_close()


class TestPush(unittest.TestCase):
    layer = VILLE_TREE_FUNCTIONAL_TESTING

    def setUp(self):
        self.portal = self.layer["portal"]
        as_manager(self.portal)
        self.var = tempfile.mkdtemp()
        self.addCleanup(shutil.rmtree, self.var)
        saved = {k: os.environ.get(k) for k in ("ODWB_PUSH_URL", "ODWB_PUSH_KEY",
                                                 "VAR_DIR")}
        self.addCleanup(self.restore, saved)
        os.environ["VAR_DIR"] = self.var
        os.environ.pop("ODWB_PUSH_URL", None)
        os.environ.pop("ODWB_PUSH_KEY", None)
        delay, push.FIRST_DELAY = push.FIRST_DELAY, 0.2
        self.addCleanup(setattr, push, "FIRST_DELAY", delay)

    @staticmethod
    def restore(saved):
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value

    def event(self, title):
        start = localize(datetime.now().replace(microsecond=0) + timedelta(days=3))
        event = api.content.create(container=self.portal, type="Event", title=title,
                                   start=start, end=start + timedelta(hours=2),
                                   location="Grand-Place")
        api.content.transition(obj=event, transition="publish")
        transaction.commit()
        return event

    def test_off_by_default(self):
        self.event("Concert sans portail")
        self.assertFalse(push.queue_dir().exists())

    def test_queued_retried_replaced_and_deleted(self):
        fake = FakePortal(failures=1)
        self.addCleanup(fake.close)
        os.environ.update(ODWB_PUSH_URL=fake.url, ODWB_PUSH_KEY="cle-secrete")
        event = self.event("Brocante")
        _, path, query, body = fake.accepted(1)[0]
        self.assertEqual(fake.received[0][0], 503, "the first try failed")
        self.assertEqual(path, "/api/push/1.0/agenda-commune/realtime/data/")
        self.assertEqual(query, {"pushkey": ["cle-secrete"]})
        record, = body
        self.assertEqual((record["uid"], record["title"], record["location"],
                          record["municipality"]),
                         (event.UID(), "Brocante", "Grand-Place", "Commune de Test"))
        self.assertEqual(record["start"], event.start.isoformat())

        api.content.transition(obj=event, transition="retract")
        transaction.commit()
        _, path, _, body = fake.accepted(2)[1]
        self.assertEqual(path, "/api/push/1.0/agenda-commune/realtime/data/delete/")
        self.assertEqual(body, [{"uid": event.UID()}])
        self.assertEqual(list(push.queue_dir().glob("*.json")), [])

    def test_a_private_event_is_never_pushed(self):
        fake = FakePortal(failures=0)
        self.addCleanup(fake.close)
        os.environ.update(ODWB_PUSH_URL=fake.url, ODWB_PUSH_KEY="cle-secrete")
        api.content.create(container=self.portal, type="Event", title="Réunion interne")
        transaction.commit()
        self.event("Fête publique")
        fake.accepted(1)
        time.sleep(0.5)
        self.assertEqual(len(fake.received), 1, "nothing sent for the private one")
        self.assertNotIn("Réunion interne",
                         json.dumps(fake.received, ensure_ascii=False))

    def test_a_refused_batch_is_kept_aside_and_the_queue_goes_on(self):
        fake = FakePortal(failures=0)
        self.addCleanup(fake.close)
        os.environ.update(ODWB_PUSH_URL=fake.url, ODWB_PUSH_KEY="cle-secrete")
        folder = push.queue_dir()
        folder.mkdir(parents=True)
        (folder / "1.000000-old-push.json").write_text("[]", encoding="utf-8")
        fake.failures = 1
        fake.refusal = 400
        self.event("Marché")
        done = fake.accepted(1)
        self.assertEqual(done[0][3][0]["title"], "Marché")
        self.assertEqual([p.name for p in (folder / "rejected").iterdir()],
                         ["1.000000-old-push.json"])
