"""Against a real WSGI server with 8 threads: concurrent submissions, and a
mail server that is down (a real SMTP conversation on loopback)."""

from plone import api
from ville.eguichet import api as eguichet
from ville.eguichet.testing import VILLE_EGUICHET_CONCURRENT_TESTING
from ville.eguichet.tests import base
from ville.eguichet.tests.smtpsink import free_port
from ville.eguichet.tests.smtpsink import SMTPSink

import email
import os
import requests
import shutil
import tempfile
import threading
import time
import transaction
import unittest


class Base(unittest.TestCase):
    layer = VILLE_EGUICHET_CONCURRENT_TESTING

    def setUp(self):
        self.portal = self.layer["portal"]
        base.make_users(self.portal)
        self.form = base.make_form(self.portal)
        self.form_url = (
            f"http://localhost:{self.layer['port']}/plone/{self.form.getId()}"
        )
        # The real MailHost with its maildir queue, as installed (the test
        # layer's MockMailHost keeps one list that every request writes).
        self.queue = tempfile.mkdtemp(prefix="eguichet-mailqueue-")
        self.smtp_port = free_port()
        self.real = self.portal._original_MailHost
        self.mock = self.portal.MailHost
        # Plone's SMTPMailer reads the host and port from the registry.
        api.portal.set_registry_record("plone.smtp_host", "localhost")
        api.portal.set_registry_record("plone.smtp_port", self.smtp_port)
        self.real.smtp_queue = True
        self.real.smtp_queue_directory = self.queue
        self.portal.MailHost = self.real
        transaction.commit()
        self.sink = None

    def tearDown(self):
        self.real._stopQueueProcessorThread()
        if self.sink is not None:
            self.sink.stop()
        self.portal.MailHost = self.mock
        transaction.commit()
        shutil.rmtree(self.queue, ignore_errors=True)

    def wait_for_mails(self, count, seconds=30):
        deadline = time.monotonic() + seconds
        while len(self.sink.messages) < count and time.monotonic() < deadline:
            time.sleep(0.5)
        return self.sink.messages

    def post(self, data, user=base.CITIZEN, timeout=60):
        return requests.post(
            f"{self.form_url}/@eguichet-submit",
            json=data,
            auth=(user, base.PASSWORD),
            headers={"Accept": "application/json"},
            timeout=timeout,
        )

    def store_items(self):
        store = eguichet.get_store(self.portal)
        store._p_jar.sync()
        return {key: store[key] for key in store.objectIds()}


class TestConcurrentSubmissions(Base):
    # EGUICHET_CLIENTS / EGUICHET_PER_CLIENT scale it up for a measurement.
    clients = int(os.environ.get("EGUICHET_CLIENTS", 8))
    per_client = int(os.environ.get("EGUICHET_PER_CLIENT", 6))

    def test_no_lost_request_no_shared_reference(self):
        from ZPublisher.HTTPRequest import HTTPRequest

        # The server retries conflicts as the site's zope.conf says.
        self.assertEqual(HTTPRequest.retry_max_count, 10)
        self.sink = SMTPSink(self.smtp_port).start()
        barrier = threading.Barrier(self.clients)
        results, failures = [], []

        def client(index):
            barrier.wait(timeout=30)
            for n in range(self.per_client):
                try:
                    response = self.post(base.valid_data(last_name=f"C{index}-{n}"))
                except Exception as error:  # pragma: no cover - reported below
                    failures.append(repr(error))
                    continue
                if response.status_code == 201:
                    results.append((response.json()["reference"], f"C{index}-{n}"))
                else:
                    failures.append((response.status_code, response.text[:300]))

        threads = [threading.Thread(target=client, args=(i,)) for i in range(self.clients)]
        started = time.monotonic()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=240 + self.clients * self.per_client)
        elapsed = time.monotonic() - started
        self.assertFalse(any(t.is_alive() for t in threads), "clients still running")
        total = self.clients * self.per_client
        self.assertEqual(failures, [])
        self.assertEqual(len(results), total)
        references = [ref for ref, _name in results]
        self.assertEqual(len(set(references)), total)
        stored = self.store_items()
        self.assertEqual(set(stored), set(references))
        for reference, name in results:
            self.assertEqual(stored[reference].values["last_name"], name)
        catalog = api.portal.get_tool("portal_catalog")
        brains = catalog.unrestrictedSearchResults(portal_type="EGuichetRequest")
        self.assertEqual({b.getId for b in brains}, set(references))
        # Every request got its receipt and its agent notice.
        self.wait_for_mails(2 * total, 60)
        self.assertEqual(len(self.sink.messages), 2 * total)
        print(f"\n  {total} concurrent submissions in {elapsed:.1f}s "
              f"({total / elapsed:.1f}/s), 0 lost")


class TestMailServerDown(Base):
    def setUp(self):
        super().setUp()
        import zope.sendmail.queue

        self.max_send_time = zope.sendmail.queue.MAX_SEND_TIME
        zope.sendmail.queue.MAX_SEND_TIME = 2  # retry quickly in this test

    def tearDown(self):
        import zope.sendmail.queue

        zope.sendmail.queue.MAX_SEND_TIME = self.max_send_time
        super().tearDown()

    def queued(self):
        new = os.path.join(self.queue, "new")
        names = os.listdir(new) if os.path.isdir(new) else []
        return [name for name in names if not name.startswith(".")]

    def test_mail_server_down_delays_mails_never_the_request(self):
        started = time.monotonic()
        response = self.post(base.valid_data())
        self.assertEqual(response.status_code, 201, response.text)
        self.assertLess(time.monotonic() - started, 10)
        reference = response.json()["reference"]
        self.assertIn(reference, self.store_items())
        # Receipt and agent notice wait in the queue while SMTP is down.
        time.sleep(4)  # at least one attempt of the queue thread
        self.assertEqual(len(self.queued()), 2)
        # The server comes back: the queue delivers.
        self.sink = SMTPSink(self.smtp_port).start()
        self.wait_for_mails(2, 40)
        self.assertEqual(len(self.sink.messages), 2)
        recipients = sorted(m["to"][0] for m in self.sink.messages)
        # the member's receipt goes to the account's address
        self.assertEqual(recipients, ["<agents@ville.example>", "<citizen1@example.org>"])
        receipt = next(m for m in self.sink.messages if "citizen1" in m["to"][0])
        message = email.message_from_bytes(receipt["data"])
        body = base.mail_text(message)
        self.assertIn(reference, body)
        self.assertIn(reference, str(email.header.make_header(email.header.decode_header(message["Subject"]))))
        self.assertNotIn("85073003328", body)
        deadline = time.monotonic() + 10
        while self.queued() and time.monotonic() < deadline:
            time.sleep(0.5)
        self.assertEqual(self.queued(), [])
