"""Install, uninstall and upgrade machinery of ville.eguichet."""

import unittest

from plone import api
from plone.app.testing import setRoles
from plone.app.testing import TEST_USER_ID
from Products.CMFPlone.utils import get_installer
from Products.GenericSetup.upgrade import listUpgradeSteps
from ville.eguichet.interfaces import IBrowserLayer
from ville.eguichet.testing import VILLE_EGUICHET_INTEGRATION_TESTING
from plone.browserlayer import utils as layer_utils


PROFILE = "ville.eguichet:default"


class TestSetup(unittest.TestCase):
    layer = VILLE_EGUICHET_INTEGRATION_TESTING

    def setUp(self):
        self.portal = self.layer["portal"]
        self.installer = get_installer(self.portal, self.layer["request"])

    def test_store_group_and_mail_queue(self):
        store = self.portal["eguichet-demandes"]
        self.assertEqual(store.portal_type, "EGuichetRequestStore")
        self.assertIsNotNone(api.group.get(groupname="agents-eguichet"))
        self.assertIn("EGuichet Agent", api.group.get_roles(groupname="agents-eguichet"))
        self.assertTrue(self.portal._original_MailHost.smtp_queue)
        self.assertEqual(
            api.portal.get_tool("portal_workflow").getChainForPortalType("EGuichetRequest"),
            ("eguichet_request_workflow",),
        )
        # No versioning on requests (it would use the CMFUid counter).
        fti = api.portal.get_tool("portal_types")["EGuichetRequest"]
        self.assertNotIn("plone.versioning", fti.behaviors)

    def test_product_installed(self):
        self.assertTrue(self.installer.is_product_installed("ville.eguichet"))

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
    layer = VILLE_EGUICHET_INTEGRATION_TESTING

    def setUp(self):
        self.portal = self.layer["portal"]
        self.installer = get_installer(self.portal, self.layer["request"])
        setRoles(self.portal, TEST_USER_ID, ["Manager"])
        self.installer.uninstall_product("ville.eguichet")
        setRoles(self.portal, TEST_USER_ID, ["Member"])

    def test_product_uninstalled(self):
        self.assertFalse(self.installer.is_product_installed("ville.eguichet"))

    def test_browserlayer_removed(self):
        self.assertNotIn(IBrowserLayer, layer_utils.registered_layers())

    def test_everything_removed(self):
        self.assertNotIn("eguichet-demandes", self.portal.objectIds())
        types = api.portal.get_tool("portal_types")
        self.assertNotIn("EGuichetRequest", types.objectIds())
        self.assertNotIn("EGuichetRequestStore", types.objectIds())
        workflow = api.portal.get_tool("portal_workflow")
        self.assertNotIn("eguichet_request_workflow", workflow.objectIds())
        catalog = api.portal.get_tool("portal_catalog")
        self.assertFalse([i for i in catalog.indexes() if i.startswith("eguichet_")])
        registry = self.portal.portal_registry
        self.assertFalse([k for k in registry.records.keys() if k.startswith("ville.eguichet.")])
        self.assertNotIn("EGuichetRequest", api.portal.get_registry_record("plone.types_not_searched"))
        panel = api.portal.get_tool("portal_controlpanel")
        self.assertNotIn("eguichet-settings", [a.getId() for a in panel.listActions()])
        self.assertNotIn("EGuichet Agent", self.portal.validRoles())
        self.assertNotIn(
            "EGuichet Agent", api.group.get_roles(groupname="agents-eguichet") or []
        )
