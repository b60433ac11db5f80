"""Procedure ("Démarche") and PublicService ("Service communal")."""

from plone.app.z3cform.widgets.contentbrowser import ContentBrowserFieldWidget
from plone.autoform import directives
from plone.dexterity.content import Item
from plone.supermodel import model
from ville.policy import _
from ville.policy.content.fields import check_email
from ville.policy.content.fields import check_phone
from z3c.relationfield.schema import RelationChoice
from zope import schema
from zope.interface import implementer


class IPublicService(model.Schema):
    street = schema.TextLine(
        title=_("Street and number"),
        description=_(
            "Where citizens go, for example 'Grand-Place 1'. Shown on the "
            "service's page and on each procedure that names this service."
        ),
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
            "The number citizens call, as you would write it, for example "
            "081 12 34 56. Visitors on a phone can call it by touching it."
        ),
        required=False,
        constraint=check_phone,
    )
    email = schema.TextLine(
        title=_("E-mail"),
        description=_("The service's address for citizens, for example population@commune.be."),
        required=False,
        constraint=check_email,
    )
    opening_hours = schema.Dict(
        title=_("Opening hours"),
        description=_(
            "For each day the desk opens, choose the day and type its hours, "
            "for example '08:30-12:00, 13:30-16:30'. A day left out is shown as "
            "closed. The pages show whether the desk is open now."
        ),
        key_type=schema.Choice(vocabulary="ville.policy.weekdays"),
        value_type=schema.TextLine(title=_("Hours")),
        required=False,
        default={},
    )
    closures = schema.Text(
        title=_("Exceptional closures"),
        description=_(
            "Days the desk is closed although it is usually open, one per line, "
            "the date first, for example '2026-12-25: Noël'. Shown under the "
            "opening hours."
        ),
        required=False,
    )
    head = schema.TextLine(
        title=_("Head of service"),
        description=_("First name and name of the person in charge, shown on the service's page."),
        required=False,
    )


@implementer(IPublicService)
class PublicService(Item):
    """A municipal service (desk) with its address and opening hours."""


class IProcedure(model.Schema):
    category = schema.Choice(
        title=_("Category"),
        description=_("What the citizen obtains; it groups the procedures in the lists."),
        vocabulary="ville.policy.procedure_categories",
        required=True,
    )
    who = schema.Text(
        title=_("Who may apply"),
        description=_(
            "In plain words, for example 'Any person registered in the "
            "municipality, for themselves or with a proxy'. Shown on the page."
        ),
        required=False,
    )
    documents = schema.Text(
        title=_("What to bring"),
        description=_("One document per line, for example 'Identity card'."),
        required=False,
    )
    cost = schema.TextLine(
        title=_("Cost"),
        description=_("For example '5 €' or 'Free'. Leave empty when unknown."),
        required=False,
    )
    delay = schema.TextLine(
        title=_("Delay"),
        description=_("How long the citizen waits, for example 'Immediately at the desk' or '5 working days'."),
        required=False,
    )
    service = RelationChoice(
        title=_("Where (municipal service)"),
        description=_(
            "The desk that handles the procedure: its address, phone and "
            "opening hours are shown on the procedure's page. Click to choose "
            "it among the municipal services."
        ),
        vocabulary="plone.app.vocabularies.Catalog",
        required=False,
    )
    directives.widget(
        "service",
        ContentBrowserFieldWidget,
        pattern_options={"selectableTypes": ["PublicService"]},
    )
    online_form = RelationChoice(
        title=_("Online form"),
        description=_(
            "The e-guichet form where the procedure can be done online, 24h/24. "
            "When chosen, the page shows the button 'Do it online, 24/7'."
        ),
        vocabulary="plone.app.vocabularies.Catalog",
        required=False,
    )
    directives.widget("online_form", ContentBrowserFieldWidget)


@implementer(IProcedure)
class Procedure(Item):
    """An administrative procedure, possibly done online on the e-guichet."""
