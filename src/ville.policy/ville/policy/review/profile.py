"""The ``review:`` section of ``municipality.yaml`` (pydantic), and how it
is written to the registry (``IReviewSettings``)::

    review:
      owner: communication        # default responsible; empty: the author
      types:                      # months between re-readings (0: never)
        Procedure: {months: 12, notice_after_days: 30}
        PublicService: {months: 12}
        Document: {months: 24}
        News Item: {months: 0}

``notice_after_days``: visitors see "Cette page est en cours de mise à jour"
once the item is that many days overdue (absent: never). A type left out
keeps its default period.
"""

from pydantic import BaseModel
from pydantic import ConfigDict
from pydantic import Field
from pydantic import field_validator
from typing import Annotated
from ville.core.profilefile import FieldError
from ville.core.profilefile import Text
from ville.policy.review.interfaces import DEFAULT_MONTHS
from ville.policy.review.interfaces import REVIEWED_TYPES


class TypeReview(BaseModel):
    model_config = ConfigDict(extra="forbid")

    months: Annotated[int, Field(ge=0, le=120)] | None = None
    notice_after_days: Annotated[int, Field(ge=1)] | None = None


class Review(BaseModel):
    model_config = ConfigDict(extra="forbid")

    owner: Text = ""
    types: dict[str, TypeReview] = {}

    @field_validator("types", mode="before")
    @classmethod
    def _known_types(cls, value):
        for name in value or {}:
            if name not in REVIEWED_TYPES:
                raise FieldError(
                    f"is not a reviewed type (one of {', '.join(REVIEWED_TYPES)})", name)
        return value or {}


def settings(review: dict) -> dict:
    """The registry values of a checked ``review`` section."""
    months, notice = dict(DEFAULT_MONTHS), {}
    for name, entry in (review.get("types") or {}).items():
        if entry.get("months") is not None:
            months[name] = entry["months"]
        if entry.get("notice_after_days"):
            notice[name] = entry["notice_after_days"]
    return {"months": months, "notice_days": notice,
            "default_owner": review.get("owner") or ""}


def apply_settings(review: dict) -> None:
    """Store the section in the registry (``ville.review.*``)."""
    from plone.registry.interfaces import IRegistry
    from ville.policy.review.interfaces import IReviewSettings
    from zope.component import getUtility

    registry = getUtility(IRegistry)
    registry.registerInterface(IReviewSettings, prefix="ville.review")
    proxy = registry.forInterface(IReviewSettings, prefix="ville.review")
    for name, value in settings(review).items():
        setattr(proxy, name, value)
