"""event.log names a request by its reference, never a citizen by e-mail
address: every log record of a full walk (submissions, transitions, a mail
without sender, then zope.sendmail's queue failing and delivering to a real
SMTP server on loopback) is captured and searched for addresses."""

from plone import api
from plone.app.testing import login
from plone.app.testing import logout
from ville.eguichet import api as eguichet
from ville.eguichet.logfilter import ADDRESS
from ville.eguichet.testing import VILLE_EGUICHET_INTEGRATION_TESTING
from ville.eguichet.tests import base
from ville.eguichet.tests.smtpsink import free_port
from ville.eguichet.tests.smtpsink import SMTPSink
from zope.sendmail.mailer import SMTPMailer
from zope.sendmail.maildir import Maildir
from zope.sendmail.queue import QueueProcessorThread

import logging
import shutil
import tempfile
import unittest
import zope.sendmail.queue


class Capture(logging.Handler):
    def __init__(self):
        super().__init__(logging.DEBUG)
        self.setFormatter(logging.Formatter("%(name)s %(levelname)s %(message)s"))
        self.lines = []

    def emit(self, record):
        self.lines.append(self.format(record))


class TestLogsNameNoAddress(unittest.TestCase):
    layer = VILLE_EGUICHET_INTEGRATION_TESTING

    def setUp(self):
        self.portal = self.layer["portal"]
        self.request = self.layer["request"]
        base.make_users(self.portal)
        self.form = base.make_form(self.portal)
        self.anonymous_form = base.make_form(self.portal, id="anon", anonymous=True)
        self.mailhost = self.portal.MailHost
        self.mailhost.reset()
        self.capture = Capture()
        root = logging.getLogger()
        level = root.level
        root.addHandler(self.capture)
        root.setLevel(logging.DEBUG)
        self.addCleanup(root.setLevel, level)
        self.addCleanup(root.removeHandler, self.capture)

    def walk(self):
        """A citizen's and an anonymous requester's requests, processed."""
        login(self.portal, base.CITIZEN)
        request, errors = eguichet.submit(self.form, base.valid_data(), self.request)
        self.assertEqual(errors, {})
        login(self.portal, base.AGENT)
        for transition, comment in (("take", ""), ("ask_info", "Votre adresse ?")):
            api.content.transition(obj=request, transition=transition, comment=comment)
        login(self.portal, base.CITIZEN)
        api.content.transition(obj=request, transition="provide_info", comment="Ici")
        login(self.portal, base.AGENT)
        for transition in ("mark_ready", "close"):
            api.content.transition(obj=request, transition=transition)
        logout()
        other, errors = eguichet.submit(
            self.anonymous_form,
            base.valid_data(email="jean.anonyme@example.net"),
            self.request,
        )
        self.assertEqual(errors, {})
        # A mail that cannot leave (no sender configured) is logged too.
        api.portal.set_registry_record("plone.email_from_address", "")
        login(self.portal, base.CITIZEN)
        third, errors = eguichet.submit(self.form, base.valid_data(), self.request)
        return request, other, third

    def deliver(self, messages):
        """zope.sendmail's queue thread, as the real MailHost runs it: the
        server first down, then a real SMTP server on loopback."""
        folder = tempfile.mkdtemp(prefix="eguichet-logs-")
        self.addCleanup(shutil.rmtree, folder, ignore_errors=True)
        queue = f"{folder}/queue"
        maildir = Maildir(queue, create=True)
        for message in messages:
            data = message if isinstance(message, bytes) else message.encode()
            to = next(
                line.split(b":", 1)[1].strip()
                for line in data.splitlines()
                if line.startswith(b"To:")
            )
            writer = maildir.newMessage()
            writer.write(b"X-Zope-From: guichet@ville.example\n")
            writer.write(b"X-Zope-To: " + to + b"\n")
            writer.write(data)
            writer.commit()
        port = free_port()
        # Plone's SMTPMailer reads the host and port from the registry.
        api.portal.set_registry_record("plone.smtp_host", "localhost")
        api.portal.set_registry_record("plone.smtp_port", port)
        saved = zope.sendmail.queue.MAX_SEND_TIME
        zope.sendmail.queue.MAX_SEND_TIME = -1  # retry at once
        self.addCleanup(setattr, zope.sendmail.queue, "MAX_SEND_TIME", saved)
        thread = QueueProcessorThread(interval=0)
        thread.setMaildir(Maildir(queue))
        thread.setMailer(SMTPMailer())
        thread.run(forever=False)  # refused: logged as errors
        sink = SMTPSink(port).start()
        self.addCleanup(sink.stop)
        thread = QueueProcessorThread(interval=0)
        thread.setMaildir(Maildir(queue))
        thread.setMailer(SMTPMailer())
        thread.run(forever=False)
        return sink.messages

    def test_no_address_in_the_logs_of_a_full_walk(self):
        request, other, third = self.walk()
        self.assertIsNotNone(third)
        delivered = self.deliver(self.mailhost.messages)
        self.assertGreaterEqual(len(delivered), 8)
        log = "\n".join(self.capture.lines)
        # The walk was logged: requests by reference, sends, failures.
        self.assertIn(f"Request {request.reference} created", log)
        self.assertIn(f"mail of {third.reference} not sent", log)
        self.assertIn("QueueProcessorThread INFO Mail from <address> to <address> sent", log)
        self.assertIn("QueueProcessorThread ERROR Error while sending mail", log)
        self.assertIn("Connection refused", log)
        # And never an address.
        self.assertEqual(ADDRESS.findall(log), [])
        for address in ("marie@example.org", "jean.anonyme@example.net", "agents@ville"):
            self.assertNotIn(address, log)

    def test_plone_login_help_logs_no_address(self):
        # Plone's "forgot my user name" form logs the address it was given.
        from Products.CMFPlone.browser.login import login_help

        login_help.log.info("No user found for %s", "inconnu@example.org")
        log = "\n".join(self.capture.lines)
        self.assertIn("No user found for <address>", log)
        self.assertNotIn("inconnu@example.org", log)
