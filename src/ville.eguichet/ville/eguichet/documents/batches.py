"""Walking a city's requests in bounded memory (the retention jobs).

100,000 requests loaded in one transaction would all stay in the ZODB
connection's cache (the changed ones cannot leave it before the commit),
with their pending catalog updates. Every ``BATCH`` requests the catalog's
queue is processed, a savepoint moves the changes out of memory (to the
savepoint's temporary file) and the cache is brought back to its target.
"""

from plone import api
from Products.CMFCore.indexing import processQueue
from ville.eguichet.figures import result_rids

import transaction


BATCH = 500


def objects(brains):
    """The objects of a catalog result, without keeping brains: the record
    ids are copied first (the jobs change the indexes they come from)."""
    catalog = api.portal.get_tool("portal_catalog")
    portal = api.portal.get()
    for rid in list(result_rids(brains)):
        obj = portal.unrestrictedTraverse(catalog.getpath(rid), None)
        if obj is not None:
            yield obj


def bounded(items, dry_run=False, size=None):
    """``items`` as they come, with a checkpoint every ``size`` (``BATCH``)
    of them (no savepoint on a dry run: nothing is written)."""
    size = size or BATCH
    jar = None
    for number, item in enumerate(items, 1):
        yield item
        jar = jar or getattr(item, "_p_jar", None)
        if number % size == 0:
            if not dry_run:
                processQueue()
                transaction.savepoint(optimistic=True)
            if jar is not None:
                jar.cacheGC()
