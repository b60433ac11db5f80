"""What ville.theme takes from other add-ons, through the component registry.

The site's own content (roadworks, alerts, direct-access buttons, mini-sites)
comes from the ``ISiteContent`` utility an add-on registers (ville.policy
does); the theme may be installed alone: :func:`site_content` is then None
and the templates hide the sections that need it. Vocabularies are looked
up by name and may be absent too.
"""

from ville.theme.interfaces import ISiteContent
from zope.component import queryUtility
from zope.schema.interfaces import IVocabularyFactory


def site_content():
    """The ``ISiteContent`` provider of this site, or None when no add-on
    offers one or when it is not installed on this site."""
    provider = queryUtility(ISiteContent)
    if provider is None or not provider.available():
        return None
    return provider


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
