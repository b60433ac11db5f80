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
    # Tabs of the edit form: the title, summary, text and lead image stay on
    # the first one; the photos are images added inside the premises.
    model.fieldset(
        "premises_address", label=_("Address"), fields=["street", "postal_code", "city"]
    )
    model.fieldset(
        "premises_features",
        label=_("The premises"),
        fields=["surface", "kind", "energy_class"],
    )
    model.fieldset(
        "premises_terms",
        label=_("Price and availability"),
        fields=["rent", "price", "availability", "available_from"],
    )
    model.fieldset("premises_contact", label=_("Contact"), fields=["contact"])

    street = schema.TextLine(
        title=_("Street and number"),
        description=_("For example 'Grand-Place 5'. Shown on the premises' card."),
        required=True,
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
    surface = schema.Int(
        title=_("Surface (m²)"),
        description=_(
            "The floor area in square metres, a whole number such as 85. "
            "Visitors filter the list of premises by surface."
        ),
        min=1,
        required=True,
    )
    kind = schema.Choice(
        title=_("Kind"),
        description=_("What the premises suit best: a shop, an office, a café or restaurant."),
        vocabulary="ville.policy.premises_kinds",
        required=True,
    )
    rent = schema.Int(
        title=_("Rent per month (€)"),
        description=_(
            "In euros, without cents, for example 900. Leave empty when the "
            "premises are for sale only."
        ),
        min=0,
        required=False,
    )
    price = schema.Int(
        title=_("Sale price (€)"),
        description=_(
            "In euros, without cents or spaces, for example 250000. Leave empty "
            "when the premises are for rent only."
        ),
        min=0,
        required=False,
    )
    availability = schema.Choice(
        title=_("Availability"),
        description=_(
            "Shown as a coloured badge on the card and in the list. Choose "
            "'Let or sold' rather than deleting the premises."
        ),
        vocabulary="ville.policy.premises_availability",
        required=True,
        default="available",
    )
    available_from = schema.Date(
        title=_("Available from"),
        description=_("Leave empty when the premises are free now."),
        required=False,
    )
    energy_class = schema.Choice(
        title=_("Energy class (PEB)"),
        description=_(
            "The letter of the energy performance certificate (PEB), compulsory "
            "in adverts; leave empty if you do not know it."
        ),
        vocabulary="ville.policy.energy_classes",
        required=False,
    )
    contact = schema.Text(
        title=_("Contact"),
        description=_(
            "Who to contact to visit: a name, a phone number and an e-mail "
            "address, one per line. Shown as written on the premises' card."
        ),
        required=True,
    )


@implementer(ICommercialPremises)
class CommercialPremises(Container):
    """Commercial premises, with its photos inside."""
