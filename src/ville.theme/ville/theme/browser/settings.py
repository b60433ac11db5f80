"""The municipality's look and contact, as the templates need them.

Read from the theme's settings (``IThemeSettings``, control panel
"Apparence de la commune"): the only records of these settings, written from
the municipality profile by :mod:`ville.theme.municipality`.
"""

from plone import api
from plone.registry.interfaces import IRegistry
from ville.core.profilefile import WEEKDAYS
from ville.theme import _
from ville.theme.browser.utils import split_links
from ville.theme.interfaces import IThemeSettings
from ville.theme.look import darker
from ville.theme.look import is_color
from ville.theme.look import is_open
from ville.theme.municipality import DEFAULT_COLORS
from ville.theme.municipality import SETTINGS_PREFIX
from zope.component import getUtility

import zlib


# In the order of WEEKDAYS, the profile's one list of weekdays (ville.core).
DAY_NAMES = dict(
    zip(
        WEEKDAYS,
        (_("Monday"), _("Tuesday"), _("Wednesday"), _("Thursday"), _("Friday"),
         _("Saturday"), _("Sunday")),
        strict=True,
    )
)
CONTACT_FIELDS = ("organisation", "street", "postal_code", "city", "phone", "email")


def theme_settings():
    """The theme's settings, or None when the theme's records are missing."""
    registry = getUtility(IRegistry)
    return registry.forInterface(IThemeSettings, prefix=SETTINGS_PREFIX, check=False)


def _get(record, name, default=""):
    try:
        value = getattr(record, name)
    except (AttributeError, KeyError):
        return default
    return default if value is None else value


def colors() -> dict:
    record = theme_settings()
    result = {}
    for name, default in DEFAULT_COLORS.items():
        value = _get(record, name, default)
        result[name] = value if is_color(value) else default
    return result


def css_variables() -> str:
    """``:root{...}`` with the municipality's colours (validated #rrggbb)."""
    values = colors()
    lines = [
        f"--ville-primary:{values['primary_color']}",
        f"--ville-primary-dark:{darker(values['primary_color'])}",
        f"--ville-secondary:{values['secondary_color']}",
        f"--ville-secondary-dark:{darker(values['secondary_color'])}",
        f"--ville-accent:{values['accent_color']}",
        f"--ville-accent-dark:{darker(values['accent_color'])}",
    ]
    return ":root{" + ";".join(lines) + "}"


def contact() -> dict:
    record = theme_settings()
    result = {}
    for name in CONTACT_FIELDS:
        result[name] = _get(record, name)
    return result


def opening_hours() -> dict:
    """weekday -> text ("" when closed)."""
    record = theme_settings()
    return {day: _get(record, f"hours_{day}") for day in WEEKDAYS}


def opening_hours_rows(hours) -> list:
    """[{"day": translated name, "hours": text or None (closed)}] Monday first."""
    return [
        {"id": day, "day": DAY_NAMES[day], "hours": (hours or {}).get(day) or None}
        for day in WEEKDAYS
    ]


def social_links() -> list:
    lines = _get(theme_settings(), "social_links", [])
    return [
        link for link in split_links(lines)
        if link["url"].startswith(("https://", "http://"))
    ]


def legal_links(portal) -> list:
    """The legal pages that exist in the site (title, url)."""
    links = []
    for link in split_links(_get(theme_settings(), "legal_links", [])):
        path = link["url"]
        if not path.startswith("/"):
            continue
        target = portal.unrestrictedTraverse(path.strip("/"), None)
        if target is None or not api.user.has_permission("View", obj=target):
            continue
        links.append({"title": link["title"], "url": target.absolute_url()})
    return links


def tagline() -> str:
    return _get(theme_settings(), "tagline")


def hero_version() -> str:
    """A short fingerprint of the hero image ("" when none), so that its URL
    changes when the image does and browsers may cache it."""
    value = _get(theme_settings(), "hero_image", None)
    return f"{zlib.crc32(value):08x}" if value else ""


def eguichet_url(portal_url) -> str:
    value = _get(theme_settings(), "eguichet_url", "")
    if not value:
        return ""
    if value.startswith("/"):
        return portal_url + value
    return value


def town_hall_is_open(now=None):
    return is_open(opening_hours(), now)

