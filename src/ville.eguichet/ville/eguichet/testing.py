from plone.app.testing import applyProfile
from plone.app.testing import FunctionalTesting
from plone.app.testing import IntegrationTesting
from plone.app.testing import PLONE_FIXTURE
from plone.app.testing import PloneSandboxLayer
from plone.testing.zope import WSGI_SERVER_FIXTURE
from plone.testing.zope import WSGIServer

import os


class VilleEguichetLayer(PloneSandboxLayer):
    """A Plone site with ville.eguichet installed, and nothing else of ours."""

    defaultBases = (PLONE_FIXTURE,)

    def setUpZope(self, app, configurationContext):
        import collective.easyform
        import plone.restapi
        import ville.eguichet

        self.loadZCML(package=plone.restapi)
        self.loadZCML(package=collective.easyform)
        self.loadZCML(package=ville.eguichet)

    def setUpPloneSite(self, portal):
        from plone.registry.interfaces import IRegistry
        from Products.CMFPlone.tests.utils import MockMailHost
        from zope.component import getUtility

        applyProfile(portal, "ville.eguichet:default")
        registry = getUtility(IRegistry)
        registry["plone.email_from_address"] = "guichet@ville.example"
        registry["plone.email_from_name"] = "Ville"
        # Keep the real MailHost's queue settings on the mock.
        real = portal.MailHost
        mock = MockMailHost("MailHost")
        mock.smtp_queue = real.smtp_queue
        mock.smtp_queue_directory = real.smtp_queue_directory
        portal._original_MailHost = real
        # The site manager refers to the MailHost by its path: replacing the
        # attribute is enough, and tests may swap the real one back in.
        portal.MailHost = mock

    def testSetUp(self):
        # The abuse counters live in this process: each test starts with
        # none, as a freshly started instance does.
        from ville.eguichet.ratelimit import COUNTERS

        COUNTERS.clear()


VILLE_EGUICHET_FIXTURE = VilleEguichetLayer()

VILLE_EGUICHET_INTEGRATION_TESTING = IntegrationTesting(
    bases=(VILLE_EGUICHET_FIXTURE,),
    name="VilleEguichetLayer:IntegrationTesting",
)

VILLE_EGUICHET_FUNCTIONAL_TESTING = FunctionalTesting(
    bases=(VILLE_EGUICHET_FIXTURE,),
    name="VilleEguichetLayer:FunctionalTesting",
)

VILLE_EGUICHET_SERVER_TESTING = FunctionalTesting(
    bases=(VILLE_EGUICHET_FIXTURE, WSGI_SERVER_FIXTURE),
    name="VilleEguichetLayer:ServerTesting",
)


class ManyThreadsWSGIServer(WSGIServer):
    """plone.testing's WSGI server (waitress) with 8 worker threads, so that
    concurrent submissions really run concurrent ZODB transactions, retrying
    conflicts as the site's zope.conf says (``max-conflict-retries 10``)."""

    retries = 10

    def setUp(self):
        from ville.eguichet import ratelimit
        from ZPublisher.HTTPRequest import HTTPRequest

        self._retries = HTTPRequest.retry_max_count
        # A load test: the abuse limits off, as a started instance with
        # EGUICHET_RATE_LIMITS=off has them.
        self._limits = os.environ.get(ratelimit.ENVIRONMENT_VARIABLE)
        os.environ[ratelimit.ENVIRONMENT_VARIABLE] = "off"
        ratelimit.read_environ()
        super().setUp()
        # After the server's set-up: Zope's start-up (make_wsgi_app) sets
        # the retries from its generated zope.conf (3).
        HTTPRequest.retry_max_count = self.retries

    def tearDown(self):
        from ville.eguichet import ratelimit
        from ZPublisher.HTTPRequest import HTTPRequest

        super().tearDown()
        HTTPRequest.retry_max_count = self._retries
        if self._limits is None:
            os.environ.pop(ratelimit.ENVIRONMENT_VARIABLE, None)
        else:
            os.environ[ratelimit.ENVIRONMENT_VARIABLE] = self._limits
        ratelimit.read_environ()

    def setUpServer(self):
        from webtest.http import StopableWSGIServer

        app = self.make_wsgi_app()
        self.server = StopableWSGIServer.create(
            app, host="localhost", threads=8, clear_untrusted_proxy_headers=False
        )
        self.server.effective_host = "localhost"
        self["host"] = self.host = "localhost"
        self["port"] = self.port = int(self.server.effective_port)


MANY_THREADS_WSGI_SERVER_FIXTURE = ManyThreadsWSGIServer()

VILLE_EGUICHET_CONCURRENT_TESTING = FunctionalTesting(
    bases=(VILLE_EGUICHET_FIXTURE, MANY_THREADS_WSGI_SERVER_FIXTURE),
    name="VilleEguichetLayer:ManyThreadsServerTesting",
)


class VilleEguichetUpgradeLayer(PloneSandboxLayer):
    """A Plone site with nothing of ours installed, where both the current
    profile ``ville.eguichet:default`` and the frozen releases of the add-on
    (``ville.eguichet:release_1_0_0``, tests/release_1_0_0) can be installed:
    tests/test_upgrades.py compares an upgraded release with a fresh install."""

    defaultBases = (PLONE_FIXTURE,)

    def setUpZope(self, app, configurationContext):
        import plone.restapi
        import collective.easyform
        import ville.eguichet
        from ville.eguichet.tests import release_1_0_0

        self.loadZCML(package=plone.restapi)
        self.loadZCML(package=collective.easyform)
        self.loadZCML(package=ville.eguichet)
        self.loadZCML(package=release_1_0_0)

    def tearDownZope(self, app):
        # GenericSetup's profile registry is not part of the layer's stacked
        # component registry: leave no test profile to the next layers.
        from Products.GenericSetup import profile_registry

        profile_registry.unregisterProfile("release_1_0_0", "ville.eguichet")


VILLE_EGUICHET_UPGRADE_FIXTURE = VilleEguichetUpgradeLayer()

VILLE_EGUICHET_UPGRADE_TESTING = IntegrationTesting(
    bases=(VILLE_EGUICHET_UPGRADE_FIXTURE,),
    name="VilleEguichetUpgradeLayer:IntegrationTesting",
)
