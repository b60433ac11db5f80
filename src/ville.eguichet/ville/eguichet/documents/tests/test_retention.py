"""GDPR retention: anonymisation after the delay, deletion of casier
extracts 6 months after they are ready, dry run, idempotence."""

from datetime import datetime
from datetime import timedelta
from datetime import timezone
from plone import api
from plone.app.testing import login
from plone.namedfile.interfaces import INamed
from ville.eguichet.documents import retention
from ville.eguichet.documents.config import set_site_config
from ville.eguichet.documents.config import site_config
from ville.eguichet.documents.retention_cli import report
from ville.eguichet.documents.tests import base
from ville.eguichet.documents.testing import DOCUMENTS_INTEGRATION_TESTING

import io
import unittest


NOW = datetime(2026, 11, 29, 10, 0, tzinfo=timezone.utc)
PERSONAL = (
    "Marie",
    "Dupont",
    "85073003328",
    "85.07.30",
    "1985-07-30",
    "Rue des Secrets",
    "marie.dupont@example.be",
    "069 12 34 56",
    "Texte libre",
    "Péruwelz",
    "procuration.pdf",
    "SECRET-PROXY",
    "citizen1",
    "Citizen1",
    "motif personnel",
)


def strings_in(value, seen=None):
    """Every string reachable from ``value`` (dicts, lists, objects)."""
    seen = seen if seen is not None else set()
    if id(value) in seen:
        return
    seen.add(id(value))
    if isinstance(value, bytes):
        yield value.decode("utf-8", "replace")
    elif isinstance(value, str):
        yield value
    elif isinstance(value, dict) or hasattr(value, "items"):
        for key, item in value.items():
            yield from strings_in(key, seen)
            yield from strings_in(item, seen)
    elif isinstance(value, (list, tuple, set, frozenset)):
        for item in value:
            yield from strings_in(item, seen)
    elif isinstance(value, datetime):
        return
    elif INamed.providedBy(value):
        yield value.filename or ""
        yield value.data.decode("utf-8", "replace")


def personal_left(request):
    """The personal strings still found on the object."""
    from Acquisition import aq_base

    texts = list(strings_in(dict(aq_base(request).__dict__)))
    return sorted({token for token in PERSONAL for text in texts if token in text})


class TestRetention(unittest.TestCase):
    layer = DOCUMENTS_INTEGRATION_TESTING

    def setUp(self):
        self.portal = self.layer["portal"]
        self.citizen = base.Citizen(self.portal, self.layer["request"])

    def rejected_third_party_request(self, days_ago):
        request, errors = self.citizen.household(
            concerned="third_party",
            purpose="bank_loan",
            proxy=base.pdf("procuration.pdf", base.PDF + b"SECRET-PROXY"),
        )
        self.assertEqual(errors, {})
        login(self.portal, base.AGENT)
        api.content.transition(
            obj=request, transition="reject", comment="Refus : motif personnel de Marie"
        )
        dates = dict(request.state_dates)
        dates["rejected"] = NOW - timedelta(days=days_ago)
        request.state_dates = dates
        return request

    def test_anonymises_everything_personal_keeps_statistics(self):
        request = self.rejected_third_party_request(days_ago=31)
        proxy = request.values["proxy"]
        self.assertTrue(personal_left(request))  # the check sees them before
        reference, fee = request.reference, request.fee
        procedure, dates = request.procedure_uid, dict(request.state_dates)

        done = retention.run(self.portal, now=NOW)

        self.assertEqual(
            [(a.reference, a.action) for a in done], [(reference, "anonymise")]
        )
        self.assertEqual(personal_left(request), [])
        self.assertEqual(proxy.data, b"")  # the blob itself is emptied
        self.assertFalse(any(INamed.providedBy(v) for v in request.values.values()))
        for entry in request.workflow_history["eguichet_request_workflow"]:
            self.assertEqual(entry.get("comments", ""), "")
        # Kept for statistics.
        self.assertEqual(request.reference, reference)
        self.assertEqual(request.fee, fee)
        self.assertEqual(request.procedure_uid, procedure)
        self.assertEqual(request.state_dates, dates)
        self.assertEqual(request.values["purpose"], "bank_loan")
        self.assertEqual(api.content.get_state(request), "rejected")
        self.assertIsNotNone(request.anonymised)

    def test_anonymised_request_still_opens_for_agents(self):
        request = self.rejected_third_party_request(days_ago=31)
        retention.run(self.portal, now=NOW)
        login(self.portal, base.AGENT)
        html = request.restrictedTraverse("@@view")()
        self.assertIn('class="eguichet-request"', html)  # the agent's page
        self.assertIn(request.reference, html)
        for token in ("Dupont", "85.07.30", "Rue des Secrets", "motif personnel"):
            self.assertNotIn(token, html)

    def catalog_texts(self, request):
        """Metadata and index data of the request's catalog entry."""
        catalog = api.portal.get_tool("portal_catalog")
        [brain] = catalog.unrestrictedSearchResults(UID=api.content.get_uuid(request))
        metadata = " ".join(str(brain[name]) for name in brain.__record_schema__)
        indexes = str(catalog.getIndexDataForRID(brain.getRID()))
        return (metadata + " " + indexes).lower()

    def test_catalog_keeps_nothing_personal(self):
        request = self.rejected_third_party_request(days_ago=31)
        catalog = api.portal.get_tool("portal_catalog")
        self.assertIn("citizen1", self.catalog_texts(request))
        self.assertIn("dupont", self.catalog_texts(request))
        retention.run(self.portal, now=NOW)
        self.assertFalse(catalog.unrestrictedSearchResults(SearchableText="Dupont"))
        self.assertFalse(catalog.unrestrictedSearchResults(SearchableText="marie"))
        texts = self.catalog_texts(request)
        for token in PERSONAL:
            self.assertNotIn(token.lower(), texts)
        self.assertEqual(
            len(
                catalog.unrestrictedSearchResults(eguichet_reference=request.reference)
            ),
            1,
        )

    def test_delays_from_the_profile(self):
        third_party = self.rejected_third_party_request(days_ago=29)
        request, errors = self.citizen.household()  # about oneself
        login(self.portal, base.AGENT)
        api.content.transition(obj=request, transition="reject", comment="Non")
        request.state_dates = dict(
            request.state_dates, rejected=NOW - timedelta(days=99)
        )
        self.assertEqual(retention.run(self.portal, now=NOW), [])
        in_progress, errors = self.citizen.household()
        in_progress.state_dates = dict(
            in_progress.state_dates, submitted=NOW - timedelta(days=1000)
        )
        done = retention.run(self.portal, now=NOW + timedelta(days=1))
        self.assertEqual(
            sorted(a.reference for a in done),
            sorted([third_party.reference, request.reference]),
        )  # 30 days for a third party, 100 for oneself; never while open

    def test_dry_run_lists_and_writes_nothing_then_idempotent(self):
        request = self.rejected_third_party_request(days_ago=40)
        planned = retention.run(self.portal, now=NOW, dry_run=True)
        self.assertEqual([a.action for a in planned], ["anonymise"])
        self.assertIn("Dupont", request.requester_name + request.values["last_name"])
        self.assertIsNone(getattr(request, "anonymised", None))
        out = io.StringIO()
        report(planned, dry_run=True, out=out)
        self.assertIn(f"would\t{request.reference}\tanonymise", out.getvalue())
        self.assertIn("1 action(s) to do (dry run, nothing written)", out.getvalue())

        self.assertEqual(len(retention.run(self.portal, now=NOW)), 1)
        self.assertEqual(retention.run(self.portal, now=NOW), [])
        self.assertEqual(retention.run(self.portal, now=NOW, dry_run=True), [])


class TestCriminalRecordDeletion(unittest.TestCase):
    layer = DOCUMENTS_INTEGRATION_TESTING

    def setUp(self):
        self.portal = self.layer["portal"]
        self.citizen = base.Citizen(self.portal, self.layer["request"])

    def ready_casier(self, ready_at):
        request, errors = self.citizen.casier()
        self.citizen.make_ready(request, base.pdf("extrait.pdf", base.PDF + b"EXTRAIT"))
        request.state_dates = dict(request.state_dates, ready=ready_at)
        return request

    def test_deleted_six_months_after_ready(self):
        ready_at = datetime(2026, 5, 29, 9, 0, tzinfo=timezone.utc)
        request = self.ready_casier(ready_at)
        document = request.documents[0]
        # Anonymisation comes much later here: only the deletion is due.
        config = site_config(self.portal)
        config["retention"] = {"days": 3650, "third_party_days": 3650}
        set_site_config(self.portal, config)
        # One minute before the six months: kept.
        before = datetime(2026, 11, 29, 8, 59, tzinfo=timezone.utc)
        self.assertIsNone(retention.casier_document_due(request, before))
        planned = retention.run(self.portal, now=before, requests=[request])
        self.assertEqual(planned, [])
        # Six months after: listed by the dry run, then deleted.
        after = datetime(2026, 11, 29, 9, 0, tzinfo=timezone.utc)
        planned = retention.run(
            self.portal, now=after, dry_run=True, requests=[request]
        )
        self.assertEqual([a.action for a in planned], ["delete_document"])
        self.assertEqual(len(request.documents), 1)
        done = retention.run(self.portal, now=after, requests=[request])
        self.assertEqual([a.action for a in done], ["delete_document"])
        self.assertEqual(request.documents, [])
        self.assertEqual(document.data, b"")
        self.assertEqual(request.history[-1]["action"], "delete_document")
        self.assertIn("supprimé 6 mois", request.history[-1]["comment"])
        self.assertEqual(request.documents_deleted, after)
        # The request itself stays (ready, not yet anonymised) and the job
        # does nothing more the next time.
        self.assertEqual(api.content.get_state(request), "ready")
        self.assertEqual(retention.run(self.portal, now=after, requests=[request]), [])

    def test_other_documents_are_not_deleted(self):
        request, errors = self.citizen.household()
        self.citizen.make_ready(request, base.pdf("composition.pdf"))
        request.state_dates = dict(request.state_dates, ready=NOW - timedelta(days=190))
        self.assertIsNone(retention.casier_document_due(request, NOW))

    def test_add_months(self):
        self.assertEqual(
            retention.add_months(datetime(2026, 8, 31, tzinfo=timezone.utc), 6),
            datetime(2027, 2, 28, tzinfo=timezone.utc),
        )
