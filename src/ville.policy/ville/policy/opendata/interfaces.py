"""Settings of the open data feeds (registry prefix ``ville.opendata``),
written from the municipality profile's ``open_data:`` section."""

from ville.policy import _
from zope import schema
from zope.interface import Interface


CC_BY_4_0 = "https://creativecommons.org/licenses/by/4.0/"


class IOpenDataSettings(Interface):
    """The licence under which the town publishes its feeds."""

    licence = schema.TextLine(
        title=_("Open data licence (address)"),
        description=_("The address of the licence of the open data feeds."),
        required=False,
        default=CC_BY_4_0,
    )
    licence_title = schema.TextLine(
        title=_("Open data licence (name)"),
        required=False,
        default="CC BY 4.0",
    )
