"""The e-guichet declares the caching ruleset of its own types, views and
endpoints (z3c.caching's ``cache:ruleset``); the site's caching profile maps
it to an operation (ville.policy: stored nowhere)."""

from plone import api
from Products.Five.browser import BrowserView
from ville.eguichet import engine
from ville.eguichet.content import EGuichetRequest
from ville.eguichet.interfaces import IBrowserLayer
from ville.eguichet.testing import VILLE_EGUICHET_INTEGRATION_TESTING
from z3c.caching.registry import enumerateTypes
from z3c.caching.registry import lookup
from zope.component import getGlobalSiteManager
from zope.component import getMultiAdapter
from zope.interface import alsoProvides

import unittest


RULESET = "ville.eguichet.private"


class TestCachingRulesets(unittest.TestCase):
    layer = VILLE_EGUICHET_INTEGRATION_TESTING

    def setUp(self):
        self.portal = self.layer["portal"]
        self.request = self.layer["request"]
        alsoProvides(self.request, IBrowserLayer)

    def test_the_ruleset_type_is_declared(self):
        self.assertIn(RULESET, [type_.name for type_ in enumerateTypes()])

    def test_content_of_the_eguichet_is_private(self):
        self.assertEqual(lookup(EGuichetRequest()), RULESET)
        self.assertEqual(lookup(engine.get_store(self.portal)), RULESET)

    def test_views_and_endpoints_of_the_eguichet_are_private(self):
        store = engine.get_store(self.portal)
        for context, name in (
            (self.portal, "mes-demandes"),
            (self.portal, "eguichet-suivi"),
            (self.portal, "eguichet-recu"),
            (self.portal, "eguichet-settings"),
            (self.portal, "eguichet-statistics"),
            (self.portal, "eguichet-dashboard"),
            (self.portal, "eguichet-compte-cree"),
            (store, "eguichet-dashboard"),
            (store, "eguichet-export"),
        ):
            view = getMultiAdapter((context, self.request), name=name)
            self.assertEqual(lookup(view), RULESET, name)
        services = {
            registration.name: registration.factory
            for registration in getGlobalSiteManager().registeredAdapters()
            if registration.name.endswith(("_@eguichet-submit", "_@eguichet-requests"))
        }
        self.assertEqual(len(services), 2, services)
        for name, factory in services.items():
            self.assertEqual(lookup(factory(self.portal, self.request)), RULESET, name)

    def test_other_views_get_no_ruleset_from_the_eguichet(self):
        self.assertNotEqual(lookup(BrowserView(self.portal, self.request)), RULESET)
        with api.env.adopt_roles(["Manager"]):
            page = api.content.create(
                container=self.portal, type="Document", id="page", title="Page"
            )
        self.assertNotEqual(lookup(page), RULESET)
