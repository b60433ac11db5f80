"""Publication dates typed in the town's time zone (``plone.portal_timezone``)
with the process in TZ=UTC, as on servers: the real edit form (z3c.form and
plone.app.z3cform's datetime widget, through the publisher), REST, listings,
at a winter (UTC+1) and a summer (UTC+2) date."""

from datetime import datetime
from datetime import timezone
from DateTime import DateTime
from plone import api
from plone.app.testing import SITE_OWNER_NAME
from plone.app.testing import SITE_OWNER_PASSWORD
from plone.testing.zope import Browser
from ville.policy import dates
from ville.policy.testing import VILLE_POLICY_FUNCTIONAL_TESTING

import requests
import os
import time
import transaction
import unittest


UTC = timezone.utc
WINTER = ("2026-01-15", datetime(2026, 1, 15, 8, 0, tzinfo=UTC))  # 09:00 = 08:00Z
SUMMER = ("2026-07-15", datetime(2026, 7, 15, 7, 0, tzinfo=UTC))  # 09:00 = 07:00Z


class TestPublicationDates(unittest.TestCase):
    layer = VILLE_POLICY_FUNCTIONAL_TESTING
    longMessage = False

    def setUp(self):
        self._tz = os.environ.get("TZ")
        os.environ["TZ"] = "UTC"  # servers run in UTC: so does this test
        time.tzset()
        self.portal = self.layer["portal"]
        self.app = self.layer["app"]
        api.portal.set_registry_record("plone.portal_timezone", "Europe/Brussels")
        with api.env.adopt_roles(["Manager"]):
            self.news = api.content.create(
                container=self.portal, type="News Item", id="annonce", title="Annonce"
            )
            self.event = api.content.create(
                container=self.portal, type="Event", id="fete", title="Fête",
                start=datetime(2026, 1, 1, 10, 0), end=datetime(2026, 1, 1, 11, 0),
            )
        transaction.commit()

    def tearDown(self):
        if self._tz is None:
            os.environ.pop("TZ", None)
        else:
            os.environ["TZ"] = self._tz
        time.tzset()

    def browser(self):
        browser = Browser(self.app)
        browser.handleErrors = False
        browser.addHeader("Authorization", f"Basic {SITE_OWNER_NAME}:{SITE_OWNER_PASSWORD}")
        return browser

    def edit(self, obj, **widgets):
        browser = self.browser()
        browser.open(f"{obj.absolute_url()}/edit")
        for name, value in widgets.items():
            browser.getControl(name=name).value = value
        browser.getControl(name="form.buttons.save").click()
        browser.open(f"{obj.absolute_url()}/edit")
        shown = {name: browser.getControl(name=name).value for name in widgets}
        browser.getControl(name="form.buttons.cancel").click()  # unlocks
        return shown

    def check_effective(self, day, instant):
        typed = f"{day}T09:00"
        shown = self.edit(
            self.news,
            **{"form.widgets.IDublinCore.effective": typed,
               "form.widgets.IDublinCore.expires": f"{day}T18:30"},
        )
        self.news._p_jar.sync()
        effective = self.news.effective()
        self.assertEqual(effective.asdatetime(), instant, str(effective))
        self.assertEqual(self.news.expires().asdatetime() - effective.asdatetime(),
                         instant.replace(hour=instant.hour + 9, minute=30) - instant)
        self.assertEqual(shown["form.widgets.IDublinCore.effective"], typed)
        # Catalog and REST see the same instant, with an explicit offset.
        catalog = api.portal.get_tool("portal_catalog")
        brain = catalog.unrestrictedSearchResults(UID=self.news.UID())[0]
        self.assertEqual(brain.effective.asdatetime(), instant)
        rest = self.rest("GET", self.news.absolute_url())
        parsed = datetime.fromisoformat(rest["effective"])
        self.assertIsNotNone(parsed.tzinfo, rest["effective"])
        self.assertEqual(parsed, instant)

    def rest(self, method, url, data=None):
        """Through the real WSGI server (waitress)."""
        path = url.split("/plone", 1)[1]
        response = requests.request(
            method, f"http://{self.layer['host']}:{self.layer['port']}/plone{path}",
            json=data, auth=(SITE_OWNER_NAME, SITE_OWNER_PASSWORD),
            headers={"Accept": "application/json"}, timeout=30,
        )
        self.assertLess(response.status_code, 300, response.text[:500])
        return response.json() if response.content else None

    def test_effective_winter(self):
        self.check_effective(*WINTER)

    def test_effective_summer(self):
        self.check_effective(*SUMMER)

    def test_a_stamped_utc_date_is_shown_back_in_brussels_time(self):
        # Publishing stamps DateTime(): UTC on a server.
        self.news.effective_date = DateTime("2026/07/15 07:00:00 UTC")
        transaction.commit()
        shown = self.edit(self.news)
        browser = self.browser()
        browser.open(f"{self.news.absolute_url()}/edit")
        self.assertEqual(
            browser.getControl(name="form.widgets.IDublinCore.effective").value,
            "2026-07-15T09:00",
        )
        self.assertEqual(shown, {})

    def test_rest_keeps_the_instant(self):
        for value, instant in (
            ("2026-07-15T09:00:00+02:00", SUMMER[1]),
            ("2026-01-15T08:00:00Z", WINTER[1]),
            ("2026-01-15T08:00:00", WINTER[1]),  # no offset: UTC, as plone.restapi reads it
        ):
            with self.subTest(value=value):
                self.rest("PATCH", self.news.absolute_url(), {"effective": value})
                self.news._p_jar.sync()
                self.assertEqual(self.news.effective().asdatetime(), instant)
                got = self.rest("GET", self.news.absolute_url())["effective"]
                self.assertEqual(datetime.fromisoformat(got), instant)

    def test_event_start_typed_in_brussels_time(self):
        for day, instant in (WINTER, SUMMER):
            with self.subTest(day=day):
                shown = self.edit(
                    self.event,
                    **{"form.widgets.IEventBasic.start": f"{day}T09:00",
                       "form.widgets.IEventBasic.end": f"{day}T10:00"},
                )
                self.event._p_jar.sync()
                self.assertEqual(self.event.start, instant)
                self.assertEqual(shown["form.widgets.IEventBasic.start"], f"{day}T09:00")
                rest = self.rest("GET", self.event.absolute_url())
                self.assertEqual(datetime.fromisoformat(rest["start"]), instant)

    def test_localized_time_is_the_towns(self):
        for instant, shown in (
            (WINTER[1], "Jan 15, 2026 09:00 AM"),
            (SUMMER[1], "Jul 15, 2026 09:00 AM"),
        ):
            with self.subTest(shown=shown):
                self.assertEqual(dates.localized_time(DateTime(instant), long_format=True), shown)
                self.assertEqual(dates.localized_time(instant, long_format=True), shown)

    def test_alert_start_and_end_keep_the_towns_wall_clock(self):
        winter, summer = WINTER[1].replace(year=2030), SUMMER[1].replace(year=2030)
        portal_url = self.portal.absolute_url()
        created = self.rest("POST", portal_url, {
            "@type": "Alert", "id": "tempete", "title": "Tempête", "severity": "info",
            "start": "2030-01-15T08:00:00Z", "end": "2030-07-15T09:00:00+02:00",
        })
        self.portal._p_jar.sync()
        alert = self.portal["tempete"]
        # Stored as the edit form stores it: the town's wall-clock time.
        self.assertEqual(alert.start, datetime(2030, 1, 15, 9, 0))
        self.assertEqual(alert.end, datetime(2030, 7, 15, 9, 0))
        for answer in (created, self.rest("GET", alert.absolute_url())):
            self.assertEqual(datetime.fromisoformat(answer["start"]), winter, answer["start"])
            self.assertEqual(datetime.fromisoformat(answer["end"]), summer, answer["end"])
        shown = self.edit(alert, **{"form.widgets.start": "2030-01-15T09:00"})
        self.assertEqual(shown["form.widgets.start"], "2030-01-15T09:00")
        answer = self.rest("GET", alert.absolute_url())
        self.assertEqual(datetime.fromisoformat(answer["start"]), winter)
        self.rest("PATCH", alert.absolute_url(), {"start": "2030-07-15T07:00:00Z"})
        alert._p_jar.sync()
        self.assertEqual(alert.start, datetime(2030, 7, 15, 9, 0))

    def test_upgrade_moves_aware_alert_dates_to_the_wall_clock(self):
        from ville.policy.upgrades import w16_timezone

        with api.env.adopt_roles(["Manager"]):
            alert = api.content.create(
                container=self.portal, type="Alert", id="ancienne", title="Ancienne",
                severity="info",
            )
        alert.start = SUMMER[1]  # aware UTC, as plone.restapi stored it
        alert.end = None
        w16_timezone.upgrade(api.portal.get_tool("portal_setup"))
        self.assertEqual(alert.start, datetime(2026, 7, 15, 9, 0))
        self.assertIsNone(alert.end)
