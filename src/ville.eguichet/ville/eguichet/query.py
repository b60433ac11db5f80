"""Catalog queries over requests, shared by the dashboard, the exports, the
citizen space and the REST listing. The catalog filters by the caller's
rights (View), and citizens are further restricted to their own requests."""

from BTrees.IIBTree import intersection
from plone import api
from ville.eguichet import dates
from ville.eguichet import engine

import re


REFERENCE = re.compile(r"^[A-Z]{1,10}-\d{8}-[0-9A-Z]{6}$")
SORTS = {
    "created": "created",
    "reference": "eguichet_reference",
    "review_state": "review_state",
}


def _date(value, end=False):
    """A day's first (or last) second in the town's zone: "from 2026-03-29"
    starts at midnight in the town, not at the server's (UTC) midnight."""
    day = dates.parse_day(value)
    if day is None:
        return None
    return dates.day_end(day) if end else dates.day_start(day)


def requested_states(review_state):
    """The states asked for (a list, or a comma-separated string), the
    unknown ones left out (none known: ``["-"]``, which matches nothing);
    None when no state is asked for."""
    if not review_state:
        return None
    if isinstance(review_state, str):
        review_state = [s for s in review_state.split(",") if s]
    return [s for s in review_state if s in engine.STATES] or ["-"]


def build_query(
    procedure=None,
    review_state=None,
    text=None,
    date_from=None,
    date_to=None,
    paid=None,
    identity_level=None,
    answered=None,
    payment_method=None,
    own_only=False,
    sort_on="created",
    sort_order="descending",
    sort_limit=None,
) -> dict:
    """A portal_catalog query. ``sort_on=None``: unsorted (counting);
    ``sort_limit``: only the first rows need sorting (one page), the length
    of the result stays the full count."""
    query = {"portal_type": engine.REQUEST_TYPE}
    if procedure:
        query["eguichet_procedure"] = procedure
    states = requested_states(review_state)
    if states:
        query["review_state"] = states
    if text and text.strip():
        text = text.strip()
        if REFERENCE.match(text.upper()):
            query["eguichet_reference"] = text.upper()
        else:
            from ville.eguichet.content import words

            found = words(text)
            if found:
                query["eguichet_names"] = {"query": found, "operator": "and"}
    start, end = _date(date_from), _date(date_to, end=True)
    if start and end:
        query["created"] = {"query": (start, end), "range": "min:max"}
    elif start:
        query["created"] = {"query": start, "range": "min"}
    elif end:
        query["created"] = {"query": end, "range": "max"}
    if paid in (True, False):
        query["eguichet_paid"] = paid
    elif paid in ("1", "true", "yes"):
        query["eguichet_paid"] = True
    elif paid in ("0", "false", "no"):
        query["eguichet_paid"] = False
    if identity_level in ("none", "password", "eid"):
        query["eguichet_identity_level"] = identity_level
    if answered in (True, "1", "true", "yes"):
        query["eguichet_answered"] = True
    if payment_method in ("online", "transfer"):
        query["eguichet_payment_method"] = payment_method
    if own_only:
        query["eguichet_requester"] = api.user.get_current().getId() or "-"
    if sort_on is None:
        return query
    query["sort_on"] = SORTS.get(sort_on, "created")
    query["sort_order"] = "ascending" if sort_order == "ascending" else "descending"
    if sort_limit:
        query["sort_limit"] = int(sort_limit)
    return query


def search_requests(**criteria):
    """Catalog brains of the requests matching ``criteria`` (see build_query)."""
    return api.portal.get_tool("portal_catalog")(**build_query(**criteria))


# Index keys walked at most before first_sorted leaves the sorting to the
# catalog: a filter that keeps few requests among many.
WALK_LIMIT = 2000


def first_sorted(catalog, rids, sort_on="created", sort_order="descending", limit=50):
    """The first ``limit`` record ids of ``rids`` (a set) in the order of
    ``sort_on``, or None when the catalog should sort them.

    The catalog's own sort with a limit looks every record of the result
    up in the sort index, in Python: at 100,000 requests, most of a
    dashboard page's time. The date index's values are walked here from
    the newest (or oldest) instead, each one's records kept if they are in
    ``rids``, until the page is full: what it costs follows the page, not
    the store. Records of the same minute come in the order the catalog's
    sort gives them (by record id, descending when the order is)."""
    if SORTS.get(sort_on, "created") != "created":
        return None
    tree = catalog._catalog.getIndex("created")._index
    if not len(rids) or not tree:
        return []
    reverse = sort_order != "ascending"
    found = []
    key = tree.maxKey() if reverse else tree.minKey()
    for _walked in range(WALK_LIMIT):
        docs = tree[key]
        if isinstance(docs, int):
            hits = [docs] if docs in rids else []
        elif len(docs) <= 64:
            hits = [doc for doc in docs if doc in rids]
        else:
            hits = list(intersection(rids, docs))
        if reverse:
            hits.reverse()
        found.extend(hits)
        if len(found) >= limit:
            return found[:limit]
        try:
            key = tree.maxKey(key - 1) if reverse else tree.minKey(key + 1)
        except ValueError:  # no more values
            return found
    return None
