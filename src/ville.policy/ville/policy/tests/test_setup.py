"""Install, uninstall and upgrade machinery of ville.policy."""

import unittest

from plone import api
from plone.app.testing import setRoles
from plone.app.testing import TEST_USER_ID
from Products.CMFPlone.utils import get_installer
from Products.GenericSetup.upgrade import listUpgradeSteps
from ville.policy.interfaces import IBrowserLayer
from ville.policy.testing import VILLE_POLICY_INTEGRATION_TESTING
from plone.browserlayer import utils as layer_utils


PROFILE = "ville.policy:default"


class TestSetup(unittest.TestCase):
    layer = VILLE_POLICY_INTEGRATION_TESTING

    def setUp(self):
        self.portal = self.layer["portal"]
        self.installer = get_installer(self.portal, self.layer["request"])

    def test_product_installed(self):
        self.assertTrue(self.installer.is_product_installed("ville.policy"))

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
    layer = VILLE_POLICY_INTEGRATION_TESTING

    def setUp(self):
        self.portal = self.layer["portal"]
        self.installer = get_installer(self.portal, self.layer["request"])
        setRoles(self.portal, TEST_USER_ID, ["Manager"])
        self.installer.uninstall_product("ville.policy")
        setRoles(self.portal, TEST_USER_ID, ["Member"])

    def test_product_uninstalled(self):
        self.assertFalse(self.installer.is_product_installed("ville.policy"))

    def test_browserlayer_removed(self):
        self.assertNotIn(IBrowserLayer, layer_utils.registered_layers())
