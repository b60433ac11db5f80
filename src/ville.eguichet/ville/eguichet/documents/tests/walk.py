"""A citizen orders each document through the web pages, an agent takes it
to ``ready``, the citizen downloads it. Shared by the add-on's functional
test and the assembled site's (not a test module: no ``test`` prefix)."""

from plone import api
from ville.eguichet.documents.config import form_config
from ville.eguichet.documents.fees import fee_for
from ville.eguichet.tests.base import through_summary
from webtest import Upload

import re
import transaction


CITIZEN = ("citoyenne", "Motdepasse-citoyenne-1")
AGENT = ("agente", "Motdepasse-agente-1")
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


class DocumentsWalk:
    """Mixin: set ``layer`` and ``make_app(layer)`` in the test case."""

    def setUp(self):
        self.portal = self.layer["portal"]
        self.url = self.portal.absolute_url()
        with api.env.adopt_roles(["Manager"]):
            api.user.create(
                username=CITIZEN[0],
                password=CITIZEN[1],
                email="marie.dupont@example.be",
                properties={"fullname": "Marie Dupont"},
            )
            api.user.create(
                username=AGENT[0], password=AGENT[1], email="agente@example.be"
            )
            api.group.add_user(groupname="agents-eguichet", username=AGENT[0])
        transaction.commit()
        self.app = self.make_app(self.layer)

    def as_user(self, credentials):
        self.app.reset()
        self.app.authorization = ("Basic", credentials)

    def fill_identity(self, form, **changes):
        delivery = changes.pop("delivery", "download")
        values = {
            "first_name": "Marie",
            "last_name": "Dupont",
            "national_number": "85.07.30-033.28",
            "birth_date": "1985-07-30",
            "email": "marie.dupont@example.be",
            "phone": "069 12 34 56",
            "street": "Rue Neuve 1",
            "postal_code": "7600",
            "city": "Péruwelz",
            "copies": "1",
        }
        values.update(changes)
        for name, value in values.items():
            form[f"form.widgets.{name}"] = value
        form["form.widgets.delivery"] = delivery

    def order(self, form_id, choices, files=None, **changes):
        """Fill and send a form; return the response after the redirect."""
        page = self.app.get(f"{self.url}/e-guichet/{form_id}")
        form = page.forms["form"]
        self.fill_identity(form, **changes)
        for name, value in choices.items():
            key = f"form.widgets.{name}"
            if f"{key}:list" in form.fields:
                form[f"{key}:list"] = value
            else:
                form[key] = value
        for name, filename in (files or {}).items():
            form[f"form.widgets.{name}"] = Upload(filename, PDF, "application/pdf")
        return through_summary(form.submit("form.buttons.submit"))

    def reference_of(self, response):
        response = response.maybe_follow()
        match = re.search(r"EG-\d{8}-[0-9A-Z]{6}", response.text)
        self.assertIsNotNone(match, response.text[:2000])
        return match.group(0)

    def request_page(self, reference):
        return f"{self.url}/eguichet-demandes/{reference}"

    def actions_form(self, page):
        """The request page's form with the transition buttons."""
        for key, form in page.forms.items():
            if isinstance(key, int) and "eguichet-transition" in (form.action or ""):
                return form
        self.fail("no transition form on the request page")

    def agent_processes(self, reference, document=None):
        self.as_user(AGENT)
        dashboard = self.app.get(f"{self.url}/eguichet-demandes/@@eguichet-dashboard")
        self.assertIn(reference, dashboard.text)
        page = self.app.get(self.request_page(reference))
        self.assertIn("85.07.30-033.28", page.text)  # agents see the number
        self.actions_form(page).submit("transition", value="take").maybe_follow()
        page = self.app.get(self.request_page(reference))
        form = self.actions_form(page)
        if document:
            form["files"] = Upload("document.pdf", PDF, "application/pdf")
        form.submit("transition", value="mark_ready").maybe_follow()
        transaction.begin()
        request = self.portal["eguichet-demandes"][reference]
        self.assertEqual(api.content.get_state(request), "ready")
        return request

    def citizen_follows(self, reference):
        self.as_user(CITIZEN)
        space = self.app.get(f"{self.url}/@@mes-demandes")
        self.assertIn(reference, space.text)
        page = self.app.get(self.request_page(reference))
        self.assertIn("85.07.30-***.**", page.text)  # masked for the citizen
        self.assertNotIn("85.07.30-033.28", page.text)
        return page

    def test_casier_ordered_processed_and_downloaded(self):
        self.as_user(CITIZEN)
        page = self.app.get(f"{self.url}/e-guichet/extrait-de-casier-judiciaire")
        # Before submitting: fees, the 596.2 rule and the desk with its hours.
        self.assertIn("Tarifs par exemplaire", page.text)
        self.assertIn("596.2", page.text)
        self.assertIn("État civil / Population", page.text)
        self.assertIn("08:30-12:00", page.text)
        # 596.2 is refused online: the form says why, nothing is stored.
        # A password account: at the desk (a town may ask an eID login for
        # download and post: Péruwelz does, see test_eid).
        response = self.order(
            "extrait-de-casier-judiciaire", {"model": "596.2", "purpose": "teaching"},
            delivery="counter",
        )
        self.assertIn("uniquement au guichet", response.text)
        transaction.begin()
        self.assertEqual(len(self.portal["eguichet-demandes"].objectIds()), 0)
        response = self.order(
            "extrait-de-casier-judiciaire", {"model": "595", "purpose": "employment"},
            delivery="counter",
        )
        reference = self.reference_of(response)
        self.agent_processes(reference, document=True)
        page = self.citizen_follows(reference)
        self.assertIn("document.pdf", page.text)
        download = self.app.get(
            f"{self.request_page(reference)}/@@eguichet-file/documents/0"
        )
        self.assertEqual(download.body, PDF)
        # Another citizen may not download it.
        self.app.reset()
        self.app.authorization = None
        response = self.app.get(
            f"{self.request_page(reference)}/@@eguichet-file/documents/0",
            status="*",
        )
        self.assertIn(response.status_int, (302, 401, 403, 404))
        self.assertNotEqual(response.body, PDF)

    def test_household_for_a_third_party_with_fee(self):
        self.as_user(CITIZEN)
        # Without the proxy: a clear French error, nothing stored.
        response = self.order(
            "composition-de-menage",
            {"concerned": "third_party", "purpose": "bank_loan"},
        )
        self.assertIn("procuration", response.text)
        response = self.order(
            "composition-de-menage",
            {"concerned": "third_party", "purpose": "bank_loan"},
            files={"proxy": "procuration.pdf"},
            national_number="85.07.30-033.29",
        )
        self.assertIn("registre national n'est pas valable", response.text)
        response = self.order(
            "composition-de-menage",
            {"concerned": "third_party", "purpose": "bank_loan"},
            files={"proxy": "procuration.pdf"},
            copies="2",
        )
        reference = self.reference_of(response)
        transaction.begin()
        request = self.portal["eguichet-demandes"][reference]
        form = self.portal["e-guichet"]["composition-de-menage"]
        expected = fee_for(form_config(form), {"purpose": "bank_loan", "copies": 2})
        self.assertGreater(expected, 0)  # a paying purpose in the profile
        self.assertEqual(request.fee, expected)
        self.assertRegex(
            request.structured_communication, r"^\+\+\+\d{3}/\d{4}/\d{5}\+\+\+$"
        )
        page = self.citizen_follows(reference)
        self.assertIn(request.structured_communication, page.text)
        self.assertIn(f"{expected:.2f}".replace(".", ","), page.text)
        # Delivered by download: ready with its document only.
        self.agent_processes(reference, document=True)
        self.as_user(AGENT)
        stats = self.app.get(f"{self.url}/eguichet-demandes/@@eguichet-statistics")
        self.assertIn("Composition de ménage", stats.text)
        self.assertIn('data-state="ready">1<', stats.text)
        self.assertIn('data-fee="unpaid">1<', stats.text)

    def test_birth_certificate_by_an_heir(self):
        self.as_user(CITIZEN)
        response = self.order(
            "acte-de-naissance",
            {
                "certificate_type": "full_copy",
                "relationship": "heir",
                "purpose": "administrative",
            },
        )
        self.assertIn("intérêt légitime", response.text)
        response = self.order(
            "acte-de-naissance",
            {
                "certificate_type": "full_copy",
                "relationship": "heir",
                "legitimate_interest": "inheritance",
                "purpose": "administrative",
            },
            files={"proof": "acte-de-deces.pdf"},
            concerned_person="Jean Dupont, né le 1er mars 1930",
        )
        reference = self.reference_of(response)
        self.agent_processes(reference, document=True)
        self.citizen_follows(reference)

    def test_rest_submission_applies_the_same_rules(self):
        self.as_user(CITIZEN)
        url = f"{self.url}/e-guichet/composition-de-menage/@eguichet-submit"
        data = {
            "first_name": "Marie",
            "last_name": "Dupont",
            "national_number": "85073003329",  # bad check digits
            "birth_date": "1985-07-30",
            "email": "marie.dupont@example.be",
            "phone": "069 12 34 56",
            "street": "Rue Neuve 1",
            "postal_code": "760",
            "city": "Péruwelz",
            "purpose": "school",
            "copies": 1,
            "delivery": "download",
            "concerned": "third_party",  # without the proxy
        }
        headers = {"Accept": "application/json"}
        response = self.app.post_json(url, data, headers=headers, status=400)
        errors = {e["field"]: e["message"] for e in response.json["error"]["errors"]}
        self.assertEqual(set(errors), {"national_number", "postal_code", "proxy"})
        self.assertIn("registre national", errors["national_number"])
        self.assertIn("procuration", errors["proxy"])
        transaction.begin()
        self.assertEqual(len(self.portal["eguichet-demandes"].objectIds()), 0)
        data.update(national_number="85073003328", postal_code="7600", concerned="self")
        response = self.app.post_json(url, data, headers=headers, status=201)
        self.assertEqual(response.json["review_state"], "submitted")
        transaction.begin()
        request = self.portal["eguichet-demandes"][response.json["reference"]]
        self.assertEqual(request.values["purpose"], "school")
        self.assertIsNone(request.fee)
