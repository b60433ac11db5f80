"""The upgrade of existing sites for issue 10's visibility fixes."""

from plone import api
from ville.eguichet.testing import VILLE_EGUICHET_INTEGRATION_TESTING
from ville.eguichet.upgrades import w10_visibility

import unittest


ACI = "Access contents information"


class TestUpgrade(unittest.TestCase):
    layer = VILLE_EGUICHET_INTEGRATION_TESTING

    def test_members_lose_the_store_and_history_is_for_agents(self):
        portal = self.layer["portal"]
        store = portal["eguichet-demandes"]
        workflow = api.portal.get_tool("portal_workflow")["eguichet_request_workflow"]
        # A site installed before: members could list the store, anyone
        # with "Request review" read DCWorkflow's history.
        store.manage_permission(
            ACI, roles=["Manager", "Site Administrator", "EGuichet Agent", "Authenticated"],
            acquire=False,
        )
        workflow.variables["review_history"].info_guard.permissions = ("Request review",)
        w10_visibility.upgrade(api.portal.get_tool("portal_setup"))
        roles = {r["name"] for r in store.rolesOfPermission(ACI) if r["selected"]}
        self.assertEqual(roles, {"Manager", "Site Administrator", "EGuichet Agent"})
        workflow = api.portal.get_tool("portal_workflow")["eguichet_request_workflow"]
        self.assertEqual(
            workflow.variables["review_history"].info_guard.permissions,
            ("ville.eguichet: Manage requests",),
        )
