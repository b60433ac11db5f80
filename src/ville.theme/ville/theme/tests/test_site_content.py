"""The contract by which the theme shows the site's content: the theme looks
up an ``ISiteContent`` utility (ville.policy registers one) and shows what
it gives; with none, or one whose add-on is not installed on the site, the
sections are hidden."""

from plone.testing.zope import Browser
from ville.theme.interfaces import ISiteContent
from ville.theme.testing import VILLE_THEME_FUNCTIONAL_TESTING
from zope.component import getGlobalSiteManager
from zope.interface import implementer

import unittest


class Alert:
    Title = "Route fermée"
    Description = "Travaux de voirie"
    severity = "danger"

    def getURL(self):
        return "http://localhost/alertes/route"


@implementer(ISiteContent)
class Provider:
    """A provider as another add-on would register it."""

    def __init__(self, portal_url, installed=True):
        self.portal_url = portal_url
        self.installed = installed

    def available(self):
        return self.installed

    def roadwork_status(self, roadwork):
        return "ongoing"

    def ongoing_roadworks_count(self):
        return 7

    def active_alerts(self, context):
        return [Alert()]

    def quick_access_buttons(self, root):
        return [
            {"title": "Travaux en cours", "url": f"{self.portal_url}/travaux",
             "express": False, "icon_url": ""},
            {"title": "Déclarer une naissance", "url": f"{self.portal_url}/naissance",
             "express": True, "icon_url": ""},
        ]

    def minisite_root(self, context):
        return None

    def minisites(self):
        return [{"title": "CPAS de la commune", "url": f"{self.portal_url}/cpas"}]

    def schedule_label(self, item, context):
        return ""


class TestSiteContentContract(unittest.TestCase):
    layer = VILLE_THEME_FUNCTIONAL_TESTING

    def setUp(self):
        self.portal = self.layer["portal"]
        self.url = self.portal.absolute_url()
        self.browser = Browser(self.layer["app"])
        self.browser.handleErrors = False

    def home_with(self, provider):
        registry = getGlobalSiteManager()
        registry.registerUtility(provider, ISiteContent)
        try:
            self.browser.open(self.url)
            return self.browser.contents
        finally:
            registry.unregisterUtility(provider, ISiteContent)

    def test_what_the_provider_gives_is_shown(self):
        html = self.home_with(Provider(self.url))
        self.assertIn("ville-alert ville-alert-danger", html)
        self.assertIn("Route fermée", html)
        self.assertIn("Déclarer une naissance", html)
        self.assertIn("is-express", html)
        # the count of ongoing works goes on the button leading to them only
        self.assertEqual(html.count("ville-button-count"), 1)
        self.assertIn("CPAS de la commune", html)

    def test_a_provider_not_installed_on_the_site_gives_nothing(self):
        html = self.home_with(Provider(self.url, installed=False))
        for absent in ("ville-quick-access", "ville-minisites", "ville-alert",
                       "Route fermée"):
            self.assertNotIn(absent, html)
