"""The catalog tool: the one place where every search applies the
publication rule of ``ville.policy.scheduling``.

Every catalog entry point of the site passes through
``CatalogTool.searchResults`` (or ``__call__``, which calls it): the HTML and
live search, REST ``@search`` (``fullobjects`` loads the objects of the
brains found here), ``@querystring-search`` and collections (whatever
criteria they carry), listings, navigation, portlets, RSS, the sitemap and a
folder's REST ``items``. So the rule is applied here, and only here:

- ``show_inactive`` is honoured only for users holding "Access inactive
  portal content" (site-wide, or on the searched paths, as Plone checks it).
  Plone takes it from any caller, so a request parameter
  (``@search?show_inactive=1``) or the querystring operation
  ``plone.app.querystring.operation.string.showInactive`` (which grants it
  to any role listed, ``Anonymous`` included) turned the dates off for
  anyone. A false ``show_inactive`` still hides inactive items from staff.
- Inactive items are filtered on ``ville_window`` (the window inherited from
  the ancestors) instead of Plone's ``effectiveRange``: one range term, as
  in stock Plone, with no object loaded per result.

Plone offers no adapter or hook for the query it builds, hence the patch of
the class (applied once, at import of ``ville.policy``).

``catalog_object`` is extended so that when a container's inherited window
changes (its dates, or its ancestors'), the window of its subtree is
re-indexed: only then, a rare editorial event, never when a date passes.
"""

from DateTime import DateTime
from Products.CMFCore.permissions import AccessInactivePortalContent
from Products.CMFCore.utils import _checkPermission
from Products.CMFPlone.CatalogTool import CatalogTool


WINDOW_INDEX = "ville_window"

_plone_search_results = CatalogTool.searchResults
_plone_search = CatalogTool.search
_plone_catalog_object = CatalogTool.catalog_object


def _may_see_inactive(catalog, query) -> bool:
    return _checkPermission(AccessInactivePortalContent, catalog) or (
        catalog.allow_inactive(query)
    )


def restrict_query(catalog, query: dict) -> dict:
    """The query to run for the current user: ``query`` with the
    publication rule applied (a new dict; ``show_inactive`` settled)."""
    query = dict(query)
    asked = query.pop("show_inactive", None)
    if asked is None:
        show_inactive = _may_see_inactive(catalog, query)
    else:
        show_inactive = bool(asked) and _may_see_inactive(catalog, query)
    if not show_inactive and WINDOW_INDEX in catalog.indexes():
        query[WINDOW_INDEX] = DateTime()
        # The inherited window contains the item's own: Plone's
        # effectiveRange term would only repeat it.
        show_inactive = True
    query["show_inactive"] = show_inactive
    return query


def searchResults(self, query=None, **kw):
    """Plone's search, with the publication rule (see the module)."""
    if query is None or isinstance(query, dict):
        merged = dict(query or {})
        merged.update(kw)
        return _plone_search_results(self, None, **restrict_query(self, merged))
    # A request as the query (old skin scripts): Plone reads show_inactive
    # from the keywords only, which settle it here.
    return _plone_search_results(self, query, **restrict_query(self, kw))


def search(self, query, sort_index=None, reverse=0, limit=None, merge=1):
    """ZCatalog's lower-level search, with the same rule."""
    query = dict(query)
    query.pop("show_inactive", None)
    if WINDOW_INDEX in self.indexes() and not self.allow_inactive(query):
        query[WINDOW_INDEX] = DateTime()
    return _plone_search(self, query, sort_index, reverse, limit, merge)


def _window_of(catalog, uid):
    rid = catalog._catalog.uids.get(uid)
    if rid is None:
        return None, None
    return rid, catalog._catalog.getIndex(WINDOW_INDEX).getEntryForObject(rid)


def catalog_object(self, object, uid=None, idxs=None, update_metadata=1,
                   pghandler=None):
    """Plone's indexing; then, if a container's window changed, its
    subtree's window is re-indexed (queued, merged by the indexing queue)."""
    watch = (
        WINDOW_INDEX in self.indexes()
        and (not idxs or WINDOW_INDEX in idxs)
        and list(idxs or ()) != [WINDOW_INDEX]  # a subtree pass: already covered
        and hasattr(object, "objectIds")
    )
    if watch:
        uid = uid or "/".join(object.getPhysicalPath())
    before = _window_of(self, uid)[1] if watch else None
    _plone_catalog_object(self, object, uid, idxs, update_metadata, pghandler)
    if not watch or before is None:
        return
    if _window_of(self, uid)[1] == before:
        return
    reindex_window_below(self, uid)


def reindex_window_below(catalog, path):
    """Queue the re-indexing of the window of everything below ``path``."""
    search = getattr(catalog, "_unrestrictedSearchResults",
                     catalog.unrestrictedSearchResults)
    for brain in search(path={"query": path, "depth": -1}):
        if brain.getPath() == path:
            continue
        try:
            obj = brain._unrestrictedGetObject()
        except (AttributeError, KeyError):
            continue
        if obj is not None:
            obj.reindexObject(idxs=[WINDOW_INDEX], update_metadata=0)


def install():
    CatalogTool.searchResults = searchResults
    CatalogTool.search = search
    CatalogTool.catalog_object = catalog_object

