"""Settings of the review dates (registry prefix ``ville.review``), written
from the ``review:`` section of ``municipality.yaml`` (``profile.py``)."""

from ville.policy import _
from zope import schema
from zope.interface import Interface


# The types given the behavior by the profile, and their default periods in
# months (0: never re-read, e.g. news, which dates by nature).
REVIEWED_TYPES = ("Document", "News Item", "Procedure", "PublicService")
DEFAULT_MONTHS = {"Procedure": 12, "PublicService": 12, "Document": 24, "News Item": 0}


class IReviewSettings(Interface):
    months = schema.Dict(
        title=_("Review period per type, in months (0: never)"),
        key_type=schema.TextLine(),
        value_type=schema.Int(min=0),
        required=False,
        default=dict(DEFAULT_MONTHS),
    )
    notice_days = schema.Dict(
        title=_("Days overdue after which visitors see the update notice, per type"),
        description=_("A type not listed shows no notice."),
        key_type=schema.TextLine(),
        value_type=schema.Int(min=1),
        required=False,
        default={},
    )
    default_owner = schema.TextLine(
        title=_("Default responsible (user or group id; empty: the author)"),
        required=False,
        default="",
    )
