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
    for step in ("catalog", "actions"):
        context.runImportStepFromProfile(
            "profile-ville.eguichet:default", step, run_dependencies=False
        )
    catalog = api.portal.get_tool("portal_catalog")
    for brain in catalog.unrestrictedSearchResults(portal_type=engine.REQUEST_TYPE):
        brain._unrestrictedGetObject().reindexObject(idxs=[INDEX])
