"""ville.theme installed alone (no ville.policy): the pages render, the
sections that need ville.policy are hidden, the look comes from the
control panel."""

from pathlib import Path
from plone import api
from plone.app.testing import SITE_OWNER_NAME
from plone.app.testing import SITE_OWNER_PASSWORD
from plone.testing.zope import Browser
from ville.theme import municipality
from ville.theme.look import DEFAULT_COLORS
from ville.theme.testing import VILLE_THEME_FUNCTIONAL_TESTING

import transaction
import unittest


PROFILES = Path(__file__).resolve().parents[5] / "profiles"


class TestThemeAlone(unittest.TestCase):
    layer = VILLE_THEME_FUNCTIONAL_TESTING

    def setUp(self):
        self.portal = self.layer["portal"]
        self.browser = Browser(self.layer["app"])
        self.browser.handleErrors = False
        self.url = self.portal.absolute_url()

    def login_as_owner(self):
        self.browser.addHeader(
            "Authorization", f"Basic {SITE_OWNER_NAME}:{SITE_OWNER_PASSWORD}"
        )

    def test_home_page_without_ville_policy(self):
        self.browser.open(self.url)
        html = self.browser.contents
        self.assertIn('id="ville-header"', html)
        self.assertIn('id="ville-footer"', html)
        self.assertIn("++plone++ville.theme/ville.css", html)
        self.assertIn(f"--ville-primary:{DEFAULT_COLORS['primary_color']}", html)  # neutral
        self.assertIn("ville-hero", html)
        # what needs ville.policy is hidden, not broken
        self.assertNotIn("ville-quick-access", html)
        self.assertNotIn("ville-minisites", html)
        self.assertNotIn("ville-alert", html)
        self.assertNotIn("@@ville-hero", html)  # no hero image set

    def test_the_profile_gives_the_look(self):
        municipality.apply(self.portal, municipality.load(PROFILES / "peruwelz"))
        transaction.commit()
        self.browser.open(self.url)
        html = self.browser.contents
        self.assertIn("Une ville à taille humaine", html)
        self.assertIn("@@ville-hero", html)
        self.assertIn("Grand-Place 1", html)
        self.assertIn("https://www.facebook.com/villedeperuwelz", html)
        self.assertRegex(html, r'class="btn ville-eguichet-button"\s+href="[^"]+/plone/e-guichet"')
        # legal pages are linked only when they exist in the site
        self.assertNotIn("/accessibilite", html)
        self.browser.open(f"{self.url}/@@ville-hero")
        self.assertEqual(self.browser.headers["Content-Type"], "image/jpeg")
        self.assertEqual(
            self.browser.contents.encode("latin-1")
            if isinstance(self.browser.contents, str) else self.browser.contents,
            (PROFILES / "peruwelz" / "hero.jpg").read_bytes(),
        )

    def test_control_panel_changes_the_colours(self):
        self.login_as_owner()
        self.browser.open(f"{self.url}/@@ville-theme-controlpanel")
        self.browser.getControl(name="form.widgets.primary_color").value = "#123456"
        self.browser.getControl(name="form.buttons.save").click()
        self.browser.open(self.url)
        self.assertIn("--ville-primary:#123456", self.browser.contents)

    def test_control_panel_refuses_unreadable_colours(self):
        self.login_as_owner()
        for value in ("#ffee00", "blue"):
            self.browser.open(f"{self.url}/@@ville-theme-controlpanel")
            self.browser.getControl(name="form.widgets.primary_color").value = value
            self.browser.getControl(name="form.buttons.save").click()
            self.assertIn("error", self.browser.contents)
            transaction.begin()
            self.assertEqual(
                api.portal.get_registry_record("ville.theme.primary_color"),
                DEFAULT_COLORS["primary_color"],
            )

    def test_control_panel_is_for_managers_only(self):
        self.browser.handleErrors = True
        self.browser.open(f"{self.url}/@@ville-theme-controlpanel")
        self.assertIn("/login", self.browser.url)
        self.assertNotIn("form.widgets.primary_color", self.browser.contents)

    def test_macros_view_is_not_a_page(self):
        self.browser.handleErrors = True
        self.browser.raiseHttpErrors = False
        self.browser.open(f"{self.url}/@@ville-macros")
        self.assertTrue(self.browser.headers["status"].startswith("404"))
