"""Dates on pages in the municipality's time zone (``plone.portal_timezone``).

Plone's ``ulocalized_time`` writes a DateTime in the zone it carries, and a
DateTime stamped on a server (TZ=UTC) carries UTC: a news item published at
00:30 in Brussels read as the day before. Every date a page shows goes
through :func:`localized` first.
"""

from datetime import date
from datetime import datetime
from datetime import timezone
from DateTime import DateTime
from zoneinfo import ZoneInfo


DEFAULT_TIMEZONE = "Europe/Brussels"


def zone_name() -> str:
    """The portal's zone name; Europe/Brussels when unset, unknown or without a site."""
    try:
        from plone import api

        name = api.portal.get_registry_record("plone.portal_timezone", default=None)
    except Exception:  # no site (scripts, early setup)
        name = None
    try:
        ZoneInfo(name or DEFAULT_TIMEZONE)
    except (KeyError, ValueError):
        return DEFAULT_TIMEZONE
    return name or DEFAULT_TIMEZONE


def local_zone() -> ZoneInfo:
    return ZoneInfo(zone_name())


def to_local(value) -> datetime | None:
    """An aware datetime in the town's zone. A DateTime or an aware datetime
    is an instant; a naive datetime is already the town's wall-clock time (as
    z3c.form's widgets give it); a date is its midnight."""
    if value is None:
        return None
    if isinstance(value, str):  # ModificationDate() and the like
        value = DateTime(value)
    if isinstance(value, DateTime):
        # Not asdatetime(): for a DateTime in a named zone ("Europe/Brussels")
        # it attaches pytz's local mean time (+00:18).
        value = datetime.fromtimestamp(value.timeTime(), timezone.utc)
    elif not isinstance(value, datetime) and isinstance(value, date):
        return datetime(value.year, value.month, value.day, tzinfo=local_zone())
    if value.tzinfo is None:
        return value.replace(tzinfo=local_zone())
    return value.astimezone(local_zone())


def localized(value, long_format=False, context=None, request=None, time_only=None) -> str:
    """``value`` as the site's language writes it, in the town's zone."""
    from plone import api
    from plone.base.i18nl10n import ulocalized_time
    from zope.globalrequest import getRequest

    moment = to_local(value)
    if moment is None:
        return ""
    context = context if context is not None else api.portal.get()
    request = request if request is not None else getRequest()
    # DateTime.strftime (which ulocalized_time uses) writes the time in the
    # *server's* zone, whatever zone the DateTime carries: hand it the town's
    # wall-clock time as a zone-less DateTime, which it writes unchanged.
    wall = DateTime(moment.strftime("%Y/%m/%d %H:%M:%S"))
    return ulocalized_time(
        wall, long_format=long_format, time_only=time_only, context=context,
        request=request, target_language=site_language(),
    )


def site_language() -> str | None:
    """The site's language (``plone.default_language``): dates are written
    as it writes them, never as the visitor's browser asks."""
    try:
        from plone import api

        return api.portal.get_registry_record("plone.default_language", default=None)
    except Exception:  # no site (scripts, early setup)
        return None


def iso(value) -> str:
    """ISO 8601 with the town's offset (``<time datetime>``), "" for None."""
    moment = to_local(value)
    return moment.isoformat() if moment is not None else ""
