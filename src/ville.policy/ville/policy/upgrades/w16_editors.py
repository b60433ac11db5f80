"""Editors' daily paths (issue 16): villages from the profile's list, the
mini-site roots limited to what a mini-site needs, the workflow guard that
keeps a mini-site's root online."""

from plone import api
from ville.policy.content.minisite import restrict_root
from ville.policy.interfaces import IMiniSiteRoot
from ville.policy.villages import configured
from ville.policy.villages import match_village

import logging


logger = logging.getLogger(__name__)
PROFILE = "profile-ville.policy:default"


def map_villages():
    """Existing roadworks' free-text villages become the profile's spelling
    ("Haut Bois" -> "Haut-Bois"); values matching none are kept and
    logged for an editor to choose. Returns (changed, unmatched)."""
    villages = configured()
    catalog = api.portal.get_tool("portal_catalog")
    changed, unmatched = 0, []
    for brain in catalog.unrestrictedSearchResults(portal_type="Roadwork"):
        obj = brain._unrestrictedGetObject()
        value = getattr(obj, "village", None)
        if not value or value in villages:
            continue
        village = match_village(value, villages)
        if village is None:
            unmatched.append(obj)
            logger.warning(
                "Roadwork %s: village %r matches none of the profile's "
                "villages; kept, choose one in its edit form",
                "/".join(obj.getPhysicalPath()), value,
            )
            continue
        obj.village = village
        obj.reindexObject(idxs=["village", "SearchableText"])
        changed += 1
    logger.info("%d roadwork village(s) mapped to the profile's list", changed)
    return changed, unmatched


def restrict_minisites():
    catalog = api.portal.get_tool("portal_catalog")
    for brain in catalog.unrestrictedSearchResults(
        object_provides=IMiniSiteRoot.__identifier__
    ):
        restrict_root(brain._unrestrictedGetObject())


def upgrade(context):
    setup = api.portal.get_tool("portal_setup")
    setup.runImportStepFromProfile(PROFILE, "workflow", run_dependencies=False)
    map_villages()
    restrict_minisites()
