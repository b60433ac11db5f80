"""Dates on pages in the town's time zone (``plone.portal_timezone``) with
the process in TZ=UTC, as on servers: the home page's news and events, at a
winter (UTC+1) and a summer (UTC+2) date, just after midnight in Brussels
(still the day before in UTC)."""

from datetime import datetime
from datetime import timezone
from DateTime import DateTime
from plone import api
from plone.testing.zope import Browser
from ville.theme import dates
from ville.theme.testing import VILLE_THEME_FUNCTIONAL_TESTING

import os
import re
import time
import transaction
import unittest


UTC = timezone.utc
NEWS = (  # stamped in UTC, as publishing on a server does
    ("2026/01/15 23:30:00 UTC", "Jan 16, 2026", "2026-01-16T00:30:00+01:00"),
    ("2026/07/15 22:30:00 UTC", "Jul 16, 2026", "2026-07-16T00:30:00+02:00"),
)
EVENTS = (
    (datetime(2037, 1, 15, 23, 30, tzinfo=UTC), "Jan 16, 2037", "16", "2037-01-16T00:30:00+01:00"),
    (datetime(2037, 7, 15, 22, 30, tzinfo=UTC), "Jul 16, 2037", "16", "2037-07-16T00:30:00+02:00"),
)


class TestHomePageDates(unittest.TestCase):
    layer = VILLE_THEME_FUNCTIONAL_TESTING
    longMessage = False

    def setUp(self):
        self._tz = os.environ.get("TZ")
        os.environ["TZ"] = "UTC"
        time.tzset()
        self.portal = self.layer["portal"]
        api.portal.set_registry_record("plone.portal_timezone", "Europe/Brussels")
        api.portal.get_tool("portal_workflow").setChainForPortalTypes(
            ("News Item", "Event"), "simple_publication_workflow"
        )

    def tearDown(self):
        if self._tz is None:
            os.environ.pop("TZ", None)
        else:
            os.environ["TZ"] = self._tz
        time.tzset()

    def home(self):
        transaction.commit()
        browser = Browser(self.layer["app"])
        browser.handleErrors = False
        browser.open(self.portal.absolute_url())
        return browser.contents

    def publish(self, type_, title, **fields):
        with api.env.adopt_roles(["Manager"]):
            obj = api.content.create(container=self.portal, type=type_, title=title, **fields)
            api.content.transition(obj=obj, to_state="published")
        return obj

    def test_news_dates(self):
        for index, (stamped, shown, iso) in enumerate(NEWS):
            with self.subTest(shown=shown):
                news = self.publish("News Item", f"Nouvelle {index}")
                news.effective_date = DateTime(stamped)
                news.reindexObject()
                html = self.home()
                after = html[html.index(f"Nouvelle {index}"):]
                card = re.search(r'<time datetime="([^"]+)">([^<]+)</time>', after)
                self.assertEqual(card.groups(), (iso, shown), card.group(0))

    def test_plones_byline(self):
        from plone.app.testing import SITE_OWNER_NAME
        from plone.app.testing import SITE_OWNER_PASSWORD

        api.portal.set_registry_record("plone.display_publication_date_in_byline", True)
        api.portal.set_registry_record("plone.allow_anon_views_about", True)
        for index, (stamped, shown, iso) in enumerate(NEWS):
            with self.subTest(shown=shown):
                news = self.publish("News Item", f"Byline {index}")
                news.effective_date = DateTime(stamped)
                news.reindexObject()
                transaction.commit()
                browser = Browser(self.layer["app"])
                browser.handleErrors = False
                browser.addHeader(
                    "Authorization", f"Basic {SITE_OWNER_NAME}:{SITE_OWNER_PASSWORD}"
                )
                browser.open(news.absolute_url())
                published = re.search(
                    r'class="documentPublished".*?</span>\s*<span>([^<]+)</span>',
                    browser.contents, re.S,
                )
                self.assertIsNotNone(published, "no publication date in the byline")
                self.assertEqual(published.group(1).strip(), shown)

    def test_event_dates(self):
        for index, (start, shown, day, iso) in enumerate(EVENTS):
            with self.subTest(shown=shown):
                self.publish("Event", f"Fête {index}", start=start, end=start)
                html = self.home()
                events = html[html.index('class="ville-events"'):]
                title = events.index(f"Fête {index}")
                block = events[events.rindex("<li", 0, title):events.index("</li>", title)]
                self.assertIn(f'datetime="{iso}"', block, block)
                self.assertIn(f">{shown}<", block, block)

    def test_localized_keeps_the_towns_wall_clock(self):
        for instant, long in (
            (datetime(2026, 1, 15, 8, 0, tzinfo=UTC), "Jan 15, 2026 09:00 AM"),
            (datetime(2026, 7, 15, 7, 0, tzinfo=UTC), "Jul 15, 2026 09:00 AM"),
        ):
            for value in (instant, DateTime(instant.isoformat()), DateTime(instant)):
                self.assertEqual(dates.localized(value, long_format=True), long, str(value))
        # A naive datetime is already the town's wall-clock time (z3c.form).
        self.assertEqual(
            dates.localized(datetime(2026, 7, 15, 9, 0), long_format=True), "Jul 15, 2026 09:00 AM"
        )
