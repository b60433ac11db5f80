"""Transfers marked paid from an imported bank statement: the matching and
its edge cases, idempotency, who may import, the agents' page and the REST
service (through the WSGI publisher)."""

from decimal import Decimal
from plone import api
from plone.app.testing import login
from plone.app.testing import logout
from ville.eguichet import bankmatch
from ville.eguichet import engine
from ville.eguichet.bankstatement import BankFileError
from ville.eguichet.documents.testing import DOCUMENTS_FUNCTIONAL_TESTING
from ville.eguichet.documents.testing import DOCUMENTS_INTEGRATION_TESTING
from ville.eguichet.documents.testing import webtest_app
from ville.eguichet.documents.tests import base
from ville.eguichet.documents.tests.bankfiles import coda
from ville.eguichet.documents.tests.bankfiles import Transfer
from ville.eguichet.tests import base as engine_base

import base64
import transaction
import unittest


def digits(request):
    return request.structured_communication.strip("+").replace("/", "")


class TestMatching(unittest.TestCase):
    layer = DOCUMENTS_INTEGRATION_TESTING

    def setUp(self):
        self.portal = self.layer["portal"]
        self.citizen = base.Citizen(self.portal, self.layer["request"])
        # Fees of the test profile: 2.50, 4.50, 6.00.
        self.requests = [
            self.citizen.household(purpose="bank_loan")[0],
            self.citizen.casier(purpose="other")[0],
            self.citizen.birth(purpose="abroad")[0],
            self.citizen.household(purpose="insurance")[0],
            self.citizen.household(purpose="other")[0],
        ]
        login(self.portal, base.AGENT)

    def test_edge_cases(self):
        paid_before, wrong_amount, free_text, by_agent, rejected = self.requests
        engine.mark_paid(by_agent)
        api.content.transition(obj=rejected, transition="reject", comment="Non")
        data = coda([
            Transfer(Decimal("2.50"), digits(paid_before)),
            Transfer(Decimal("4.00"), digits(wrong_amount)),
            Transfer(Decimal("6.00"), f"Acte {free_text.structured_communication}",
                     structured=False),
            Transfer(Decimal("2.50"), digits(by_agent)),
            Transfer(Decimal("2.50"), digits(rejected)),
            Transfer(Decimal("5.00"), "090933755493"),  # nobody's
            Transfer(Decimal("5.00"), "090933755494"),  # check digits wrong
            Transfer(Decimal("2.50"), digits(paid_before)),  # paid twice
            Transfer(Decimal("9.00"), "Cotisation", structured=False),
            Transfer(Decimal("-80.00"), "Facture", structured=False),
        ])
        result = bankmatch.import_statement(data)
        self.assertEqual(result.debits, 1)
        self.assertEqual([o.request for o in result.matched], [paid_before])
        self.assertEqual(
            [(o.reason, o.request) for o in result.unmatched],
            [("amount_mismatch", wrong_amount), ("free_text_hint", None),
             ("already_paid", by_agent), ("closed", rejected), ("unknown", None),
             ("invalid_checksum", None), ("already_paid", paid_before),
             ("free_text", None)],
        )
        self.assertEqual(result.unmatched[0].mapping, {"amount": "4,00 €", "fee": "4,50 €"})
        self.assertIn(free_text.structured_communication,
                      result.unmatched[1].mapping["communications"])
        self.assertTrue(paid_before.paid)
        for request in (wrong_amount, free_text, rejected):
            self.assertFalse(request.paid)
        # Through the agents' "mark paid", with the source and the movement.
        entry = paid_before.history[-1]
        self.assertEqual(entry["action"], "mark_paid")
        self.assertEqual(entry["actor"], base.AGENT)
        self.assertFalse(entry["public"])
        self.assertIn("relevé bancaire", entry["comment"])
        self.assertIn(paid_before.payment_bank_reference, entry["comment"])
        self.assertEqual(paid_before.payment_source, "bank_statement")
        self.assertEqual(by_agent.payment_source, "agent")
        self.assertIn("un agent", by_agent.history[-1]["comment"])
        self.assertEqual(
            api.portal.get_tool("portal_catalog").unrestrictedSearchResults(
                eguichet_paid=True, UID=paid_before.UID())[0].getObject(), paid_before)

    def test_the_same_statement_twice_marks_nothing_twice(self):
        first, second = self.requests[:2]
        data = coda([Transfer(Decimal("2.50"), digits(first)),
                     Transfer(Decimal("4.50"), digits(second))])
        self.assertEqual(len(bankmatch.import_statement(data).matched), 2)
        history, paid_date = list(first.history), first.paid_date
        again = bankmatch.import_statement(data)
        self.assertEqual(again.matched, [])
        self.assertEqual([o.reason for o in again.unmatched], ["already_imported"] * 2)
        self.assertEqual(again.unmatched[0].mapping, {"reference": first.reference})
        self.assertEqual((first.history, first.paid_date), (history, paid_date))
        # Even after an agent withdrew the payment by mistake: the movement
        # was used once.
        engine.mark_paid(first, False)
        self.assertEqual(bankmatch.import_statement(data).matched, [])
        self.assertFalse(first.paid)

    def test_agents_of_one_procedure_and_free_requests(self):
        request = self.requests[0]
        store = engine.get_store()
        with api.env.adopt_roles(["Manager"]):
            api.user.create(username="agent-casier", email="c@example.org",
                            password=engine_base.PASSWORD)
        # An agent of another procedure: agent on the store, not on this request.
        store.manage_setLocalRoles("agent-casier", [engine.AGENT_ROLE])
        login(self.portal, "agent-casier")
        data = coda([Transfer(Decimal("2.50"), digits(request))])
        outcome, = bankmatch.import_statement(data).unmatched
        self.assertEqual((outcome.reason, outcome.request), ("not_allowed", None))
        self.assertFalse(request.paid)
        login(self.portal, base.AGENT)
        request.fee = None
        self.assertEqual(bankmatch.import_statement(data).unmatched[0].reason, "no_fee")

    def test_a_csv_export_and_the_caching_rules(self):
        first, second = self.requests[:2]
        data = (
            "Numéro de séquence;Date d'exécution;Montant;Devise du compte;"
            "Nom de la contrepartie;Communication\r\n"
            f"2026-00001;27/11/2026;2,50;EUR;DUPONT;{first.structured_communication}\r\n"
            f"2026-00002;27/11/2026;4,50;USD;MARTIN;{second.structured_communication}\r\n"
        ).encode("cp1252")
        result = bankmatch.import_statement(data)
        self.assertEqual(result.format, "csv")
        self.assertEqual([o.request for o in result.matched], [first])
        self.assertEqual(first.payment_bank_reference, "2026-00001")
        self.assertEqual([o.reason for o in result.unmatched], ["currency"])
        # The page and the service are stored by no cache.
        from z3c.caching.registry import lookup
        from ville.eguichet.services.bankimport import BankImportPost
        from zope.component import getMultiAdapter
        from zope.interface import alsoProvides
        from ville.eguichet.interfaces import IBrowserLayer

        http_request = self.layer["request"]
        alsoProvides(http_request, IBrowserLayer)
        store = engine.get_store()
        view = getMultiAdapter((store, http_request), name="eguichet-bank-import")
        self.assertEqual(lookup(view), "ville.eguichet.private")
        service = BankImportPost()
        self.assertEqual(lookup(service), "ville.eguichet.private")

    def test_a_broken_file_raises_before_anything(self):
        good = coda([Transfer(Decimal("2.50"), digits(self.requests[0]))])
        with self.assertRaises(BankFileError):
            bankmatch.import_statement(good[:-140])
        self.assertFalse(self.requests[0].paid)
        self.assertIsNone(bankmatch.imported_movements(create=False))


class TestBankImportThroughTheWeb(unittest.TestCase):
    layer = DOCUMENTS_FUNCTIONAL_TESTING

    def setUp(self):
        self.portal = self.layer["portal"]
        citizen = base.Citizen(self.portal, self.layer["request"])
        self.request = citizen.household(purpose="bank_loan")[0]
        self.other = citizen.casier(purpose="other")[0]
        logout()
        transaction.commit()
        self.store_url = engine.get_store(self.portal).absolute_url()
        self.app = webtest_app(self.layer)

    def as_user(self, user):
        self.app.reset()
        if user:
            self.app.authorization = ("Basic", (user, engine_base.PASSWORD))

    def statement(self):
        return coda([
            Transfer(Decimal("2.50"), digits(self.request), name="DUPONT MARIE"),
            Transfer(Decimal("5.00"), digits(self.other)),
        ])

    def test_the_agents_page(self):
        self.as_user(base.AGENT)
        dashboard = self.app.get(f"{self.store_url}/@@eguichet-dashboard")
        page = dashboard.click(href="@@eguichet-bank-import")
        self.assertIn("Importer un relevé bancaire", page.text)
        form = next(f for f in page.forms.values() if "file" in f.fields)
        form["file"] = ("releve.cod", self.statement())
        result = form.submit()
        self.assertEqual(result.status_int, 200)
        self.assertIn(f'/eguichet-demandes/{self.request.reference}"', result.text)
        self.assertIn("5,00 €", result.text)
        self.assertIn("Montant 5,00 € alors que les frais sont de 4,50 €", result.text)
        self.assertIn("DUPONT MARIE", result.text)
        self.assertTrue(self.request.paid)
        self.assertFalse(self.other.paid)
        # Again: nothing marked twice.
        again = form.submit()
        self.assertIn("Mouvement déjà importé", again.text)
        self.assertEqual(
            [e["action"] for e in self.request.history].count("mark_paid"), 1)
        # A broken file: a French message with the line, nothing kept.
        broken = self.statement().replace(b"\r\n21", b"\r\n2X", 1)
        form["file"] = ("releve.cod", broken)
        error = form.submit(status=400)
        self.assertIn("été importé", error.text)
        self.assertIn("Ligne 3", error.text)

    def test_the_agents_button_records_its_source(self):
        self.as_user(base.AGENT)
        page = self.app.get(self.request.absolute_url())
        page.forms[next(k for k, f in page.forms.items()
                        if "mark-paid" in (f.action or ""))].submit()
        page = self.app.get(self.request.absolute_url())
        self.assertIn("Paiement enregistré", page.text)
        self.assertIn("Source : un agent.", page.text)

    def test_who_may_import(self):
        data = base64.b64encode(self.statement()).decode()
        for user in (None, base.CITIZEN, engine_base.EDITOR):
            self.as_user(user)
            page = self.app.get(f"{self.store_url}/@@eguichet-bank-import",
                                expect_errors=True)
            self.assertIn(page.status_int, (302, 401, 403), user)
            self.assertNotIn("eguichet-bank-file", page.text, user)
            response = self.app.post_json(
                f"{self.store_url}/@eguichet-bank-import", {"data": data},
                headers={"Accept": "application/json"}, expect_errors=True)
            self.assertIn(response.status_int, (401, 403), user)
        self.assertFalse(self.request.paid)
        # An agent over REST, then a broken body.
        self.as_user(base.AGENT)
        response = self.app.post_json(
            f"{self.store_url}/@eguichet-bank-import", {"data": data},
            headers={"Accept": "application/json"})
        self.assertEqual(response.json["format"], "coda")
        self.assertEqual([r["reference"] for r in response.json["matched"]],
                         [self.request.reference])
        self.assertEqual([r["reason"] for r in response.json["unmatched"]],
                         ["amount_mismatch"])
        self.assertTrue(self.request.paid)
        response = self.app.post_json(
            f"{self.store_url}/@eguichet-bank-import", {"data": "pas du base64!"},
            headers={"Accept": "application/json"}, status=400)
        self.assertIn("base64", response.json["error"]["message"])
