"""Upgrade of existing sites for the back office at a city's volume (issue
21, branch w21-backoffice): the indexes the statistics count from and the
metadata the dashboard and the exports read (:mod:`ville.eguichet.figures`),
filled for the existing requests in batches."""

from plone import api
from ville.eguichet import engine
from ville.eguichet import figures

import transaction


INDEXES = ((figures.STATS_INDEX, "FieldIndex"), (figures.PROCESSING_INDEX, "FieldIndex"))
BATCH = 1000


def upgrade(context):
    """``context``: portal_setup."""
    catalog = api.portal.get_tool("portal_catalog")
    # Added here rather than by re-importing catalog.xml, which would
    # touch the other indexes.
    for name, meta_type in INDEXES:
        if name not in catalog.indexes():
            catalog.addIndex(name, meta_type)
    if figures.ROW_COLUMN not in catalog.schema():
        catalog.addColumn(figures.ROW_COLUMN)
    reindex_requests(catalog)


def fewer_indexes(catalog):
    """Profile 1005: the figures' indexes and ``object_provides`` of every
    request reindexed, and the requests taken out of the indexes they skip
    (``figures.SKIPPED_INDEXES``; by record id, no request loaded)."""
    reindex_requests(catalog, update_metadata=False, more=("object_provides",))
    every = catalog._catalog.getIndex("portal_type")._index.get(engine.REQUEST_TYPE)
    if every is None:
        return
    rids = [every] if isinstance(every, int) else list(every)
    for name in figures.SKIPPED_INDEXES:
        if name in catalog.indexes():
            index = catalog._catalog.getIndex(name)
            for rid in rids:
                index.unindex_object(rid)


def reindex_requests(catalog, update_metadata=True, more=()):
    """Every request's figures (and row, with ``update_metadata``; and the
    indexes ``more``), a savepoint and a cache sweep every ``BATCH``
    requests (bounded memory at a city's volume)."""
    brains = catalog.unrestrictedSearchResults(portal_type=engine.REQUEST_TYPE)
    idxs = [name for name, _ in INDEXES] + list(more)
    for number, brain in enumerate(brains, 1):
        request = brain._unrestrictedGetObject()
        # Not queued (the queue would hold every request until the commit);
        # update_metadata: the row column too.
        catalog._reindexObject(request, idxs=idxs, update_metadata=int(update_metadata))
        if number % BATCH == 0:
            transaction.savepoint(optimistic=True)
            request._p_jar.cacheGC()
