"""Caching rules of the assembled site (profile ``ville.policy:caching``):
what the proxy may keep, what it must purge, what nobody may store."""

from Acquisition import Implicit
from plone import api
from plone.app.testing import applyProfile
from plone.app.testing import setRoles
from plone.app.testing import TEST_USER_ID
from plone.cachepurging.utils import getPathsToPurge
from Products.Five import BrowserView
from tests.layers import SITE_FUNCTIONAL
from tests.layers import SITE_OWNER
from tests.layers import SITE_OWNER_PASSWORD
from tests.layers import webtest_app
from ville.policy.caching.privacy import is_private
from ville.policy.interfaces import IBrowserLayer
from zope.component import getGlobalSiteManager
from zope.interface import Interface

import re
import transaction
import unittest


def s_maxage(response) -> int:
    found = re.search(r"s-maxage=(\d+)", response.headers.get("Cache-Control", ""))
    return int(found.group(1)) if found else 0


class Base(unittest.TestCase):
    layer = SITE_FUNCTIONAL

    def setUp(self):
        self.portal = self.layer["portal"]
        self.request = self.layer["request"]
        self.app = webtest_app(self.layer)
        self.url = self.portal.absolute_url()

    def login(self):
        self.app.authorization = ("Basic", (SITE_OWNER, SITE_OWNER_PASSWORD))

    def published(self, type_, id_, container=None, **fields):
        setRoles(self.portal, TEST_USER_ID, ["Manager"])
        obj = api.content.create(
            container=container or self.portal, type=type_, id=id_, title=id_, **fields
        )
        if api.content.get_state(obj, default=None) not in (None, "published"):
            api.content.transition(obj=obj, to_state="published")
        transaction.commit()
        return obj

    def assertNoStore(self, response):
        cache_control = response.headers.get("Cache-Control", "")
        self.assertIn("no-store", cache_control)
        self.assertIn("private", cache_control)
        self.assertEqual(s_maxage(response), 0, cache_control)
        self.assertNotIn("ETag", response.headers)


class TestProfile(Base):
    def test_caching_profile_installed_with_the_site(self):
        setup = self.portal.portal_setup
        self.assertEqual(setup.getLastVersionForProfile("ville.policy:caching"), ("1000",))
        self.assertTrue(api.portal.get_registry_record("plone.caching.interfaces.ICacheSettings.enabled"))

    def test_every_type_shown_on_cached_pages_is_purged(self):
        purged = api.portal.get_registry_record(
            "plone.app.caching.interfaces.IPloneCacheSettings.purgedContentTypes"
        )
        for portal_type in ("Document", "News Item", "Event", "Folder", "Collection",
                            "Procedure", "PublicService", "Roadwork", "Shop",
                            "CommercialPremises", "QuickAccess", "Alert"):
            self.assertIn(portal_type, purged)

    def test_profile_applies_again_cleanly(self):
        # Types listed but not installed (yet) must not break a reapply.
        setup = self.portal.portal_setup
        setup.runAllImportStepsFromProfile("profile-ville.policy:caching")
        self.assertIn("ville.private", api.portal.get_registry_record(
            "plone.caching.interfaces.ICacheSettings.operationMapping"))


class TestAnonymousAndLoggedIn(Base):
    def test_anonymous_home_page_is_cached_by_the_proxy(self):
        response = self.app.get(self.url, headers={"Host": "localhost"})
        self.assertEqual(response.status_int, 200)
        self.assertEqual(s_maxage(response), 600, response.headers.get("Cache-Control"))
        self.assertIn("max-age=0", response.headers["Cache-Control"])
        self.assertNotIn("private", response.headers["Cache-Control"])

    def test_anonymous_news_item_is_cached_by_the_proxy(self):
        self.published("News Item", "orage")
        response = self.app.get(f"{self.url}/orage")
        self.assertGreater(s_maxage(response), 0, response.headers.get("Cache-Control"))

    def test_logged_in_page_is_never_shared(self):
        self.login()
        for url in (self.url, f"{self.published('Document', 'horaires').absolute_url()}"):
            response = self.app.get(url)
            cache_control = response.headers.get("Cache-Control", "")
            self.assertEqual(s_maxage(response), 0, f"{url}: {cache_control}")
            self.assertIn("private", cache_control, url)

    def test_logged_in_page_is_not_served_from_the_ram_cache(self):
        self.app.get(self.url)  # anonymous: fills Zope's RAM cache
        self.login()
        response = self.app.get(self.url)
        self.assertNotIn("X-RAMCache", response.headers)
        self.assertIn(SITE_OWNER, response.text)  # the personal toolbar


class TestPrivatePages(Base):
    def test_easyform_is_stored_nowhere(self):
        if "EasyForm" not in self.portal.portal_types.objectIds():
            applyProfile(self.portal, "collective.easyform:default")
        form = self.published("EasyForm", "acte-de-naissance")
        for url in (form.absolute_url(), f"{form.absolute_url()}/view"):
            response = self.app.get(url)
            self.assertEqual(response.status_int, 200)
            self.assertNoStore(response)
        # Not even its thank-you page, nor for a logged-in agent.
        self.login()
        self.assertNoStore(self.app.get(form.absolute_url()))

    def test_named_eguichet_views_are_stored_nowhere(self):
        # Views the e-guichet registers (or will): stand-ins with the real
        # names prove the rule whatever the view renders.
        class Page(BrowserView):
            def __call__(self):
                return "<html><body>personal data</body></html>"

        # The real views when the e-guichet has them (seen by an agent: the
        # site owner), else stand-ins with the real names: the rule must hold
        # whatever the view renders.
        try:
            from ville.eguichet import engine
            store = engine.get_store(self.portal)
        except ImportError:
            store = None
        store_url = store.absolute_url() if store is not None else self.url
        registry = getGlobalSiteManager()
        required = (Interface, IBrowserLayer)
        stand_ins = []
        self.login()
        try:
            for name, base in (("mes-demandes", self.url), ("eguichet-dashboard", store_url),
                               ("eguichet-export", self.url)):
                for url in (f"{base}/@@{name}", f"{base}/{name}"):
                    response = self.app.get(url, expect_errors=True)
                    if response.status_int == 404 and name not in stand_ins:
                        registry.registerAdapter(Page, required, Interface, name=name)
                        stand_ins.append(name)
                        response = self.app.get(url, expect_errors=True)
                    self.assertEqual(response.status_int, 200, url)
                    self.assertNoStore(response)
        finally:
            for name in stand_ins:
                registry.unregisterAdapter(Page, required, Interface, name=name)

    def test_a_request_is_stored_nowhere(self):
        try:
            from ville.eguichet import engine
        except ImportError:
            self.skipTest("ville.eguichet's request engine is not installed")
        if engine.get_store(self.portal) is None:
            self.skipTest("no e-guichet request store in the site")
        form = self.published("EasyForm", "extrait-casier")
        request = engine.create_request(form, {"motif": "emploi"}, requester=None)
        transaction.commit()
        self.login()
        response = self.app.get(request.absolute_url())
        self.assertEqual(response.status_int, 200)
        self.assertNoStore(response)

    def test_content_inside_a_private_type_is_private(self):
        class Content(Implicit):
            def __init__(self, portal_type):
                self.portal_type = portal_type

        class View:
            __name__ = "view"

        folder = Content("Folder").__of__(self.portal)
        request_ = Content("EGuichetRequest").__of__(folder)
        attachment = Content("File").__of__(request_)
        for context, private in ((folder, False), (request_, True), (attachment, True)):
            view = View()
            view.context = context
            self.assertEqual(is_private(view, self.request), private, context.portal_type)

    def test_eguichet_rest_endpoints_are_private_by_path(self):
        class View:
            def __init__(self, name, context):
                self.__name__ = name
                self.context = context

        view = View("POST_application_json_@eguichet-submit", self.portal)
        self.assertTrue(is_private(view, self.request))
        self.request["PATH_INFO"] = "/plone/demarches/acte/@eguichet-submit"
        other = View("view", self.portal)
        self.assertTrue(is_private(other, self.request))
        self.request["PATH_INFO"] = "/plone/actualites"
        self.assertFalse(is_private(other, self.request))


class TestPurge(Base):
    def paths(self, obj):
        return set(getPathsToPurge(obj, self.request))

    def test_news_item_purges_itself_its_folder_and_the_home_page(self):
        folder = self.published("Folder", "dossier-presse")
        news = self.published("News Item", "fermeture", container=folder)
        root = "/" + self.portal.virtual_url_path()
        paths = self.paths(news)
        for path in (f"{root}/dossier-presse/fermeture", f"{root}/dossier-presse/fermeture/view",
                     f"{root}/dossier-presse", f"{root}/dossier-presse/", root, f"{root}/"):
            self.assertIn(path, paths)

    def test_publishing_queues_the_purge(self):
        from plone.cachepurging.hooks import KEY
        from zope.annotation.interfaces import IAnnotations

        setRoles(self.portal, TEST_USER_ID, ["Manager"])
        api.portal.set_registry_record(
            "plone.cachepurging.interfaces.ICachePurgingSettings.cachingProxies",
            ("http://127.0.0.1:1",),
        )
        doc = api.content.create(container=self.portal, type="Document", id="avis", title="Avis")
        IAnnotations(self.request).pop(KEY, None)
        api.content.transition(obj=doc, transition="publish")
        queued = IAnnotations(self.request).get(KEY, set())
        root = "/" + self.portal.virtual_url_path()
        self.assertIn(f"{root}/avis", queued)
        self.assertIn(root, queued)
        transaction.abort()
