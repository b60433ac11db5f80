"""Dates in the municipality's time zone (``plone.portal_timezone``).

Roadwork dates are calendar dates: a roadwork is ongoing from 00:00 of its
start day to 23:59 of its end day, local time.
"""

from datetime import date
from datetime import datetime
from datetime import time
from DateTime import DateTime

import logging
import pytz


logger = logging.getLogger(__name__)
DEFAULT_TIMEZONE = "Europe/Brussels"


def local_zone():
    """The portal's pytz time zone (pytz: datetimes stored in the ZODB)."""
    try:
        from plone import api

        name = api.portal.get_registry_record("plone.portal_timezone", default=None)
    except Exception:  # no site (scripts, early setup)
        name = None
    try:
        return pytz.timezone(name or DEFAULT_TIMEZONE)
    except pytz.UnknownTimeZoneError:
        return pytz.timezone(DEFAULT_TIMEZONE)


def localize(moment: datetime) -> datetime:
    """Attach the local zone to a naive local datetime."""
    return local_zone().localize(moment)


def to_datetime(value) -> datetime | None:
    """An aware datetime from a DateTime, a datetime (naive = local) or None."""
    if value is None:
        return None
    if isinstance(value, DateTime):
        # Not asdatetime(): for a DateTime in a named zone ("Europe/Brussels",
        # as DateTime(aware datetime) makes) it attaches pytz's local mean
        # time (+00:18).
        return datetime.fromtimestamp(value.timeTime(), pytz.utc)
    if isinstance(value, datetime):
        if value.tzinfo is None:
            return localize(value)
        return value
    if isinstance(value, date):
        return localize(datetime.combine(value, time.min))
    raise TypeError(f"not a date: {value!r}")


def now_local(now=None) -> datetime:
    """``now`` (any supported type, default: the current time) in local time."""
    value = to_datetime(now) if now is not None else datetime.now(local_zone())
    return value.astimezone(local_zone())


def today(now=None) -> date:
    return now_local(now).date()


def day_start(day: date) -> DateTime:
    return DateTime(localize(datetime.combine(day, time.min)))


def day_end(day: date) -> DateTime:
    """The last minute of a day (catalog date indexes have minute resolution)."""
    moment = localize(datetime.combine(day, time(23, 59)))
    return DateTime(moment)


def localized_time(value, long_format=False) -> str:
    """An instant (DateTime, aware datetime; naive = local) as the site's
    language writes it, in the portal's zone. DateTime.strftime, which
    Plone's localized time uses, writes the *server's* zone (UTC on our
    servers): it is given the local wall-clock time as a zone-less DateTime."""
    from plone import api

    moment = now_local(value) if value is not None else None
    if moment is None:
        return ""
    wall = DateTime(moment.strftime("%Y/%m/%d %H:%M:%S"))
    return api.portal.get_localized_time(wall, long_format=long_format)


def as_DateTime(value) -> DateTime | None:
    """A DateTime with a fixed offset (``GMT+1``), which converts back to a
    datetime correctly (naive = local)."""
    moment = to_datetime(value)
    return DateTime(now_local(moment).isoformat()) if moment is not None else None
