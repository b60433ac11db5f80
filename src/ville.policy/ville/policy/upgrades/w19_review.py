"""Review dates (issue 19) on an existing site: the behavior on pages,
news, procedures and public services, the ``review_date`` / ``review_owner``
indexes and columns, the settings, the permission, the workflow transition
``mark_reviewed`` and the personal menu's link; then the published items
get their defaults where missing (counted from their last change, the
latest sign of a re-reading)."""

from plone import api
from ville.policy import dates
from ville.policy.review import settings
from ville.policy.review.interfaces import REVIEWED_TYPES

import logging


logger = logging.getLogger(__name__)
PROFILE = "profile-ville.policy:default"


def upgrade(context):
    setup = api.portal.get_tool("portal_setup")
    for step in ("rolemap", "plone.app.registry", "typeinfo", "workflow",
                 "catalog", "actions"):
        setup.runImportStepFromProfile(PROFILE, step, run_dependencies=False)
    catalog = api.portal.get_tool("portal_catalog")
    changed = 0
    for brain in catalog.unrestrictedSearchResults(portal_type=list(REVIEWED_TYPES)):
        obj = brain._unrestrictedGetObject()
        obj.reindexObject(idxs=["object_provides"])  # the behavior's interface
        if brain.review_state != "published":
            continue
        since = max(d for d in (obj.effective(), obj.modified()) if d is not None)
        if settings.apply_defaults(obj, dates.today(since)):
            obj.reindexObject(idxs=settings.INDEXES)
            changed += 1
    logger.info("review dates: defaults set on %d published item(s)", changed)
