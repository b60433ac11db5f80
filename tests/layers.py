"""Layers for the assembled site: Plone 6.2 classic, the three add-ons and a
municipality profile (peruwelz unless a test layer asks for another).

- ``SITE_FUNCTIONAL``: WebTest against the Zope WSGI publisher in-process,
  each test on its own DemoStorage (changes rolled back after the test).
- ``SITE_SERVER``: the same site served by a real WSGI server (waitress) on
  localhost, for browsers and HTTP clients; ``layer["port"]``.
"""

from pathlib import Path
from plone.app.testing import applyProfile
from plone.app.testing import FunctionalTesting
from plone.app.testing import PLONE_FIXTURE
from plone.app.testing import PloneSandboxLayer
from plone.testing.zope import WSGI_SERVER_FIXTURE
from ville.core.profile import load_all
from ville_site.site import install
from ville_site.site import installed_ville_profiles
# A WebTest client of a layer's site through host ``localhost`` (Plone
# serves 127.0.0.1 unthemed): the e-guichet's, shared by the site's tests.
from ville.eguichet.documents.testing import webtest_app  # noqa: F401


ROOT = Path(__file__).resolve().parent.parent
PROFILES = ROOT / "profiles"
SITE_OWNER = "admin"
SITE_OWNER_PASSWORD = "secret"


class SiteLayer(PloneSandboxLayer):
    """Plone with everything the project installs, from one profile."""

    defaultBases = (PLONE_FIXTURE,)
    municipality = "peruwelz"

    def setUpZope(self, app, configurationContext):
        import collective.easyform
        import plone.app.caching
        import plone.restapi

        self.loadZCML(package=plone.restapi)
        self.loadZCML(package=collective.easyform)
        self.loadZCML(package=plone.app.caching)
        for profile in installed_ville_profiles():
            module = __import__(profile.split(":")[0], fromlist=["_"])
            self.loadZCML(package=module)
        app.acl_users._doAddUser(SITE_OWNER, SITE_OWNER_PASSWORD, ["Manager"], [])

    def setUpPloneSite(self, portal):
        # plone.app.testing leaves the site without workflow; a real site
        # starts with Plone's default chain, which ville.policy then replaces.
        portal.portal_workflow.setDefaultChain("simple_publication_workflow")
        # The site set-up of ville-site-setup, on plone.app.testing's site.
        install(portal, load_all(PROFILES / self.municipality), run_profile=applyProfile)
        # plone.testing swallows a failed commit at the end of layer set-up:
        # index now, while the site is set, or tests would get an empty site.
        from Products.CMFCore.indexing import processQueue

        processQueue()

    def testSetUp(self):
        # The e-guichet's abuse counters live in this process: each test
        # starts with none, as a freshly started instance does.
        from ville.eguichet.ratelimit import COUNTERS

        COUNTERS.clear()


SITE_FIXTURE = SiteLayer()

SITE_FUNCTIONAL = FunctionalTesting(
    bases=(SITE_FIXTURE,), name="VilleSite:Functional"
)

SITE_SERVER = FunctionalTesting(
    bases=(SITE_FIXTURE, WSGI_SERVER_FIXTURE), name="VilleSite:WSGIServer"
)
