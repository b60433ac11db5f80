"""Roadwork ("Chantier"): where, when, and how traffic is affected."""

from plone.dexterity.content import Item
from plone.namedfile.field import NamedBlobImage
from plone.supermodel import model
from ville.policy import _
from ville.policy.villages import IPlainChoice
from zope import schema
from zope.interface import alsoProvides
from zope.interface import implementer
from zope.interface import Invalid
from zope.interface import invariant


class IRoadwork(model.Schema):
    # Tabs of the edit form, as Plone groups its own fields (where, when,
    # impact, who): the title, summary, text and image stay on the first one.
    # The dates tab is not "dates": that one is Dublin Core's publication dates.
    model.fieldset(
        "roadwork_location",
        label=_("Location"),
        fields=["location", "village", "latitude", "longitude"],
    )
    model.fieldset("roadwork_dates", label=_("Dates of the works"), fields=["start", "end"])
    model.fieldset("roadwork_impact", label=_("Impact"), fields=["impact", "detour"])
    model.fieldset("roadwork_contact", label=_("Contact"), fields=["operator"])

    location = schema.TextLine(
        title=_("Location"),
        description=_(
            "The street or streets concerned, with the house numbers if the works "
            "cover only part of the street, for example 'Rue de la Station, from "
            "no. 12 to no. 40'. Shown on the roadwork's page and in the list of "
            "roadworks."
        ),
        required=True,
    )
    village = schema.Choice(
        title=_("Village or section"),
        description=_(
            "The village or former municipality (section) where the works are. "
            "Visitors filter the list of roadworks by village."
        ),
        vocabulary="ville.policy.villages",
        required=True,
    )
    start = schema.Date(
        title=_("Start date"),
        description=_(
            "First day of the works. Until then the roadwork is shown as "
            "'upcoming', from that day as 'ongoing'."
        ),
        required=True,
    )
    end = schema.Date(
        title=_("End date"),
        description=_(
            "Last day of the works, as announced. Leave empty when it is not "
            "known yet: the page then says 'end date not known yet'. After this "
            "day the roadwork is shown as 'finished'."
        ),
        required=False,
    )
    impact = schema.Choice(
        title=_("Impact on traffic"),
        description=_(
            "What drivers and pedestrians will meet. Shown on the page and in "
            "the list of roadworks."
        ),
        vocabulary="ville.policy.roadwork_impacts",
        required=True,
        default="restricted",
    )
    detour = schema.Text(
        title=_("Detour"),
        description=_(
            "The way around, in a few lines, for example 'Follow the signs via "
            "Rue Neuve and Rue du Moulin'. Leave empty when there is none."
        ),
        required=False,
    )
    operator = schema.Choice(
        title=_("Works carried out by"),
        description=_(
            "Who does the works: citizens with questions contact them, or the "
            "municipality's public works service. Shown on the roadwork's page."
        ),
        vocabulary="ville.policy.roadwork_operators",
        required=True,
        default="commune",
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
    image = NamedBlobImage(
        title=_("Image"),
        description=_(
            "Optional photo or plan of the works, shown at the top of the "
            "roadwork's page (JPEG or PNG)."
        ),
        required=False,
    )

    @invariant
    def end_after_start(data):
        if data.start and data.end and data.end < data.start:
            raise Invalid(_("The end date must not be before the start date."))


# A choice in the forms, a plain string in REST answers (ville.policy.villages).
alsoProvides(IRoadwork["village"], IPlainChoice)


@implementer(IRoadwork)
class Roadwork(Item):
    """A roadwork; its status is derived from its dates (see ville.policy.api)."""
