"""What the back office counts and lists, kept in the catalog (issue 21).

The dashboard's counts, the statistics and the exports read the catalog's
indexes and metadata, never the requests themselves: at 100,000 requests,
loading each object is what made them slow and memory-hungry.

- index ``eguichet_stats``: ``procedure title<TAB>YYYY-MM<TAB>fee status``
  (the month in the town's zone), reindexed when the payment changes;
- index ``eguichet_processing``: days from submission to ready (fractional),
  set when the request becomes ready;
- metadata ``eguichet_row``: what a dashboard row and an export line show
  (national numbers masked, files by name), reindexed with the request.

Counting walks the record ids of the caller's query (what the agent may
see, with the filters) once, looking each one up in the indexes' forward
maps: C-level lookups, no object loaded.
"""

from Acquisition import aq_base
from collections import Counter
from datetime import timezone
from decimal import Decimal
from plone.indexer import indexer
from plone.indexer.interfaces import IIndexableObject
from plone.indexer.interfaces import IIndexer
from plone.indexer.wrapper import IndexableObjectWrapper
from plone.namedfile.interfaces import INamed
from Products.ZCatalog.interfaces import IZCatalog
from ville.eguichet.interfaces import IEGuichetRequest
from zope.component import adapter
from zope.component import getSiteManager
from zope.interface import implementer
from zope.interface import providedBy


STATS_INDEX = "eguichet_stats"
PROCESSING_INDEX = "eguichet_processing"
ROW_COLUMN = "eguichet_row"
FEE_STATUSES = ("free", "unpaid", "paid")


def _aware(when):
    if when is not None and when.tzinfo is None:
        return when.replace(tzinfo=timezone.utc)
    return when


def fee_status(request) -> str:
    fee = getattr(request, "fee", None)
    if not fee or Decimal(fee) == 0:
        return "free"
    return "paid" if getattr(request, "paid", False) else "unpaid"


def processing_days(request) -> float | None:
    """Days from submission to ready (fractional), or None if not ready yet."""
    dates = getattr(request, "state_dates", None) or {}
    start = _aware(dates.get("submitted") or getattr(request, "submitted", None))
    ready = _aware(dates.get("ready"))
    if start is None or ready is None:
        return None
    return (ready - start).total_seconds() / 86400


def month_of(request, tz) -> str:
    submitted = _aware(getattr(request, "submitted", None))
    return submitted.astimezone(tz).strftime("%Y-%m") if submitted else ""


def stats_key(request, tz) -> str:
    procedure = getattr(request, "procedure_title", "") or ""
    return "\t".join((procedure, month_of(request, tz), fee_status(request)))


def split_key(key: str):
    """(procedure title, month, fee status) of an ``eguichet_stats`` value."""
    procedure, month, status = key.rsplit("\t", 2)
    return procedure, month, status


@indexer(IEGuichetRequest)
def stats_indexer(obj):
    from ville.eguichet.dates import local_zone

    return stats_key(obj, local_zone())


@indexer(IEGuichetRequest)
def processing_indexer(obj):
    days = processing_days(obj)
    if days is None:
        raise AttributeError("not ready")  # not indexed
    return days


def _cell(value):
    """A value as the catalog may keep it: files by their name only."""
    if INamed.providedBy(value):
        return value.filename or "fichier"
    if isinstance(value, (list, tuple)):
        return [_cell(item) for item in value]
    return value


@indexer(IEGuichetRequest)
def row_indexer(obj):
    from ville.eguichet.content import answered_by_citizen
    from ville.eguichet.identity import level_of
    from ville.eguichet.privacy import masked_values
    from ville.eguichet.privacy import sensitive_fields

    # The registry's and the request's own sensitive fields (no lookup of
    # the form while indexing); the export adds the form's current ones.
    fields = set(sensitive_fields()) | set(getattr(obj, "sensitive_fields", None) or ())
    values = masked_values(dict(obj.values or {}), fields)
    return {
        "reference": obj.reference,
        "procedure_uid": obj.procedure_uid,
        "procedure_title": obj.procedure_title,
        "submitted": obj.submitted,
        "requester_name": obj.requester_name,
        "requester_email": obj.requester_email,
        "fee": obj.fee,
        "paid": bool(obj.paid),
        "structured_communication": obj.structured_communication or "",
        "identity_level": level_of(obj),
        "answered": answered_by_citizen(obj),
        "payment_method": getattr(obj, "payment_method", None) or "",
        "payment_record": _payment_record(obj),
        "values": {key: _cell(value) for key, value in values.items()},
        "masked": sorted(fields),
    }


def _payment_record(obj):
    """What the payment method's title reads of an online payment."""
    record = getattr(obj, "payment_record", None)
    if not record:
        return None
    return {"method": record.get("method"), "refund": bool(record.get("refund"))}


def payment_of(row):
    """A row as ``browser.payment.method_title`` reads a request."""
    from types import SimpleNamespace

    return SimpleNamespace(payment_method=row.get("payment_method"),
                           payment_record=row.get("payment_record"))


def row_of(request) -> dict:
    """The row metadata of ``request`` (a request not reindexed yet)."""
    return row_indexer(request)()


@implementer(IIndexableObject)
@adapter(IEGuichetRequest, IZCatalog)
class IndexableRequest(IndexableObjectWrapper):
    """What the catalog reads of a request. The stock wrapper first looks
    an attribute up through acquisition, then refuses it when the request
    does not have it itself: for the dozens of other types' indexes and
    columns, a walk up the store and the site, catalogued by the hundred
    thousand (a bulk import). The request's own attributes and class come
    first here (requests have no schema field nor behavior whose default
    Dexterity would give); an acquired Python Script (a through-the-web
    indexer) is not used."""

    def __init__(self, object, catalog):
        super().__init__(object, catalog)
        # The indexers' lookup, once per request rather than once per
        # index and column (each asking the request what it provides).
        self._v_indexers = (
            getSiteManager().adapters.lookup,
            (providedBy(object), providedBy(catalog)),
        )

    def __getattr__(self, name):
        obj = self._IndexableObjectWrapper__object
        lookup, specs = self.__dict__["_v_indexers"]
        factory = lookup(specs, IIndexer, name)
        if factory is not None:
            found = factory(obj, self._IndexableObjectWrapper__catalog)
            if found is not None:
                return found()
        variables = self._IndexableObjectWrapper__vars
        if name in variables:
            return variables[name]
        base = aq_base(obj)
        base._p_activate()  # a ghost's __dict__ is empty
        if name not in base.__dict__ and not hasattr(type(base), name):
            raise AttributeError(name)
        return getattr(obj, name)


# Reindexed with these whenever the payment or the state dates change.
FIGURE_INDEXES = [STATS_INDEX, PROCESSING_INDEX]


def result_rids(brains):
    """The record ids of an unsorted catalog result, without making brains."""
    from ZTUtils.Lazy import LazyMap

    if isinstance(brains, LazyMap) and brains._len == brains.actual_result_count:
        return brains._seq
    return [brain.getRID() for brain in brains]


def forward(catalog, index_id):
    """``rid -> value`` of one of the catalog's indexes (its ``get``)."""
    index = catalog._catalog.getIndex(index_id)
    return index._unindex.get


def state_counts(catalog, rids, answered_states=None) -> tuple[Counter, int]:
    """({state: count}, answered count) of ``rids`` in one pass. The
    answered count keeps to ``answered_states`` when given."""
    states = forward(catalog, "review_state")
    answered = forward(catalog, "eguichet_answered")
    pairs = Counter(zip(map(states, rids), map(answered, rids)))
    counts = Counter()
    answered_count = 0
    for (state, was_answered), count in pairs.items():
        counts[state] += count
        if was_answered and (not answered_states or state in answered_states):
            answered_count += count
    return counts, answered_count


def statistics_parts(catalog, rids):
    """What :func:`ville.eguichet.documents.statistics.summarise` counts,
    from the indexes of ``rids``: ``((procedure, month, fee status), state,
    count)`` triples and ``(procedure, days)`` of the ready requests."""
    keys = forward(catalog, STATS_INDEX)
    states = forward(catalog, "review_state")
    processing = forward(catalog, PROCESSING_INDEX)
    combos = Counter(zip(map(keys, rids), map(states, rids)))
    durations = [
        (split_key(key)[0] if key else "", days)
        for key, days in zip(map(keys, rids), map(processing, rids))
        if days is not None
    ]
    triples = [
        (split_key(key) if key else ("", "", "free"), state, count)
        for (key, state), count in combos.items()
    ]
    return triples, durations
