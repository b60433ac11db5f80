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
still be aborted), nothing is memoized.
"""

from AccessControl import getSecurityManager
from collections import OrderedDict
from DateTime import DateTime
from plone import api
from Products.CMFCore.permissions import AccessInactivePortalContent
from ville.theme.browser import policy

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


def key(name, request, *parts):
    """The memo key of the chrome piece ``name`` for this request, or None
    when it must not be memoized now."""
    portal = api.portal.get()
    catalog = api.portal.get_tool("portal_catalog")
    state = catalog_state(catalog)
    if state is None:
        return None
    boundary = schedule_state()
    if boundary is None:
        return None
    return (name, state, boundary, visitor(catalog, portal), language(request),
            portal.absolute_url(), parts)


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
