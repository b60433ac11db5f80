"""Interfaces of ville.policy: the browser layer, settings schemas, markers.

The settings schemas are read by the theme (``ville.theme``) and by other
municipalities' tools; their field names are a contract:

- ``IMunicipalitySettings`` (registry prefix ``ville.municipality``): the
  municipality's identity, contact and town-hall opening hours.
- ``ISocialSettings`` (prefix ``ville.policy``): ``ville.policy.social_links``.
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
    """The municipality's identity, written from ``municipality.yaml``."""

    name = schema.TextLine(title=_("Name of the municipality"), required=False, default="")
    short_name = schema.TextLine(title=_("Short name"), required=False, default="")
    tagline = schema.TextLine(title=_("Tagline"), required=False, default="")
    organisation = schema.TextLine(title=_("Organisation"), required=False, default="")
    street = schema.TextLine(title=_("Street"), required=False, default="")
    postal_code = schema.TextLine(title=_("Postal code"), required=False, default="")
    city = schema.TextLine(title=_("City"), required=False, default="")
    phone = schema.TextLine(title=_("Phone"), required=False, default="")
    email = schema.TextLine(title=_("E-mail"), required=False, default="")
    iban = schema.TextLine(title=_("IBAN"), required=False, default="")
    bic = schema.TextLine(title=_("BIC"), required=False, default="")
    opening_hours = schema.Dict(
        title=_("Town-hall opening hours"),
        description=_("One entry per weekday (monday ... sunday); empty means closed."),
        key_type=schema.TextLine(),
        value_type=schema.TextLine(),
        required=False,
        default={},
    )
    villages = schema.List(
        title=_("Villages and sections"),
        value_type=schema.TextLine(),
        required=False,
        default=[],
    )


class ISocialSettings(Interface):
    """Social-network links shown by the theme (title|url per entry)."""

    social_links = schema.List(
        title=_("Social links"),
        description=_("One link per line, as 'Title|https://...'."),
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
