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
    street = schema.TextLine(title=_("Street and number"), required=False)
    postal_code = schema.TextLine(title=_("Postal code"), required=False)
    city = schema.TextLine(title=_("City"), required=False)
    phone = schema.TextLine(title=_("Phone"), required=False, constraint=check_phone)
    email = schema.TextLine(title=_("E-mail"), required=False, constraint=check_email)
    opening_hours = schema.Dict(
        title=_("Opening hours"),
        description=_(
            "One line per weekday (monday ... sunday), for example "
            "'08:30-12:00, 13:30-16:30'; a day left out is closed."
        ),
        key_type=schema.Choice(vocabulary="ville.policy.weekdays"),
        value_type=schema.TextLine(title=_("Hours")),
        required=False,
        default={},
    )
    closures = schema.Text(
        title=_("Exceptional closures"),
        description=_("One closure per line, for example '2026-12-25: Noël'."),
        required=False,
    )
    head = schema.TextLine(title=_("Head of service"), required=False)


@implementer(IPublicService)
class PublicService(Item):
    """A municipal service (desk) with its address and opening hours."""


class IProcedure(model.Schema):
    category = schema.Choice(
        title=_("Category"),
        vocabulary="ville.policy.procedure_categories",
        required=True,
    )
    who = schema.Text(title=_("Who may apply"), required=False)
    documents = schema.Text(title=_("What to bring"), required=False)
    cost = schema.TextLine(title=_("Cost"), required=False)
    delay = schema.TextLine(title=_("Delay"), required=False)
    service = RelationChoice(
        title=_("Where (municipal service)"),
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
            "The e-guichet form where the procedure can be done online, 24h/24."
        ),
        vocabulary="plone.app.vocabularies.Catalog",
        required=False,
    )
    directives.widget("online_form", ContentBrowserFieldWidget)


@implementer(IProcedure)
class Procedure(Item):
    """An administrative procedure, possibly done online on the e-guichet."""
