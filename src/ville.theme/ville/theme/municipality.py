"""The theme's part of a municipality profile (``profiles/<name>/``).

``load`` reads ``municipality.yaml`` (the ``look:``, ``contact:``,
``opening_hours:`` and ``social:`` sections, and ``logo:``), checks every value
and raises ValueError with one line naming the file and the field; it writes
nothing. ``apply`` stores the result in the theme's registry settings, which
the "Apparence de la commune" control panel edits afterwards.
"""

from base64 import b64encode
from pathlib import Path
from ville.theme.look import contrast
from ville.theme.look import is_color
from ville.theme.look import parse_slots
from ville.theme.look import WEEKDAYS

import yaml


MUNICIPALITY_FILE = "municipality.yaml"
SETTINGS_PREFIX = "ville.theme"
DEFAULT_COLORS = {
    "primary_color": "#004f7c",
    "secondary_color": "#2e7d32",
    "accent_color": "#c8102e",
}
IMAGE_SUFFIXES = (".svg", ".png", ".jpg", ".jpeg", ".webp")
# White text sits on these colours: WCAG 2.1 AA asks 4.5:1 for normal text.
MIN_CONTRAST = 4.5


class LookError(ValueError):
    """A municipality profile has a bad value for the theme."""


def _error(path, field, message):
    return LookError(f"{path}: field '{field}' {message}")


def _text(path, mapping, field, prefix="", required=False):
    value = mapping.get(field)
    if value is None or value == "":
        if required:
            raise _error(path, prefix + field, "is missing")
        return ""
    if isinstance(value, bool) or not isinstance(value, (str, int, float)):
        raise _error(path, prefix + field, "must be text")
    return str(value).strip()


def _mapping(path, root, field):
    value = root.get(field)
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise _error(path, field, "must be a mapping of fields")
    return value


def _image(path, mapping, field, prefix=""):
    name = _text(path, mapping, field, prefix)
    if not name:
        return ""
    if Path(name).name != name:
        raise _error(path, prefix + field, f"must be a file name in {path.parent.name}/")
    if not name.lower().endswith(IMAGE_SUFFIXES):
        raise _error(path, prefix + field, "must be an SVG, PNG, JPEG or WebP image")
    if not (path.parent / name).is_file():
        raise _error(path, prefix + field, f"names a missing file '{name}'")
    return name


def _links(path, items, field, target):
    if items is None:
        return []
    if not isinstance(items, list):
        raise _error(path, field, "must be a list")
    links = []
    for index, item in enumerate(items):
        where = f"{field}[{index}]."
        if not isinstance(item, dict):
            raise _error(path, f"{field}[{index}]", "must have a title and a " + target)
        title = _text(path, item, "title", where, required=True)
        address = _text(path, item, target, where, required=True)
        if "|" in title:
            raise _error(path, where + "title", "must not contain '|'")
        if target == "url" and not address.startswith(("https://", "http://")):
            raise _error(path, where + "url", "must start with https://")
        if target == "path" and not address.startswith("/"):
            raise _error(path, where + "path", "must start with / (a path in the site)")
        links.append({"title": title, target: address})
    return links


def load(profile_dir) -> dict:
    """Check the theme's fields of ``profile_dir/municipality.yaml``.

    Returns a plain dict; raises ValueError (LookError) with one line.
    """
    profile_dir = Path(profile_dir)
    path = profile_dir / MUNICIPALITY_FILE
    if not path.is_file():
        raise LookError(f"{path}: file not found")
    try:
        root = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError:
        raise LookError(f"{path}: not valid YAML") from None
    if not isinstance(root, dict):
        raise LookError(f"{path}: the file must be a mapping of fields")

    look = _mapping(path, root, "look")
    colors = {}
    for field, default in DEFAULT_COLORS.items():
        value = _text(path, look, field, "look.") or default
        if not is_color(value):
            raise _error(path, "look." + field, "must be a colour like #004f7c")
        colors[field] = value.lower()
    for field in ("primary_color", "secondary_color", "accent_color"):
        ratio = contrast(colors[field], "#ffffff")
        if ratio < MIN_CONTRAST:
            raise _error(
                path,
                "look." + field,
                f"is too light for white text ({ratio:.1f}:1, WCAG AA needs 4.5:1)",
            )
    eguichet_url = _text(path, look, "eguichet_url", "look.")
    if "eguichet_url" not in look:
        eguichet_url = "/e-guichet"
    if eguichet_url and not eguichet_url.startswith(("/", "https://", "http://")):
        raise _error(path, "look.eguichet_url", "must be a path like /e-guichet or https://")

    contact = _mapping(path, root, "contact")
    hours = _mapping(path, root, "opening_hours")
    opening_hours = {}
    for day in WEEKDAYS:
        text = _text(path, hours, day, "opening_hours.")
        try:
            parse_slots(text)
        except ValueError as error:
            raise _error(path, f"opening_hours.{day}", str(error)) from None
        opening_hours[day] = text
    unknown = sorted(set(hours) - set(WEEKDAYS))
    if unknown:
        raise _error(path, f"opening_hours.{unknown[0]}", "is not a weekday (monday ... sunday)")

    return {
        "profile_dir": str(profile_dir),
        "name": _text(path, root, "name"),
        "logo": _image(path, root, "logo"),
        "look": {
            **colors,
            "tagline": _text(path, look, "tagline", "look."),
            "hero_image": _image(path, look, "hero_image", "look."),
            "eguichet_url": eguichet_url,
            "legal_pages": _links(path, look.get("legal_pages"), "look.legal_pages", "path"),
        },
        "contact": {
            field: _text(path, contact, field, "contact.")
            for field in ("organisation", "street", "postal_code", "city", "phone", "email")
        },
        "opening_hours": opening_hours,
        "social": _links(path, root.get("social"), "social", "url"),
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
        # ville.policy sets it too; the theme may be installed alone.
        registry["plone.site_logo"] = encode_image(data["profile_dir"], data["logo"])
