"""Scheduled publication: one rule, that holds on every surface.

The rule: an item is public only when it and every ancestor up to the site
are published and within their publication and expiry dates. Whoever may not
see it gets what a private item gets (absent from results, 404/401 by URL);
staff ("Access inactive portal content", and View on the sections) still see
it. Nothing is re-indexed when a date passes: the item appears and disappears
by itself.

It is enforced in two places, both fed by the functions of this module:

- every catalog search passes through the catalog tool, which filters on the
  ``ville_window`` index (see ``ville.policy.catalog``: the one place for
  searches, listings, navigation, portlets, RSS, the sitemap, REST ``@search``,
  ``@querystring-search`` and a folder's REST ``items``);
- URL traversal (pages, files, images and their scales, downloads, REST
  GET): ``check_publication_dates`` below, after traversal.

Index design (what the catalog side knows without loading objects):

- ``ville_window`` (DateRangeIndex over ``ville_effective`` /
  ``ville_expires``): the publication window inherited from the ancestors,
  the latest publication date and the earliest expiry date of the item and
  its ancestors. It replaces Plone's ``effectiveRange`` in the query: the
  same single range term, so no extra cost per search.
- ``allowedRolesAndUsers``: for an item anonymous may see, narrowed to who
  may see its unpublished ancestors (a published page in a private section
  is then found by the section's readers only). Items that are not public
  themselves keep their own permissions (e-guichet requests are seen by
  their citizen in a store that citizens cannot View).

Both are kept exact on the rare editorial events that change them: a
section's dates (``ville.policy.catalog`` re-indexes the window of the
subtree when a container's window changed), a section's workflow state or
sharing (CMF re-indexes the subtree's security), a move or a copy (the moved
subtree is indexed again).
"""

from AccessControl import getSecurityManager
from AccessControl.PermissionRole import rolesForPermissionOn
from Acquisition import aq_base
from Acquisition import aq_inner
from Acquisition import aq_parent
from DateTime import DateTime
from plone.indexer import indexer
from Products.CMFCore.interfaces import IContentish
from Products.CMFCore.interfaces import ISiteRoot
from Products.CMFCore.permissions import AccessInactivePortalContent
from Products.CMFCore.permissions import View
from Products.CMFPlone.CatalogTool import allowedRolesAndUsers as plone_allowed
from zExceptions import NotFound
from zExceptions import Unauthorized

import math


def ancestors(obj):
    """The containers of ``obj`` below the site, nearest first."""
    found = []
    parent = aq_parent(aq_inner(obj))
    while parent is not None and not ISiteRoot.providedBy(parent):
        if IContentish.providedBy(parent):
            found.append(parent)
        parent = aq_parent(aq_inner(parent))
    return found


def own_window(obj):
    """(publication date, expiry date) set on ``obj`` itself, each or None."""
    return (
        getattr(aq_base(obj), "effective_date", None),
        getattr(aq_base(obj), "expiration_date", None),
    )


def publication_window(obj):
    """The window ``obj`` is public in: the latest publication date and the
    earliest expiry date of ``obj`` and its ancestors (None: open)."""
    effective, expires = own_window(obj)
    for parent in ancestors(obj):
        since, until = own_window(parent)
        if since is not None and (effective is None or since > effective):
            effective = since
        if until is not None and (expires is None or until < expires):
            expires = until
    return effective, expires


def is_inactive(obj, now=None) -> bool:
    """True when ``obj`` or an ancestor is before its publication date or
    after its expiry date."""
    now = now or DateTime()
    effective, expires = publication_window(obj)
    if effective is not None and effective > now:
        return True
    if expires is not None and expires <= now:
        return True
    return False


def is_public_by_permission(obj) -> bool:
    return "Anonymous" in rolesForPermissionOn(View, obj)


def closed_ancestors(obj):
    """The ancestors that hide ``obj``: those anonymous may not View, when
    ``obj`` itself is viewable by anonymous (otherwise its own permissions
    decide, as for any unpublished item)."""
    if not is_public_by_permission(obj):
        return []
    return [p for p in ancestors(obj) if not is_public_by_permission(p)]


# Catalog indexers (the ``ville_window`` index and the security index)


# A DateRangeIndex keeps whole minutes and includes both ends: a future
# publication date with seconds is indexed at the minute after it (never
# early; one already passed stays as it is: published now is public now),
# and the window ends at the minute before the expiry (gone at the expiry,
# not a minute after it, as Plone's effectiveRange is).


@indexer(IContentish)
def window_effective(obj):
    effective = publication_window(obj)[0]
    if effective is None or effective <= DateTime():
        return effective
    return DateTime(math.ceil(effective.timeTime() / 60) * 60)


@indexer(IContentish)
def window_expires(obj):
    expires = publication_window(obj)[1]
    if expires is None:
        return None
    return DateTime(math.floor(expires.timeTime() / 60) * 60 - 60)


@indexer(IContentish)
def allowed_roles_and_users(obj):
    """Plone's value, narrowed by the unpublished ancestors of a public item.

    Plone's own index only looks at the item, and the publication workflow
    does not acquire View: a published page in a private section would be
    found by anyone. Narrowing the item's ``Anonymous`` to the tokens every
    closed ancestor allows (their intersection: never more than each of
    them allows) hides it from all but the sections' readers."""
    allowed = plone_allowed.callable(obj)
    if allowed != ["Anonymous"]:
        return allowed
    narrowed = None
    for parent in ancestors(obj):
        tokens = plone_allowed.callable(parent)
        if tokens == ["Anonymous"]:
            continue
        narrowed = set(tokens) if narrowed is None else narrowed & set(tokens)
    if narrowed is None:
        return allowed
    return sorted(narrowed)


def may_see(obj, manager=None, now=None) -> bool:
    """True when the current user may see ``obj`` under the rule: View on
    it, its dates (and its sections') passed unless the user may access
    inactive content, and View on its unpublished sections."""
    manager = manager or getSecurityManager()
    if not manager.checkPermission(View, obj):
        return False
    if IContentish.providedBy(obj):
        if is_inactive(obj, now) and not manager.checkPermission(
            AccessInactivePortalContent, obj
        ):
            return False
        for parent in closed_ancestors(obj):
            if not manager.checkPermission(View, parent):
                return False
    return True


# URL traversal


def _traversed_content(request):
    """The content objects a request went through, the published one last."""
    found = [o for o in (request.get("PARENTS") or []) if IContentish.providedBy(o)]
    published = request.get("PUBLISHED")
    for candidate in (published, getattr(published, "context", None)):
        if candidate is not None and IContentish.providedBy(candidate):
            found.append(candidate)
    return found


def check_publication_dates(event):
    """IPubAfterTraversal: refuse content that is not public to whoever may
    not see it: 404 before its (or a section's) date and after its expiry,
    as for a private item when an ancestor is unpublished.

    Every object traversed is checked with its ancestors, so a page, a file,
    an image scale (``@@images``), ``@@download``, ``@@display-file`` and the
    REST API (``Accept: application/json``) answer alike."""
    request = event.request
    manager = getSecurityManager()
    now = DateTime()
    seen = set()
    for obj in _traversed_content(request):
        key = id(aq_base(obj))
        if key in seen:
            continue
        seen.add(key)
        if is_inactive(obj, now) and not manager.checkPermission(
            AccessInactivePortalContent, obj
        ):
            raise NotFound(obj.getId())
        for parent in closed_ancestors(obj):
            if not manager.checkPermission(View, parent):
                raise Unauthorized(obj.getId())
