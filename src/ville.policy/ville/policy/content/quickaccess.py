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
        title=_("Icon"),
        description=_("The picture drawn on the round button of the home page."),
        vocabulary="ville.policy.icons",
        required=True,
    )
    remoteUrl = schema.TextLine(
        title=_("External address or path"),
        description=_(
            "Where the button leads: an address of another site starting with "
            "https://, or a page of this site starting with /, such as /travaux. "
            "Leave empty and choose the internal target below instead."
        ),
        required=False,
    )
    internal_target = RelationChoice(
        title=_("Internal target"),
        description=_(
            "A page of this site, chosen in the site's tree: the button keeps "
            "working when the page is moved or renamed."
        ),
        vocabulary="plone.app.vocabularies.Catalog",
        required=False,
    )
    directives.widget("internal_target", ContentBrowserFieldWidget)
    express = schema.Bool(
        title=_("Express button"),
        description=_(
            "Shown in the accent colour on the home page, like 'Travaux en "
            "cours'. Keep it for one or two buttons."
        ),
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
            "The colour of the banner: blue for information, orange for a "
            "warning, red for a danger (storm, water cut)."
        ),
        vocabulary="ville.policy.alert_severities",
        required=True,
        default="info",
    )
    start = schema.Datetime(
        title=_("Shown from"),
        description=_(
            "Day and hour from which the banner is shown at the top of the pages "
            "of the folder where the alert is (the whole site for one at the root)."
        ),
        required=True,
    )
    end = schema.Datetime(
        title=_("Shown until"),
        description=_(
            "Day and hour from which the banner disappears. Leave empty to show "
            "the alert until it is removed."
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
