from ville.theme import _
from ville.theme.look import DEFAULT_COLORS
from zope import schema
from zope.interface import Interface
from zope.interface import Invalid
from zope.interface import invariant
from zope.publisher.interfaces.browser import IDefaultBrowserLayer


class IBrowserLayer(IDefaultBrowserLayer):
    """Marker interface applied to the request while ville.theme is installed."""


class ISiteContent(Interface):
    """What the theme shows of the site's own content (roadworks, alerts,
    direct-access buttons, mini-sites, publication schedule).

    The theme declares what it needs; an add-on that owns that content
    (ville.policy) registers a utility providing it. The theme looks it up
    with ``queryUtility(ISiteContent)`` and hides the sections that need it
    when there is none, or when ``available()`` is false. Every method
    respects the current user's permissions.
    """

    def available():
        """Whether the add-on behind this utility is installed on the
        current site (its profile applied)."""

    def roadwork_status(roadwork):
        """``"upcoming"``, ``"ongoing"`` or ``"finished"`` for a roadwork
        (object or brain), from its dates and the current time."""

    def ongoing_roadworks_count():
        """How many roadworks the current user can see are ongoing now."""

    def active_alerts(context):
        """The alerts to show on ``context``'s page, most severe first:
        brains with ``Title``, ``Description``, ``severity``, ``getURL()``."""

    def quick_access_buttons(root):
        """The direct-access buttons of a root (the site or a mini-site), in
        order: dicts with ``title``, ``url``, ``express``, ``icon_url``."""

    def minisite_root(context):
        """The mini-site ``context`` is in (itself included), or None."""

    def minisites():
        """The site's mini-sites in their order: dicts ``title``, ``url``."""

    def schedule_label(item, context):
        """The scheduled / expired marker of a brain or object, shown to
        staff only ("" for anyone else)."""

    def quick_access_manage_url(root):
        """The page where the current user orders, adds and publishes the
        direct-access buttons of ``root``; "" when they may not."""

    def schedule_boundary():
        """The last publication, expiry, start or end date of the site's
        content already passed, in seconds since the epoch (0: none): what
        the site shows changes at these dates with no catalog write. Optional
        (the theme's memoized page chrome keys on it when it is there)."""



def _hours(title):
    """The town hall's hours on one weekday (``hours_<weekday>``)."""
    return schema.TextLine(
        title=title,
        description=_("Like 08:30-12:00, 13:30-16:30; empty when closed."),
        required=False,
        default="",
    )


class IThemeSettings(Interface):
    """The municipality's look, contact, town-hall hours and links, stored in
    the registry (prefix ``ville.theme``) and edited in the "Apparence de la
    commune" control panel: the only records of these settings (ville.policy
    and ville.eguichet keep no copy)."""

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
    hours_monday = _hours(_("Opening hours on Monday"))
    hours_tuesday = _hours(_("Opening hours on Tuesday"))
    hours_wednesday = _hours(_("Opening hours on Wednesday"))
    hours_thursday = _hours(_("Opening hours on Thursday"))
    hours_friday = _hours(_("Opening hours on Friday"))
    hours_saturday = _hours(_("Opening hours on Saturday"))
    hours_sunday = _hours(_("Opening hours on Sunday"))
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
