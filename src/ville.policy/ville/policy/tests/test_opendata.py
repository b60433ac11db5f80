"""The open data feeds, each read back with a parser made for its format
(icalendar, the geojson package's validity check, csv, JSON-LD expanded by
pyld); private, scheduled and expired items never appear."""

from datetime import date
from datetime import timedelta
from ville.policy.tests.opendata_base import OpenDataCase

import csv
import geojson
import icalendar
import io
import json


def valid_geojson(test, body):
    collection = geojson.loads(body if isinstance(body, str) else body.decode())
    test.assertIsInstance(collection, geojson.FeatureCollection)
    test.assertTrue(collection.is_valid, collection.errors())
    return collection


class TestRoadworkFeeds(OpenDataCase):
    def setUp(self):
        super().setUp()
        self.folder = self.roadworks()

    def test_geojson_of_ongoing_and_upcoming_roadworks(self):
        body, response = self.feed(self.folder, "@@roadworks.geojson")
        self.assertTrue(response.getHeader("Content-Type").startswith(
            "application/geo+json"))
        collection = valid_geojson(self, body)
        self.assertNoHidden(body)
        by_title = {f["properties"]["title"]: f for f in collection["features"]}
        self.assertEqual(list(by_title), ["Égouttage rue Haute", "Pont du canal"])
        work = by_title["Égouttage rue Haute"]
        self.assertEqual(work["geometry"]["coordinates"], [3.5931, 50.5083])
        props = work["properties"]
        self.assertEqual(
            {k: props[k] for k in ("village", "location", "status", "impact",
                                   "detour", "operator")},
            {"village": "Nord", "location": "Rue Haute", "status": "ongoing",
             "impact": "road_closed", "detour": "Par la rue Basse",
             "operator": "commune"})
        self.assertEqual(props["end"], (self.today + timedelta(days=5)).isoformat())
        self.assertTrue(props["url"].endswith("/travaux/egouttage-rue-haute"))
        self.assertIsNone(by_title["Pont du canal"]["geometry"])
        self.assertIsNone(by_title["Pont du canal"]["properties"]["end"])

    def test_filters_status_and_village_as_on_the_listing(self):
        titles = lambda body: [f["properties"]["title"]  # noqa: E731
                               for f in json.loads(body)["features"]]
        body, _ = self.feed(self.folder, "@@roadworks.geojson", status="finished")
        self.assertEqual(titles(body), ["Trottoirs finis"])
        body, _ = self.feed(self.folder, "@@roadworks.geojson",
                            status=["ongoing", "finished"], village="Nord")
        self.assertEqual(titles(body), ["Égouttage rue Haute", "Trottoirs finis"])
        body, _ = self.feed(self.folder, "@@roadworks.ics", village="Sud")
        summaries = [str(e["SUMMARY"]) for e in
                     icalendar.Calendar.from_ical(body).walk("VEVENT")]
        self.assertEqual(summaries, ["Pont du canal"])

    def test_icalendar_of_the_periods(self):
        body, response = self.feed(self.folder, "@@roadworks.ics")
        self.assertTrue(response.getHeader("Content-Type").startswith("text/calendar"))
        self.assertNoHidden(body)
        events = {str(e["SUMMARY"]): e for e in
                  icalendar.Calendar.from_ical(body).walk("VEVENT")}
        self.assertEqual(set(events), {"Égouttage rue Haute", "Pont du canal"})
        work = events["Égouttage rue Haute"]
        self.assertEqual(work.decoded("DTSTART"), self.today - timedelta(days=3))
        # all-day: DTEND is the day after the last day
        self.assertEqual(work.decoded("DTEND"), self.today + timedelta(days=6))
        self.assertEqual(str(work["LOCATION"]), "Rue Haute, Nord")
        self.assertNotIn("DTEND", events["Pont du canal"])


class TestEventsFeed(OpenDataCase):
    def setUp(self):
        super().setUp()
        self.section = self.events()

    def calendar(self, context):
        body, response = self.feed(context, "@@events.ics")
        self.assertTrue(response.getHeader("Content-Type").startswith("text/calendar"))
        self.assertNoHidden(body)
        return icalendar.Calendar.from_ical(body)

    def test_site_feed_with_recurrence_all_day_location_and_zone(self):
        calendar = self.calendar(self.portal)
        events = {str(e["SUMMARY"]): e for e in calendar.walk("VEVENT")}
        self.assertEqual(set(events), {"Fête du village", "Brocante",
                                       "Marché hebdomadaire", "Stage de sport"})
        party = events["Fête du village"]
        self.assertEqual(str(party["LOCATION"]), "Grand-Place")
        start = party.decoded("DTSTART")
        self.assertEqual((start.hour, str(start.tzinfo)), (14, "Europe/Brussels"))
        self.assertIn("Europe/Brussels",
                      [str(tz["TZID"]) for tz in calendar.walk("VTIMEZONE")])
        self.assertEqual(events["Brocante"].decoded("DTSTART"),
                         self.today + timedelta(days=7))
        rule = events["Marché hebdomadaire"]["RRULE"]
        self.assertEqual((rule["FREQ"], rule["COUNT"]), (["WEEKLY"], [30]))

    def test_section_feed_has_its_own_events_only(self):
        events = {str(e["SUMMARY"]) for e in self.calendar(self.section).walk("VEVENT")}
        self.assertEqual(events, {"Fête du village", "Brocante", "Marché hebdomadaire"})


class TestDirectoryFeeds(OpenDataCase):
    def read_csv(self, body):
        self.assertTrue(body.startswith(b"\xef\xbb\xbf"), "UTF-8 with a BOM")
        self.assertNoHidden(body)
        text = body.decode("utf-8-sig")
        return list(csv.DictReader(io.StringIO(text, newline=""), delimiter=";"))

    def test_shops_csv_and_geojson(self):
        folder = self.shops()
        body, response = self.feed(folder, "@@shops.csv")
        self.assertTrue(response.getHeader("Content-Type").startswith("text/csv"))
        rows = self.read_csv(body)
        self.assertEqual([r["title"] for r in rows],
                         ["Boulangerie Dupont", "Café; « Le Centre »"])
        bakery = rows[0]
        self.assertEqual(
            {k: bakery[k] for k in ("category", "category_label", "street", "email",
                                    "opening_hours", "latitude")},
            {"category": "food", "category_label": "Alimentation",
             "street": "Grand-Place 3", "email": "info@dupont.test",
             "opening_hours": "Mardi-samedi 7h-18h", "latitude": "50.5"})
        body, _ = self.feed(folder, "@@shops.geojson")
        collection = valid_geojson(self, body)
        self.assertNoHidden(body)
        self.assertEqual(collection["features"][0]["geometry"]["coordinates"],
                         [3.6, 50.5])
        body, _ = self.feed(folder, "@@shops.csv", category="horeca")
        self.assertEqual([r["title"] for r in self.read_csv(body)],
                         ["Café; « Le Centre »"])

    def test_premises_offered_only(self):
        folder = self.premises()
        rows = self.read_csv(self.feed(folder, "@@premises.csv")[0])
        self.assertEqual([r["title"] for r in rows], ["Cellule Grand-Place"])
        self.assertEqual(
            {k: rows[0][k] for k in ("surface", "rent", "price", "availability",
                                     "available_from", "energy_class")},
            {"surface": "85", "rent": "850", "price": "", "availability": "available",
             "available_from": date(2031, 1, 1).isoformat(), "energy_class": "C"})
        body, _ = self.feed(folder, "@@premises.geojson")
        collection = valid_geojson(self, body)
        self.assertEqual([f["properties"]["title"] for f in collection["features"]],
                         ["Cellule Grand-Place"])
        self.assertIsNone(collection["features"][0]["geometry"])
