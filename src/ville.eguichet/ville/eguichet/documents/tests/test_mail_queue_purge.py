"""The retention job deletes queued messages older than the profile's delay
(undeliverable ones would keep names, addresses and links forever)."""

from datetime import datetime
from datetime import timedelta
from datetime import timezone
from plone import api
from ville.eguichet.documents import purge
from ville.eguichet.documents.retention_cli import report
from ville.eguichet.documents.testing import DOCUMENTS_INTEGRATION_TESTING
from ville.eguichet.mail import ensure_maildir

import io
import os
import shutil
import tempfile
import unittest


NOW = datetime(2026, 11, 29, 10, 0, tzinfo=timezone.utc)


class TestMailQueuePurge(unittest.TestCase):
    layer = DOCUMENTS_INTEGRATION_TESTING

    def setUp(self):
        self.portal = self.layer["portal"]
        self.queue = tempfile.mkdtemp(prefix="eguichet-queue-")
        self.addCleanup(shutil.rmtree, self.queue, ignore_errors=True)
        ensure_maildir(self.queue)
        mailhost = self.portal.MailHost
        self.addCleanup(
            setattr, mailhost, "smtp_queue_directory", mailhost.smtp_queue_directory
        )
        mailhost.smtp_queue_directory = self.queue
        api.portal.set_registry_record("ville.eguichet.mail_queue_days", 30)

    def message(self, folder, age, prefix="", touched=None):
        """A message queued ``age`` ago, named as zope.sendmail names them
        (the queue time first); ``touched``: its last attempt (mtime)."""
        queued = int((NOW - age).timestamp())
        name = f"{prefix}{queued}.4242.mail-host.example.{len(self.left())}"
        path = os.path.join(self.queue, folder, name)
        with open(path, "w") as handle:
            handle.write("To: marie@example.org\n\nSuivez votre demande : lien\n")
        when = (NOW - (touched if touched is not None else age)).timestamp()
        os.utime(path, (when, when))
        return f"{folder}/{name}"

    def left(self):
        return sorted(
            f"{folder}/{name}"
            for folder in ("new", "cur", "tmp")
            for name in os.listdir(os.path.join(self.queue, folder))
        )

    def test_messages_older_than_the_delay_are_deleted(self):
        self.message("new", timedelta(days=30, seconds=1))
        # Retried a minute ago (zope.sendmail touches it at each attempt):
        # its age is still that of its queueing.
        self.message("new", timedelta(days=45), touched=timedelta(minutes=1))
        self.message("new", timedelta(days=200), prefix=".rejected-")
        self.message("tmp", timedelta(days=31), prefix=".sending-")
        recent = self.message("new", timedelta(days=30, seconds=-2))
        fresh = self.message("cur", timedelta(minutes=5))

        self.assertEqual(purge.purge_mail_queue(NOW, dry_run=True), 4)
        self.assertEqual(len(self.left()), 6)

        with self.assertLogs("ville.eguichet.retention", "INFO") as logs:
            self.assertEqual(purge.purge_mail_queue(NOW), 4)
        self.assertEqual(self.left(), sorted([recent, fresh]))
        self.assertIn("4 message(s) older than 30 days deleted", logs.output[0])
        self.assertNotIn("marie", logs.output[0])
        self.assertEqual(purge.purge_mail_queue(NOW), 0)

    def test_delay_from_the_registry(self):
        self.message("new", timedelta(days=8))
        api.portal.set_registry_record("ville.eguichet.mail_queue_days", 10)
        self.assertEqual(purge.purge_mail_queue(NOW), 0)
        api.portal.set_registry_record("ville.eguichet.mail_queue_days", 7)
        self.assertEqual(purge.purge_mail_queue(NOW), 1)

    def test_reported_by_the_command(self):
        out = io.StringIO()
        report([], dry_run=False, out=out, purged=2)
        self.assertIn("mail queue: 2 old message(s) deleted", out.getvalue())

    def test_no_queue_no_error(self):
        shutil.rmtree(self.queue)
        self.assertEqual(purge.purge_mail_queue(NOW), 0)
