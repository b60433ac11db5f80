"""Existing sites: alerts created through REST before the wall-clock rule
hold aware (UTC) start/end datetimes, which the edit form showed in UTC.
Store them as the town's wall-clock time, as the edit form does; the
instant does not change. (Publication dates need no migration: they are
read back in the town's zone whatever zone they were stored in.)"""

from datetime import datetime
from plone import api
from ville.policy import dates

import logging


logger = logging.getLogger(__name__)


def upgrade(context):
    catalog = api.portal.get_tool("portal_catalog")
    changed = 0
    for brain in catalog.unrestrictedSearchResults(portal_type="Alert"):
        alert = brain._unrestrictedGetObject()
        touched = False
        for name in ("start", "end"):
            value = getattr(alert, name, None)
            if isinstance(value, datetime) and value.tzinfo is not None:
                setattr(alert, name, dates.now_local(value).replace(tzinfo=None))
                touched = True
        if touched:
            alert.reindexObject(idxs=["start", "end"])
            changed += 1
    logger.info("%d alert(s) now hold the town's wall-clock time", changed)
