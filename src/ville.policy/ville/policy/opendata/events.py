"""``@@events.ics`` on the site and on any section: the agenda's events
(ongoing, upcoming, and those ended in the last 30 days), exported by
plone.app.event's iCalendar writer (recurrence rules, all-day events,
location, VTIMEZONE of the town's zone)."""

from datetime import timedelta
from plone import api
from plone.app.event.ical.exporter import construct_icalendar
from ville.policy.dates import now_local
from ville.policy.opendata.feed import FeedView


RECENT_DAYS = 30


class EventsICS(FeedView):
    media_type = "text/calendar; charset=utf-8"
    filename = "events.ics"

    def events(self):
        """Catalog brains of the events, by start date. ``end`` is a
        recurring index: a recurring event is found by its later
        occurrences."""
        cutoff = now_local() - timedelta(days=RECENT_DAYS)
        return api.portal.get_tool("portal_catalog")(
            portal_type="Event",
            path="/".join(self.context.getPhysicalPath()),
            end={"query": cutoff, "range": "min"},
            sort_on="start",
        )

    def render(self):
        calendar = construct_icalendar(self.context, list(self.events()))
        calendar.add("x-wr-calname", self.context.Title())
        if self.context.Description():
            calendar.add("x-wr-caldesc", self.context.Description())
        return calendar.to_ical()
