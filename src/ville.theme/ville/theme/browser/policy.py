"""What ville.theme takes from ville.policy, when it is installed.

The theme may be installed alone: every function here then returns an empty
result and the templates hide the sections that need it.
"""

from importlib import import_module
from plone.registry.interfaces import IRegistry
from ville.theme.browser.utils import policy_installed
from zope.component import getUtility
from zope.component import queryUtility
from zope.schema.interfaces import IVocabularyFactory


def _api():
    """ville.policy.api, or None when ville.policy is absent or not installed."""
    try:
        module = import_module("ville.policy.api")
    except ImportError:
        return None
    return module if policy_installed() else None


def call(name, *args, default=None, **kwargs):
    """Call ``ville.policy.api.<name>``; ``default`` when it is missing."""
    module = _api()
    function = getattr(module, name, None) if module is not None else None
    if function is None:
        return default
    return function(*args, **kwargs)


def vocabulary_title(context, name, value):
    """The translated title of ``value`` in a named vocabulary, or the value."""
    if value is None or value == "":
        return ""
    factory = queryUtility(IVocabularyFactory, name=name)
    if factory is None:
        return str(value)
    try:
        term = factory(context).getTerm(value)
    except LookupError:
        return str(value)
    return term.title or str(value)


def registry_value(name, default=None):
    registry = getUtility(IRegistry)
    value = registry.get(name)
    return default if value is None else value


def minisites():
    """The mini-sites of the site (title, url), when ville.policy is installed."""
    from plone import api

    if _api() is None:
        return []
    try:
        from ville.policy.interfaces import IMiniSiteRoot
    except ImportError:
        return []
    return [
        {"title": brain.Title, "url": brain.getURL()}
        for brain in api.content.find(
            object_provides=IMiniSiteRoot.__identifier__, sort_on="getObjPositionInParent"
        )
    ]
