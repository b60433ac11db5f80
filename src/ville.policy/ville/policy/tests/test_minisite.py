"""The mini-site behavior: /cpas is its own navigation root."""

from plone import api
from ville.policy import api as ville_api
from ville.policy.interfaces import IMiniSiteRoot
from ville.policy.testing import VILLE_TREE_INTEGRATION_TESTING
from ville.policy.tests.base import as_manager
from zope.event import notify
from zope.lifecycleevent import ObjectModifiedEvent

import unittest


class TestMiniSite(unittest.TestCase):
    layer = VILLE_TREE_INTEGRATION_TESTING

    def setUp(self):
        self.portal = self.layer["portal"]
        self.request = self.layer["request"]
        as_manager(self.portal)
        self.cpas = self.portal["cpas"]
        self.page = self.cpas["aide"]

    def navigation_root(self, context):
        state = api.content.get_view("plone_portal_state", context, self.request)
        return state.navigation_root()

    def test_cpas_is_a_navigation_root(self):
        self.assertTrue(IMiniSiteRoot.providedBy(self.cpas))
        self.assertEqual(self.navigation_root(self.page), self.cpas)
        self.assertEqual(self.navigation_root(self.portal["actualites"]), self.portal)
        self.assertEqual(self.cpas.minisite_title, "CPAS de Test")
        self.assertTrue(self.cpas.minisite_logo.size > 0)

    def test_minisite_root_helper(self):
        self.assertEqual(ville_api.minisite_root(self.page), self.cpas)
        self.assertEqual(ville_api.minisite_root(self.cpas), self.cpas)
        self.assertIsNone(ville_api.minisite_root(self.portal["actualites"]))

    def test_breadcrumbs_start_at_the_minisite(self):
        view = api.content.get_view("breadcrumbs_view", self.page, self.request)
        urls = [crumb["absolute_url"] for crumb in view.breadcrumbs()]
        self.assertEqual(urls, [self.page.absolute_url()])

    def test_switching_the_behavior_on_and_off(self):
        folder = api.content.create(container=self.portal, type="Folder", title="Seniors")
        self.assertFalse(IMiniSiteRoot.providedBy(folder))
        folder.minisite_enabled = True
        notify(ObjectModifiedEvent(folder))
        self.assertTrue(IMiniSiteRoot.providedBy(folder))
        catalog = api.portal.get_tool("portal_catalog")
        roots = {b.getId for b in catalog(object_provides=IMiniSiteRoot.__identifier__)}
        self.assertEqual(roots, {"cpas", folder.getId()})
        folder.minisite_enabled = False
        notify(ObjectModifiedEvent(folder))
        self.assertFalse(IMiniSiteRoot.providedBy(folder))
        self.assertEqual(self.navigation_root(folder), self.portal)
