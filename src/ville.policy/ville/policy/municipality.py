"""A municipality profile: the data that differs between municipalities.

A profile is a folder (``profiles/<name>/`` in the site project) holding
``municipality.yaml`` and the files it names (logo, hero image). Each add-on
owns the schema of its part (pydantic models) and writes its own records:
the policy's is :class:`Municipality` (identity: name, language, time zone)
and ``tree.yaml``; ``logo:``, ``look:``, ``contact:``, ``opening_hours:`` and
``social:`` are ville.theme's (it shows them), the IBAN and ``eguichet.yaml``
ville.eguichet's. Everything is checked by every add-on's ``load``
(``ville.core.profile.load_all``, which finds :data:`PROFILE_PART` through
the ``ville.profile`` entry point of setup.py) before a site is touched, so
that a bad profile never leaves a half-created site.
"""

from pathlib import Path
from pydantic import AfterValidator
from pydantic import BaseModel
from pydantic import BeforeValidator
from pydantic import ConfigDict
from typing import Annotated
from ville.policy.opendata.profile import OpenData
from ville.core.profile import ProfilePart
from ville.core.profilefile import as_text
from ville.core.profilefile import ProfileError
from ville.core.profilefile import read
from ville.core.profilefile import RequiredText
from ville.core.profilefile import Text
from ville.policy.review.profile import Review


MUNICIPALITY_FILE = "municipality.yaml"
LANGUAGES = ("fr", "nl", "de")


class Section(BaseModel):
    # The sections the other add-ons own (look:, contact:, ...) are theirs.
    model_config = ConfigDict(extra="ignore")


def _language(value):
    value = as_text(value) or "fr"
    if value not in LANGUAGES:
        raise ValueError(f"must be one of {', '.join(LANGUAGES)}")
    return value


def _timezone(value):
    return value or "Europe/Brussels"


class Municipality(Section):
    """The policy's part of ``municipality.yaml``: the identity."""

    name: RequiredText
    short_name: Text = ""
    description: Text = ""
    language: Annotated[str, BeforeValidator(_language)] = "fr"
    timezone: Annotated[Text, AfterValidator(_timezone)] = "Europe/Brussels"
    # The feeds' licence (CC BY 4.0 unless set): ville.policy.opendata.
    open_data: OpenData = OpenData()
    # Review periods per type and the default responsible: ville.policy.review.
    review: Review = Review()


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
    from ville.policy import tree

    return {
        "tree": tree.load(profile_dir),
        "profile_dir": str(profile_dir),
        "id": profile_dir.name,
        "name": root.name,
        "short_name": root.short_name or root.name,
        "description": root.description,
        "language": root.language,
        "timezone": root.timezone,
        "open_data": root.open_data.model_dump(),
        "review": root.review.model_dump(),
    }


def apply(portal, data: dict) -> None:
    """Give the site the municipality's identity (title, language, time
    zone) and its tree (the logo is the theme's, with the rest of the look)."""
    from plone import api

    portal.title = data["name"]
    portal.description = data["description"]
    api.portal.set_registry_record("plone.site_title", data["name"])
    from ville.policy import language

    language.apply(data["language"])
    api.portal.set_registry_record("plone.portal_timezone", data["timezone"])
    apply_settings(data)
    from ville.policy import tree

    tree.apply(portal, data.get("tree") or {})


def apply_settings(data: dict) -> None:
    """Store the identity (``IMunicipalitySettings``, prefix
    ``ville.municipality``); the villages come with the tree."""
    from plone.registry.interfaces import IRegistry
    from ville.policy.interfaces import IMunicipalitySettings
    from zope.component import getUtility

    registry = getUtility(IRegistry)
    registry.registerInterface(IMunicipalitySettings, prefix="ville.municipality")
    settings = registry.forInterface(IMunicipalitySettings, prefix="ville.municipality")
    settings.name = data["name"]
    settings.short_name = data["short_name"]
    settings.villages = list(data.get("tree", {}).get("villages", []))
    from ville.policy.opendata.profile import apply_settings as open_data_settings

    open_data_settings(data.get("open_data") or {})
    from ville.policy.review.profile import apply_settings as review_settings

    review_settings(data.get("review") or {})


# The policy's part of the profile, found by ville.core's loader through the
# ``ville.profile`` entry point (setup.py): first, the identity gives the
# site its language and time zone.
PROFILE_PART = ProfilePart("ville.policy", order=100, load=load, apply=apply)
