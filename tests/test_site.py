"""The assembled site, through HTTP as visitors and editors use it."""

from plone import api
from tests.layers import SITE_FUNCTIONAL
from tests.layers import SITE_OWNER
from tests.layers import SITE_OWNER_PASSWORD
from tests.layers import webtest_app

import transaction
import unittest


class TestSiteThroughTheWeb(unittest.TestCase):
    layer = SITE_FUNCTIONAL

    def setUp(self):
        self.portal = self.layer["portal"]
        self.app = webtest_app(self.layer)
        self.url = self.portal.absolute_url()

    def login(self):
        self.app.authorization = ("Basic", (SITE_OWNER, SITE_OWNER_PASSWORD))

    def test_anonymous_home_page_is_the_municipality(self):
        response = self.app.get(self.url)
        self.assertEqual(response.status_int, 200)
        self.assertIn("Ville de Péruwelz", response.html.title.text)

    def test_login_form_logs_the_admin_in(self):
        form = self.app.get(f"{self.url}/login").forms["LoginForm"]
        form["__ac_name"] = SITE_OWNER
        form["__ac_password"] = SITE_OWNER_PASSWORD
        response = form.submit("buttons.login").maybe_follow()
        self.assertIn("__ac", self.app.cookies)
        self.assertNotIn("Connexion échouée", response.text)
        response = self.app.get(f"{self.url}/@@overview-controlpanel")
        self.assertEqual(response.status_int, 200)

    def test_wrong_password_is_refused(self):
        form = self.app.get(f"{self.url}/login").forms["LoginForm"]
        form["__ac_name"] = SITE_OWNER
        form["__ac_password"] = "not-the-password"
        form.submit("buttons.login")
        self.assertNotIn("__ac", self.app.cookies)
        self.app.get(f"{self.url}/@@overview-controlpanel", status=302)

    def test_page_created_and_published_is_seen_by_anonymous(self):
        self.login()
        form = self.app.get(f"{self.url}/++add++Document").forms["form"]
        form["form.widgets.IDublinCore.title"] = "Collecte des encombrants"
        form["form.widgets.IDublinCore.description"] = "Le 12 décembre"
        response = form.submit("form.buttons.save").maybe_follow()
        page_url = response.request.url.split("?")[0].removesuffix("/view")
        self.assertTrue(page_url.endswith("/collecte-des-encombrants"), page_url)

        self.app.authorization = None
        self.app.reset()
        self.app.get(page_url, status=302)  # private: anonymous is sent to login
        self.assertNotIn("Collecte des encombrants", self.app.get(self.url).text)

        self.login()
        page = self.app.get(page_url)
        transitions = [
            link.attrs["href"]
            for link in page.html.select("#plone-contentmenu-workflow a")
            if "workflow_action=publish" in link.attrs.get("href", "")
        ]
        self.assertTrue(transitions, "no publish transition offered to the admin")
        self.app.get(transitions[0]).maybe_follow()

        self.app.authorization = None
        self.app.reset()
        response = self.app.get(page_url)
        self.assertIn("Collecte des encombrants", response.text)
        transaction.begin()
        page = self.portal["collecte-des-encombrants"]
        self.assertEqual(api.content.get_state(page), "published")
