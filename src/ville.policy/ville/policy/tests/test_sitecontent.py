"""ville.policy offers the theme what it shows through the theme's own
``ISiteContent`` interface: a utility registered only when ville.theme is
installed, available only on sites where ville.policy is installed."""

from plone import api
from plone.browserlayer.utils import unregister_layer
from ville.policy.content.minisite import sync_marker
from ville.policy.testing import VILLE_POLICY_INTEGRATION_TESTING
from zope.component import queryUtility

import unittest


try:
    from ville.theme.interfaces import ISiteContent
except ImportError:  # the policy installs alone: nothing to offer then
    ISiteContent = None


@unittest.skipIf(ISiteContent is None, "ville.theme is not installed")
class TestSiteContent(unittest.TestCase):
    layer = VILLE_POLICY_INTEGRATION_TESTING

    def setUp(self):
        self.portal = self.layer["portal"]
        self.provider = queryUtility(ISiteContent)

    def test_the_policy_provides_what_the_theme_shows(self):
        self.assertIsNotNone(self.provider)
        self.assertTrue(ISiteContent.providedBy(self.provider))
        self.assertTrue(self.provider.available())

    def test_it_answers_from_the_policy_content(self):
        with api.env.adopt_roles(["Manager"]):
            cpas = api.content.create(
                container=self.portal, type="Folder", id="cpas", title="CPAS"
            )
            page = api.content.create(container=cpas, type="Document", id="aide")
            cpas.minisite_enabled = True
            sync_marker(cpas)
        self.assertEqual(self.provider.minisite_root(page), cpas)
        self.assertIsNone(self.provider.minisite_root(self.portal))
        self.assertEqual(
            self.provider.minisites(), [{"title": "CPAS", "url": cpas.absolute_url()}]
        )
        self.assertEqual(self.provider.ongoing_roadworks_count(), 0)
        self.assertEqual(self.provider.active_alerts(page), [])

    def test_not_available_where_the_policy_is_not_installed(self):
        unregister_layer("ville.policy")
        self.assertFalse(self.provider.available())
