"""The theme's page chrome memo (ville.theme.browser.chrome) with ville.policy's
schedule boundary: what a visitor is shown is never another visitor's, nor
another language's, and a catalog change gives a fresh value; the key's
common part, computed once per request, follows a change of user within
the request. The navigation portlet memoized with it shows each visitor
what they may see."""

from plone import api
from plone.app.testing import setRoles
from plone.app.testing import TEST_USER_ID
from plone.app.testing import TEST_USER_NAME
from Products.CMFCore.indexing import processQueue
from unittest import mock
from ville.policy.testing import VILLE_POLICY_INTEGRATION_TESTING
from ville.policy.tests.base import anonymous

import transaction
import unittest


try:
    from ville.theme.browser import chrome
    from ville.theme.browser import portlets
except ImportError:  # the policy installs alone
    chrome = None


class MemoTestCase(unittest.TestCase):
    layer = VILLE_POLICY_INTEGRATION_TESTING

    def setUp(self):
        self.portal = self.layer["portal"]
        self.request = self.layer["request"]
        chrome.clear()
        # the test site's content was just created: its boundary is now
        patcher = mock.patch.object(chrome, "SETTLE", -10**10)
        patcher.start()
        self.addCleanup(patcher.stop)
        self.addCleanup(chrome.clear)


@unittest.skipIf(chrome is None, "ville.theme is not installed")
class TestChromeMemo(MemoTestCase):
    def setUp(self):
        super().setUp()
        transaction.savepoint(optimistic=True)  # the catalog's state is saved

    def memoized(self, value, request=None):
        return chrome.memoized("test", request or self.request, lambda: value)

    def test_memoized_for_the_same_visitor(self):
        with anonymous():
            self.assertEqual(self.memoized("first"), "first")
            self.assertEqual(self.memoized("second"), "first")

    def test_not_shared_across_roles(self):
        with anonymous():
            self.assertEqual(self.memoized("anonymous"), "anonymous")
        with api.env.adopt_roles(["Manager"]):
            self.assertEqual(self.memoized("manager"), "manager")
        setRoles(self.portal, TEST_USER_ID, ["Member"])
        self.assertEqual(self.memoized("member"), "member")
        setRoles(self.portal, TEST_USER_ID, ["Editor"])
        self.assertEqual(self.memoized("editor"), "editor")
        with anonymous():
            self.assertEqual(self.memoized("again"), "anonymous")

    def test_not_shared_across_languages(self):
        with anonymous():
            self.request.set("LANGUAGE", "fr")
            self.assertEqual(self.memoized("fr"), "fr")
            self.request.set("LANGUAGE", "nl")
            self.assertEqual(self.memoized("nl"), "nl")
            self.request.set("LANGUAGE", "fr")
            self.assertEqual(self.memoized("other"), "fr")

    def test_a_catalog_change_gives_a_fresh_value(self):
        with anonymous():
            self.assertEqual(self.memoized("before"), "before")
        with api.env.adopt_roles(["Manager"]):
            api.content.create(container=self.portal, type="Document", id="new")
            processQueue()
        with anonymous():
            # not memoized while the transaction has changed the catalog...
            self.assertEqual(self.memoized("uncommitted"), "uncommitted")
            transaction.savepoint(optimistic=True)
            # ...then another state
            self.assertEqual(self.memoized("after"), "after")
            self.assertEqual(self.memoized("again"), "after")

    def test_nothing_memoized_right_after_a_boundary(self):
        with mock.patch.object(chrome, "SETTLE", 10**10), anonymous():
            self.assertEqual(self.memoized("first"), "first")
            self.assertEqual(self.memoized("second"), "second")

    def test_the_request_context_follows_the_user(self):
        """The key's common part is kept on the request, for the user it was
        computed for: another user in the same request gets their own."""
        setRoles(self.portal, TEST_USER_ID, ["Editor"])
        with anonymous():
            first = chrome.key("test", self.request)
            self.assertEqual(chrome.key("test", self.request), first)
            with api.env.adopt_user(username=TEST_USER_NAME):
                self.assertNotEqual(chrome.key("test", self.request), first)
                self.assertEqual(self.memoized("editor"), "editor")
            self.assertEqual(chrome.key("test", self.request), first)
            self.assertEqual(self.memoized("anonymous"), "anonymous")


@unittest.skipIf(chrome is None, "ville.theme is not installed")
class TestNavigationPortletMemo(MemoTestCase):
    def setUp(self):
        from plone.app.portlets.portlets import navigation

        super().setUp()
        with api.env.adopt_roles(["Manager"]):
            self.folder = api.content.create(
                container=self.portal, type="Folder", id="section", title="Section")
            api.content.transition(self.folder, "publish")
            self.page = api.content.create(
                container=self.folder, type="Document", id="public", title="Public page")
            api.content.transition(self.page, "publish")
            api.content.create(
                container=self.folder, type="Document", id="draft", title="Draft page")
            other = api.content.create(
                container=self.folder, type="Document", id="other", title="Other page")
            api.content.transition(other, "publish")
        # an assignment with a committed-like state (an oid, no changes)
        self.portal._ville_test_nav = navigation.Assignment()
        transaction.savepoint(optimistic=True)
        self.assignment = self.portal._ville_test_nav

    def render(self):
        from zope.component import getMultiAdapter
        from plone.portlets.interfaces import IPortletManager
        from zope.component import getUtility

        view = getMultiAdapter((self.page, self.request), name="view")
        manager = getUtility(IPortletManager, name="plone.leftcolumn")
        renderer = portlets.NavigationRenderer(
            self.page, self.request, view, manager, self.assignment)
        renderer.update()
        return renderer.available, renderer.render()

    def test_each_visitor_sees_what_they_may_see(self):
        setRoles(self.portal, TEST_USER_ID, ["Editor", "Reader"])
        available, html = self.render()
        self.assertTrue(available)
        self.assertIn("Draft page", html)
        with anonymous():
            available, html = self.render()
            self.assertTrue(available)
            self.assertIn("Public page", html)
            self.assertNotIn("Draft page", html)
        available, html = self.render()
        self.assertIn("Draft page", html)

    def test_a_catalog_change_shows(self):
        with anonymous():
            self.assertIn("Public page", self.render()[1])
        self.page.setTitle("Renamed page")
        self.page.reindexObject()
        transaction.savepoint(optimistic=True)
        with anonymous():
            html = self.render()[1]
        self.assertIn("Renamed page", html)
        self.assertNotIn("Public page", html)

    def test_a_navigation_setting_shows(self):
        with anonymous():
            self.assertIn("Other page", self.render()[1])
        types = [t for t in api.portal.get_registry_record("plone.displayed_types")
                 if t != "Document"]
        api.portal.set_registry_record("plone.displayed_types", tuple(types))
        transaction.savepoint(optimistic=True)
        with anonymous():
            self.assertNotIn("Other page", self.render()[1])
