"""The theme shows the policy's content on the assembled site through the
contract between them (the theme's ISiteContent, provided by ville.policy):
buttons with the ongoing roadworks count, the mini-site tab, the header
of a mini-site and the section's alerts, as anonymous visitors get them."""

from tests.layers import SITE_FUNCTIONAL
from tests.layers import webtest_app
from ville.policy import api as ville_api

import re
import unittest


class TestThemeShowsThePolicyContent(unittest.TestCase):
    layer = SITE_FUNCTIONAL

    def setUp(self):
        self.portal = self.layer["portal"]
        self.app = webtest_app(self.layer)
        self.url = self.portal.absolute_url()

    def test_home_page_buttons_count_and_minisites(self):
        html = self.app.get(self.url).text
        self.assertIn("ville-quick-access", html)
        buttons = ville_api.quick_access_buttons(self.portal)
        self.assertTrue(buttons)
        for button in buttons:
            self.assertIn(f'<span class="ville-button-title">{button["title"]}</span>', html)
        self.assertRegex(html, r'class="ville-minisite-tab" href="[^"]*/cpas">CPAS</a>')
        count = re.search(r'<span class="ville-button-count">\s*(\d+)', html)
        self.assertIsNotNone(count)
        self.assertGreater(int(count.group(1)), 0)
        self.assertEqual(html.count('class="ville-button-count"'), 1)

    def test_section_alert_and_minisite_header(self):
        html = self.app.get(f"{self.url}/travaux").text
        self.assertIn("ville-alert ville-alert-warning", html)
        self.assertIn("Grand-Place fermée à la circulation", html)
        self.assertNotIn("ville-header-minisite", html)
        html = self.app.get(f"{self.url}/cpas").text
        self.assertIn("ville-header-minisite", html)
