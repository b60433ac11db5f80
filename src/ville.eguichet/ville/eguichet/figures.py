"""What the back office counts and lists, kept in the catalog (issue 21).

The dashboard's counts, the statistics and the exports read the catalog's
indexes and metadata, never the requests themselves: at 100,000 requests,
loading each object is what made them slow and memory-hungry.

- index ``eguichet_stats``: ``procedure title<TAB>YYYY-MM<TAB>fee
  status<TAB>review state`` (the month in the town's zone), reindexed when
  the payment or the state changes;
- index ``eguichet_processing``: ``(procedure title, days)``, the days from
  submission to ready to the hundredth of a day, set when the request
  becomes ready;
- metadata ``eguichet_row``: what a dashboard row and an export line show
  (national numbers masked, files by name), reindexed with the request.

Counting does not walk the requests one by one where it can be avoided:
- the dashboard's counts per state intersect the caller's result set (what
  the agent may see, with the filters) with each state's set of the
  ``review_state`` index, in C;
- the statistics of a caller who sees every request (the usual central
  agent, a manager) are the sizes of the ``eguichet_stats`` and
  ``eguichet_processing`` indexes' sets, one per value: their cost follows
  the number of procedures, months and distinct processing times, not the
  number of requests. A caller who sees part of the requests gets them
  counted record by record in the indexes' forward maps (C-level lookups,
  no object loaded), in time proportional to what they see.
"""

from Acquisition import aq_base
from BTrees.IIBTree import intersection
from BTrees.IIBTree import IISet
from BTrees.IIBTree import IITreeSet
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
from ville.eguichet.states import WORKFLOW_ID
from zope.component import adapter
from zope.component import getSiteManager
from zope.interface import implementer
from zope.interface import Interface
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
    """Days from submission to ready, to the hundredth of a day (about a
    quarter of an hour; the statistics show tenths), or None if not ready
    yet. Rounded so that the index keeps few distinct values."""
    dates = getattr(request, "state_dates", None) or {}
    start = _aware(dates.get("submitted") or getattr(request, "submitted", None))
    ready = _aware(dates.get("ready"))
    if start is None or ready is None:
        return None
    return round((ready - start).total_seconds() / 86400, 2)


def month_of(request, tz) -> str:
    submitted = _aware(getattr(request, "submitted", None))
    return submitted.astimezone(tz).strftime("%Y-%m") if submitted else ""


def review_state(request) -> str:
    """The state the request's workflow last recorded: what the workflow
    tool's ``getInfoFor`` answers, without looking the tool up from deep in
    the store at each indexing (a bulk import's dozens of microseconds per
    request). A site that gave requests another workflow asks the tool."""
    history = getattr(aq_base(request), "workflow_history", None) or {}
    entries = history.get(WORKFLOW_ID)
    if entries and len(history) == 1:
        return entries[-1].get("review_state", "")
    from Products.CMFCore.utils import getToolByName

    return getToolByName(request, "portal_workflow").getInfoFor(request, "review_state", "")


def stats_key(request, tz) -> str:
    procedure = getattr(request, "procedure_title", "") or ""
    return "\t".join((procedure, month_of(request, tz), fee_status(request),
                      review_state(request)))


def split_key(key: str):
    """((procedure title, month, fee status), review state) of an
    ``eguichet_stats`` value."""
    procedure, month, status, state = key.rsplit("\t", 3)
    return (procedure, month, status), state


@indexer(IEGuichetRequest)
def stats_indexer(obj):
    from ville.eguichet.dates import local_zone

    return stats_key(obj, local_zone())


@indexer(IEGuichetRequest)
def processing_indexer(obj):
    days = processing_days(obj)
    if days is None:
        raise AttributeError("not ready")  # not indexed
    return (getattr(obj, "procedure_title", "") or "", days)


def _kinds():
    from plone.dexterity.interfaces import IDexterityItem
    from Products.CMFCore.interfaces import IContentish
    from ville.eguichet.content import IRequestSchema

    return (IEGuichetRequest, IRequestSchema, IDexterityItem, IContentish)


@indexer(IEGuichetRequest)
def provides_indexer(obj):
    """``object_provides`` of a request: what it is (a request, its schema,
    Dexterity and CMF content, and what these extend), not the two dozen
    marker interfaces of its base classes (locks, annotations, relations,
    image scales...). Each value is a set of the index written at every
    submission, and one more set two concurrent submissions may both
    split."""
    provided = providedBy(obj)
    return sorted({
        interface.__identifier__
        for kind in _kinds() if provided.isOrExtends(kind)
        for interface in kind.__iro__ if interface is not Interface
    })


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
        if name in SKIPPED_INDEXES:
            raise AttributeError(name)  # not indexed
        if name == "icon":
            return _icon(self._IndexableObjectWrapper__object)
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


# Indexes a request is never in: only the navigation's queries use them,
# never about requests, and each index a request is in is a few more
# objects written at every submission. (Only indexes that are not metadata
# columns too: a column would read the same attribute.)
SKIPPED_INDEXES = frozenset(("is_default_page",))

# {(portal type, icon expression): the ``icon`` column's value}: a constant
# expression gives every request the same value, and CMF's ``icon()``
# builds an expression context (the member, the portal's tools) and
# traverses the site to find it, at every indexing.
_ICONS = {}


def _icon(obj):
    info = obj.getTypeInfo()
    expression = getattr(info, "icon_expr", None) or ""
    if not expression.startswith("string:") or "$" in expression:
        return obj.icon()  # depends on the object: as CMF gives it
    key = (info.getId(), expression, "/".join(obj.getPhysicalPath()[:2]))
    if key not in _ICONS:
        _ICONS[key] = obj.icon()
    return _ICONS[key]


# Reindexed with these whenever the payment or the state dates change.
FIGURE_INDEXES = [STATS_INDEX, PROCESSING_INDEX]


def result_rids(brains):
    """The record ids of an unsorted catalog result, without making brains."""
    from ZTUtils.Lazy import LazyMap

    if isinstance(brains, LazyMap) and brains._len == brains.actual_result_count:
        return brains._seq
    return [brain.getRID() for brain in brains]


def _index(catalog, index_id):
    return catalog._catalog.getIndex(index_id)


def forward(catalog, index_id):
    """``rid -> value`` of one of the catalog's indexes (its ``get``)."""
    return _index(catalog, index_id)._unindex.get


def as_set(rids):
    if isinstance(rids, (IISet, IITreeSet)):
        return rids
    return IISet(rids)


def docs(catalog, index_id, value):
    """The record ids the index ``index_id`` gives for ``value``."""
    found = _index(catalog, index_id)._apply_index({index_id: value})
    return found[0] if found else IISet()


def value_sets(catalog, index_id):
    """``(value, record ids or one record id)`` of a field index, one per
    value: the index's own sets."""
    return _index(catalog, index_id)._index.items()


def _size(docs) -> int:
    return 1 if isinstance(docs, int) else len(docs)


def covers_every_request(catalog, rids) -> bool:
    """Whether ``rids`` (a result of a query on the request type) holds
    every request in the catalog: every request is in ``eguichet_stats``,
    once."""
    return len(rids) == len(_index(catalog, STATS_INDEX)._unindex)


def state_counts(catalog, rids, answered_states=None) -> tuple[Counter, int]:
    """({state: count}, answered count) of ``rids``: one intersection per
    state, in C. The answered count keeps to ``answered_states`` when
    given."""
    rids = as_set(rids)
    answered = docs(catalog, "eguichet_answered", True)
    counts = Counter()
    answered_count = 0
    for state, records in value_sets(catalog, "review_state"):
        found = intersection(rids, IISet((records,)) if isinstance(records, int) else records)
        if not found:
            continue
        counts[state] = len(found)
        if not answered_states or state in answered_states:
            answered_count += len(intersection(found, answered))
    return counts, answered_count


def statistics_parts(catalog, rids):
    """What :func:`ville.eguichet.documents.statistics.summarise` counts,
    from the indexes of ``rids``: ``((procedure, month, fee status), state,
    count)`` triples and ``(procedure, days, count)`` of the ready
    requests. From the indexes' own sets when ``rids`` holds every request,
    else record by record."""
    if covers_every_request(catalog, rids):
        stats = Counter({key: _size(records)
                         for key, records in value_sets(catalog, STATS_INDEX)})
        processing = Counter({value: _size(records)
                              for value, records in value_sets(catalog, PROCESSING_INDEX)})
    else:
        stats = Counter(map(forward(catalog, STATS_INDEX), rids))
        processing = Counter(map(forward(catalog, PROCESSING_INDEX), rids))
    triples = [(*split_key(key), count) for key, count in stats.items() if key]
    durations = [(*value, count) for value, count in processing.items() if value]
    return triples, durations
