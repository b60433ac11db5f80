from plone.app.testing import applyProfile
from plone.app.testing import FunctionalTesting
from plone.app.testing import IntegrationTesting
from plone.app.testing import PLONE_FIXTURE
from plone.app.testing import PloneSandboxLayer
from plone.testing.zope import WSGI_SERVER_FIXTURE


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
