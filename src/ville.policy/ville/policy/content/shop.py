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
    category = schema.Choice(
        title=_("Category"),
        vocabulary="ville.policy.shop_categories",
        required=True,
    )
    street = schema.TextLine(title=_("Street and number"), required=False)
    postal_code = schema.TextLine(title=_("Postal code"), required=False)
    city = schema.TextLine(title=_("City"), required=False)
    phone = schema.TextLine(title=_("Phone"), required=False, constraint=check_phone)
    email = schema.TextLine(title=_("E-mail"), required=False, constraint=check_email)
    website = schema.TextLine(title=_("Website"), required=False, constraint=check_url)
    facebook = schema.TextLine(
        title=_("Facebook page"), required=False, constraint=check_url
    )
    opening_hours = schema.Text(title=_("Opening hours"), required=False)
    logo = NamedBlobImage(title=_("Logo"), required=False)
    image = NamedBlobImage(title=_("Photo"), required=False)
    latitude = schema.Float(title=_("Latitude"), min=-90.0, max=90.0, required=False)
    longitude = schema.Float(
        title=_("Longitude"), min=-180.0, max=180.0, required=False
    )


@implementer(IShop)
class Shop(Item):
    """A shop of the commercial directory."""
