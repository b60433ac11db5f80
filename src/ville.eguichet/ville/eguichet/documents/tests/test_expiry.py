"""Requests left waiting for the citizen: reminded, then cancelled by the
system (the ``expire`` transition), both mailed, then anonymised like the
finished ones. The clock is injected (``now``) at the boundaries."""

from AccessControl.SecurityManagement import getSecurityManager
from AccessControl.SecurityManagement import newSecurityManager
from AccessControl.SecurityManagement import setSecurityManager
from AccessControl.users import system
from datetime import datetime
from datetime import timedelta
from datetime import timezone
from email.header import decode_header
from email.header import make_header
from plone import api
from plone.app.testing import login
from plone.app.testing import logout
from Products.CMFCore.WorkflowCore import WorkflowException
from ville.eguichet.documents import retention
from ville.eguichet.documents.tests import base
from ville.eguichet.documents.tests.test_requests import body
from ville.eguichet.documents.tests.test_requests import messages
from ville.eguichet.documents.tests.test_retention import personal_left
from ville.eguichet.documents.testing import DOCUMENTS_INTEGRATION_TESTING
from ville.eguichet.tests import base as engine_base

import unittest


def subject(mail):
    return str(make_header(decode_header(mail["Subject"])))


ASKED = datetime(2026, 10, 1, 9, 0, tzinfo=timezone.utc)


class TestExpiry(unittest.TestCase):
    layer = DOCUMENTS_INTEGRATION_TESTING

    def setUp(self):
        self.portal = self.layer["portal"]
        self.citizen = base.Citizen(self.portal, self.layer["request"])
        self.mailhost = self.portal.MailHost
        api.portal.set_registry_record("ville.eguichet.reminder_days", 10)
        api.portal.set_registry_record("ville.eguichet.expiry_days", 7)

    def asked(self, **values):
        """A request the agent asked information about on ``ASKED``."""
        request, errors = self.citizen.household(**values)
        self.assertEqual(errors, {})
        login(self.portal, base.AGENT)
        api.content.transition(obj=request, transition="take")
        api.content.transition(
            obj=request, transition="ask_info", comment="Quelle adresse ?"
        )
        request.state_dates = dict(request.state_dates, awaiting_citizen=ASKED)
        self.mailhost.reset()
        return request

    def retain(self, now, **kwargs):
        """The retention job as the command runs it: as Zope's system user."""
        manager = getSecurityManager()
        newSecurityManager(None, system)
        try:
            return [
                (action.reference, action.action)
                for action in retention.run(self.portal, now=now, **kwargs)
            ]
        finally:
            setSecurityManager(manager)

    def mails_to_citizen(self):
        # A member's mails go to the account's (confirmed) address.
        address = api.user.get(userid=base.CITIZEN).getProperty("email")
        return [m for m in messages(self.mailhost) if m["To"] == address]

    def test_reminded_at_the_delay_then_expired_and_mailed(self):
        request = self.asked()
        ref = request.reference
        # One minute before the reminder delay: nothing.
        self.assertEqual(self.retain(ASKED + timedelta(days=10, minutes=-1)), [])
        self.assertEqual(self.mailhost.messages, [])
        # At the delay: the dry run lists, the run reminds (one mail).
        reminder_at = ASKED + timedelta(days=10)
        self.assertEqual(self.retain(reminder_at, dry_run=True), [(ref, "remind")])
        self.assertEqual(self.mailhost.messages, [])
        self.assertEqual(self.retain(reminder_at), [(ref, "remind")])
        [mail] = self.mails_to_citizen()
        self.assertIn(ref, subject(mail))
        text = body(mail)
        self.assertIn("Rappel", subject(mail))
        self.assertIn("ont demandé des informations", text)
        self.assertIn((reminder_at + timedelta(days=7)).strftime("%d/%m/%Y"), text)
        self.assertEqual(request.history[-1]["action"], "remind")
        self.assertTrue(request.history[-1]["public"])
        # Reminded once only; not expired one minute before the delay.
        self.mailhost.reset()
        self.assertEqual(self.retain(reminder_at + timedelta(days=7, minutes=-1)), [])
        self.assertEqual(self.mailhost.messages, [])
        self.assertEqual(api.content.get_state(request), "awaiting_citizen")
        # At the delay after the reminder: cancelled by ``expire``, mailed.
        self.assertEqual(self.retain(reminder_at + timedelta(days=7)), [(ref, "expire")])
        self.assertEqual(api.content.get_state(request), "cancelled")
        history = request.workflow_history["eguichet_request_workflow"]
        self.assertEqual(history[-1]["action"], "expire")
        [mail] = self.mails_to_citizen()
        self.assertIn("Annulée", subject(mail))
        self.assertIn("nous n'avons reçu ni votre réponse", body(mail))
        # Nothing more until the retention delay (100 days, test profile).
        cancelled_at = request.state_dates["cancelled"]
        self.assertEqual(self.retain(cancelled_at + timedelta(days=99)), [])

    def test_expired_request_is_anonymised_like_finished_ones(self):
        request = self.asked()
        self.retain(ASKED + timedelta(days=10))
        self.retain(ASKED + timedelta(days=17))
        self.assertEqual(api.content.get_state(request), "cancelled")
        self.assertTrue(personal_left(request))
        cancelled = request.state_dates["cancelled"]
        self.assertEqual(
            self.retain(cancelled + timedelta(days=100)),
            [(request.reference, "anonymise")],
        )
        self.assertEqual(personal_left(request), [])

    def test_the_reply_stops_the_countdown(self):
        request = self.asked()
        self.retain(ASKED + timedelta(days=10))
        login(self.portal, base.CITIZEN)
        api.content.transition(
            obj=request, transition="provide_info", comment="Rue Neuve 1"
        )
        self.assertEqual(self.retain(ASKED + timedelta(days=400)), [])
        self.assertEqual(api.content.get_state(request), "in_progress")
        # A new question starts a new wait: a new reminder before expiry.
        login(self.portal, base.AGENT)
        api.content.transition(
            obj=request, transition="ask_info", comment="Et le code postal ?"
        )
        asked_again = ASKED + timedelta(days=30)
        request.state_dates = dict(request.state_dates, awaiting_citizen=asked_again)
        self.assertEqual(
            self.retain(asked_again + timedelta(days=10)), [(request.reference, "remind")]
        )

    def test_unpaid_submitted_request_expires_free_one_waits_for_agents(self):
        unpaid, errors = self.citizen.household(purpose="bank_loan")
        self.assertEqual(errors, {})
        free, errors = self.citizen.household(purpose="school")
        paid, errors = self.citizen.household(purpose="insurance")
        paid.paid = True
        for request in (unpaid, free, paid):
            request.state_dates = dict(request.state_dates, submitted=ASKED)
        # The payment delay of the test profile (payment.days, 15) first.
        self.assertEqual(self.retain(ASKED + timedelta(days=14)), [])
        self.assertEqual(
            self.retain(ASKED + timedelta(days=15)), [(unpaid.reference, "remind")]
        )
        reminder = [m for m in self.mails_to_citizen() if "Rappel" in subject(m)]
        self.assertIn("redevance n'est pas encore payée", body(reminder[-1]))
        self.assertEqual(
            self.retain(ASKED + timedelta(days=22)), [(unpaid.reference, "expire")]
        )
        self.assertEqual(api.content.get_state(unpaid), "cancelled")
        # A town's backlog never cancels a request: years later, still there
        # (the expired one is anonymised by then).
        self.assertEqual(
            self.retain(ASKED + timedelta(days=2000)), [(unpaid.reference, "anonymise")]
        )
        self.assertEqual(api.content.get_state(free), "submitted")
        self.assertEqual(api.content.get_state(paid), "submitted")

    def test_payment_after_the_reminder_stops_the_expiry(self):
        unpaid, errors = self.citizen.household(purpose="bank_loan")
        unpaid.state_dates = dict(unpaid.state_dates, submitted=ASKED)
        self.retain(ASKED + timedelta(days=15))
        unpaid.paid = True
        self.assertEqual(self.retain(ASKED + timedelta(days=60)), [])
        self.assertEqual(api.content.get_state(unpaid), "submitted")

    def test_only_the_system_or_a_manager_expires(self):
        request = self.asked()
        workflow = api.portal.get_tool("portal_workflow")
        for user in (
            base.CITIZEN,
            base.AGENT,
            engine_base.EDITOR,
            engine_base.SITEADMIN,
        ):
            login(self.portal, user)
            transitions = [
                t["id"]
                for t in api.portal.get_tool("portal_workflow").getTransitionsFor(
                    request
                )
            ]
            self.assertNotIn("expire", transitions, user)
            with self.assertRaises(WorkflowException):
                workflow.doActionFor(request, "expire")
        logout()
        with self.assertRaises(WorkflowException):
            workflow.doActionFor(request, "expire")
        self.assertEqual(api.content.get_state(request), "awaiting_citizen")
        login(self.portal, engine_base.MANAGER)
        api.content.transition(obj=request, transition="expire", comment="Test")
        self.assertEqual(api.content.get_state(request), "cancelled")

    def test_delays_are_read_from_the_registry(self):
        api.portal.set_registry_record("ville.eguichet.reminder_days", 3)
        request = self.asked()
        self.assertEqual(
            self.retain(ASKED + timedelta(days=3)), [(request.reference, "remind")]
        )


class TestDelaysFromTheProfile(unittest.TestCase):
    layer = DOCUMENTS_INTEGRATION_TESTING

    def test_profile_delays_become_registry_records(self):
        from pathlib import Path
        from ville.eguichet import municipality
        from ville.eguichet.documents.testing import TEST_PROFILE

        import shutil
        import tempfile

        folder = Path(tempfile.mkdtemp())
        self.addCleanup(shutil.rmtree, folder)
        shutil.copy(TEST_PROFILE / "municipality.yaml", folder)
        text = (TEST_PROFILE / "eguichet.yaml").read_text(encoding="utf-8")
        (folder / "eguichet.yaml").write_text(
            text.replace(
                "  third_party_days: 30\n",
                "  third_party_days: 30\n  reminder_days: 9\n  expiry_days: 21\n"
                "  mail_queue_days: 12\n",
            ),
            encoding="utf-8",
        )
        municipality.apply(self.layer["portal"], municipality.load(folder))
        for name, value in (
            ("reminder_days", 9),
            ("expiry_days", 21),
            ("mail_queue_days", 12),
        ):
            self.assertEqual(
                api.portal.get_registry_record(f"ville.eguichet.{name}"), value
            )


class TestUpgrade(unittest.TestCase):
    layer = DOCUMENTS_INTEGRATION_TESTING

    def test_upgrade_brings_the_transition_and_settings(self):
        from ville.eguichet.upgrades.w10_retention import upgrade

        portal = self.layer["portal"]
        citizen = base.Citizen(portal, self.layer["request"])
        request, errors = citizen.household()
        # As on a site installed before: the request's workflow permissions
        # do not know the expire permission.
        from AccessControl.Permission import pname
        from Acquisition import aq_base

        attribute = pname("ville.eguichet: Expire request")
        self.assertEqual(getattr(aq_base(request), attribute), ("Manager",))
        delattr(aq_base(request), attribute)
        login(portal, engine_base.MANAGER)
        upgrade(api.portal.get_tool("portal_setup"))
        workflow = api.portal.get_tool("portal_workflow").getWorkflowById(
            "eguichet_request_workflow"
        )
        self.assertIn("expire", workflow.transitions.objectIds())
        self.assertEqual(getattr(aq_base(request), attribute), ("Manager",))
        self.assertEqual(api.portal.get_registry_record("ville.eguichet.expiry_days"), 15)
