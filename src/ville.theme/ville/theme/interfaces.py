from ville.theme import _
from ville.theme.look import DEFAULT_COLORS
from zope import schema
from zope.interface import Interface
from zope.interface import Invalid
from zope.interface import invariant
from zope.publisher.interfaces.browser import IDefaultBrowserLayer


class IBrowserLayer(IDefaultBrowserLayer):
    """Marker interface applied to the request while ville.theme is installed."""



class IThemeSettings(Interface):
    """The municipality's look, stored in the registry (prefix ``ville.theme``)
    and edited in the "Apparence de la commune" control panel."""

    primary_color = schema.TextLine(
        title=_("Primary colour"),
        description=_(
            "Header, links and buttons, as #rrggbb. Keep a contrast of at least "
            "4.5:1 with white."
        ),
        default=DEFAULT_COLORS["primary_color"],
    )
    secondary_color = schema.TextLine(
        title=_("Secondary colour"),
        description=_("Mini-sites (the CPAS): header and tabs, as #rrggbb."),
        default=DEFAULT_COLORS["secondary_color"],
    )
    accent_color = schema.TextLine(
        title=_("Accent colour"),
        description=_("Express buttons and the e-guichet button, as #rrggbb."),
        default=DEFAULT_COLORS["accent_color"],
    )
    tagline = schema.TextLine(
        title=_("Tagline"),
        description=_("Shown under the municipality's name on the home page."),
        required=False,
        default="",
    )
    hero_image = schema.Bytes(
        title=_("Hero image"),
        description=_("The large picture at the top of the home page."),
        required=False,
    )
    eguichet_url = schema.TextLine(
        title=_("E-guichet address"),
        description=_(
            "Path inside the site (like /e-guichet) or full address of the "
            "e-guichet button in the header. Empty: no button."
        ),
        required=False,
        default="/e-guichet",
    )
    organisation = schema.TextLine(
        title=_("Organisation"), required=False, default=""
    )
    street = schema.TextLine(title=_("Street"), required=False, default="")
    postal_code = schema.TextLine(title=_("Postal code"), required=False, default="")
    city = schema.TextLine(title=_("City"), required=False, default="")
    phone = schema.TextLine(title=_("Phone"), required=False, default="")
    email = schema.TextLine(title=_("E-mail"), required=False, default="")
    hours_monday = schema.TextLine(
        title=_("Opening hours on Monday"),
        description=_("Like 08:30-12:00, 13:30-16:30; empty when closed."),
        required=False,
        default="",
    )
    hours_tuesday = schema.TextLine(
        title=_("Opening hours on Tuesday"),
        description=_("Like 08:30-12:00, 13:30-16:30; empty when closed."),
        required=False,
        default="",
    )
    hours_wednesday = schema.TextLine(
        title=_("Opening hours on Wednesday"),
        description=_("Like 08:30-12:00, 13:30-16:30; empty when closed."),
        required=False,
        default="",
    )
    hours_thursday = schema.TextLine(
        title=_("Opening hours on Thursday"),
        description=_("Like 08:30-12:00, 13:30-16:30; empty when closed."),
        required=False,
        default="",
    )
    hours_friday = schema.TextLine(
        title=_("Opening hours on Friday"),
        description=_("Like 08:30-12:00, 13:30-16:30; empty when closed."),
        required=False,
        default="",
    )
    hours_saturday = schema.TextLine(
        title=_("Opening hours on Saturday"),
        description=_("Like 08:30-12:00, 13:30-16:30; empty when closed."),
        required=False,
        default="",
    )
    hours_sunday = schema.TextLine(
        title=_("Opening hours on Sunday"),
        description=_("Like 08:30-12:00, 13:30-16:30; empty when closed."),
        required=False,
        default="",
    )
    social_links = schema.List(
        title=_("Social links"),
        description=_("One per line: title|https://address"),
        value_type=schema.TextLine(),
        required=False,
        default=[],
    )
    legal_links = schema.List(
        title=_("Legal pages"),
        description=_(
            "Footer links, one per line: title|/path-in-the-site (accessibility "
            "statement, privacy, cookies)."
        ),
        value_type=schema.TextLine(),
        required=False,
        default=[],
    )

    @invariant
    def readable_colors(data):
        from ville.theme.look import contrast
        from ville.theme.look import is_color

        for name in ("primary_color", "secondary_color", "accent_color"):
            value = getattr(data, name, None)
            if not is_color(value):
                raise Invalid(_("Colours must be written like #1f4e79."))
        for name in ("primary_color", "secondary_color", "accent_color"):
            if contrast(getattr(data, name), "#ffffff") < 4.5:
                raise Invalid(
                    _(
                        "The colours must keep a contrast of 4.5:1 with white "
                        "text: choose a darker colour."
                    )
                )
