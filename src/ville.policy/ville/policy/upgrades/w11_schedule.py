"""Upgrade for scheduled publication (branch w11-schedule).

Adds the ``ville_window`` index (the publication window inherited from the
ancestors) and indexes the existing content into it and into the
ancestor-aware ``allowedRolesAndUsers``: until then, the catalog would hide
every item that is not yet in the new index from anonymous visitors.
"""

from plone import api
from Products.PluginIndexes.DateRangeIndex.DateRangeIndex import DateRangeIndex
from ville.policy.catalog import WINDOW_INDEX


def ensure_window_index(catalog) -> bool:
    """Add ``ville_window`` if missing, and (re)index it when some catalogued
    item is not in it. True when something was indexed."""
    if WINDOW_INDEX not in catalog.indexes():
        catalog.addIndex(
            WINDOW_INDEX,
            DateRangeIndex(
                WINDOW_INDEX,
                since_field="ville_effective",
                until_field="ville_expires",
            ),
        )
    index = catalog._catalog.getIndex(WINDOW_INDEX)
    if index.numObjects() >= len(catalog):
        return False
    catalog.manage_reindexIndex(ids=[WINDOW_INDEX, "allowedRolesAndUsers"])
    return True


def upgrade(context):
    """context: portal_setup. The index, the link to the scheduled content
    (actions), and the caching operations capped at the schedule."""
    ensure_window_index(api.portal.get_tool("portal_catalog"))
    context.runImportStepFromProfile("profile-ville.policy:default", "actions")
    if context.getLastVersionForProfile("ville.policy:caching") != "unknown":
        context.runImportStepFromProfile("profile-ville.policy:caching",
                                         "plone.app.registry")
