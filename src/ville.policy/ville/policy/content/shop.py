"""Shop ("Commerce") of the commercial directory."""

from plone.dexterity.content import Item
from plone.namedfile.field import NamedBlobImage
from plone.supermodel import model
from ville.policy import _
from ville.policy.content.fields import check_email
from ville.policy.content.fields import check_phone
from ville.policy.content.fields import check_url
from zope import schema
from zope.interface import implementer


class IShop(model.Schema):
    # Tabs of the edit form: the name, summary, text and category stay on the
    # first one.
    model.fieldset(
        "shop_address",
        label=_("Address"),
        fields=["street", "postal_code", "city", "latitude", "longitude"],
    )
    model.fieldset(
        "shop_contact",
        label=_("Contact"),
        fields=["phone", "email", "website", "facebook", "opening_hours"],
    )
    model.fieldset("shop_images", label=_("Logo and photo"), fields=["logo", "image"])

    category = schema.Choice(
        title=_("Category"),
        description=_(
            "The heading of the commercial directory under which the shop is "
            "listed. The list of headings is set in the site's settings."
        ),
        vocabulary="ville.policy.shop_categories",
        required=True,
    )
    street = schema.TextLine(
        title=_("Street and number"),
        description=_("For example 'Rue Albert Ier 12'. Shown on the shop's card."),
        required=False,
    )
    postal_code = schema.TextLine(
        title=_("Postal code"), description=_("Four digits, for example 5000."),
        required=False,
    )
    city = schema.TextLine(
        title=_("City"),
        description=_("The village or town of the address."),
        required=False,
    )
    phone = schema.TextLine(
        title=_("Phone"),
        description=_(
            "The number customers call, as you would write it, for example "
            "069 12 34 56. Visitors on a phone can call it by touching it."
        ),
        required=False,
        constraint=check_phone,
    )
    email = schema.TextLine(
        title=_("E-mail"),
        description=_("The shop's public address, for example info@boulangerie.be."),
        required=False,
        constraint=check_email,
    )
    website = schema.TextLine(
        title=_("Website"),
        description=_(
            "The full address, starting with https://, copied from the browser's "
            "address bar."
        ),
        required=False,
        constraint=check_url,
    )
    facebook = schema.TextLine(
        title=_("Facebook page"),
        description=_(
            "The full address of the shop's page, for example "
            "https://www.facebook.com/boulangerie."
        ),
        required=False,
        constraint=check_url,
    )
    opening_hours = schema.Text(
        title=_("Opening hours"),
        description=_(
            "One line per day or group of days, for example 'Tuesday to "
            "Saturday: 8:00-18:00'. Shown as written on the shop's card."
        ),
        required=False,
    )
    logo = NamedBlobImage(
        title=_("Logo"),
        description=_("Optional; shown small at the top of the shop's card."),
        required=False,
    )
    image = NamedBlobImage(
        title=_("Photo"),
        description=_(
            "Optional photo of the shop front or of its products, shown large on "
            "the shop's card (JPEG or PNG, landscape)."
        ),
        required=False,
    )
    latitude = schema.Float(
        title=_("Latitude"),
        description=_(
            "Optional, for the link to the map: in OpenStreetMap, right-click "
            "the place, choose 'Show address' and copy the first number, for "
            "example 50.4839."
        ),
        min=-90.0,
        max=90.0,
        required=False,
    )
    longitude = schema.Float(
        title=_("Longitude"),
        description=_("The second number given by the map, for example 3.5967."),
        min=-180.0,
        max=180.0,
        required=False,
    )


@implementer(IShop)
class Shop(Item):
    """A shop of the commercial directory."""
