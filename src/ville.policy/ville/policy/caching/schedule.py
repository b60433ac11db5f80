"""The ``villeSchedule`` ETag component: the last date boundary passed.

Cached pages (in Zope's RAM cache and the proxy) are keyed on the catalog
counter, which only moves when content is edited. But what an anonymous page
shows also changes with the clock, with no edit at all: a scheduled news item
appears on its publication date, an expired one disappears, an alert starts
or ends, a roadwork becomes ongoing. This component is the latest of those
dates (publication, expiry, start, end) that is already past, so the cache key
changes at each of them. It is recomputed only when the catalog changes or
the next boundary is reached.
"""

from DateTime import DateTime
from plone.app.caching.interfaces import IETagValue
from Products.CMFCore.utils import getToolByName
from zope.component import adapter
from zope.component.hooks import getSite
from zope.interface import implementer
from zope.interface import Interface

import threading


INDEXES = ("effective", "expires", "start", "end")

_lock = threading.Lock()
_memo = {}  # (catalog path, counter, its commit serial) -> (next boundary, value)


def _edge(catalog, index, now, past):
    """The latest date of ``index`` at or before ``now`` (past) or the
    earliest after it (future), as a DateTime, or None."""
    if index not in catalog.indexes():
        return None
    brains = catalog.unrestrictedSearchResults(
        **{index: {"query": now, "range": "max" if past else "min"}},
        sort_on=index,
        sort_order="reverse" if past else "ascending",
        sort_limit=50,
    )
    # Date indexes keep minutes: the first few may be on the other side of
    # ``now`` within the same minute (the metadata holds the exact date).
    for brain in brains[:50]:
        value = getattr(brain, index, None)
        if isinstance(value, DateTime) and (value <= now if past else value > now):
            return value
    return None


def schedule_boundaries(catalog, now):
    """(last boundary passed, next boundary to come) over the date indexes."""
    past = [d for d in (_edge(catalog, i, now, True) for i in INDEXES) if d]
    future = [d for d in (_edge(catalog, i, now, False) for i in INDEXES) if d]
    past = [d for d in past if d <= now]
    future = [d for d in future if d > now]
    return (max(past) if past else None), (min(future) if future else None)


def _memo_key(catalog):
    """Identifies a committed state of the catalog, or None while the
    current transaction has changed it (such a state may still be aborted,
    and its counter value reused by another transaction)."""
    counter = catalog.getCounter()
    length = getattr(catalog, "_counter", None)
    if length is None or getattr(length, "_p_changed", False):
        return None
    return ("/".join(catalog.getPhysicalPath()), counter, getattr(length, "_p_serial", None))


def _schedule(catalog, now):
    """(next boundary, cache-key value) for ``now``.

    The boundaries are searched once per committed catalog state and reused
    until the next boundary is reached: the searches cover every catalogued
    item, e-guichet requests included, and must not run on every page."""
    key = _memo_key(catalog)
    with _lock:
        memo = _memo.get(key) if key else None
    if memo and (memo[0] is None or now < memo[0]):
        return memo
    last, upcoming = schedule_boundaries(catalog, now)
    value = str(int(last.timeTime())) if last is not None else "0"
    if key:
        with _lock:
            if len(_memo) > 100:  # one live entry per site: drop stale ones
                _memo.clear()
            _memo[key] = (upcoming, value)
    return upcoming, value


def schedule_value(catalog, now=None) -> str:
    """The cache-key component for ``now`` (default: the current time)."""
    return _schedule(catalog, now or DateTime())[1]


def next_boundary(catalog, now=None):
    """The next publication, expiry, start or end date of the site after
    ``now``, as a DateTime, or None (same memo as ``schedule_value``)."""
    return _schedule(catalog, now or DateTime())[0]


@implementer(IETagValue)
@adapter(Interface, Interface)
class ScheduleETag:
    def __init__(self, published, request):
        self.published = published
        self.request = request

    def __call__(self):
        site = getSite()
        catalog = getToolByName(site, "portal_catalog", None) if site else None
        if catalog is None:
            return None
        return schedule_value(catalog)
