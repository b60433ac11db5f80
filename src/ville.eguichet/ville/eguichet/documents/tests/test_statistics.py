"""Statistics for agents on a known data set, and who may see them."""

from datetime import datetime
from datetime import timedelta
from datetime import timezone
from decimal import Decimal
from plone.app.testing import login
from types import SimpleNamespace
from ville.eguichet.documents import statistics
from ville.eguichet.documents.tests import base
from ville.eguichet.documents.testing import DOCUMENTS_INTEGRATION_TESTING
from zExceptions import Unauthorized

import unittest


def utc(*args):
    return datetime(*args, tzinfo=timezone.utc)


def request(procedure, submitted, state, ready_after_days=None, fee=None, paid=False):
    dates = {"submitted": submitted}
    if ready_after_days is not None:
        dates["ready"] = submitted + timedelta(days=ready_after_days)
    return SimpleNamespace(
        procedure_title=procedure,
        submitted=submitted,
        state_dates=dates,
        fee=fee,
        paid=paid,
        state=state,
    )


DATA = [
    request("Casier", utc(2026, 9, 3), "closed", 1, Decimal("5.00"), paid=True),
    request("Casier", utc(2026, 9, 20), "ready", 3),
    request("Casier", utc(2026, 10, 1), "submitted", None, Decimal("5.00")),
    request("Ménage", utc(2026, 10, 2), "ready", 2, Decimal("3.00")),
    request("Ménage", utc(2026, 10, 5), "ready", 6, Decimal("3.00"), paid=True),
    request("Ménage", utc(2026, 11, 7), "rejected"),
    request("Naissance", utc(2026, 11, 8, 12), "closed", 0.5),
]


class TestCompute(unittest.TestCase):
    def setUp(self):
        self.result = statistics.compute(DATA, lambda r: r.state)

    def test_per_procedure_and_month(self):
        self.assertEqual(self.result["total"], 7)
        self.assertEqual(self.result["months"], ["2026-09", "2026-10", "2026-11"])
        self.assertEqual(
            self.result["per_procedure_month"],
            {
                "Casier": {"2026-09": 2, "2026-10": 1},
                "Ménage": {"2026-10": 2, "2026-11": 1},
                "Naissance": {"2026-11": 1},
            },
        )

    def test_processing_time_submitted_to_ready(self):
        processing = self.result["processing"]
        self.assertEqual(
            processing["Casier"], {"count": 2, "mean_days": 2.0, "median_days": 2.0}
        )
        self.assertEqual(
            processing["Ménage"], {"count": 2, "mean_days": 4.0, "median_days": 4.0}
        )
        # All: 1, 3, 2, 6, 0.5 -> mean 2.5, median 2.
        self.assertEqual(
            processing[""], {"count": 5, "mean_days": 2.5, "median_days": 2.0}
        )

    def test_counts_per_state_and_fee_status(self):
        self.assertEqual(
            self.result["per_state"],
            {"closed": 2, "ready": 3, "submitted": 1, "rejected": 1},
        )
        self.assertEqual(
            self.result["per_fee_status"], {"free": 3, "unpaid": 2, "paid": 2}
        )

    def test_months_in_the_site_time_zone(self):
        from zoneinfo import ZoneInfo

        late = [request("Casier", utc(2026, 9, 30, 22, 30), "submitted")]
        self.assertEqual(
            statistics.compute(late, lambda r: r.state)["months"], ["2026-09"]
        )
        brussels = statistics.compute(
            late, lambda r: r.state, tz=ZoneInfo("Europe/Brussels")
        )
        self.assertEqual(brussels["months"], ["2026-10"])  # 00:30 on 1 October

    def test_mean_and_median_of_counted_values(self):
        """The catalog gives each distinct processing time once with its
        count: the same figures as the list of every request's."""
        from statistics import mean
        from statistics import median

        for values in ([1.0], [2.0, 2.0, 5.0], [0.5, 3.0, 3.0, 3.0, 7.25, 9.0],
                       [4.0, 1.0, 1.0, 2.0]):
            counted = {}
            for value in values:
                counted[value] = counted.get(value, 0) + 1
            found = statistics._mean_median(counted)
            self.assertAlmostEqual(found[0], mean(values))
            self.assertEqual(found[1], median(values), values)

    def test_empty(self):
        result = statistics.compute([], lambda r: "")
        self.assertEqual(result["total"], 0)
        self.assertEqual(result["processing"], {})


class TestView(unittest.TestCase):
    layer = DOCUMENTS_INTEGRATION_TESTING

    def setUp(self):
        self.portal = self.layer["portal"]
        self.citizen = base.Citizen(self.portal, self.layer["request"])
        self.store = self.portal["eguichet-demandes"]

    def test_agent_sees_the_figures(self):
        casier, errors = self.citizen.casier()
        household, errors = self.citizen.household(purpose="bank_loan")
        self.citizen.make_ready(casier)
        login(self.portal, base.AGENT)
        html = self.store.restrictedTraverse("@@eguichet-statistics")()
        self.assertIn("Statistiques de l'e-guichet", html)
        self.assertIn("Extrait de casier judiciaire", html)
        self.assertIn("Composition de ménage", html)
        self.assertIn('data-state="ready">1<', html)
        self.assertIn('data-state="submitted">1<', html)
        self.assertIn('data-fee="unpaid">1<', html)
        self.assertIn('data-fee="free">1<', html)

    def test_citizen_refused(self):
        login(self.portal, base.CITIZEN)
        with self.assertRaises(Unauthorized):
            self.store.restrictedTraverse("@@eguichet-statistics")
