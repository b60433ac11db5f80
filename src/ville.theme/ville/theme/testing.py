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


class VilleThemeUpgradeLayer(PloneSandboxLayer):
    """A Plone site with nothing of ours installed, where both the current
    profile ``ville.theme:default`` and the frozen releases of the add-on
    (``ville.theme:release_1_0_0``, tests/release_1_0_0) can be installed:
    tests/test_upgrades.py compares an upgraded release with a fresh install."""

    defaultBases = (PLONE_FIXTURE,)

    def setUpZope(self, app, configurationContext):
        import plone.restapi
        import ville.theme
        from ville.theme.tests import release_1_0_0

        self.loadZCML(package=plone.restapi)
        self.loadZCML(package=ville.theme)
        self.loadZCML(package=release_1_0_0)

    def tearDownZope(self, app):
        # GenericSetup's profile registry is not part of the layer's stacked
        # component registry: leave no test profile to the next layers.
        from Products.GenericSetup import profile_registry

        profile_registry.unregisterProfile("release_1_0_0", "ville.theme")


VILLE_THEME_UPGRADE_FIXTURE = VilleThemeUpgradeLayer()

VILLE_THEME_UPGRADE_TESTING = IntegrationTesting(
    bases=(VILLE_THEME_UPGRADE_FIXTURE,),
    name="VilleThemeUpgradeLayer:IntegrationTesting",
)
