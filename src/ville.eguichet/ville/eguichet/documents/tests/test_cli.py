"""The retention command (``make retention`` runs it): dry run, then real."""

from contextlib import redirect_stderr
from contextlib import redirect_stdout
from datetime import datetime
from datetime import timedelta
from datetime import timezone
from plone import api
from plone.app.testing import login
from unittest import mock
from ville.eguichet.documents import retention_cli
from ville.eguichet.documents.tests import base
from ville.eguichet.documents.testing import DOCUMENTS_FUNCTIONAL_TESTING

import io
import tempfile
import transaction
import unittest


class TestRetentionCommand(unittest.TestCase):
    layer = DOCUMENTS_FUNCTIONAL_TESTING

    def setUp(self):
        self.portal = self.layer["portal"]
        citizen = base.Citizen(self.portal, self.layer["request"])
        request, errors = citizen.household()
        login(self.portal, base.AGENT)
        api.content.transition(obj=request, transition="reject", comment="Non")
        old = datetime.now(timezone.utc) - timedelta(days=400)
        request.state_dates = dict(request.state_dates, rejected=old)
        self.reference = request.reference
        transaction.commit()
        self.config = tempfile.NamedTemporaryFile(suffix=".conf")
        self.addCleanup(self.config.close)

    def run_command(self, *args):
        out, err = io.StringIO(), io.StringIO()
        with mock.patch.object(retention_cli, "open_site", return_value=self.portal):
            with redirect_stdout(out), redirect_stderr(err):
                status = retention_cli.main(["--config", self.config.name, *args])
        transaction.begin()
        return status, out.getvalue(), err.getvalue()

    def request(self):
        return self.portal["eguichet-demandes"][self.reference]

    def test_dry_run_then_run(self):
        status, out, err = self.run_command("--dry-run")
        self.assertEqual(status, 0, err)
        self.assertIn(f"would\t{self.reference}\tanonymise", out)
        self.assertEqual(self.request().requester_name, "Marie Dupont")
        status, out, err = self.run_command()
        self.assertEqual(status, 0, err)
        self.assertIn(f"done\t{self.reference}\tanonymise", out)
        self.assertEqual(self.request().requester_name, "")
        status, out, err = self.run_command()
        self.assertIn("0 action(s) done", out)

    def test_missing_configuration(self):
        out, err = io.StringIO(), io.StringIO()
        with redirect_stdout(out), redirect_stderr(err):
            status = retention_cli.main(["--config", "/nonexistent/zope.conf"])
        self.assertEqual(status, 1)
        self.assertIn("no such zope.conf", err.getvalue())
