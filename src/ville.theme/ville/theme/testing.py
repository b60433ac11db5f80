from plone.app.testing import applyProfile
from plone.app.testing import FunctionalTesting
from plone.app.testing import IntegrationTesting
from plone.app.testing import PLONE_FIXTURE
from plone.app.testing import PloneSandboxLayer
from plone.testing.zope import WSGI_SERVER_FIXTURE


class VilleThemeLayer(PloneSandboxLayer):
    """A Plone site with ville.theme installed, and nothing else of ours."""

    defaultBases = (PLONE_FIXTURE,)

    def setUpZope(self, app, configurationContext):
        import plone.restapi
        import ville.theme

        self.loadZCML(package=plone.restapi)
        self.loadZCML(package=ville.theme)

    def setUpPloneSite(self, portal):
        applyProfile(portal, "ville.theme:default")


VILLE_THEME_FIXTURE = VilleThemeLayer()

VILLE_THEME_INTEGRATION_TESTING = IntegrationTesting(
    bases=(VILLE_THEME_FIXTURE,),
    name="VilleThemeLayer:IntegrationTesting",
)

VILLE_THEME_FUNCTIONAL_TESTING = FunctionalTesting(
    bases=(VILLE_THEME_FIXTURE, WSGI_SERVER_FIXTURE),
    name="VilleThemeLayer:FunctionalTesting",
)
