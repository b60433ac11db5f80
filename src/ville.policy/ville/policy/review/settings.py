"""The review period of each type and the dates derived from it."""

from datetime import date
from plone import api
from ville.policy import dates
from ville.policy.review.behavior import IReviewDate
from ville.policy.review.interfaces import DEFAULT_MONTHS

import calendar


def _record(name, default):
    value = api.portal.get_registry_record(f"ville.review.{name}", default=None)
    return default if value is None else value


def period_months(portal_type: str) -> int:
    """Months between two re-readings of this type (0: never)."""
    months = _record("months", DEFAULT_MONTHS)
    return int(months.get(portal_type, DEFAULT_MONTHS.get(portal_type, 0)) or 0)


def notice_days(portal_type: str) -> int:
    """Days overdue after which visitors see the update notice (0: never)."""
    return int(_record("notice_days", {}).get(portal_type, 0) or 0)


def default_owner() -> str:
    return _record("default_owner", "") or ""


def add_months(day: date, months: int) -> date:
    """The same day ``months`` later (the month's last day when shorter)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def next_review_date(obj, today: date | None = None) -> date | None:
    """The date of the next re-reading counted from ``today`` (None: the
    type is never re-read)."""
    months = period_months(obj.portal_type)
    return add_months(today or dates.today(), months) if months else None


def is_reviewed(obj) -> bool:
    return IReviewDate.providedBy(obj)


def apply_defaults(obj, since: date | None = None) -> bool:
    """Fill an empty date (``since`` + the type's period; default today) and
    an empty responsible (the profile's default, else the author). Returns
    whether anything changed; the caller re-indexes."""
    if not is_reviewed(obj):
        return False
    changed = False
    if getattr(obj, "review_date", None) is None:
        when = next_review_date(obj, since)
        if when is not None:
            obj.review_date = when
            changed = True
    if not getattr(obj, "review_owner", None):
        owner = default_owner()
        if not owner or not principal_exists(owner):
            creators = list(obj.listCreators())
            owner = creators[0] if creators else ""
        if owner:
            obj.review_owner = owner
            changed = True
    return changed


def principal_exists(principal_id: str) -> bool:
    return bool(
        api.group.get(groupname=principal_id) or api.user.get(userid=principal_id)
    )


def days_overdue(review_date, today: date | None = None) -> int:
    """Days since the review date (0 or less: not overdue)."""
    if review_date is None:
        return 0
    return ((today or dates.today()) - review_date).days


INDEXES = ["review_date", "review_owner"]
