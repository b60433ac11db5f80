"""Install, uninstall and upgrade machinery of ville.theme."""

import unittest

from plone import api
from plone.app.testing import setRoles
from plone.app.testing import TEST_USER_ID
from Products.CMFPlone.utils import get_installer
from Products.GenericSetup.upgrade import listUpgradeSteps
from ville.theme.interfaces import IBrowserLayer
from ville.theme.look import DEFAULT_COLORS
from ville.theme.testing import VILLE_THEME_INTEGRATION_TESTING
from plone.browserlayer import utils as layer_utils


PROFILE = "ville.theme:default"


class TestSetup(unittest.TestCase):
    layer = VILLE_THEME_INTEGRATION_TESTING

    def setUp(self):
        self.portal = self.layer["portal"]
        self.installer = get_installer(self.portal, self.layer["request"])

    def test_product_installed(self):
        self.assertTrue(self.installer.is_product_installed("ville.theme"))

    def test_browserlayer(self):
        self.assertIn(IBrowserLayer, layer_utils.registered_layers())

    def test_profile_version_is_last_upgrade_destination(self):
        setup = api.portal.get_tool("portal_setup")
        version = setup.getVersionForProfile(PROFILE)
        steps = listUpgradeSteps(setup, PROFILE, "0")
        destinations = []
        for step in steps:
            step = step[-1] if isinstance(step, list) else step
            destinations.append(step["dest"])
        self.assertEqual(".".join(max(destinations)), version)
        self.assertEqual(setup.getLastVersionForProfile(PROFILE), tuple(version.split(".")))


class TestUninstall(unittest.TestCase):
    layer = VILLE_THEME_INTEGRATION_TESTING

    def setUp(self):
        self.portal = self.layer["portal"]
        self.installer = get_installer(self.portal, self.layer["request"])
        setRoles(self.portal, TEST_USER_ID, ["Manager"])
        self.installer.uninstall_product("ville.theme")
        setRoles(self.portal, TEST_USER_ID, ["Member"])

    def test_product_uninstalled(self):
        self.assertFalse(self.installer.is_product_installed("ville.theme"))

    def test_browserlayer_removed(self):
        self.assertNotIn(IBrowserLayer, layer_utils.registered_layers())

    def test_barceloneta_and_the_default_view_are_back(self):
        from plone.app.theming.utils import getCurrentTheme

        self.assertEqual(getCurrentTheme(), "barceloneta")
        self.assertNotEqual(self.portal.getLayout(), "ville-home")
        self.assertNotIn("ville-home", self.portal.portal_types["Plone Site"].view_methods)
        self.assertIsNone(api.portal.get_registry_record("ville.theme.primary_color", default=None))
        self.assertIsNone(
            api.portal.get_registry_record("plone.bundles/ville-theme.csscompilation", default=None)
        )


class TestInstalled(unittest.TestCase):
    layer = VILLE_THEME_INTEGRATION_TESTING

    def test_theme_home_page_and_bundle(self):
        from plone.app.theming.utils import getCurrentTheme

        portal = self.layer["portal"]
        self.assertEqual(getCurrentTheme(), "ville")
        self.assertEqual(portal.getLayout(), "ville-home")
        self.assertEqual(
            api.portal.get_registry_record("plone.bundles/ville-theme.csscompilation"),
            "++plone++ville.theme/ville.css",
        )
        self.assertEqual(api.portal.get_registry_record("ville.theme.primary_color"),
                         DEFAULT_COLORS["primary_color"])  # neutral

    def test_compiled_css_is_committed(self):
        from pathlib import Path

        package = Path(__file__).resolve().parent.parent
        css = package / "browser" / "static" / "ville.css"
        self.assertTrue(css.is_file(), "run `make css` and commit the CSS")
        self.assertIn("--ville-primary", css.read_text(encoding="utf-8"))
        self.assertNotIn("fonts.googleapis", css.read_text(encoding="utf-8"))
