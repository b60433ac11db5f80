"""Scheduled publication that holds everywhere, not only in catalog searches.

Plone's catalog already hides items outside their publication dates
(``effectiveRange``) from users without "Access inactive portal content".
Traversal does not: an item published with a future publication date, or
already expired, stays reachable by its URL (page, REST API, files). This
subscriber closes that door, at request time, so an item appears and
disappears on its dates by itself without any scheduled job.
"""

from AccessControl import getSecurityManager
from DateTime import DateTime
from Products.CMFCore.interfaces import IContentish
from Products.CMFCore.permissions import AccessInactivePortalContent
from zExceptions import NotFound


def is_inactive(obj, now=None) -> bool:
    """True when ``obj`` is before its publication date or after its expiry."""
    now = now or DateTime()
    effective = getattr(obj, "effective_date", None)
    expires = getattr(obj, "expiration_date", None)
    if effective is not None and effective > now:
        return True
    if expires is not None and expires <= now:
        return True
    return False


def check_publication_dates(event):
    """IPubAfterTraversal: 404 for inactive content the user may not see."""
    request = event.request
    parents = request.get("PARENTS") or []
    published = request.get("PUBLISHED")
    candidates = list(parents)
    context = getattr(published, "context", None)
    if context is not None:
        candidates.append(context)
    manager = getSecurityManager()
    now = DateTime()
    for obj in candidates:
        if not IContentish.providedBy(obj):
            continue
        if is_inactive(obj, now) and not manager.checkPermission(
            AccessInactivePortalContent, obj
        ):
            raise NotFound(obj.getId())
