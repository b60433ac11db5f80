"""Open data feeds (issue 20): the licence's registry records, the
"Données ouvertes" page layout on folders, and, on a site built from a
municipality profile (it has the roadworks listing), the page itself."""

from plone import api

import logging


logger = logging.getLogger(__name__)
PROFILE = "profile-ville.policy:default"


def upgrade(context):
    from ville.policy.opendata.links import PAGE_ID

    setup = api.portal.get_tool("portal_setup")
    for step in ("plone.app.registry", "typeinfo"):
        setup.runImportStepFromProfile(PROFILE, step, run_dependencies=False)
    portal = api.portal.get()
    if "travaux" in portal.objectIds() and PAGE_ID not in portal.objectIds():
        page = api.content.create(
            container=portal, type="Folder", id=PAGE_ID, title="Données ouvertes",
            description="Les données publiées par la commune, réutilisables "
            "librement : agenda, travaux, commerces et cellules commerciales.",
        )
        page.exclude_from_nav = True
        page.setLayout("open-data")
        api.content.transition(obj=page, transition="publish")
        page.reindexObject()
        logger.info("created the page %s", PAGE_ID)
