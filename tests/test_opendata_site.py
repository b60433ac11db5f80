"""Open data on the assembled site (peruwelz profile, the theme, the
caching profile): every feed address of the contract answers, cached by
the proxy with the listing pages' rules and purged with them; the
"Données ouvertes" page comes with the site tree."""

from datetime import date
from plone import api
from plone.app.testing import setRoles
from plone.app.testing import TEST_USER_ID
from plone.cachepurging.utils import getPathsToPurge
from tests.layers import SITE_FUNCTIONAL
from tests.layers import SITE_OWNER
from tests.layers import SITE_OWNER_PASSWORD
from tests.layers import webtest_app

import re
import transaction
import unittest


FEEDS = {
    "@@events.ics": "text/calendar",
    "agenda/@@events.ics": "text/calendar",
    "travaux/@@roadworks.geojson": "application/geo+json",
    "travaux/@@roadworks.ics": "text/calendar",
    "economie/annuaire-commercial/@@shops.csv": "text/csv",
    "economie/annuaire-commercial/@@shops.geojson": "application/geo+json",
    "economie/cellules-commerciales/@@premises.csv": "text/csv",
    "economie/cellules-commerciales/@@premises.geojson": "application/geo+json",
    "dcat.jsonld": "application/ld+json",
}


def s_maxage(response) -> int:
    found = re.search(r"s-maxage=(\d+)", response.headers.get("Cache-Control", ""))
    return int(found.group(1)) if found else 0


class TestOpenDataSite(unittest.TestCase):
    layer = SITE_FUNCTIONAL

    def setUp(self):
        self.portal = self.layer["portal"]
        self.app = webtest_app(self.layer)
        self.url = self.portal.absolute_url()

    def test_every_feed_answers_and_is_cached_like_the_listing_pages(self):
        page = self.app.get(f"{self.url}/travaux")
        self.assertGreater(s_maxage(page), 0)
        for path, media_type in FEEDS.items():
            response = self.app.get(f"{self.url}/{path}")
            self.assertEqual(response.status_int, 200, path)
            self.assertTrue(response.content_type.startswith(media_type), path)
            cache_control = response.headers.get("Cache-Control", "")
            self.assertEqual(s_maxage(response), s_maxage(page), f"{path}: {cache_control}")
            self.assertNotIn("private", cache_control, path)

    def test_a_logged_in_editor_s_feed_is_never_shared(self):
        self.app.authorization = ("Basic", (SITE_OWNER, SITE_OWNER_PASSWORD))
        response = self.app.get(f"{self.url}/travaux/@@roadworks.geojson")
        self.assertEqual(s_maxage(response), 0, response.headers.get("Cache-Control"))

    def test_a_change_purges_the_feeds_listing_it(self):
        setRoles(self.portal, TEST_USER_ID, ["Manager"])
        work = api.content.create(
            container=self.portal["travaux"], type="Roadwork", id="pont",
            title="Pont", location="Pont", village="Bury", start=date(2030, 1, 1))
        event = api.content.create(container=self.portal["agenda"], type="Event",
                                   id="fete", title="Fête")
        transaction.commit()
        root = "/" + self.portal.virtual_url_path()
        paths = set(getPathsToPurge(work, self.layer["request"]))
        for path in (f"{root}/travaux/@@roadworks.geojson", f"{root}/travaux/@@roadworks.ics",
                     f"{root}/travaux"):
            self.assertIn(path, paths)
        paths = set(getPathsToPurge(event, self.layer["request"]))
        for path in (f"{root}/agenda/@@events.ics", f"{root}/@@events.ics"):
            self.assertIn(path, paths)

    def test_open_data_page_and_links_from_the_listings(self):
        response = self.app.get(f"{self.url}/donnees-ouvertes")
        self.assertEqual(response.status_int, 200)
        site = "http://localhost/" + self.portal.virtual_url_path()  # webtest_app's host
        text = response.text
        for path in FEEDS:
            if path != "agenda/@@events.ics":
                self.assertTrue(f'href="{site}/{path}"' in text, path)
        self.assertTrue(f'<a href="{site}/agenda">' in text, "the agenda page")
        self.assertTrue("creativecommons.org/licenses/by/4.0/" in text)
        agenda = self.app.get(f"{self.url}/agenda").text
        self.assertTrue(f'href="webcal://{site.split("://")[1]}/agenda/@@events.ics"'
                        in agenda)
        for path in ("agenda", "travaux", "economie/annuaire-commercial",
                     "economie/cellules-commerciales"):
            html = self.app.get(f"{self.url}/{path}").text
            self.assertTrue('<link rel="alternate"' in html, path)
            self.assertTrue(f'href="{site}/donnees-ouvertes">Données ouvertes</a>'
                            in html, path)
