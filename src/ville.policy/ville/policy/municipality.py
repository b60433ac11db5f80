"""A municipality profile: the data that differs between municipalities.

A profile is a folder (``profiles/<name>/`` in the site project) holding
``municipality.yaml`` (identity, look, contact, opening hours, social links)
and the files it names (logo, hero image). Other add-ons read their own files
from the same folder. Everything is checked by :func:`load` before a site is
touched, so that a bad profile never leaves a half-created site.
"""

from base64 import b64encode
from pathlib import Path
from ville.policy.profilefile import Fields
from ville.policy.profilefile import ProfileError
from ville.policy.profilefile import read_yaml


MUNICIPALITY_FILE = "municipality.yaml"
LANGUAGES = ("fr", "nl", "de")
WEEKDAYS = (
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
)


def _iban(contact):
    """The municipality's account, checked (the receipts of paying e-guichet
    requests print it): a wrong check number would send citizens' money
    nowhere."""
    from stdnum import iban
    from stdnum.exceptions import ValidationError

    value = contact.text("iban", required=False)
    if value:
        try:
            value = iban.format(iban.validate(value))
        except ValidationError:
            raise contact.error("iban", f"is not a valid IBAN: '{value}'") from None
    return value


def load(profile_dir) -> dict:
    """Read and check ``municipality.yaml`` of a profile folder.

    Returns a plain dict with every field filled (defaults applied).
    Raises ProfileError with one line naming the file and the field.
    """
    profile_dir = Path(profile_dir)
    if not profile_dir.is_dir():
        raise ProfileError(f"{profile_dir}: no such municipality profile")
    path = profile_dir / MUNICIPALITY_FILE
    root = Fields(path, read_yaml(path))
    look = root.section("look", required=False)
    contact = root.section("contact")
    hours = root.section("opening_hours", required=False)
    social = []
    for link in root.items("social"):
        url = link.text("url")
        if not url.startswith(("https://", "http://")):
            raise link.error("url", "must start with https://")
        social.append({"title": link.text("title"), "url": url})
    from ville.policy import tree

    return {
        "tree": tree.load(profile_dir),
        "profile_dir": str(profile_dir),
        "id": profile_dir.name,
        "name": root.text("name"),
        "short_name": root.text("short_name", required=False)
        or root.text("name"),
        "description": root.text("description", required=False),
        "language": root.choice("language", LANGUAGES, default="fr"),
        "timezone": root.text("timezone", required=False, default="Europe/Brussels"),
        "logo": root.file("logo"),
        "look": {
            "primary_color": look.color("primary_color", "#004f7c"),
            "secondary_color": look.color("secondary_color", "#2e7d32"),
            "accent_color": look.color("accent_color", "#c8102e"),
            "hero_image": look.file("hero_image"),
            "tagline": look.text("tagline", required=False),
        },
        "contact": {
            "organisation": contact.text("organisation", required=False)
            or root.text("name"),
            "street": contact.text("street"),
            "postal_code": contact.text("postal_code"),
            "city": contact.text("city"),
            "phone": contact.text("phone"),
            "email": contact.text("email"),
            "iban": _iban(contact),
            "bic": contact.text("bic", required=False),
        },
        "opening_hours": {
            day: hours.text(day, required=False) for day in WEEKDAYS
        },
        "social": social,
    }


def image_registry_value(profile_dir, filename) -> bytes:
    """Encode a profile file as Plone's registry image fields expect."""
    data = (Path(profile_dir) / filename).read_bytes()
    name = b64encode(filename.encode("utf-8")).decode("ascii")
    return f"filenameb64:{name};datab64:{b64encode(data).decode('ascii')}".encode(
        "ascii"
    )


def apply(portal, data: dict) -> None:
    """Give the site the municipality's identity (title, language, logo)."""
    from plone import api

    portal.title = data["name"]
    portal.description = data["description"]
    api.portal.set_registry_record("plone.site_title", data["name"])
    api.portal.set_registry_record("plone.default_language", data["language"])
    api.portal.set_registry_record("plone.available_languages", [data["language"]])
    api.portal.set_registry_record("plone.portal_timezone", data["timezone"])
    if data["logo"]:
        api.portal.set_registry_record(
            "plone.site_logo",
            image_registry_value(data["profile_dir"], data["logo"]),
        )
    apply_settings(data)
    from ville.policy import tree

    tree.apply(portal, data.get("tree") or {})


def apply_settings(data: dict) -> None:
    """Store identity, contact, hours and social links in the registry.

    The theme reads them from ``IMunicipalitySettings`` (prefix
    ``ville.municipality``) and ``ville.policy.social_links``.
    """
    from plone.registry.interfaces import IRegistry
    from ville.policy.interfaces import IMunicipalitySettings
    from ville.policy.interfaces import ISocialSettings
    from zope.component import getUtility

    registry = getUtility(IRegistry)
    registry.registerInterface(IMunicipalitySettings, prefix="ville.municipality")
    registry.registerInterface(ISocialSettings, prefix="ville.policy")
    settings = registry.forInterface(IMunicipalitySettings, prefix="ville.municipality")
    settings.name = data["name"]
    settings.short_name = data["short_name"]
    settings.tagline = data["look"]["tagline"]
    for key in ("organisation", "street", "postal_code", "city", "phone", "email",
                "iban", "bic"):
        setattr(settings, key, data["contact"][key])
    settings.opening_hours = dict(data["opening_hours"])
    settings.villages = list(data.get("tree", {}).get("villages", []))
    registry["ville.policy.social_links"] = [
        f"{link['title']}|{link['url']}" for link in data["social"]
    ]
