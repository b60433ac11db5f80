"""The agents' back office on the store: filters, counts, paging, exports."""

from BTrees.IIBTree import intersection
from plone import api
from Products.Five.browser import BrowserView
from urllib.parse import urlencode
from ville.eguichet import engine
from ville.eguichet import figures
from ville.eguichet.browser import common
from ville.eguichet.browser import payment as payment_views
from ville.eguichet.browser.paths import hide_public_columns
from ville.eguichet.documents.fees import format_amount
from ville.eguichet.formaction import find_action
from ville.eguichet.identity import LEVEL_TITLES
from ville.eguichet.identity import LEVELS
from ville.eguichet.query import first_sorted
from ville.eguichet.query import requested_states
from ville.eguichet.query import search_requests
from zope.i18n import translate


FILTERS = ("procedure", "review_state", "q", "date_from", "date_to", "paid", "identity_level",
           "answered", "payment_method", "sort_on", "sort_order")


def criteria(form) -> dict:
    return {
        "procedure": form.get("procedure") or None,
        "review_state": form.get("review_state") or None,
        "text": form.get("q") or None,
        "date_from": form.get("date_from") or None,
        "date_to": form.get("date_to") or None,
        "paid": form.get("paid") or None,
        "identity_level": form.get("identity_level") or None,
        "answered": form.get("answered") or None,
        "payment_method": form.get("payment_method") or None,
        "sort_on": form.get("sort_on") or "created",
        "sort_order": form.get("sort_order") or "descending",
    }


def procedures():
    """(uid, title) of the forms with the action whose requests the current
    user may process: all of them for an agent of every procedure (or a
    manager), else those of the user's agent groups."""
    everything = engine.is_agent(api.portal.get())
    groups = set() if everything else set(api.user.get_current().getGroups())
    catalog = api.portal.get_tool("portal_catalog")
    result = []
    for brain in catalog.unrestrictedSearchResults(portal_type="EasyForm", sort_on="sortable_title"):
        try:
            form = brain._unrestrictedGetObject()
        except Exception:
            continue
        action = find_action(form)
        if action is None:
            continue
        if everything or (action.agent_group or "").strip() in groups:
            result.append((brain.UID, brain.Title))
    return result


class DashboardView(BrowserView):
    b_size = 50

    def __call__(self):
        hide_public_columns(self.request)
        return self.index()

    def query_string(self, **changes):
        params = {k: self.request.form.get(k) for k in FILTERS if self.request.form.get(k)}
        params.update({k: v for k, v in changes.items()})
        return urlencode({k: v for k, v in params.items() if v not in (None, "")})

    def batch(self):
        try:
            start = max(0, int(self.request.form.get("b_start", 0)))
        except ValueError:
            start = 0
        filters = criteria(self.request.form)
        catalog = api.portal.get_tool("portal_catalog")
        # One search for the counts and the page: the page's records are
        # the counted ones in the states asked for, the newest first read
        # from the date index (query.first_sorted), no request loaded.
        rids = self._rids()
        states = requested_states(filters["review_state"])
        if states:
            rids = intersection(rids, figures.docs(catalog, "review_state", states))
        order = first_sorted(catalog, rids, filters["sort_on"], filters["sort_order"],
                             start + self.b_size)
        if order is None:  # another order, or very few among many: the catalog sorts
            brains = search_requests(sort_limit=start + self.b_size, **filters)
            total = getattr(brains, "actual_result_count", None) or len(brains)
            page = brains[start:start + self.b_size]
        else:
            total = len(rids)
            page = [catalog._catalog[rid] for rid in order[start:start + self.b_size]]
        rows = []
        for brain in page:
            # The catalog's row (figures.py): no request loaded.
            row = brain.eguichet_row
            if not isinstance(row, dict):  # not reindexed since issue 21
                row = figures.row_of(brain.getObject())
            state = brain.review_state
            rows.append({
                "url": brain.getURL(),
                "reference": row["reference"],
                "procedure": row["procedure_title"],
                "requester": row["requester_name"],
                "submitted": common.format_date(row["submitted"]),
                "state": common.state_title(state, self.request, agent=True),
                "state_class": common.STATE_CLASSES.get(state, "secondary"),
                "answered": row["answered"],
                "fee": "" if row["fee"] is None else format_amount(row["fee"]),
                "paid": row["paid"],
                "payment": payment_views.method_title(figures.payment_of(row), self.request),
            })
        base = f"{self.context.absolute_url()}/@@eguichet-dashboard?"
        previous = base + self.query_string(b_start=max(0, start - self.b_size)) if start else None
        following = base + self.query_string(b_start=start + self.b_size) if start + self.b_size < total else None
        return {"rows": rows, "total": total, "start": start + 1 if total else 0,
                "end": min(total, start + self.b_size), "previous": previous, "next": following}

    def _rids(self):
        """The record ids of the requests the user may see with the filters
        but the state: one search for the counts and the page."""
        if getattr(self, "_found", None) is None:
            filters = criteria(self.request.form)
            filters.pop("review_state")
            filters["sort_on"] = None  # counting needs no sorting
            self._found = figures.as_set(figures.result_rids(search_requests(**filters)))
        return self._found

    def _counts(self):
        """({state: count}, answered count) of the requests the user may
        see with the filters but the state (figures.py)."""
        if getattr(self, "_counted", None) is None:
            states = requested_states(criteria(self.request.form)["review_state"])
            catalog = api.portal.get_tool("portal_catalog")
            self._counted = figures.state_counts(catalog, self._rids(), states)
        return self._counted

    def counts(self):
        counts = self._counts()[0]
        base = f"{self.context.absolute_url()}/@@eguichet-dashboard?"
        return [
            {"id": state, "title": common.state_title(state, self.request, agent=True),
             "count": counts.get(state, 0),
             "url": base + self.query_string(review_state=state, b_start=None),
             "class": common.STATE_CLASSES[state]}
            for state in engine.STATES
        ]

    def answered_count(self):
        """Requests the citizen answered and no agent handled since."""
        base = f"{self.context.absolute_url()}/@@eguichet-dashboard?"
        return {"count": self._counts()[1],
                "url": base + self.query_string(answered="1", b_start=None)}

    def procedures(self):
        return procedures()

    def identity_levels(self):
        return [
            {"id": level, "title": translate(LEVEL_TITLES[level], context=self.request)}
            for level in LEVELS
        ]

    def payment_filter(self):
        return payment_views.method_filter(self.request)

    def states(self):
        return [(s, common.state_title(s, self.request, agent=True)) for s in engine.STATES]

    def statistics_url(self):
        """The statistics page's address when there is one: looked up, not
        rendered (rendering it to test it counted every request)."""
        from zope.component import queryMultiAdapter

        if queryMultiAdapter((self.context, self.request), name="eguichet-statistics") is None:
            return None
        return f"{self.context.absolute_url()}/@@eguichet-statistics"

    def export_url(self, kind):
        return f"{self.context.absolute_url()}/@@eguichet-export?{self.query_string(format=kind)}"

    def sort_url(self, key):
        current = self.request.form.get("sort_on", "created")
        order = self.request.form.get("sort_order", "descending")
        new_order = "ascending" if current == key and order == "descending" else "descending"
        return (f"{self.context.absolute_url()}/@@eguichet-dashboard?"
                f"{self.query_string(sort_on=key, sort_order=new_order, b_start=None)}")
