"""Cached pages follow the clock: the cache key changes when a scheduled
publication, an expiry, a start or an end date is reached, with no edit."""

from DateTime import DateTime
from plone import api
from tests.layers import SITE_FUNCTIONAL
from ville.policy.caching.schedule import schedule_value

import unittest


class TestScheduleETag(unittest.TestCase):
    layer = SITE_FUNCTIONAL

    def setUp(self):
        self.portal = self.layer["portal"]
        self.catalog = api.portal.get_tool("portal_catalog")
        self.now = DateTime()
        with api.env.adopt_roles(["Manager"]):
            self.news = api.content.create(
                container=self.portal["actualites"],
                type="News Item",
                id="conseil-de-decembre",
                title="Conseil de décembre",
            )
            self.news.setEffectiveDate(self.now + 1.0 / 24)  # in an hour
            self.news.setExpirationDate(self.now + 3.0 / 24)  # for two hours
            self.news.reindexObject()
        import transaction

        transaction.commit()  # a committed catalog state, as pages see it

    def test_key_changes_when_the_publication_date_is_reached(self):
        before = schedule_value(self.catalog, self.now)
        self.assertEqual(schedule_value(self.catalog, self.now + 0.5 / 24), before)
        after = schedule_value(self.catalog, self.now + 1.5 / 24)
        self.assertNotEqual(after, before)
        self.assertEqual(after, str(int((self.now + 1.0 / 24).timeTime())))

    def test_key_changes_again_when_it_expires(self):
        published = schedule_value(self.catalog, self.now + 1.5 / 24)
        expired = schedule_value(self.catalog, self.now + 4.0 / 24)
        self.assertNotEqual(expired, published)

    def test_etag_component_is_used_by_the_cached_rulesets(self):
        for ruleset in ("itemView", "folderView", "feed"):
            etags = api.portal.get_registry_record(
                f"plone.app.caching.moderateCaching.plone.content.{ruleset}.etags"
            )
            self.assertIn("villeSchedule", etags)
