"""The proxy lifetime follows the schedule: ``s-maxage`` never runs past
the next date at which the response may change by the clock alone.

Purging covers edits; nothing is purged when a publication or expiry date
passes. So the time a proxy keeps a response is capped:

- a page (a view, a listing, the REST API) shows the navigation and lists
  other items: capped at the site's next boundary (publication, expiry,
  start or end date of any item: ``schedule.next_boundary``, memoised per
  catalog state);
- a file or an image (download, scale) shows only itself: capped at the
  next date of its own publication window (its sections' included).

A capped response carries ``X-Ville-Boundary``: the proxy gives it no grace
(no stale copy served after the boundary). The operations are Plone's
moderate and terse caching with the same settings (same registry prefix),
plus the cap.
"""

from Acquisition import aq_inner
from DateTime import DateTime
from plone.app.caching.operations.default import ModerateCaching
from plone.app.caching.operations.default import TerseCaching
from plone.app.caching.operations.utils import getContext
from plone.caching.interfaces import ICachingOperationType
from plone.namedfile.interfaces import INamedField
from Products.CMFCore.interfaces import IContentish
from Products.CMFCore.utils import getToolByName
from ville.policy import _
from ville.policy.caching.schedule import next_boundary
from ville.policy.scheduling import publication_window
from zope.component.hooks import getSite
from zope.interface import provider

import math
import re


BOUNDARY_HEADER = "X-Ville-Boundary"
S_MAXAGE = re.compile(r"s-maxage=(\d+)")


def _is_file_like(obj) -> bool:
    """A File or an Image: content whose primary field is a file."""
    try:
        from plone.rfc822.interfaces import IPrimaryFieldInfo

        info = IPrimaryFieldInfo(obj, None)
    except (TypeError, ImportError):
        return False
    return info is not None and INamedField.providedBy(info.field)


def own_boundary(obj, now):
    """The next date of ``obj``'s inherited publication window after now."""
    upcoming = [d for d in publication_window(obj) if d is not None and d > now]
    return min(upcoming) if upcoming else None


def boundary_for(published, request, now=None):
    """The next date at which this response may change by the clock."""
    now = now or DateTime()
    context = getContext(published)
    if context is not None and IContentish.providedBy(context):
        context = aq_inner(context)
        if _is_file_like(context):
            return own_boundary(context, now)
    site = getSite()
    catalog = getToolByName(site, "portal_catalog", None) if site else None
    return next_boundary(catalog, now) if catalog is not None else None


def cap_s_maxage(response, boundary, now):
    """Lower the response's s-maxage to the seconds left before
    ``boundary`` (whole seconds, rounded down). True when lowered."""
    header = response.getHeader("Cache-Control") or ""
    found = S_MAXAGE.search(header)
    if not found or boundary is None:
        return False
    left = max(0, math.floor(boundary.timeTime() - now.timeTime()))
    if int(found.group(1)) <= left:
        return False
    response.setHeader("Cache-Control", S_MAXAGE.sub(f"s-maxage={left}", header))
    response.setHeader(BOUNDARY_HEADER, str(int(boundary.timeTime())))
    return True


class ScheduleCap:
    def modifyResponse(self, rulename, response, class_=None):
        super().modifyResponse(rulename, response, class_)
        now = DateTime()
        cap_s_maxage(response, boundary_for(self.published, self.request, now), now)


@provider(ICachingOperationType)
class ScheduledModerateCaching(ScheduleCap, ModerateCaching):
    title = _("Moderate caching, until the next publication date")
    description = _(
        "Plone's moderate caching (same settings), with the proxy's lifetime "
        "ending at the next publication or expiry date that concerns the page."
    )
    sort = 3


@provider(ICachingOperationType)
class ScheduledTerseCaching(ScheduleCap, TerseCaching):
    title = _("Terse caching, until the next publication date")
    description = _(
        "Plone's terse caching (same settings), with the proxy's lifetime "
        "ending at the next publication or expiry date that concerns the page."
    )
    sort = 4
