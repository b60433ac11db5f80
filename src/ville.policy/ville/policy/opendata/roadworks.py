"""``/travaux/@@roadworks.geojson`` and ``@@roadworks.ics``: the ongoing
and upcoming roadworks (``?status=`` ongoing, upcoming, finished,
repeatable; ``?village=``), as the listing and ``@roadworks`` select them."""

from datetime import timedelta
from plone import api
from ville.policy import _
from ville.policy import api as ville_api
from ville.policy.opendata.feed import feature_collection
from ville.policy.opendata.feed import FeedView
from ville.policy.opendata.feed import point
from ville.policy.vocabularies import RoadworkImpactsVocabulary
from ville.policy.vocabularies import RoadworkOperatorsVocabulary

import icalendar


END_UNKNOWN = _("End date not known yet.")


class RoadworksFeed(FeedView):
    def statuses(self):
        asked = [s for s in self.params("status") if s in ville_api.STATUSES]
        return tuple(asked) or ("ongoing", "upcoming")

    def roadworks(self):
        """(brain, object, status) of the selected roadworks, soonest first."""
        village = (self.request.form.get("village") or "").strip() or None
        path = "/".join(self.context.getPhysicalPath())
        found = []
        for status in ("ongoing", "upcoming", "finished"):
            if status in self.statuses():
                for brain in ville_api.roadworks((status,), village=village, path=path):
                    found.append((brain, brain.getObject(), status))
        return found


class RoadworksGeoJSON(RoadworksFeed):
    media_type = "application/geo+json; charset=utf-8"
    filename = "roadworks.geojson"

    def render(self):
        impacts = dict(RoadworkImpactsVocabulary.items)
        operators = dict(RoadworkOperatorsVocabulary.items)
        features = []
        for brain, obj, status in self.roadworks():
            features.append((
                brain.UID,
                point(obj.latitude, obj.longitude),
                {
                    "title": obj.title,
                    "village": obj.village,
                    "location": obj.location,
                    "start": obj.start.isoformat() if obj.start else None,
                    "end": obj.end.isoformat() if obj.end else None,
                    "status": status,
                    "impact": obj.impact,
                    "impact_label": self.translate(impacts.get(obj.impact)),
                    "detour": obj.detour or "",
                    "operator": obj.operator,
                    "operator_label": self.translate(operators.get(obj.operator)),
                    "url": brain.getURL(),
                },
            ))
        return feature_collection(features)


class RoadworksICS(RoadworksFeed):
    """One all-day event per roadwork over its period (an unknown end: its
    start day only, said in the description)."""

    media_type = "text/calendar; charset=utf-8"
    filename = "roadworks.ics"

    def render(self):
        impacts = dict(RoadworkImpactsVocabulary.items)
        host = self.request.get("SERVER_NAME") or "localhost"
        calendar = icalendar.Calendar()
        calendar.add("prodid", "-//ville.policy//roadworks//FR")
        calendar.add("version", "2.0")
        calendar.add("x-wr-calname", self.context.Title())
        calendar.add("x-wr-timezone", api.portal.get_registry_record(
            "plone.portal_timezone", default="Europe/Brussels"))
        for brain, obj, _status in self.roadworks():
            event = icalendar.Event()
            event.add("uid", f"{brain.UID}@{host}")
            event.add("summary", obj.title)
            event.add("dtstart", obj.start)
            if obj.end:
                # DTEND of an all-day event is exclusive (RFC 5545).
                event.add("dtend", obj.end + timedelta(days=1))
            event.add("location", f"{obj.location}, {obj.village}")
            lines = [self.translate(impacts.get(obj.impact))]
            if obj.detour:
                lines.append(obj.detour)
            if not obj.end:
                lines.append(self.translate(END_UNKNOWN))
            event.add("description", "\n".join(line for line in lines if line))
            event.add("url", brain.getURL())
            event.add("dtstamp", obj.modified().asdatetime())
            calendar.add_component(event)
        return calendar.to_ical()
