"""CommercialPremises ("Cellule commerciale"): vacant premises to promote.

Folderish: its photos are Image items inside it (the first one, or the lead
image, is the main photo).
"""

from plone.dexterity.content import Container
from plone.supermodel import model
from ville.policy import _
from zope import schema
from zope.interface import implementer


class ICommercialPremises(model.Schema):
    street = schema.TextLine(title=_("Street and number"), required=True)
    postal_code = schema.TextLine(title=_("Postal code"), required=False)
    city = schema.TextLine(title=_("City"), required=False)
    surface = schema.Int(title=_("Surface (m²)"), min=1, required=True)
    kind = schema.Choice(
        title=_("Kind"), vocabulary="ville.policy.premises_kinds", required=True
    )
    rent = schema.Int(
        title=_("Rent per month (€)"),
        description=_("Leave empty when the premises are for sale only."),
        min=0,
        required=False,
    )
    price = schema.Int(
        title=_("Sale price (€)"),
        description=_("Leave empty when the premises are for rent only."),
        min=0,
        required=False,
    )
    availability = schema.Choice(
        title=_("Availability"),
        vocabulary="ville.policy.premises_availability",
        required=True,
        default="available",
    )
    available_from = schema.Date(title=_("Available from"), required=False)
    energy_class = schema.Choice(
        title=_("Energy class (PEB)"),
        vocabulary="ville.policy.energy_classes",
        required=False,
    )
    contact = schema.Text(
        title=_("Contact"),
        description=_("Who to contact to visit: name, phone, e-mail."),
        required=True,
    )


@implementer(ICommercialPremises)
class CommercialPremises(Container):
    """Commercial premises, with its photos inside."""
