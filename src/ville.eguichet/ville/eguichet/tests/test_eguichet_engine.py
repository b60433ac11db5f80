"""The engine: creation, data model, events, validation hooks, privacy."""

from plone import api
from plone.app.testing import login
from plone.app.testing import logout
from plone.app.testing import setRoles
from plone.namedfile.file import NamedBlobFile
from ville.eguichet import api as eguichet
from ville.eguichet.interfaces import IRequestCreatedEvent
from ville.eguichet.interfaces import IRequestValidator
from ville.eguichet.testing import VILLE_EGUICHET_INTEGRATION_TESTING
from ville.eguichet.tests import base
from zope.component import getGlobalSiteManager
from zope.component import provideHandler
from zope.interface import provider

import decimal
import email
import email.header
import unittest


class TestEngine(unittest.TestCase):
    layer = VILLE_EGUICHET_INTEGRATION_TESTING

    def setUp(self):
        self.portal = self.layer["portal"]
        self.request = self.layer["request"]
        base.make_users(self.portal)
        self.form = base.make_form(self.portal)
        self.mailhost = self.portal.MailHost
        self.mailhost.reset()

    def submit(self, user=base.CITIZEN, **data):
        login(self.portal, user) if user else logout()
        return eguichet.submit(self.form, base.valid_data(**data), self.request)

    def test_submit_creates_request_with_data_model(self):
        request, errors = self.submit()
        self.assertEqual(errors, {})
        store = eguichet.get_store()
        self.assertIs(store[request.reference].aq_base, request.aq_base)
        self.assertRegex(request.reference, r"^EG-\d{8}-[0-9A-Z]{6}$")
        self.assertEqual(request.procedure_uid, api.content.get_uuid(self.form))
        self.assertEqual(request.values["national_number"], "85073003328")
        self.assertEqual(request.requester, base.CITIZEN)
        self.assertEqual(request.requester_name, "Marie Dupont")
        self.assertIsNone(request.fee)
        self.assertFalse(request.paid)
        self.assertIn("submitted", request.state_dates)
        self.assertEqual(request.history[0]["action"], "submit")
        self.assertEqual(api.content.get_state(request), "submitted")
        self.assertIn("Owner", request.get_local_roles_for_userid(base.CITIZEN))
        self.assertEqual(request.getOwner().getId(), base.CITIZEN)

    def test_references_unique(self):
        refs = {self.submit()[0].reference for _ in range(20)}
        self.assertEqual(len(refs), 20)

    def test_receipt_and_agent_notice_masked(self):
        request, _ = self.submit()
        self.assertEqual(len(self.mailhost.messages), 2)
        texts = [m.decode("utf-8") if isinstance(m, bytes) else m for m in self.mailhost.messages]
        joined = "\n".join(texts)
        self.assertIn(request.reference, joined)
        self.assertNotIn("85073003328", joined)
        # A member's receipt goes to the account's address, not the typed one.
        self.assertIn("To: citizen1@example.org", texts[0])
        self.assertIn("To: agents@ville.example", texts[1])

    def test_created_event_sets_fee_shown_in_receipt(self):
        api.portal.set_registry_record("ville.eguichet.iban", "BE68 5390 0754 7034")

        def set_fee(event):
            event.object.fee = decimal.Decimal("5.00")
            event.object.structured_communication = "+++090/9337/55493+++"

        gsm = getGlobalSiteManager()
        provideHandler(set_fee, (IRequestCreatedEvent,))
        try:
            request, _ = self.submit()
        finally:
            gsm.unregisterHandler(set_fee, (IRequestCreatedEvent,))
        self.assertEqual(request.fee, decimal.Decimal("5.00"))
        receipt = self.mailhost.messages[0].decode("utf-8")
        self.assertIn("BE68 5390 0754 7034", receipt)
        self.assertIn("+++090/9337/55493+++", receipt)

    def test_cross_field_validator_stores_nothing(self):
        @provider(IRequestValidator)
        def no_dupont(form, data):
            if data.get("last_name") == "Dupont":
                return {"last_name": "Pas de Dupont ici."}
            return {}

        gsm = getGlobalSiteManager()
        gsm.registerUtility(no_dupont, IRequestValidator, name="no-dupont")
        try:
            action = eguichet.find_action(self.form)
            action.validators = ["no-dupont"]
            store = eguichet.get_store()
            before = len(store)
            request, errors = eguichet.submit(
                self.form, base.valid_data(), self.request, action=action
            )
        finally:
            gsm.unregisterUtility(no_dupont, IRequestValidator, name="no-dupont")
        self.assertIsNone(request)
        self.assertEqual(errors, {"last_name": "Pas de Dupont ici."})
        self.assertEqual(len(store), before)
        self.assertEqual(self.mailhost.messages, [])

    def test_attachment_limits(self):
        bad = NamedBlobFile(b"MZ\x90\x00 not a pdf", filename="virus.pdf", contentType="application/pdf")
        _, errors = self.submit(attachment=bad)
        self.assertIn("attachment", errors)
        api.portal.set_registry_record("ville.eguichet.max_file_size", 1)
        big = NamedBlobFile(base.PDF + b"0" * (1024 * 1024), filename="big.pdf")
        _, errors = self.submit(attachment=big)
        self.assertIn("1 MB", errors["attachment"])
        ok = NamedBlobFile(base.PDF, filename="ok.pdf")
        request, errors = self.submit(attachment=ok)
        self.assertEqual(errors, {})
        self.assertEqual(request.values["attachment"].contentType, "application/pdf")

    def test_anonymous_refused_unless_allowed(self):
        request, errors = self.submit(user=None)
        self.assertIsNone(request)
        self.assertIn("", errors)
        anonymous_form = base.make_form(self.portal, id="anon", anonymous=True)
        logout()
        request, errors = eguichet.submit(anonymous_form, base.valid_data(), self.request)
        self.assertEqual(errors, {})
        self.assertIsNone(request.requester)
        self.assertGreaterEqual(len(request.tracking_token), 32)

    def test_site_manager_template_overrides_default(self):
        api.portal.set_registry_record(
            "ville.eguichet.receipt_subject", "Reçu ${reference} (${procedure})"
        )
        request, _ = self.submit()
        receipt = email.message_from_bytes(self.mailhost.messages[0])
        subject = str(email.header.make_header(email.header.decode_header(receipt["Subject"])))
        self.assertEqual(subject, f"Reçu {request.reference} (Procédure acte)")

    def test_dashboard_query_dates_sorting_procedure(self):
        from ville.eguichet.query import search_requests

        refs = [self.submit(last_name=f"N{i}")[0].reference for i in range(4)]
        other = base.make_form(self.portal, id="autre")
        login(self.portal, base.CITIZEN)
        elsewhere, _ = eguichet.submit(other, base.valid_data(), self.request)
        login(self.portal, base.AGENT)
        today = eguichet.get_store()[refs[0]].submitted.date()
        from datetime import timedelta

        ids = lambda **kw: [b.getId for b in search_requests(**kw)]  # noqa: E731
        self.assertEqual(len(ids(date_from=today.isoformat(), date_to=today.isoformat())), 5)
        self.assertEqual(ids(date_from=(today + timedelta(days=1)).isoformat()), [])
        self.assertEqual(ids(date_to=(today - timedelta(days=1)).isoformat()), [])
        self.assertEqual(ids(sort_on="reference", sort_order="ascending"), sorted(refs + [elsewhere.reference]))
        self.assertEqual(ids(sort_on="reference"), sorted(refs + [elsewhere.reference], reverse=True))
        self.assertEqual(ids(procedure=other.UID()), [elsewhere.reference])
        self.assertEqual(ids(review_state="nonsense"), [])
        self.assertEqual(set(ids(text="n2 dupont")), set())
        self.assertEqual(ids(text="N2"), [refs[2]])

    def test_export_cells_never_formulas(self):
        from ville.eguichet.browser.export import safe_cell

        for value in ("=HYPERLINK(\"http://x\")", "@SUM(A1)", "+cmd|' /C calc'!A0", "-2+3+cmd"):
            self.assertTrue(safe_cell(value).startswith("'"), value)
        for value in ("+32 69 12 34 56", "-12,50", "Dupont", "2026", 5):
            self.assertEqual(safe_cell(value), value)

    def test_action_survives_a_save_through_easyform(self):
        from collective.easyform.api import get_actions
        from collective.easyform.api import set_actions
        from ville.eguichet.action import CreateRequest

        setRoles(self.portal, "test_user_1_", ["Manager"])
        schema = get_actions(self.form)
        schema["create_request"].allow_anonymous = True
        set_actions(self.form, schema)  # what easyform's edit forms do
        action = eguichet.find_action(self.form)
        self.assertIsInstance(action, CreateRequest)
        self.assertTrue(action.allow_anonymous)
        self.assertEqual(action.agent_email, "agents@ville.example")

    def test_choices_shown_by_their_titles(self):
        request, errors = self.submit(language="en")
        self.assertEqual(errors, {})
        self.assertEqual(request.values["language"], "en")
        receipt = email.message_from_bytes(self.mailhost.messages[0])
        text = base.mail_text(receipt)
        self.assertIn("Language: English", text)
        from ville.eguichet.browser.export import export_rows
        from ville.eguichet.query import search_requests

        login(self.portal, base.AGENT)
        header, rows = export_rows(search_requests(), self.request)
        self.assertIn("English", rows[0])

    def test_dashboard_pages_and_counts(self):
        from ville.eguichet.browser.dashboard import DashboardView

        refs = sorted(self.submit(last_name=f"P{i}")[0].reference for i in range(5))
        login(self.portal, base.AGENT)
        api.portal.get_tool("portal_workflow").doActionFor(
            eguichet.get_store()[refs[0]], "take"
        )
        self.request.form.update({"sort_on": "reference", "sort_order": "ascending", "b_start": "2"})
        view = DashboardView(eguichet.get_store(), self.request)
        view.b_size = 2
        batch = view.batch()
        self.assertEqual(batch["total"], 5)
        self.assertEqual([row["reference"] for row in batch["rows"]], refs[2:4])
        self.assertIsNotNone(batch["previous"])
        self.assertIsNotNone(batch["next"])
        counts = {c["id"]: c["count"] for c in view.counts()}
        self.assertEqual(counts["submitted"], 4)
        self.assertEqual(counts["in_progress"], 1)
        self.assertEqual(counts["closed"], 0)

    def test_mask(self):
        self.assertEqual(eguichet.mask_national_number("85.07.30-033.28"), "85.07.30-***.**")
        self.assertEqual(eguichet.mask_national_number("123"), "***")
        self.assertEqual(
            eguichet.masked_values({"national_number": "85073003328", "x": "y"}),
            {"national_number": "85.07.30-***.**", "x": "y"},
        )


class TestReadyMail(unittest.TestCase):
    layer = VILLE_EGUICHET_INTEGRATION_TESTING

    def setUp(self):
        self.portal = self.layer["portal"]
        self.request = self.layer["request"]
        base.make_users(self.portal)
        self.form = base.make_form(self.portal)
        self.mailhost = self.portal.MailHost

    def ready_mail(self):
        login(self.portal, base.CITIZEN)
        request, _ = eguichet.submit(self.form, base.valid_data(), self.request)
        login(self.portal, base.AGENT)
        wftool = api.portal.get_tool("portal_workflow")
        wftool.doActionFor(request, "take")
        request.documents = [NamedBlobFile(base.PDF, filename="extrait.pdf")]
        self.mailhost.reset()
        wftool.doActionFor(request, "mark_ready", comment="Disponible", public=True)
        [message] = self.mailhost.messages
        parsed = email.message_from_bytes(message)
        texts = [
            part.get_payload(decode=True).decode("utf-8")
            for part in parsed.walk()
            if part.get_content_type() == "text/plain"
        ]
        return request, message.decode("utf-8"), "".join(texts)

    def test_ready_mail_links_without_attachment_by_default(self):
        request, message, text = self.ready_mail()
        self.assertNotIn("extrait.pdf", message)
        self.assertIn("@@mes-demandes?reference=" + request.reference, text)
        self.assertIn("Disponible", text)
        self.assertFalse(eguichet.attach_documents_allowed(request))

    def test_ready_mail_attaches_when_the_form_says_so(self):
        action = eguichet.find_action(self.form)
        self.form.actions_model = self.form.actions_model.replace(
            "</agent_group>", "</agent_group><attach_documents>True</attach_documents>"
        )
        self.assertTrue(eguichet.find_action(self.form).attach_documents)
        request, message, text = self.ready_mail()
        self.assertIn('filename="extrait.pdf"', message)
        self.assertIn("Disponible", text)
        self.assertIsNotNone(action)


class TestMailWithoutQueue(unittest.TestCase):
    """MailHost's queue turned off by an administrator: mails go out after
    the commit, and an SMTP failure is only logged."""

    layer = VILLE_EGUICHET_INTEGRATION_TESTING

    def test_sent_after_commit_and_failures_swallowed(self):
        import transaction
        from ville.eguichet.mail import queue_mail

        mailhost = self.layer["portal"].MailHost
        mailhost.reset()
        mailhost.smtp_queue = False
        try:
            self.assertTrue(queue_mail("a@example.org", "Sujet", "Texte"))
            self.assertEqual(mailhost.messages, [])  # nothing before the commit
            hooks = list(transaction.get().getAfterCommitHooks())
            hook, args, kwargs = hooks[-1]
            hook(False, *args, **kwargs)  # aborted: nothing sent
            self.assertEqual(mailhost.messages, [])
            hook(True, *args, **kwargs)
            self.assertEqual(len(mailhost.messages), 1)

            def refuse(*args, **kwargs):
                raise ConnectionRefusedError("SMTP down")

            mailhost.send = refuse
            hook(True, *args, **kwargs)  # logged, not raised
        finally:
            mailhost.smtp_queue = True
            if "send" in mailhost.__dict__:
                del mailhost.send
            transaction.abort()
