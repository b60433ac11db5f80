"""``@@eguichet-statistics``: figures for the agents, on the request store."""

from plone import api
from Products.Five.browser import BrowserView
from ville.eguichet import _
from ville.eguichet import dates
from ville.eguichet import figures
from ville.eguichet.documents import statistics
from ville.eguichet.query import search_requests


STATE_LABELS = {
    "submitted": _("stat_submitted", default="Submitted"),
    "in_progress": _("stat_in_progress", default="In progress"),
    "awaiting_citizen": _("stat_awaiting_citizen", default="Awaiting the citizen"),
    "ready": _("stat_ready", default="Ready"),
    "closed": _("stat_closed", default="Closed"),
    "rejected": _("stat_rejected", default="Rejected"),
    "cancelled": _("stat_cancelled", default="Cancelled"),
}
FEE_LABELS = {
    "free": _("stat_free", default="Free"),
    "unpaid": _("stat_unpaid", default="To be paid"),
    "paid": _("stat_paid", default="Paid"),
}


def site_timezone():
    """Months are the town's (Europe/Brussels unless the portal says otherwise)."""
    return dates.local_zone()


class StatisticsView(BrowserView):
    """Counts and processing times over the requests the user may process."""

    def update(self):
        # The catalog keeps to the requests the agent may process: an agent
        # of one procedure sees its figures only. Counted from the indexes
        # (ville.eguichet.figures), no request loaded.
        catalog = api.portal.get_tool("portal_catalog")
        rids = figures.result_rids(search_requests(sort_on=None))
        self.data = statistics.summarise(*figures.statistics_parts(catalog, rids))

    def __call__(self):
        self.update()
        return self.index()

    def state_rows(self):
        return [
            {"id": state, "label": label, "count": self.data["per_state"].get(state, 0)}
            for state, label in STATE_LABELS.items()
        ]

    def fee_rows(self):
        return [
            {"id": status, "label": label, "count": self.data["per_fee_status"][status]}
            for status, label in FEE_LABELS.items()
        ]

    def procedure_rows(self):
        rows = []
        for procedure, counts in self.data["per_procedure_month"].items():
            processing = self.data["processing"].get(procedure, {})
            rows.append(
                {
                    "procedure": procedure,
                    "months": [counts.get(month, 0) for month in self.data["months"]],
                    "total": sum(counts.values()),
                    "mean": self.days(processing.get("mean_days")),
                    "median": self.days(processing.get("median_days")),
                    "ready": processing.get("count", 0),
                }
            )
        return rows

    def overall(self):
        processing = self.data["processing"].get("", {})
        return {
            "mean": self.days(processing.get("mean_days")),
            "median": self.days(processing.get("median_days")),
            "ready": processing.get("count", 0),
        }

    @staticmethod
    def days(value):
        return "–" if value is None else f"{value:.1f}".replace(".", ",")
