"""A municipality profile: the data that differs between municipalities.

A profile is a folder (``profiles/<name>/`` in the site project) holding
``municipality.yaml`` and the files it names (logo, hero image). Each add-on
owns the schema of its part (pydantic models): the policy's is
:class:`Municipality` (identity, contact, opening hours, social links);
``look:`` is ville.theme's, ``eguichet.yaml`` ville.eguichet's. Everything is
checked by every add-on's ``load`` (``ville_site.profile.load_all``) before a
site is touched, so that a bad profile never leaves a half-created site.
"""

from base64 import b64encode
from pathlib import Path
from pydantic import AfterValidator
from pydantic import BaseModel
from pydantic import BeforeValidator
from pydantic import ConfigDict
from typing import Annotated
from ville.policy.opendata.profile import OpenData
from ville.policy.profilefile import Fields  # noqa: F401 (tree.py reads with it)
from ville.policy.profilefile import ProfileError
from ville.policy.profilefile import read
from ville.policy.profilefile import read_yaml  # noqa: F401 (tree.py)


MUNICIPALITY_FILE = "municipality.yaml"
LANGUAGES = ("fr", "nl", "de")


def _text(value):
    if value is None:
        return ""
    if isinstance(value, bool) or not isinstance(value, (str, int, float)):
        raise ValueError("must be text")
    return str(value).strip()


def _required(value):
    if not value:
        raise ValueError("is missing")
    return value


def _web_address(value):
    if not value.startswith(("https://", "http://")):
        raise ValueError("must start with https://")
    return value


Text = Annotated[str, BeforeValidator(_text)]
RequiredText = Annotated[str, BeforeValidator(_text), AfterValidator(_required)]


class Section(BaseModel):
    # The sections the other add-ons own (look: ville.theme) are theirs.
    model_config = ConfigDict(extra="ignore")


class Contact(Section):
    organisation: Text = ""
    street: RequiredText
    postal_code: RequiredText
    city: RequiredText
    phone: RequiredText
    email: RequiredText
    # The account printed on paying e-guichet receipts: ville.eguichet, which
    # prints it, checks it (python-stdnum).
    iban: Text = ""
    bic: Text = ""


class Hours(Section):
    """The town hall's hours, one text per weekday (ville.theme checks the
    ranges it shows)."""

    monday: Text = ""
    tuesday: Text = ""
    wednesday: Text = ""
    thursday: Text = ""
    friday: Text = ""
    saturday: Text = ""
    sunday: Text = ""


class SocialLink(Section):
    title: RequiredText
    url: Annotated[RequiredText, AfterValidator(_web_address)]


class Look(Section):
    tagline: Text = ""


def _language(value):
    value = _text(value) or "fr"
    if value not in LANGUAGES:
        raise ValueError(f"must be one of {', '.join(LANGUAGES)}")
    return value


def _timezone(value):
    return value or "Europe/Brussels"


def _list(value):
    return value or []


class Municipality(Section):
    """The policy's part of ``municipality.yaml``: identity, contact, the
    town hall's opening hours and social links (``look:`` is the theme's)."""

    name: RequiredText
    short_name: Text = ""
    description: Text = ""
    language: Annotated[str, BeforeValidator(_language)] = "fr"
    timezone: Annotated[Text, AfterValidator(_timezone)] = "Europe/Brussels"
    logo: Text = ""
    look: Look = Look()
    contact: Contact
    opening_hours: Hours = Hours()
    social: Annotated[list[SocialLink], BeforeValidator(_list)] = []
    # The feeds' licence (CC BY 4.0 unless set): ville.policy.opendata.
    open_data: OpenData = OpenData()


def _iban_text(value):
    """The IBAN as printed, in groups of four (ville.eguichet checks it)."""
    from stdnum import iban

    return iban.format(value) if value else ""


def load(profile_dir) -> dict:
    """Read and check ``municipality.yaml`` of a profile folder.

    Returns a plain dict with every field filled (defaults applied).
    Raises ProfileError with one line naming the file and the field.
    """
    profile_dir = Path(profile_dir)
    if not profile_dir.is_dir():
        raise ProfileError(f"{profile_dir}: no such municipality profile")
    path = profile_dir / MUNICIPALITY_FILE
    root = read(path, Municipality)
    if root.logo and not (profile_dir / root.logo).is_file():
        raise ProfileError(f"{path}: field 'logo' names a missing file '{root.logo}'")
    from ville.policy import tree

    contact = root.contact.model_dump()
    contact["organisation"] = contact["organisation"] or root.name
    contact["iban"] = _iban_text(contact["iban"])
    return {
        "tree": tree.load(profile_dir),
        "profile_dir": str(profile_dir),
        "id": profile_dir.name,
        "name": root.name,
        "short_name": root.short_name or root.name,
        "description": root.description,
        "language": root.language,
        "timezone": root.timezone,
        "logo": root.logo,
        "look": {"tagline": root.look.tagline},
        "contact": contact,
        "opening_hours": root.opening_hours.model_dump(),
        "social": [link.model_dump() for link in root.social],
        "open_data": root.open_data.model_dump(),
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
    from ville.policy.opendata.profile import apply_settings as open_data_settings

    open_data_settings(data.get("open_data") or {})
