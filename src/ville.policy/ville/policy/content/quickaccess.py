"""QuickAccess ("Accès direct") and Alert ("Alerte")."""

from plone.app.z3cform.widgets.contentbrowser import ContentBrowserFieldWidget
from plone.autoform import directives
from plone.dexterity.content import Item
from plone.supermodel import model
from ville.policy import _
from z3c.relationfield.schema import RelationChoice
from zope import schema
from zope.interface import implementer
from zope.interface import Invalid
from zope.interface import invariant


class IQuickAccess(model.Schema):
    icon = schema.Choice(
        title=_("Icon"), vocabulary="ville.policy.icons", required=True
    )
    remoteUrl = schema.TextLine(
        title=_("External address or path"),
        description=_(
            "An address such as https://... or a path of this site such as "
            "/travaux. Leave empty to point to the internal target below."
        ),
        required=False,
    )
    internal_target = RelationChoice(
        title=_("Internal target"),
        vocabulary="plone.app.vocabularies.Catalog",
        required=False,
    )
    directives.widget("internal_target", ContentBrowserFieldWidget)
    express = schema.Bool(
        title=_("Express button"),
        description=_("Highlighted on the home page, like 'Travaux en cours'."),
        required=False,
        default=False,
    )

    @invariant
    def has_target(data):
        if not data.remoteUrl and not data.internal_target:
            raise Invalid(_("Give an address or an internal target."))
        url = data.remoteUrl or ""
        if url and not url.startswith(("https://", "http://", "/", "mailto:", "tel:")):
            raise Invalid(_("The address must start with https:// or /."))


@implementer(IQuickAccess)
class QuickAccess(Item):
    """A direct-access button; ordered in its container."""


class IAlert(model.Schema):
    severity = schema.Choice(
        title=_("Severity"),
        description=_(
            "Where it shows: as a banner at the top of every page of the "
            "section this alert is added to and of its sub-pages (every page "
            "of the site when added at the site's root), once published."
        ),
        vocabulary="ville.policy.alert_severities",
        required=True,
        default="info",
    )
    start = schema.Datetime(
        title=_("Shown from"),
        description=_("The banner appears from this date and time (town's time)."),
        required=True,
    )
    end = schema.Datetime(
        title=_("Shown until"),
        description=_(
            "The banner disappears after this date and time; leave empty to "
            "show the alert until it is removed."
        ),
        required=False,
    )

    @invariant
    def end_after_start(data):
        if data.start and data.end and data.end < data.start:
            raise Invalid(_("The end must not be before the start."))


@implementer(IAlert)
class Alert(Item):
    """An urgent banner, shown in its section (or the whole site) while active."""
