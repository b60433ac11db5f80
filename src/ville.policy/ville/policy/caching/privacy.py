"""Which responses hold a citizen's or an agent's data, and must never be
stored by any cache (proxy, browser, Zope's RAM cache).

The decision is taken twice: by the ruleset lookup (so that no caching
operation, RAM cache included, ever runs for these pages) and by a last
transform that rewrites the headers of the final response, whatever an
earlier rule or view has set.
"""

from Acquisition import aq_base
from Acquisition import aq_chain
from Acquisition import aq_inner
from plone.app.caching.lookup import ContentItemLookup
from plone.transformchain.interfaces import ITransform
from zope.component import adapter
from zope.interface import implementer
from zope.interface import Interface

import re


PRIVATE_RULESET = "ville.private"

# Content whose pages and sub-pages are private (a type that is not
# installed simply never matches).
PRIVATE_TYPES = frozenset({"EasyForm", "EGuichetRequest"})

# Views and REST services, by name (with or without @@ / @).
PRIVATE_NAMES = re.compile(r"^@{0,2}(mes-demandes|eguichet-[\w.-]*)$")

# The same names found anywhere in the requested path.
PRIVATE_PATH = re.compile(r"/@{0,2}(mes-demandes|eguichet-[\w.-]*)(/|$)")

NO_STORE = "no-store, no-cache, must-revalidate, private, max-age=0"
EXPIRED = "Sat, 01 Jan 2000 00:00:00 GMT"


def _context(published):
    """The content object a published view (or content) is about."""
    for name in ("context", "__parent__"):
        context = getattr(published, name, None)
        if context is not None:
            return context
    return getattr(published, "aq_parent", None) or published


def is_private(published, request) -> bool:
    """True when the response may hold personal data of the e-guichet."""
    name = getattr(published, "__name__", None) or ""
    if PRIVATE_NAMES.match(name):
        return True
    path = request.get("PATH_INFO") or ""
    if PRIVATE_PATH.search(path):
        return True
    # REST services are named like "GET_application_json_@eguichet-submit".
    service = name.rsplit("_", 1)[-1] if name.startswith(("GET_", "POST_")) else ""
    if service and PRIVATE_NAMES.match(service):
        return True
    context = _context(published)
    try:
        chain = aq_chain(aq_inner(context))
    except TypeError:
        chain = [context]
    for item in chain:
        if getattr(aq_base(item), "portal_type", None) in PRIVATE_TYPES:
            return True
    return False


def set_no_store(response) -> None:
    """Headers that keep the response out of every cache."""
    response.setHeader("Cache-Control", NO_STORE)
    response.setHeader("Pragma", "no-cache")
    response.setHeader("Expires", EXPIRED)
    for header in ("ETag", "Last-Modified"):
        if response.getHeader(header):
            del response.headers[header.lower()]


class PrivateAwareLookup(ContentItemLookup):
    """Plone's ruleset lookup, except that private pages get ``ville.private``
    (registered for our browser layer: installing the policy switches it on)."""

    def __call__(self):
        if is_private(self.published, self.request):
            return PRIVATE_RULESET
        return super().__call__()


@implementer(ITransform)
@adapter(Interface, Interface)
class NoStoreTransform:
    """Runs after plone.caching's mutator (order 12000): the last word on
    the headers of a private response."""

    order = 12500

    def __init__(self, published, request):
        self.published = published
        self.request = request

    def _apply(self):
        if is_private(self.published, self.request):
            set_no_store(self.request.response)

    def transformBytes(self, result, encoding):
        self._apply()

    def transformUnicode(self, result, encoding):
        self._apply()

    def transformIterable(self, result, encoding):
        self._apply()
