"""``<ville:preferTranslations directory="locales" />``: this add-on's
catalogs answer first in the domains they share with Plone.

zope.i18n asks a domain's catalogs in the order they were registered and
plone.app.locales registers before any add-on, so an add-on's ``plone`` or
``widgets`` catalog only fills the messages Plone's French lacks. A few that
Plone's French has wrong ("Elément créé") need ours to come first: this
directive's action runs after every ``registerTranslations`` (a later
``order``) and moves the directory's catalogs to the front.
"""

from pathlib import Path
from zope.component import queryUtility
from zope.configuration.fields import Path as PathField
from zope.i18n.interfaces import ITranslationDomain
from zope.interface import Interface


class IPreferTranslations(Interface):
    directory = PathField(title="A locales directory", required=True)


def prefer(directory):
    root = Path(directory)
    for mo in sorted(root.glob("*/LC_MESSAGES/*.mo")):
        language, name = mo.parts[-3], mo.stem
        domain = queryUtility(ITranslationDomain, name=name)
        catalogs = getattr(domain, "_catalogs", {}).get(language)
        if not catalogs:
            continue
        ours = [c for c in catalogs if Path(c) == mo]
        catalogs[:] = ours + [c for c in catalogs if c not in ours]


def prefer_translations(_context, directory):
    _context.action(discriminator=None, callable=prefer, args=(directory,), order=100)
