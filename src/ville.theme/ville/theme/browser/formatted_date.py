"""plone.app.event's event dates ("formatted_date": event views, listings,
the events portlet) in the site's language and the town's zone.

The events portlet caches its list of events across requests
(``plone.memoize.ram``): each event there still carries, by acquisition,
the request that filled the cache, and plone.app.event formats its dates
through that old request, whose language binding is gone. The page then
showed the browser's language ("Dec 11, 2026") on some pages and the site's
on others. These providers format through :mod:`ville.theme.dates` with the
current request and the site's language.
"""

from Acquisition import aq_base
from plone.app.event.base import dates_for_display
from plone.app.event.browser import formatted_date
from plone.event.interfaces import IEventAccessor
from ville.theme import dates
from ville.theme.browser import chrome


def site_dates(occurrence, request) -> dict | None:
    """``dates_for_display`` with its dates written by :mod:`ville.theme.dates`,
    memoized with the page chrome (an event's dates are in the catalog: an
    edit changes the key; an occurrence of a recurring event by its dates)."""
    if IEventAccessor.providedBy(occurrence):  # the events portlet's items
        accessor = occurrence
        where = accessor.url
    else:
        path = getattr(occurrence, "getPhysicalPath", None)
        if path is None:
            return _site_dates(occurrence, request)
        accessor = IEventAccessor(occurrence)
        where = "/".join(path())
    return chrome.memoized(
        "event-dates", request, lambda: _site_dates(occurrence, request), where,
        repr(accessor.start), repr(accessor.end), accessor.whole_day, accessor.open_end,
    )


def _site_dates(occurrence, request) -> dict | None:
    info = dates_for_display(occurrence)
    if info is None:
        return None
    accessor = occurrence if IEventAccessor.providedBy(occurrence) else IEventAccessor(occurrence)
    for key, value, time_only in (
        ("start_date", accessor.start, None),
        ("start_time", accessor.start, True),
        ("end_date", accessor.end, None),
        ("end_time", accessor.end, True),
    ):
        if info.get(key) is not None:
            info[key] = dates.localized(value, time_only=time_only, request=request)
    return info


class FormattedDateProvider(formatted_date.FormattedDateProvider):
    def __call__(self, occ):
        self.date_dict = site_dates(occ, self.request)
        return self.template(self) if self.date_dict is not None else ""


class FormattedStartDateProvider(formatted_date.FormattedStartDateProvider):
    def __call__(self, occ):
        self.date_dict = site_dates(occ, self.request)
        return self.template(self) if self.date_dict is not None else ""
