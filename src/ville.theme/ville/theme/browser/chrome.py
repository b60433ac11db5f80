"""The page chrome's data, computed once per committed catalog state.

What the header, the alerts, the events portlet and the home page list
comes from catalog searches that give the same answer on every page until
something changes. A change is one of:

- a catalog write (content published, retracted, edited, moved...): the
  catalog's counter and the commit serial of that counter;
- a date that passes with no write (a scheduled item's publication or
  expiry date, an alert's or event's start or end): the ``villeSchedule``
  boundary, the last such date already passed, which the ``ISiteContent``
  provider gives (ville.policy's scheduled publication; without a provider
  that gives it, nothing is memoized). Date indexes keep
  minutes, so for two minutes after a boundary nothing is memoized (the
  catalog's answer may still move within that minute);
- who looks: the catalog's own security tokens of the user (roles, groups,
  user id) and whether they may see inactive content;
- the language, the site's time zone and the portal's URL (virtual
  hosting), which the values carry.

All of these are in the key; what a value holds is plain data (strings,
booleans, dicts and lists of them), never a persistent object or a brain.
While the current transaction has changed the catalog (a state that may
still be aborted), nothing is memoized. The key's part common to every piece
is computed once per request (see :func:`_context`).
"""

from AccessControl import getSecurityManager
from collections import OrderedDict
from DateTime import DateTime
from plone import api
from Products.CMFCore.permissions import AccessInactivePortalContent
from Products.CMFCore.utils import getToolByName
from ville.theme.browser import policy
from zope.annotation.interfaces import IAnnotations

import copy
import threading


SETTLE = 120  # seconds after a boundary during which nothing is memoized
MAX_ENTRIES = 2000

_lock = threading.Lock()
_memo = OrderedDict()


def catalog_state(catalog):
    """The committed state of the catalog, or None while the current
    transaction has changed it."""
    length = getattr(catalog, "_counter", None)
    if length is None or getattr(length, "_p_changed", False):
        return None
    return ("/".join(catalog.getPhysicalPath()), catalog.getCounter(),
            getattr(length, "_p_serial", None))


def schedule_state(now=None):
    """The last publication, expiry, start or end date passed (from the
    site content provider), or None when it passed less than ``SETTLE``
    seconds ago, or when no provider gives it (without it, what changes with
    the clock alone is unknown: nothing is memoized then)."""
    provider = policy.site_content()
    method = getattr(provider, "schedule_boundary", None)
    if method is None:
        return None
    last = method()
    now = DateTime().timeTime() if now is None else now
    if now - last < SETTLE:
        return None
    return last


def visitor(catalog, portal):
    """Who looks, as the catalog's security filter sees them."""
    user = getSecurityManager().getUser()
    tokens = tuple(sorted(catalog._listAllowedRolesAndUsers(user)))
    inactive = bool(getSecurityManager().checkPermission(AccessInactivePortalContent, portal))
    return tokens, inactive


def language(request):
    from ville.theme import dates

    return (str(request.get("LANGUAGE", "") or ""), dates.site_language() or "",
            dates.zone_name())


_REQUEST_KEY = "ville.theme.chrome.context"


def _request_store(request):
    """The request's annotations (where a request's key context is kept),
    or None for what has none (no request, a plain object)."""
    if request is None:
        return None
    try:
        return IAnnotations(request)
    except TypeError:
        return None


def _context(request):
    """The part of the key common to every chrome piece of this request: the
    catalog's state, the schedule boundary, the visitor, the language and
    the portal's URL; None when nothing may be memoized now.

    Computed once per request and kept in the request's annotations with
    what it was computed for: the catalog's state (a write in this request
    changes it, or makes it None), the user object of the security manager
    (a login, ``adopt_user``/``adopt_roles`` give another one: it is kept by
    identity, never only by id) and the language asked. Anything else gives
    a fresh context."""
    portal = api.portal.get()
    catalog = getToolByName(portal, "portal_catalog")
    state = catalog_state(catalog)
    if state is None:
        return None
    user = getSecurityManager().getUser()
    asked = str(request.get("LANGUAGE", "") or "") if request is not None else ""
    store = _request_store(request)
    found = store.get(_REQUEST_KEY) if store is not None else None
    if found is not None and found[0] == state and found[1] is user and found[2] == asked:
        return found[3]
    boundary = schedule_state()
    context = None
    if boundary is not None:
        context = (state, boundary, visitor(catalog, portal), language(request),
                   portal.absolute_url())
    if store is not None:
        store[_REQUEST_KEY] = (state, user, asked, context)
    return context


def key(name, request, *parts):
    """The memo key of the chrome piece ``name`` for this request, or None
    when it must not be memoized now."""
    context = _context(request)
    if context is None:
        return None
    return (name,) + context + (parts,)


def memoized(name, request, compute, *parts):
    """``compute()``'s value, from the memo when its key is there."""
    found_key = key(name, request, *parts)
    if found_key is None:
        return compute()
    with _lock:
        if found_key in _memo:
            _memo.move_to_end(found_key)
            return copy.deepcopy(_memo[found_key])
    value = compute()
    with _lock:
        _memo[found_key] = copy.deepcopy(value)
        while len(_memo) > MAX_ENTRIES:
            _memo.popitem(last=False)
    return value


def clear():
    """Forget every memoized value (tests)."""
    with _lock:
        _memo.clear()
