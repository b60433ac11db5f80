"""Through the publisher, the agents' side: dashboard, exports, request
pages and their details, the request action set up through the web
(split from test_eguichet_functional.py, whose ``Base`` they share)."""

from io import BytesIO
from plone import api
from plone.app.testing import SITE_OWNER_NAME
from ville.eguichet import api as eguichet
from ville.eguichet.tests import base
from ville.eguichet.tests.test_eguichet_functional import Base

import csv
import io
import transaction


class TestBackOffice(Base):
    def make_requests(self):
        refs = {}
        for user, form, state in (
            (base.CITIZEN, self.form, "submitted"),
            (base.CITIZEN, self.form, "in_progress"),
            (base.OTHER, self.form, "in_progress"),
            (base.OTHER, self.anon_form, "rejected"),
            (base.CITIZEN, self.anon_form, "submitted"),
        ):
            status, body = self.rest("POST", f"{form.absolute_url()}/@eguichet-submit", user,
                                     base.valid_data(last_name=f"Nom{len(refs)}"))
            self.assertEqual(status, 201)
            if state == "in_progress":
                self.rest("POST", f"{body['@id']}/@workflow/take", base.AGENT, {})
            if state == "rejected":
                self.rest("POST", f"{body['@id']}/@workflow/reject", base.AGENT, {"comment": "Non"})
            refs[body["reference"]] = (form, state)
        return refs

    def test_exports_contain_exactly_the_filtered_rows(self):
        refs = self.make_requests()
        store_url = self.store.absolute_url()
        expected = {r for r, (form, state) in refs.items() if state == "in_progress"}
        browser = self.browser(base.AGENT)
        browser.open(f"{store_url}/@@eguichet-export?format=csv&review_state=in_progress")
        raw = browser._response.body
        self.assertTrue(raw.startswith(b"\xef\xbb\xbf"))
        rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig")), delimiter=";"))
        self.assertEqual({row[0] for row in rows[1:]}, expected)
        self.assertNotIn("85073003328", raw.decode("utf-8-sig"))
        self.assertIn("85.07.30-***.**", raw.decode("utf-8-sig"))
        expected = {r for r, (form, state) in refs.items() if form is self.anon_form}
        browser.open(f"{store_url}/@@eguichet-export?format=xlsx&procedure={self.anon_form.UID()}")
        from openpyxl import load_workbook

        data = browser._response.body
        sheet = load_workbook(BytesIO(data)).active
        self.assertEqual({row[0] for row in sheet.iter_rows(min_row=2, values_only=True)}, expected)
        # The dashboard shows the same rows and counts per state.
        browser.open(f"{store_url}/@@eguichet-dashboard?review_state=in_progress")
        for reference, (form, state) in refs.items():
            (self.assertIn if state == "in_progress" else self.assertNotIn)(reference, browser.contents)
        for user in (base.CITIZEN, base.EDITOR):
            denied = self.browser(user)
            with self.assertRaises(Exception):
                denied.open(f"{store_url}/@@eguichet-export?format=csv")
            with self.assertRaises(Exception):
                denied.open(f"{store_url}/@@eguichet-dashboard")

    def test_request_page_and_actions(self):
        refs = self.make_requests()
        reference = next(r for r, (f, s) in refs.items() if s == "in_progress")
        url = self.store[reference].absolute_url()
        agent = self.browser(base.AGENT)
        agent.open(url)
        self.assertIn("85073003328", agent.contents)
        agent.getControl(name="comment").value = "Votre document est prêt."
        agent.getControl(name="files").add_file(BytesIO(base.PDF), "application/pdf", "acte.pdf")
        agent.getControl("Mark ready").click()
        self.assertEqual(api.content.get_state(self.store[reference]), "ready")
        self.assertEqual(self.store[reference].documents[0].filename, "acte.pdf")
        owner_user = self.store[reference].requester
        owner = self.browser(owner_user)
        owner.open(url)
        self.assertIn("85.07.30-***.**", owner.contents)
        self.assertNotIn("85073003328", owner.contents)
        self.assertIn("Votre document est prêt.", owner.contents)
        owner.open(f"{url}/@@eguichet-file/documents/0")
        self.assertEqual(owner._response.body, base.PDF)
        owner.open(f"{self.portal.absolute_url()}/@@mes-demandes")
        self.assertIn(reference, owner.contents)
        other = self.browser(base.OTHER if owner_user == base.CITIZEN else base.CITIZEN)
        other.open(f"{self.portal.absolute_url()}/@@mes-demandes")
        self.assertNotIn(reference, other.contents)
        with self.assertRaises(Exception):
            other.open(f"{url}/@@eguichet-file/documents/0")


class TestDashboardDetails(Base):
    def test_name_search_paid_filter_and_mark_paid(self):
        refs = []
        for last_name in ("Lefèvre", "Martin"):
            status, body = self.rest(
                "POST", f"{self.form.absolute_url()}/@eguichet-submit", base.CITIZEN,
                base.valid_data(last_name=last_name),
            )
            refs.append(body["reference"])
        import decimal

        for reference in refs:
            self.store[reference].fee = decimal.Decimal("5")
        transaction.commit()
        url = f"{self.store.absolute_url()}/@@eguichet-dashboard"
        agent = self.browser(base.AGENT)
        agent.open(f"{url}?q=lefevre")
        self.assertIn(refs[0], agent.contents)
        self.assertNotIn(refs[1], agent.contents)
        agent.open(f"{url}?q={refs[1].lower()}")
        self.assertIn(refs[1], agent.contents)
        self.assertNotIn(refs[0], agent.contents)
        # Mark the second paid on its page, then filter.
        agent.open(self.store[refs[1]].absolute_url())
        self.assertIn("5,00", agent.contents)
        agent.getControl("Mark as paid").click()
        self.assertTrue(self.store[refs[1]].paid)
        agent.open(f"{url}?paid=1")
        self.assertIn(refs[1], agent.contents)
        self.assertNotIn(refs[0], agent.contents)
        agent.open(f"{url}?paid=0")
        self.assertIn(refs[0], agent.contents)
        self.assertNotIn(refs[1], agent.contents)
        # The requester cannot mark a request paid.
        owner = self.browser(base.CITIZEN)
        owner.open(self.store[refs[0]].absolute_url())
        self.assertNotIn("Mark as paid", owner.contents)
        with self.assertRaises(Exception):
            owner.post(f"{self.store[refs[0]].absolute_url()}/@@mark-paid", "paid=1")
        self.assertFalse(self.store[refs[0]].paid)

    def test_citizen_replies_with_a_file(self):
        status, body = self.rest(
            "POST", f"{self.form.absolute_url()}/@eguichet-submit", base.CITIZEN, base.valid_data()
        )
        url = body["@id"]
        self.rest("POST", f"{url}/@workflow/take", base.AGENT, {})
        self.rest("POST", f"{url}/@workflow/ask_info", base.AGENT, {"comment": "Copie de la carte ?"})
        owner = self.browser(base.CITIZEN)
        owner.open(f"{self.portal.absolute_url()}/@@mes-demandes")
        self.assertIn("Copie de la carte ?", owner.contents)
        owner.open(url)
        owner.getControl(name="comment").value = "Voici la copie."
        owner.getControl(name="files").add_file(BytesIO(base.PDF), "application/pdf", "carte.pdf")
        owner.getControl("Provide the information").click()
        request = self.store[body["reference"]]
        self.assertEqual(api.content.get_state(request), "in_progress")
        self.assertEqual(request.citizen_files[0].filename, "carte.pdf")
        self.assertEqual(request.history[-1]["comment"], "Voici la copie.")
        # Without a reply nothing changes.
        self.rest("POST", f"{url}/@workflow/ask_info", base.AGENT, {"comment": "Encore ?"})
        owner.open(url)
        owner.getControl("Provide the information").click()
        self.assertEqual(api.content.get_state(self.store[body["reference"]]), "awaiting_citizen")


class TestActionThroughTheWeb(Base):
    def test_form_manager_edits_the_action(self):
        browser = self.browser(SITE_OWNER_NAME)
        browser.open(f"{self.form.absolute_url()}/actions")
        self.assertIn("create_request", browser.contents)
        browser.open(f"{self.form.absolute_url()}/actions/create_request")
        # One setting, ``identity``, replaced "Accept anonymous requests".
        self.assertIn("Identity required", browser.contents)
        self.assertNotIn("allow_anonymous", browser.contents)
        browser.getControl(name="form.widgets.identity:list").value = ["none"]
        browser.getControl(name="form.widgets.agent_email").value = "etat-civil@ville.example"
        browser.getControl(name="form.buttons.save").click()
        self.form._p_jar.sync()
        action = eguichet.find_action(self.form)
        self.assertEqual(action.identity, "none")
        self.assertTrue(action.allow_anonymous)
        self.assertIn("<identity>none</identity>", self.form.actions_model)
        self.assertEqual(action.agent_email, "etat-civil@ville.example")
