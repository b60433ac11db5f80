from plone.app.testing import applyProfile
from plone.app.testing import FunctionalTesting
from plone.app.testing import IntegrationTesting
from plone.app.testing import PLONE_FIXTURE
from plone.app.testing import PloneSandboxLayer
from plone.testing.zope import WSGI_SERVER_FIXTURE


class VilleEguichetLayer(PloneSandboxLayer):
    """A Plone site with ville.eguichet installed, and nothing else of ours."""

    defaultBases = (PLONE_FIXTURE,)

    def setUpZope(self, app, configurationContext):
        import plone.restapi
        import ville.eguichet

        self.loadZCML(package=plone.restapi)
        self.loadZCML(package=ville.eguichet)

    def setUpPloneSite(self, portal):
        applyProfile(portal, "ville.eguichet:default")


VILLE_EGUICHET_FIXTURE = VilleEguichetLayer()

VILLE_EGUICHET_INTEGRATION_TESTING = IntegrationTesting(
    bases=(VILLE_EGUICHET_FIXTURE,),
    name="VilleEguichetLayer:IntegrationTesting",
)

VILLE_EGUICHET_FUNCTIONAL_TESTING = FunctionalTesting(
    bases=(VILLE_EGUICHET_FIXTURE, WSGI_SERVER_FIXTURE),
    name="VilleEguichetLayer:FunctionalTesting",
)
