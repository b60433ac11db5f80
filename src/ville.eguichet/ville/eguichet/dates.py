"""Dates and times in the municipality's time zone (``plone.portal_timezone``).

Instants are stored as aware UTC datetimes (a naive one is UTC too, as the
engine writes them). They are shown, filtered and exported in the town's
zone, never in the server's: servers run with TZ=UTC, so the server's local
zone would show a Brussels afternoon one or two hours early.
"""

from datetime import date
from datetime import datetime
from datetime import time
from datetime import timezone
from DateTime import DateTime
from zoneinfo import ZoneInfo


DEFAULT_TIMEZONE = "Europe/Brussels"


def local_zone() -> ZoneInfo:
    """The portal's zone; Europe/Brussels when unset, unknown or without a site."""
    try:
        from plone import api

        name = api.portal.get_registry_record("plone.portal_timezone", default=None)
    except Exception:  # no site (scripts, early setup)
        name = None
    try:
        return ZoneInfo(name or DEFAULT_TIMEZONE)
    except (KeyError, ValueError):  # an unknown zone name
        return ZoneInfo(DEFAULT_TIMEZONE)


def to_local(value) -> datetime | None:
    """An instant (aware datetime, naive UTC datetime or Zope DateTime) as an
    aware datetime in the town's zone."""
    if value is None:
        return None
    if isinstance(value, DateTime):
        # Not asdatetime(): for a DateTime in a named zone ("Europe/Brussels")
        # it attaches pytz's local mean time (+00:18).
        value = datetime.fromtimestamp(value.timeTime(), timezone.utc)
    if value.tzinfo is None:
        value = value.replace(tzinfo=timezone.utc)
    return value.astimezone(local_zone())


def format_datetime(value, fmt: str = "%d/%m/%Y %H:%M") -> str:
    """``dd/mm/yyyy hh:mm`` in the town's zone ("" for None)."""
    moment = to_local(value)
    return moment.strftime(fmt) if moment is not None else ""


def local_day(value=None) -> date:
    """The town's calendar day of an instant (default: now)."""
    return to_local(value or datetime.now(timezone.utc)).date()


def parse_day(value) -> date | None:
    """A calendar day from ``YYYY-MM-DD`` (what ``<input type=date>`` sends),
    or from any text a Zope DateTime reads; None when unreadable."""
    if not value:
        return None
    text = str(value).strip()
    try:
        return date.fromisoformat(text[:10])
    except ValueError:
        pass
    try:
        year, month, day = DateTime(text).parts()[:3]
    except Exception:
        return None
    return date(year, month, day)


def as_DateTime(value) -> DateTime | None:
    """A Zope DateTime of an instant, in the town's zone (catalog dates)."""
    moment = to_local(value)
    return DateTime(moment.isoformat()) if moment is not None else None


def day_start(day: date) -> DateTime:
    """Midnight of ``day`` in the town's zone."""
    return DateTime(datetime.combine(day, time.min, local_zone()).isoformat())


def day_end(day: date) -> DateTime:
    """The last second of ``day`` in the town's zone."""
    return DateTime(datetime.combine(day, time(23, 59, 59), local_zone()).isoformat())
