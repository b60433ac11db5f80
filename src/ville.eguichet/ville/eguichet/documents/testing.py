"""Test layer: ville.eguichet with the e-guichet of a test municipality."""

from pathlib import Path
from plone.app.testing import FunctionalTesting
from plone.app.testing import IntegrationTesting
from plone.app.testing import PloneSandboxLayer
from ville.eguichet.testing import VILLE_EGUICHET_FIXTURE


TEST_PROFILE = Path(__file__).parent / "tests" / "profile"


class DocumentsLayer(PloneSandboxLayer):
    """The three document forms created from ``tests/profile``."""

    defaultBases = (VILLE_EGUICHET_FIXTURE,)

    def setUpPloneSite(self, portal):
        from plone import api
        from ville.eguichet import municipality

        # A French-speaking municipality, as ville.policy would set it.
        api.portal.set_registry_record("plone.available_languages", ["fr"])
        api.portal.set_registry_record("plone.default_language", "fr")
        portal.portal_workflow.setChainForPortalTypes(
            ("Folder", "EasyForm"), "simple_publication_workflow"
        )
        municipality.apply(portal, municipality.load(TEST_PROFILE))


DOCUMENTS_FIXTURE = DocumentsLayer()

DOCUMENTS_INTEGRATION_TESTING = IntegrationTesting(
    bases=(DOCUMENTS_FIXTURE,), name="EguichetDocuments:Integration"
)
DOCUMENTS_FUNCTIONAL_TESTING = FunctionalTesting(
    bases=(DOCUMENTS_FIXTURE,), name="EguichetDocuments:Functional"
)


class _Publisher:
    """The Zope WSGI publisher over a layer's app, as a server runs it."""

    def __init__(self, app):
        from ZPublisher.httpexceptions import HTTPExceptionHandler
        from ZPublisher.WSGIPublisher import publish_module

        self.app = app
        self.publish = HTTPExceptionHandler(publish_module)

    def __call__(self, environ, start_response):
        from AccessControl.SecurityManagement import getSecurityManager
        from AccessControl.SecurityManagement import setSecurityManager
        from zope.component.hooks import getSite
        from zope.component.hooks import setSite

        manager, site = getSecurityManager(), getSite()
        try:
            return self.publish(environ, start_response)
        finally:
            self.app._p_jar.sync()
            setSecurityManager(manager)
            setSite(site)


def webtest_app(layer):
    """A WebTest client of the layer's site through host ``localhost``."""
    import webtest

    return webtest.TestApp(
        _Publisher(layer["app"]),
        extra_environ={"HTTP_HOST": "localhost", "SERVER_NAME": "localhost"},
    )


def _server_testing():
    from ville.eguichet.testing import MANY_THREADS_WSGI_SERVER_FIXTURE

    return FunctionalTesting(
        bases=(DOCUMENTS_FIXTURE, MANY_THREADS_WSGI_SERVER_FIXTURE),
        name="EguichetDocuments:ManyThreadsServer",
    )


# The document forms (fees) served by a real WSGI server with 8 threads:
# the online payment's tests (webhooks and return page at once).
DOCUMENTS_SERVER_TESTING = _server_testing()
