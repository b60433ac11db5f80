"""The page chrome memoized per committed catalog state (issue 21) changes
whenever what it shows may change: content published or retracted, a
scheduled date passing with no write, another visitor's roles, another
language. Pages are rendered with plone.app.caching off (no RAM cache), so
what is checked is the memo of ville.theme.browser.chrome, not the HTTP cache.
"""

from base64 import b64encode
from datetime import datetime
from datetime import timedelta
from DateTime import DateTime
from plone import api
from tests.layers import SITE_FUNCTIONAL
from tests.layers import webtest_app
from ville.policy.dates import localize
from ville.policy.tests.clock import frozen
from ville.theme.browser import chrome

import re
import transaction
import unittest


EDGE = localize(datetime(2031, 6, 15, 8, 0))
BEFORE = EDGE - timedelta(minutes=5)
AFTER = EDGE + timedelta(minutes=5)
EDITOR = ("chrome-editor", "chrome-editor-secret-123")


def nav(html):
    """The titles of the header's first-level sections."""
    found = re.search(r'<ul class="ville-nav-list">(.*?)</ul>', html, re.S)
    return re.findall(r">([^<>]+)</a>", found.group(1)) if found else []


class TestMemoizedChrome(unittest.TestCase):
    layer = SITE_FUNCTIONAL

    def setUp(self):
        self.portal = self.layer["portal"]
        api.portal.set_registry_record("plone.caching.interfaces.ICacheSettings.enabled",
                                       False)
        with api.env.adopt_roles(["Manager"]):
            api.user.create(email="chrome-editor@example.org", username=EDITOR[0],
                            password=EDITOR[1])
            api.group.add_user(groupname="redacteurs", username=EDITOR[0])
        transaction.commit()
        chrome.clear()
        self.app = webtest_app(self.layer)

    def home(self, user=None):
        headers = {}
        if user:
            token = b64encode(f"{user[0]}:{user[1]}".encode()).decode()
            headers["Authorization"] = f"Basic {token}"
        return self.app.get("/plone", headers=headers).text

    def section(self, id_, title, publish=True, **dates):
        with api.env.adopt_roles(["Manager"]):
            folder = api.content.create(container=self.portal, type="Folder", id=id_,
                                        title=title)
            if publish:
                api.content.transition(obj=folder, to_state="published")
            for name, value in dates.items():
                setattr(folder, name, value)
            folder.reindexObject()
        transaction.commit()
        return folder

    def memo_entries(self, name):
        return [k for k in chrome._memo if k[0] == name]

    def test_publish_and_retract(self):
        self.assertNotIn("Zzsection", nav(self.home()))
        self.assertEqual(len(self.memo_entries("sections")), 1)
        self.assertEqual(nav(self.home()), nav(self.home()))  # from the memo
        self.assertEqual(len(self.memo_entries("sections")), 1)
        folder = self.section("zzsection", "Zzsection")
        self.assertIn("Zzsection", nav(self.home()))
        with api.env.adopt_roles(["Manager"]):
            api.content.transition(obj=folder, to_state="private")
        transaction.commit()
        self.assertNotIn("Zzsection", nav(self.home()))
        self.assertEqual(len(self.memo_entries("sections")), 3)

    def test_events_portlet_follows_publication(self):
        def portlet():
            html = self.app.get("/plone/actualites").text
            found = re.search(r'class="[^"]*portletEvents.*?</section>', html, re.S)
            return found.group(0) if found else ""

        self.assertNotIn("Zzevent", portlet())
        with api.env.adopt_roles(["Manager"]):
            event = api.content.create(
                container=self.portal["agenda"], type="Event", id="zzevent", title="Zzevent",
                start=localize(datetime.now() + timedelta(days=1)),
                end=localize(datetime.now() + timedelta(days=1, hours=2)))
            api.content.transition(obj=event, to_state="published")
        transaction.commit()
        self.assertIn("Zzevent", portlet())
        self.assertIn("Zzevent", portlet())  # from the memo
        with api.env.adopt_roles(["Manager"]):
            api.content.transition(obj=event, to_state="private")
        transaction.commit()
        self.assertNotIn("Zzevent", portlet())
        self.assertTrue(self.memo_entries("events-portlet"))

    def test_a_scheduled_date_passes_with_no_write(self):
        self.section("bientot", "Bientotsection", effective_date=DateTime(EDGE))
        with frozen(BEFORE):
            self.assertNotIn("Bientotsection", nav(self.home()))
            self.assertNotIn("Bientotsection", nav(self.home()))
        with frozen(AFTER):
            self.assertIn("Bientotsection", nav(self.home()))
        self.assertEqual(len(self.memo_entries("sections")), 2)
        # and it goes at its expiry date, still with no write
        with api.env.adopt_roles(["Manager"]):
            self.portal["bientot"].expiration_date = DateTime(EDGE + timedelta(days=1))
            self.portal["bientot"].reindexObject()
        transaction.commit()
        with frozen(AFTER):
            self.assertIn("Bientotsection", nav(self.home()))
        with frozen(AFTER + timedelta(days=1)):
            self.assertNotIn("Bientotsection", nav(self.home()))

    def test_roles_differ(self):
        self.section("brouillon", "Brouillonsection", publish=False)
        self.assertNotIn("Brouillonsection", nav(self.home()))
        self.assertIn("Brouillonsection", nav(self.home(EDITOR)))
        self.assertNotIn("Brouillonsection", nav(self.home()))
        self.assertEqual(len(self.memo_entries("sections")), 2)

    def test_language_differs(self):
        with api.env.adopt_roles(["Manager"]):
            news = api.content.create(container=self.portal["actualites"], type="News Item",
                                      id="nouvelle-langue", title="Nouvelle")
            api.content.transition(obj=news, to_state="published")
            news.effective_date = DateTime("2026/03/10 10:00 Europe/Brussels")
            news.reindexObject()
        transaction.commit()

        def news_dates():
            return re.findall(r'class="ville-card-date"><time[^>]*>([^<]+)<', self.home())

        french = news_dates()
        self.assertTrue(french)
        # the site's language is a registry record: no catalog write
        api.portal.set_registry_record("plone.default_language", "de")
        api.portal.set_registry_record("plone.available_languages", ["de"])
        transaction.commit()
        german = news_dates()
        self.assertEqual(len(german), len(french))
        self.assertNotEqual(german, french)
        self.assertEqual(len(self.memo_entries("home-news")), 2)
