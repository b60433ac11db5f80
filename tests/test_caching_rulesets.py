"""The caching profile maps rulesets to operations; add-ons declare the
rulesets of their own views and types (z3c.caching). A ruleset the site
maps to the no-store operation keeps a page out of every cache, whoever
declared it: the policy names no other add-on's types or views."""

from plone import api
from Products.Five import BrowserView
from tests.layers import SITE_FUNCTIONAL
from tests.layers import webtest_app
from ville.policy.caching.privacy import is_private
from ville.policy.interfaces import IBrowserLayer
from z3c.caching.registry import declareType
from z3c.caching.registry import register
from z3c.caching.registry import unregister
from zope.component import getGlobalSiteManager
from zope.interface import Interface

import transaction
import unittest


MAPPING = "plone.caching.interfaces.ICacheSettings.operationMapping"
RULESET = "example.addon.private"


class Page(BrowserView):
    def __call__(self):
        return "<html><body>somebody's data</body></html>"


class Named:
    def __init__(self, name, context):
        self.__name__ = name
        self.context = context


class TestRulesetsMappedToNoStore(unittest.TestCase):
    layer = SITE_FUNCTIONAL

    def setUp(self):
        self.portal = self.layer["portal"]
        self.request = self.layer["request"]
        registry = getGlobalSiteManager()
        declareType(RULESET, "Example", "")
        register(Page, RULESET)
        registry.registerAdapter(
            Page, (Interface, IBrowserLayer), Interface, name="example-page"
        )

        def cleanup():
            registry.unregisterAdapter(
                Page, (Interface, IBrowserLayer), Interface, name="example-page"
            )
            unregister(Page)

        self.addCleanup(cleanup)

    def map_to(self, operation):
        mapping = dict(api.portal.get_registry_record(MAPPING))
        mapping[RULESET] = operation
        api.portal.set_registry_record(MAPPING, mapping)
        transaction.commit()

    def test_a_ruleset_mapped_to_no_store_is_private(self):
        self.map_to("ville.policy.caching.noStore")
        self.assertTrue(is_private(Page(self.portal, self.request), self.request))
        self.assertTrue(is_private(Named("example-page", self.portal), self.request))
        self.request["PATH_INFO"] = "/plone/news/@@example-page/sub"
        self.assertTrue(is_private(Named("sub", self.portal), self.request))
        response = webtest_app(self.layer).get(f"{self.portal.absolute_url()}/@@example-page")
        self.assertIn("no-store", response.headers["Cache-Control"])
        self.assertNotIn("ETag", response.headers)

    def test_a_ruleset_mapped_to_another_operation_is_not(self):
        self.map_to("plone.app.caching.moderateCaching")
        self.assertFalse(is_private(Page(self.portal, self.request), self.request))
        self.request["PATH_INFO"] = "/plone/news/@@example-page"
        self.assertFalse(is_private(Named("example-page", self.portal), self.request))
        response = webtest_app(self.layer).get(f"{self.portal.absolute_url()}/@@example-page")
        self.assertNotIn("no-store", response.headers.get("Cache-Control", ""))

    def test_an_undeclared_view_is_not_private(self):
        self.request["PATH_INFO"] = "/plone/actualites/view"
        self.assertFalse(is_private(Named("view", self.portal), self.request))


class TestUpgrade(unittest.TestCase):
    layer = SITE_FUNCTIONAL

    def test_existing_sites_map_the_eguichet_ruleset_to_no_store(self):
        from ville.policy.upgrades import w12_contracts

        mapping = dict(api.portal.get_registry_record(MAPPING))
        del mapping["ville.eguichet.private"]
        api.portal.set_registry_record(MAPPING, mapping)
        w12_contracts.upgrade(self.layer["portal"].portal_setup)
        self.assertEqual(
            api.portal.get_registry_record(MAPPING)["ville.eguichet.private"],
            "ville.policy.caching.noStore",
        )
