"""The ``open_data:`` section of ``municipality.yaml`` (pydantic), and how
it is written to the registry."""

from pydantic import AfterValidator
from pydantic import BaseModel
from pydantic import BeforeValidator
from pydantic import ConfigDict
from typing import Annotated
from ville.policy.opendata.interfaces import CC_BY_4_0


def _text(value):
    if value is None:
        return ""
    if isinstance(value, bool) or not isinstance(value, str):
        raise ValueError("must be text")
    return value.strip()


def _licence(value):
    if not value:
        return CC_BY_4_0
    if not value.startswith(("https://", "http://")):
        raise ValueError("must be the licence's address (https://...)")
    return value


class OpenData(BaseModel):
    """Licence of the feeds: CC BY 4.0 unless the town chooses another one
    (e.g. CC0 1.0: ``licence: https://creativecommons.org/publicdomain/zero/1.0/``)."""

    model_config = ConfigDict(extra="forbid")

    licence: Annotated[str, BeforeValidator(_text), AfterValidator(_licence)] = CC_BY_4_0
    licence_title: Annotated[str, BeforeValidator(_text)] = ""


def apply_settings(open_data: dict) -> None:
    """Store the licence in the registry (``ville.opendata.*``)."""
    from plone.registry.interfaces import IRegistry
    from ville.policy.opendata.interfaces import IOpenDataSettings
    from zope.component import getUtility

    registry = getUtility(IRegistry)
    registry.registerInterface(IOpenDataSettings, prefix="ville.opendata")
    settings = registry.forInterface(IOpenDataSettings, prefix="ville.opendata")
    licence = open_data.get("licence") or CC_BY_4_0
    settings.licence = licence
    settings.licence_title = open_data.get("licence_title") or (
        "CC BY 4.0" if licence == CC_BY_4_0 else licence
    )
