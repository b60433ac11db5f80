"""Scheduled publication holds everywhere, and changes on its dates by itself.

A published item before its publication date, or after its expiry date, is
invisible to anonymous visitors by URL, in listings, in search, in the REST
API and in the sitemap; it appears (disappears) when the date passes, with
no re-indexing and no scheduled job. The clock is frozen around each edge.
"""

from datetime import datetime
from datetime import timedelta
from DateTime import DateTime
from gzip import decompress
from plone import api
from plone.app.testing import setRoles
from plone.app.testing import TEST_USER_ID
from ville.policy.dates import localize
from ville.policy.testing import VILLE_TREE_SERVER_TESTING
from ville.policy.tests.clock import frozen

import requests
import transaction
import unittest


EDGE = localize(datetime(2031, 6, 15, 8, 0))
BEFORE = EDGE - timedelta(minutes=2)
AFTER = EDGE + timedelta(minutes=2)


class TestScheduledPublication(unittest.TestCase):
    layer = VILLE_TREE_SERVER_TESTING

    def setUp(self):
        self.portal = self.layer["portal"]
        setRoles(self.portal, TEST_USER_ID, ["Manager"])
        folder = self.portal["actualites"]
        if True:  # created now (2026), well before the edge
            self.scheduled = api.content.create(
                container=folder, type="News Item", id="programmee",
                title="Zebraword nouvelle programmée",
            )
            api.content.transition(obj=self.scheduled, transition="publish")
            self.scheduled.effective_date = DateTime(EDGE)
            self.scheduled.reindexObject()
            self.expiring = api.content.create(
                container=folder, type="News Item", id="perimee",
                title="Yakword nouvelle qui expire",
            )
            api.content.transition(obj=self.expiring, transition="publish")
            self.expiring.expiration_date = DateTime(EDGE)
            self.expiring.reindexObject()
        setRoles(self.portal, TEST_USER_ID, ["Member"])
        transaction.commit()
        self.base = self.portal.absolute_url()
        self.folder_url = folder.absolute_url()

    def get(self, path, json_api=False, auth=None):
        url = path if path.startswith("http") else f"{self.base}/{path}"
        return requests.get(
            url, headers={"Accept": "application/json"} if json_api else {},
            auth=auth, allow_redirects=False, timeout=30,
        )

    def visible_to_anonymous(self, obj_id, word):
        """Where anonymous can see the item: a set of channel names."""
        seen = set()
        if self.get(f"actualites/{obj_id}").status_code == 200:
            seen.add("url")
        if self.get(f"actualites/{obj_id}", json_api=True).status_code == 200:
            seen.add("rest")
        if word in self.get(f"{self.folder_url}").text:
            seen.add("listing")
        # (the search page repeats the searched word: look for the link)
        if f"/actualites/{obj_id}" in self.get(f"@@search?SearchableText={word}").text:
            seen.add("search")
        rest_search = self.get(f"@search?SearchableText={word}", json_api=True).json()
        if rest_search["items_total"]:
            seen.add("rest-search")
        folder = self.get("actualites", json_api=True).json()
        if any(item["@id"].endswith(f"/{obj_id}") for item in folder["items"]):
            seen.add("rest-listing")
        index = decompress(self.get("sitemap.xml.gz").content).decode()
        sitemap = decompress(self.get("sitemap.xml.gz?page=1").content).decode()
        if f"/actualites/{obj_id}<" in sitemap:
            seen.add("sitemap")
        self.assertIn("sitemap", index)
        return seen

    EVERYWHERE = {"url", "rest", "listing", "search", "rest-search", "rest-listing", "sitemap"}

    def test_appears_on_its_publication_date(self):
        with frozen(BEFORE):
            self.assertEqual(self.visible_to_anonymous("programmee", "Zebraword"), set())
        with frozen(AFTER):
            self.assertEqual(
                self.visible_to_anonymous("programmee", "Zebraword"), self.EVERYWHERE
            )

    def test_disappears_on_its_expiry_date(self):
        with frozen(BEFORE):
            self.assertEqual(
                self.visible_to_anonymous("perimee", "Yakword"), self.EVERYWHERE
            )
        with frozen(AFTER):
            self.assertEqual(self.visible_to_anonymous("perimee", "Yakword"), set())

    def test_editors_still_see_scheduled_items(self):
        auth = ("comm", "secret-password-123")
        with frozen(BEFORE):
            self.assertEqual(self.get("actualites/programmee", auth=auth).status_code, 200)
            response = self.get("actualites/programmee", json_api=True, auth=auth)
            self.assertEqual(response.status_code, 200)
        with frozen(AFTER):
            self.assertEqual(self.get("actualites/perimee", auth=auth).status_code, 200)

    def test_sitemap_is_enabled(self):
        self.assertTrue(api.portal.get_registry_record("plone.enable_sitemap"))
