"""Interfaces of ville.policy: the browser layer, settings schemas, markers.

The settings schemas are read by the policy's views and vocabularies and by
other municipalities' tools; their field names are a contract:

- ``IMunicipalitySettings`` (registry prefix ``ville.municipality``): the
  municipality's name, short name and villages (contact, hours and social
  links are ville.theme's records: one record per setting).
- ``IShopSettings`` (prefix ``ville.policy``): the shop categories of the
  commercial directory, edited in the "Commerces" control panel.
"""

from plone.base.interfaces import INavigationRoot
from ville.policy import _
from zope import schema
from zope.interface import Interface
from zope.publisher.interfaces.browser import IDefaultBrowserLayer


class IBrowserLayer(IDefaultBrowserLayer):
    """Marker interface applied to the request while ville.policy is installed."""


class IMiniSiteRoot(INavigationRoot):
    """A folder turned into a mini-site: its own navigation root (the CPAS)."""


class IMunicipalitySettings(Interface):
    """The municipality's identity, written from ``municipality.yaml``.

    Its contact, town-hall hours, tagline and social links are ville.theme's
    records (``ville.theme.*``, the theme shows them and its control panel
    edits them); its bank account is ville.eguichet's (``ville.eguichet.iban``,
    printed on receipts)."""

    name = schema.TextLine(title=_("Name of the municipality"), required=False, default="")
    short_name = schema.TextLine(title=_("Short name"), required=False, default="")
    villages = schema.List(
        title=_("Villages and sections"),
        value_type=schema.TextLine(),
        required=False,
        default=[],
    )


class IShopSettings(Interface):
    """Settings of the commercial directory."""

    shop_categories = schema.List(
        title=_("Shop categories"),
        description=_(
            "One category per line, as 'identifier|Label' (for example "
            "'food|Alimentation'). Changing an identifier detaches the shops "
            "filed under it."
        ),
        value_type=schema.TextLine(),
        required=False,
        default=[],
    )
