"""Upgrade of existing sites for the citizens' and agents' daily paths
(issue 16, branch w16-guichet): the catalog index "answered by the citizen"
(the dashboard's filter), filled for the existing requests, and the header
links to the citizen's space and the agents' dashboard (portal_actions,
category ``ville_member``)."""

from plone import api
from ville.eguichet import engine


INDEX = "eguichet_answered"


def upgrade(context):
    """``context``: portal_setup."""
    from ville.eguichet.setuphandlers import ensure_store

    # The actions (header links) and the request workflow (the state
    # awaiting_citizen titled for the agents who read the toolbar).
    for step in ("actions", "workflow"):
        context.runImportStepFromProfile(
            "profile-ville.eguichet:default", step, run_dependencies=False
        )
    ensure_store(api.portal.get())
    catalog = api.portal.get_tool("portal_catalog")
    # Added here rather than by re-importing catalog.xml, which would
    # touch the other indexes.
    if INDEX not in catalog.indexes():
        catalog.addIndex(INDEX, "BooleanIndex")
    for brain in catalog.unrestrictedSearchResults(portal_type=engine.REQUEST_TYPE):
        brain._unrestrictedGetObject().reindexObject(idxs=[INDEX])
