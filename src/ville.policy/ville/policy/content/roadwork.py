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
    location = schema.TextLine(
        title=_("Location"),
        description=_("Street(s) concerned, for example 'Rue de la Station, 12 to 40'."),
        required=True,
    )
    village = schema.Choice(
        title=_("Village or section"),
        description=_(
            "The village or section of the municipality where the works are."
        ),
        vocabulary="ville.policy.villages",
        required=True,
    )
    start = schema.Date(title=_("Start date"), required=True)
    end = schema.Date(
        title=_("End date"),
        description=_("Leave empty when the end date is not known yet."),
        required=False,
    )
    impact = schema.Choice(
        title=_("Impact on traffic"),
        vocabulary="ville.policy.roadwork_impacts",
        required=True,
        default="restricted",
    )
    detour = schema.Text(title=_("Detour"), required=False)
    operator = schema.Choice(
        title=_("Works carried out by"),
        vocabulary="ville.policy.roadwork_operators",
        required=True,
        default="commune",
    )
    latitude = schema.Float(title=_("Latitude"), min=-90.0, max=90.0, required=False)
    longitude = schema.Float(
        title=_("Longitude"), min=-180.0, max=180.0, required=False
    )
    image = NamedBlobImage(title=_("Image"), required=False)

    @invariant
    def end_after_start(data):
        if data.start and data.end and data.end < data.start:
            raise Invalid(_("The end date must not be before the start date."))


# A choice in the forms, a plain string in REST answers (ville.policy.villages).
alsoProvides(IRoadwork["village"], IPlainChoice)


@implementer(IRoadwork)
class Roadwork(Item):
    """A roadwork; its status is derived from its dates (see ville.policy.api)."""
