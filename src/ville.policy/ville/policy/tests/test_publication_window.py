"""The ``ville_window`` index behind the publication rule
(test_publication_rule.py): filled for existing content by the upgrade, and
kept to the minute."""

from datetime import timedelta
from DateTime import DateTime
from plone import api
from plone.app.testing import setRoles
from plone.app.testing import TEST_USER_ID
from ville.policy.testing import VILLE_TREE_SERVER_TESTING
from ville.policy.tests.clock import frozen
from ville.policy.tests.test_publication_rule import EDGE

import transaction
import unittest


class TestUpgrade(unittest.TestCase):
    layer = VILLE_TREE_SERVER_TESTING

    def test_existing_content_is_indexed_into_the_window(self):
        from ville.policy.upgrades import w11_schedule

        portal = self.layer["portal"]
        setRoles(portal, TEST_USER_ID, ["Manager"])
        catalog = api.portal.get_tool("portal_catalog")
        catalog.delIndex("ville_window")
        w11_schedule.upgrade(api.portal.get_tool("portal_setup"))
        self.assertEqual(catalog._catalog.getIndex("ville_window").numObjects(),
                         len(catalog))
        self.assertIn("contenus-programmes",
                      api.portal.get_tool("portal_actions")["user"].objectIds())
        transaction.abort()


class TestMinutePrecision(unittest.TestCase):
    """Not a second early, and gone at the expiry: the index keeps minutes."""

    layer = VILLE_TREE_SERVER_TESTING

    def test_search_never_shows_an_item_before_its_date(self):
        from ville.policy.tests.base import anonymous

        portal = self.layer["portal"]
        setRoles(portal, TEST_USER_ID, ["Manager"])
        item = api.content.create(container=portal["actualites"], type="News Item",
                                  id="a-la-seconde", title="Ocelotword")
        api.content.transition(obj=item, transition="publish")
        item.effective_date = DateTime(EDGE + timedelta(seconds=30))
        item.expiration_date = DateTime(EDGE + timedelta(minutes=5))
        item.reindexObject()
        catalog = api.portal.get_tool("portal_catalog")

        def found(moment):
            with frozen(moment), anonymous():
                return len(catalog(SearchableText="Ocelotword"))

        self.assertEqual(found(EDGE + timedelta(seconds=20)), 0)
        self.assertEqual(found(EDGE + timedelta(seconds=40)), 0)  # a minute late at most
        self.assertEqual(found(EDGE + timedelta(seconds=61)), 1)
        self.assertEqual(found(EDGE + timedelta(minutes=4, seconds=59)), 1)
        self.assertEqual(found(EDGE + timedelta(minutes=5, seconds=1)), 0)

    def test_published_now_is_public_now(self):
        from ville.policy.tests.base import anonymous

        portal = self.layer["portal"]
        setRoles(portal, TEST_USER_ID, ["Manager"])
        item = api.content.create(container=portal["actualites"], type="News Item",
                                  id="maintenant", title="Lynxword")
        api.content.transition(obj=item, transition="publish")
        item.effective_date = DateTime()
        item.reindexObject()
        with anonymous():
            self.assertEqual(len(api.portal.get_tool("portal_catalog")(
                SearchableText="Lynxword")), 1)
