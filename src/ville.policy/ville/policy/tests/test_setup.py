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


    def test_types_workflow_and_settings(self):
        types = api.portal.get_tool("portal_types")
        workflow = api.portal.get_tool("portal_workflow")
        for type_id in ("Procedure", "PublicService", "Roadwork", "Shop",
                        "CommercialPremises", "QuickAccess", "Alert"):
            self.assertIn(type_id, types)
            self.assertEqual(
                workflow.getChainForPortalType(type_id), ("ville_publication_workflow",)
            )
        for type_id in ("Document", "News Item", "Event", "Folder"):
            self.assertEqual(
                workflow.getChainForPortalType(type_id), ("ville_publication_workflow",)
            )
        definition = workflow["ville_publication_workflow"]
        self.assertEqual(
            set(definition.states.objectIds()),
            {"private", "pending", "published", "archived"},
        )
        self.assertEqual(
            set(definition.transitions.objectIds()),
            {"submit", "publish", "reject", "retract", "archive", "mark_reviewed"},
        )
        self.assertIn("ville.policy.minisite", types["Folder"].behaviors)
        for type_id in ("Document", "News Item", "Procedure", "PublicService"):
            self.assertIn("ville.policy.review", types[type_id].behaviors, type_id)
        self.assertTrue(api.portal.get_registry_record("plone.enable_sitemap"))
        roles = [
            role["name"]
            for role in self.portal.rolesOfPermission("plone.restapi: Use REST API")
            if role["selected"]
        ]
        self.assertIn("Anonymous", roles)

    def test_versioning(self):
        repository = api.portal.get_tool("portal_repository")
        for type_id in ("Document", "News Item", "Event", "Procedure"):
            self.assertIn(type_id, repository.getVersionableContentTypes())
        self.assertIn("plone.versioning", api.portal.get_tool("portal_types")["Procedure"].behaviors)

    def test_procedure_history_and_revert(self):
        setRoles(self.portal, TEST_USER_ID, ["Manager"])
        procedure = api.content.create(
            container=self.portal, type="Procedure", title="Permis", category="permit",
            cost="20 €",
        )
        repository = api.portal.get_tool("portal_repository")
        self.assertTrue(repository.isVersionable(procedure))
        history = repository.getHistoryMetadata(procedure)
        first = history.getLength(countPurged=False) if history else 0
        repository.save(procedure, comment="first")
        procedure.cost = "25 €"
        repository.save(procedure, comment="second")
        history = repository.getHistoryMetadata(procedure)
        self.assertEqual(history.getLength(countPurged=False), first + 2)
        repository.revert(procedure, first)
        self.assertEqual(procedure.cost, "20 €")

    def test_upgrade_step_reinstalls_the_policy(self):
        setup = api.portal.get_tool("portal_setup")
        setRoles(self.portal, TEST_USER_ID, ["Manager"])
        workflow = api.portal.get_tool("portal_workflow")
        # simulate a 1000 site: no workflow, no groups
        workflow.manage_delObjects(["ville_publication_workflow"])
        api.group.delete(groupname="cpas")
        setup.setLastVersionForProfile(PROFILE, "1000")
        steps = [
            step for step in listUpgradeSteps(setup, PROFILE, "1000")
        ]
        self.assertTrue(steps)
        for step in steps:
            for item in step if isinstance(step, list) else [step]:
                item["step"].doStep(setup)
        self.assertIn("ville_publication_workflow", workflow.objectIds())
        self.assertIsNotNone(api.group.get(groupname="cpas"))


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

    def test_types_and_workflow_removed(self):
        types = api.portal.get_tool("portal_types")
        workflow = api.portal.get_tool("portal_workflow")
        self.assertNotIn("Roadwork", types)
        self.assertNotIn("ville_publication_workflow", workflow.objectIds())
        self.assertNotIn("ville.policy.minisite", types["Folder"].behaviors)
        self.assertNotIn("ville_period", api.portal.get_tool("portal_catalog").indexes())
        self.assertNotIn("ville_publication_workflow", workflow.getDefaultChain())
