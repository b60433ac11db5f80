"""Which responses hold a citizen's or an agent's data, and must never be
stored by any cache (proxy, browser, Zope's RAM cache).

Each add-on declares the caching rulesets of its own types and views with
z3c.caching's ``cache:ruleset`` (the e-guichet: ``ville.eguichet.private``);
the site's caching profile maps rulesets to operations. A response is
private when a ruleset mapped to the no-store operation applies to it:

- declared for the published view or service itself;
- declared for (or mapped by type to) the content it is about or any
  content above it: a file inside a request is as private as the request;
- declared for a view or service whose name appears in the requested path
  (``.../@@name/sub-page``, ``.../@service``).

The decision is taken twice: by the ruleset lookup (so that no caching
operation, RAM cache included, ever runs for these pages) and by a last
transform that rewrites the headers of the final response, whatever an
earlier rule or view has set.
"""

from Acquisition import aq_base
from Acquisition import aq_chain
from Acquisition import aq_inner
from plone.app.caching.lookup import ContentItemLookup
from plone.dexterity.interfaces import IDexterityFTI
from plone.dexterity.utils import resolveDottedName
from plone.registry.interfaces import IRegistry
from plone.transformchain.interfaces import ITransform
from z3c.caching.registry import ICacheRule
from zope.component import adapter
from zope.component import getGlobalSiteManager
from zope.component import queryUtility
from zope.interface import implementedBy
from zope.interface import implementer
from zope.interface import Interface
from zope.interface import providedBy


# The policy's own ruleset: content the site's caching profile maps to it by
# type (forms: what a citizen types in).
PRIVATE_RULESET = "ville.private"
NO_STORE_OPERATION = "ville.policy.caching.noStore"
OPERATION_MAPPING = "plone.caching.interfaces.ICacheSettings.operationMapping"
TYPE_MAPPING = (
    "plone.app.caching.interfaces.IPloneCacheSettings.contentTypeRulesetMapping"
)
# plone.rest names a service "<METHOD>_<type>_<subtype>_@name".
SERVICE_METHODS = ("GET_", "POST_", "PUT_", "PATCH_", "DELETE_", "OPTIONS_")

NO_STORE = "no-store, no-cache, must-revalidate, private, max-age=0"
EXPIRED = "Sat, 01 Jan 2000 00:00:00 GMT"


def _registry_value(name):
    registry = queryUtility(IRegistry)
    return (registry.get(name) if registry is not None else None) or {}


def private_rulesets() -> frozenset:
    """The rulesets the site maps to the no-store operation."""
    mapping = _registry_value(OPERATION_MAPPING)
    return frozenset(
        {PRIVATE_RULESET}
        | {ruleset for ruleset, op in mapping.items() if op == NO_STORE_OPERATION}
    )


def declared_ruleset(spec):
    """The ruleset declared with ``cache:ruleset`` for an interface
    specification (``providedBy(obj)``, ``implementedBy(cls)``), or None."""
    factory = getGlobalSiteManager().adapters.lookup((spec,), ICacheRule)
    return factory(None).id if factory is not None else None


def content_ruleset(item, type_mapping):
    """The ruleset of a content object: declared for what it provides,
    mapped to its type by the caching profile, or declared for its type's
    class."""
    ruleset = declared_ruleset(providedBy(item))
    if ruleset is not None:
        return ruleset
    portal_type = getattr(aq_base(item), "portal_type", None)
    ruleset = type_mapping.get(portal_type)
    if ruleset is not None:
        return ruleset
    fti = queryUtility(IDexterityFTI, name=portal_type) if portal_type else None
    klass = getattr(fti, "klass", None)
    if klass:
        try:
            return declared_ruleset(implementedBy(resolveDottedName(klass)))
        except (ImportError, AttributeError, TypeError):
            return None
    return None


def bare_name(name: str) -> str:
    """``@@name``, ``@name``, ``POST_application_json_@name`` -> ``name``."""
    if name.startswith(SERVICE_METHODS) and "_@" in name:
        name = name[name.index("_@") + 1:]
    return name.lstrip("@")


_NAMES = {"generation": None, "rulesets": {}}


def view_rulesets() -> dict:
    """bare view/service name -> the rulesets declared for the classes
    registered under that name (browser views and REST services), built
    once per state of the global registry."""
    registry = getGlobalSiteManager()
    generation = getattr(registry.adapters, "_generation", None)
    if _NAMES["generation"] != generation or generation is None:
        rulesets = {}
        for registration in registry.registeredAdapters():
            factory = registration.factory
            if (
                not registration.name
                or registration.provided is not Interface
                or len(registration.required) != 2
                or not isinstance(factory, type)
            ):
                continue
            ruleset = declared_ruleset(implementedBy(factory))
            if ruleset is not None:
                rulesets.setdefault(bare_name(registration.name), set()).add(ruleset)
        _NAMES.update(generation=generation, rulesets=rulesets)
    return _NAMES["rulesets"]


def _private_by_name(name, private, names):
    for ruleset in names.get(bare_name(name or ""), ()):
        if ruleset in private:
            return ruleset
    return None


def _context(published):
    """The content object a published view (or content) is about."""
    for name in ("context", "__parent__"):
        context = getattr(published, name, None)
        if context is not None:
            return context
    return getattr(published, "aq_parent", None) or published


def private_ruleset(published, request):
    """The no-store ruleset that applies to this response, or None."""
    private = private_rulesets()
    ruleset = declared_ruleset(providedBy(published))
    if ruleset in private:
        return ruleset
    names = view_rulesets()
    ruleset = _private_by_name(getattr(published, "__name__", None), private, names)
    if ruleset is not None:
        return ruleset
    for segment in (request.get("PATH_INFO") or "").split("/"):
        ruleset = _private_by_name(segment, private, names)
        if ruleset is not None:
            return ruleset
    context = _context(published)
    try:
        chain = aq_chain(aq_inner(context))
    except TypeError:
        chain = [context]
    type_mapping = _registry_value(TYPE_MAPPING)
    for item in chain:
        if getattr(aq_base(item), "portal_type", None) is None:
            continue
        ruleset = content_ruleset(item, type_mapping)
        if ruleset in private:
            return ruleset
    return None


def is_private(published, request) -> bool:
    """True when the response may hold personal data (a no-store ruleset
    applies to it)."""
    return private_ruleset(published, request) is not None


def set_no_store(response) -> None:
    """Headers that keep the response out of every cache."""
    response.setHeader("Cache-Control", NO_STORE)
    response.setHeader("Pragma", "no-cache")
    response.setHeader("Expires", EXPIRED)
    for header in ("ETag", "Last-Modified"):
        if response.getHeader(header):
            del response.headers[header.lower()]


class PrivateAwareLookup(ContentItemLookup):
    """Plone's ruleset lookup, except that private pages get their no-store
    ruleset (registered for our browser layer: installing the policy
    switches it on)."""

    def __call__(self):
        ruleset = private_ruleset(self.published, self.request)
        if ruleset is not None:
            return ruleset
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
