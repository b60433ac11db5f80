from pathlib import Path

import transaction
from plone.app.testing import applyProfile
from plone.app.testing import FunctionalTesting
from plone.app.testing import IntegrationTesting
from plone.app.testing import PLONE_FIXTURE
from plone.app.testing import PloneSandboxLayer
from plone.testing.zope import WSGI_SERVER_FIXTURE


TEST_PROFILE = Path(__file__).parent / "tests" / "profile"


class VillePolicyLayer(PloneSandboxLayer):
    """A Plone site with ville.policy installed, and nothing else of ours."""

    defaultBases = (PLONE_FIXTURE,)

    def setUpZope(self, app, configurationContext):
        import plone.restapi
        import ville.policy

        self.loadZCML(package=plone.restapi)
        self.loadZCML(package=ville.policy)

    def setUpPloneSite(self, portal):
        applyProfile(portal, "ville.policy:default")


VILLE_POLICY_FIXTURE = VillePolicyLayer()

VILLE_POLICY_INTEGRATION_TESTING = IntegrationTesting(
    bases=(VILLE_POLICY_FIXTURE,),
    name="VillePolicyLayer:IntegrationTesting",
)

VILLE_POLICY_FUNCTIONAL_TESTING = FunctionalTesting(
    bases=(VILLE_POLICY_FIXTURE, WSGI_SERVER_FIXTURE),
    name="VillePolicyLayer:FunctionalTesting",
)


class VillePolicyUpgradeLayer(PloneSandboxLayer):
    """A Plone site with nothing of ours installed, where both the current
    profile ``ville.policy:default`` and the frozen releases of the add-on
    (``ville.policy:release_1_0_0``, tests/release_1_0_0) can be installed:
    tests/test_upgrades.py compares an upgraded release with a fresh install."""

    defaultBases = (PLONE_FIXTURE,)

    def setUpZope(self, app, configurationContext):
        import plone.restapi
        import ville.policy
        from ville.policy.tests import release_1_0_0

        self.loadZCML(package=plone.restapi)
        self.loadZCML(package=ville.policy)
        self.loadZCML(package=release_1_0_0)

    def tearDownZope(self, app):
        # GenericSetup's profile registry is not part of the layer's stacked
        # component registry: leave no test profile to the next layers.
        from Products.GenericSetup import profile_registry

        profile_registry.unregisterProfile("release_1_0_0", "ville.policy")


VILLE_POLICY_UPGRADE_FIXTURE = VillePolicyUpgradeLayer()

VILLE_POLICY_UPGRADE_TESTING = IntegrationTesting(
    bases=(VILLE_POLICY_UPGRADE_FIXTURE,),
    name="VillePolicyUpgradeLayer:IntegrationTesting",
)


class VilleTreeLayer(PloneSandboxLayer):
    """ville.policy with a small municipality profile applied (tests/profile):
    sections, the /cpas mini-site, buttons, groups with one member each, and
    a mock mail host."""

    defaultBases = (VILLE_POLICY_FIXTURE,)
    members = {
        "redacteur": "redacteurs",
        "comm": "communication",
        "cpasagent": "cpas",
    }

    def setUpPloneSite(self, portal):
        from plone import api
        from Products.CMFPlone.tests.utils import MockMailHost
        from Products.MailHost.interfaces import IMailHost
        from ville.policy import municipality

        portal._original_MailHost = portal.MailHost
        portal.MailHost = mailhost = MockMailHost("MailHost")
        portal.getSiteManager().registerUtility(mailhost, provided=IMailHost)
        api.portal.set_registry_record("plone.email_from_address", "site@commune.test")
        api.portal.set_registry_record("plone.email_from_name", "Commune de Test")
        municipality.apply(portal, municipality.load(TEST_PROFILE))
        # Commit here: plone.testing's zopeApp() swallows a failing final
        # commit, which would silently lose the tree.
        transaction.commit()
        for userid, group in self.members.items():
            api.user.create(
                username=userid, email=f"{userid}@commune.test",
                password="secret-password-123",
                properties={"fullname": userid.capitalize()},
            )
            api.group.add_user(groupname=group, username=userid)


VILLE_TREE_FIXTURE = VilleTreeLayer()

VILLE_TREE_INTEGRATION_TESTING = IntegrationTesting(
    bases=(VILLE_TREE_FIXTURE,), name="VilleTreeLayer:IntegrationTesting"
)

VILLE_TREE_FUNCTIONAL_TESTING = FunctionalTesting(
    bases=(VILLE_TREE_FIXTURE,), name="VilleTreeLayer:FunctionalTesting"
)

VILLE_TREE_SERVER_TESTING = FunctionalTesting(
    bases=(VILLE_TREE_FIXTURE, WSGI_SERVER_FIXTURE), name="VilleTreeLayer:WSGIServer"
)
