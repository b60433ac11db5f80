"""The one submission service: its refusals, a bot's reference, one look-up
of the form's action and one admission per HTTP request, the mails sent
from the engine's events (not by the code that creates or transitions)."""

from plone import api
from plone.app.testing import login
from plone.app.testing import logout
from plone.app.testing import setRoles
from plone.app.testing import TEST_USER_ID
from plone.app.testing import TEST_USER_NAME
from unittest import mock
from ville.eguichet import exc
from ville.eguichet import formaction
from ville.eguichet import messages
from ville.eguichet import submission
from ville.eguichet.events import RequestTransitionEvent
from ville.eguichet.interfaces import IRequestSubmittedEvent
from ville.eguichet.interfaces import IRequestTransitionEvent
from ville.eguichet.testing import VILLE_EGUICHET_INTEGRATION_TESTING
from ville.eguichet.tests import base
from ville.eguichet.tests.test_eguichet_functional import Base as FunctionalBase
from zope.component import getGlobalSiteManager
from zope.event import notify

import transaction
import unittest


class TestService(unittest.TestCase):
    layer = VILLE_EGUICHET_INTEGRATION_TESTING

    def setUp(self):
        self.portal = self.layer["portal"]
        self.request = self.layer["request"]
        base.make_users(self.portal)
        self.form = base.make_form(self.portal)
        self.mailhost = self.portal.MailHost
        self.mailhost.reset()

    def test_refusals_are_exceptions_and_store_nothing(self):
        store = api.portal.get().get("eguichet-demandes")
        logout()
        with self.assertRaises(exc.LoginRequired) as refused:
            submission.submit(self.form, base.valid_data(), self.request)
        self.assertEqual(refused.exception.status, 401)
        login(self.portal, base.CITIZEN)
        with self.assertRaises(exc.InvalidSubmission) as invalid:
            submission.submit(
                self.form, base.valid_data(attachment=_not_a_pdf()), self.request
            )
        self.assertIn("attachment", invalid.exception.errors)
        with self.assertRaises(exc.Trapped) as trapped:
            submission.submit(
                self.form, base.valid_data(eguichet_website="x"), self.request
            )
        self.assertRegex(trapped.exception.reference, r"^EG-\d{8}-[0-9A-Z]{6}$")
        setRoles(self.portal, TEST_USER_ID, ["Manager"])
        login(self.portal, TEST_USER_NAME)
        plain = api.content.create(container=self.portal, type="EasyForm", id="contact")
        with self.assertRaises(exc.NotARequestForm):
            submission.submit(plain, base.valid_data(), self.request)
        self.assertEqual(len(store), 0)
        self.assertEqual(self.mailhost.messages, [])

    def test_the_receipt_is_sent_from_the_submitted_event(self):
        login(self.portal, base.CITIZEN)
        gsm = getGlobalSiteManager()
        handler = messages.request_submitted
        self.assertTrue(gsm.unregisterHandler(handler, (IRequestSubmittedEvent,)))
        try:
            request = submission.submit(self.form, base.valid_data(), self.request)
        finally:
            gsm.registerHandler(handler, (IRequestSubmittedEvent,))
        self.assertEqual(api.content.get_state(request), "submitted")
        self.assertEqual(self.mailhost.messages, [])
        submission.submit(self.form, base.valid_data(), self.request)
        self.assertEqual(len(self.mailhost.messages), 2)  # receipt, agents

    def test_the_transition_mail_is_sent_from_the_transition_event(self):
        login(self.portal, base.CITIZEN)
        request = submission.submit(self.form, base.valid_data(), self.request)
        self.mailhost.reset()
        login(self.portal, base.AGENT)
        gsm = getGlobalSiteManager()
        handler = messages.request_transition
        self.assertTrue(gsm.unregisterHandler(handler, (IRequestTransitionEvent,)))
        try:
            api.content.transition(request, transition="take")
        finally:
            gsm.registerHandler(handler, (IRequestTransitionEvent,))
        # The workflow moved, the history grew, and no mail left.
        self.assertEqual(api.content.get_state(request), "in_progress")
        self.assertEqual(request.history[-1]["action"], "take")
        self.assertEqual(self.mailhost.messages, [])
        # The event alone sends it; the comment only when public.
        notify(RequestTransitionEvent(
            request, "take", "submitted", "in_progress", "Note interne", base.AGENT
        ))
        notify(RequestTransitionEvent(
            request, "take", "submitted", "in_progress", "Pour vous", base.AGENT,
            public=True,
        ))
        internal, public = [
            m.decode("utf-8") if isinstance(m, bytes) else m
            for m in self.mailhost.messages
        ]
        self.assertIn("To: citizen1@example.org", internal)
        self.assertNotIn("Note interne", internal)
        self.assertIn("Pour vous", public)


def _not_a_pdf():
    from plone.namedfile.file import NamedBlobFile

    return NamedBlobFile(b"MZ\x90\x00 not a pdf", filename="virus.pdf",
                         contentType="application/pdf")


class TestOnePassPerHTTPRequest(FunctionalBase):
    def test_a_bots_reference_has_the_sites_prefix(self):
        api.portal.set_registry_record("ville.eguichet.reference_prefix", "PRW")
        transaction.commit()
        status, body = self.rest(
            "POST", f"{self.anon_form.absolute_url()}/@eguichet-submit", None,
            dict(base.valid_data(), eguichet_website="http://spam.example"),
        )
        self.assertEqual(status, 201)
        self.assertRegex(body["reference"], r"^PRW-\d{8}-[0-9A-Z]{6}$")
        browser = self.browser()
        browser.open(self.anon_form.absolute_url())
        for name, value in base.valid_data().items():
            browser.getControl(name=f"form.widgets.{name}").value = str(value)
        browser.getControl(name="form.widgets.eguichet_website").value = "spam"
        browser.getControl(name="form.buttons.submit").click()
        base.confirm_summary(browser)
        self.assertRegex(browser.url, r"eguichet-merci\?reference=PRW-\d{8}-[0-9A-Z]{6}$")
        self.assertEqual(self.requests(), [])

    def test_the_form_page_reads_the_action_once(self):
        browser = self.browser()
        with mock.patch.object(
            formaction, "find_action", wraps=formaction.find_action
        ) as find:
            browser.open(self.form.absolute_url())
        # The login hint and the form's "please log in" both shown...
        self.assertIn("Please log in to submit this form.", browser.contents)
        self.assertIn("came_from", browser.contents)
        # ...from one look-up.
        self.assertEqual(find.call_count, 1)

    def test_one_admission_per_html_submission(self):
        browser = self.browser()
        browser.open(self.anon_form.absolute_url())
        for name, value in base.valid_data().items():
            browser.getControl(name=f"form.widgets.{name}").value = str(value)
        browser.getControl(name="form.buttons.submit").click()
        # "Vérifier ma demande": the request is sent from the summary.
        self.assertIn("@@eguichet-verifier", browser.url)
        self.assertEqual(self.requests(), [])
        browser.followRedirects = False
        with mock.patch.object(
            submission.Submission, "admit", autospec=True,
            side_effect=submission.Submission.admit,
        ) as admit:
            browser.getControl(name="form.buttons.confirm").click()
        self.assertIn("eguichet-merci?reference=", browser.headers["Location"])
        self.assertEqual(admit.call_count, 1)
        self.assertEqual(len(self.requests()), 1)
