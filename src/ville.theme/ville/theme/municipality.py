"""The theme's part of a municipality profile (``profiles/<name>/``).

``load`` reads ``municipality.yaml`` against :class:`ThemeProfile` (the
sections the theme owns because it shows them: ``logo:``, ``look:``,
``contact:``, ``opening_hours:`` and ``social:``), checks every value and
raises ValueError with one line naming the file and the field; it writes
nothing. ``apply`` stores the result in the theme's registry settings, the
only records of these settings, which the "Apparence de la commune" control
panel edits afterwards.
"""

from base64 import b64encode
from pathlib import Path
from pydantic import AfterValidator
from pydantic import BaseModel
from pydantic import BeforeValidator
from pydantic import ConfigDict
from typing import Annotated
from ville.core.profile import ProfilePart
from ville.core.profilefile import FieldError
from ville.core.profilefile import ProfileError
from ville.core.profilefile import read
from ville.core.profilefile import RequiredText
from ville.core.profilefile import Text
from ville.core.profilefile import WEEKDAYS
from ville.theme.look import contrast
from ville.theme.look import DEFAULT_COLORS
from ville.theme.look import is_color
from ville.theme.look import parse_slots


MUNICIPALITY_FILE = "municipality.yaml"
SETTINGS_PREFIX = "ville.theme"
IMAGE_SUFFIXES = (".svg", ".png", ".jpg", ".jpeg", ".webp")
# White text sits on these colours: WCAG 2.1 AA asks 4.5:1 for normal text.
MIN_CONTRAST = 4.5


def _color(default):
    """A colour field; empty gives ``default``."""
    return AfterValidator(lambda value: _check_color(value or default))


def _check_color(value):
    if not is_color(value):
        raise ValueError(f"must be a colour like {DEFAULT_COLORS['primary_color']}")
    value = value.lower()
    ratio = contrast(value, "#ffffff")
    if ratio < MIN_CONTRAST:
        raise ValueError(
            f"is too light for white text ({ratio:.1f}:1, WCAG AA needs 4.5:1)"
        )
    return value


def _image_name(value):
    if value and Path(value).name != value:
        raise ValueError("must be a file name in the profile's folder")
    if value and not value.lower().endswith(IMAGE_SUFFIXES):
        raise ValueError("must be an SVG, PNG, JPEG or WebP image")
    return value


def _no_bar(value):
    if "|" in value:
        raise ValueError("must not contain '|'")
    return value


def _web_address(value):
    if not value.startswith(("https://", "http://")):
        raise ValueError("must start with https://")
    return value


def _site_path(value):
    if not value.startswith("/"):
        raise ValueError("must start with / (a path in the site)")
    return value


def _eguichet_url(value):
    if value and not value.startswith(("/", "https://", "http://")):
        raise ValueError("must be a path like /e-guichet or https://")
    return value


def _slots(value):
    try:
        parse_slots(value)
    except ValueError as error:
        raise ValueError(str(error)) from None
    return value


def _weekdays(value):
    if isinstance(value, dict):
        unknown = sorted(map(str, set(value) - set(WEEKDAYS)))
        if unknown:
            raise FieldError("is not a weekday (monday ... sunday)", unknown[0])
    return value


def _list(value):
    return [] if value is None else value


def _empty_mapping(value):
    return {} if value is None else value


Image = Annotated[Text, AfterValidator(_image_name)]
Title = Annotated[RequiredText, AfterValidator(_no_bar)]
Slots = Annotated[Text, AfterValidator(_slots)]


class Section(BaseModel):
    # Unknown keys are left to the add-on that owns them.
    model_config = ConfigDict(extra="ignore")


class LegalPage(Section):
    title: Title
    path: Annotated[RequiredText, AfterValidator(_site_path)]


class SocialLink(Section):
    title: Title
    url: Annotated[RequiredText, AfterValidator(_web_address)]


class Look(Section):
    primary_color: Annotated[Text, _color(DEFAULT_COLORS["primary_color"])] = (
        DEFAULT_COLORS["primary_color"]
    )
    secondary_color: Annotated[Text, _color(DEFAULT_COLORS["secondary_color"])] = (
        DEFAULT_COLORS["secondary_color"]
    )
    accent_color: Annotated[Text, _color(DEFAULT_COLORS["accent_color"])] = (
        DEFAULT_COLORS["accent_color"]
    )
    tagline: Text = ""
    hero_image: Image = ""
    # Absent: the e-guichet's usual path; empty: no header button.
    eguichet_url: Annotated[Text, AfterValidator(_eguichet_url)] = "/e-guichet"
    legal_pages: Annotated[list[LegalPage], BeforeValidator(_list)] = []


class Contact(Section):
    # Empty organisation: the footer shows the site's title.
    organisation: Text = ""
    street: RequiredText
    postal_code: RequiredText
    city: RequiredText
    phone: RequiredText
    email: RequiredText


class Hours(Section):
    monday: Slots = ""
    tuesday: Slots = ""
    wednesday: Slots = ""
    thursday: Slots = ""
    friday: Slots = ""
    saturday: Slots = ""
    sunday: Slots = ""


class ThemeProfile(Section):
    """The theme's schema of ``municipality.yaml``."""

    name: Text = ""
    logo: Image = ""
    look: Annotated[Look, BeforeValidator(_empty_mapping)] = Look()
    contact: Annotated[Contact, BeforeValidator(_empty_mapping)]
    opening_hours: Annotated[
        Hours, BeforeValidator(_empty_mapping), BeforeValidator(_weekdays)
    ] = Hours()
    social: Annotated[list[SocialLink], BeforeValidator(_list)] = []


def load(profile_dir) -> dict:
    """Check the theme's fields of ``profile_dir/municipality.yaml``.

    Returns a plain dict; raises ValueError (ProfileError) with one line.
    """
    profile_dir = Path(profile_dir)
    path = profile_dir / MUNICIPALITY_FILE
    root = read(path, ThemeProfile)
    for field, name in (("logo", root.logo), ("look.hero_image", root.look.hero_image)):
        if name and not (profile_dir / name).is_file():
            raise ProfileError(f"{path}: field '{field}' names a missing file '{name}'")
    return {
        "profile_dir": str(profile_dir),
        "name": root.name,
        "logo": root.logo,
        "look": root.look.model_dump(),
        "contact": root.contact.model_dump(),
        "opening_hours": root.opening_hours.model_dump(),
        "social": [link.model_dump() for link in root.social],
    }


def encode_image(profile_dir, filename) -> bytes:
    """A profile file as Plone's registry image fields store it."""
    data = (Path(profile_dir) / filename).read_bytes()
    name = b64encode(filename.encode("utf-8")).decode("ascii")
    return f"filenameb64:{name};datab64:{b64encode(data).decode('ascii')}".encode("ascii")


def apply(portal, data: dict) -> None:
    """Store the municipality's look in the theme's registry settings."""
    from plone.registry.interfaces import IRegistry
    from ville.theme.interfaces import IThemeSettings
    from zope.component import getUtility

    registry = getUtility(IRegistry)
    settings = registry.forInterface(IThemeSettings, prefix=SETTINGS_PREFIX)
    look = data["look"]
    for field in DEFAULT_COLORS:
        setattr(settings, field, look[field])
    settings.tagline = look["tagline"]
    settings.eguichet_url = look["eguichet_url"]
    settings.hero_image = (
        encode_image(data["profile_dir"], look["hero_image"]) if look["hero_image"] else None
    )
    for field, value in data["contact"].items():
        setattr(settings, field, value)
    for day, text in data["opening_hours"].items():
        setattr(settings, f"hours_{day}", text)
    settings.social_links = [f"{link['title']}|{link['url']}" for link in data["social"]]
    settings.legal_links = [f"{link['title']}|{link['path']}" for link in look["legal_pages"]]
    if data["logo"] and "plone.site_logo" in registry:
        registry["plone.site_logo"] = encode_image(data["profile_dir"], data["logo"])


# The theme's part of the profile, found by ville.core's loader through the
# ``ville.profile`` entry point (setup.py).
PROFILE_PART = ProfilePart("ville.theme", order=200, load=load, apply=apply)
