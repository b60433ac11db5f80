"""A second municipality, profiles/exemple, renders with its own look:
name, logo, colours and contact come from its profile, not from code."""

from pathlib import Path
from plone.app.testing import FunctionalTesting
from plone.testing.zope import WSGI_SERVER_FIXTURE
from tests.browser.helpers import BrowserTestCase
from tests.layers import PROFILES
from tests.layers import SiteLayer


class ExempleLayer(SiteLayer):
    municipality = "exemple"

    def setUpPloneSite(self, portal):
        from Products.CMFCore.indexing import processQueue

        super().setUpPloneSite(portal)
        # Index now, while the site is set: plone.testing commits after
        # unsetting it, and a failing commit there is silently dropped
        # (the layer would serve an empty site).
        processQueue()


EXEMPLE_FIXTURE = ExempleLayer(name="ExempleSiteLayer")
EXEMPLE_SERVER = FunctionalTesting(
    bases=(EXEMPLE_FIXTURE, WSGI_SERVER_FIXTURE), name="ExempleSite:WSGIServer"
)


def rgb(color: str) -> str:
    red, green, blue = (int(color[i : i + 2], 16) for i in (1, 3, 5))
    return f"rgb({red}, {green}, {blue})"


class TestSecondMunicipality(BrowserTestCase):
    layer = EXEMPLE_SERVER

    def test_home_page_has_the_municipality_look(self):
        self.open("/")
        page = self.page
        self.assertEqual(page.locator(".ville-brand-name").inner_text(), "Commune d'Exemple")
        self.assertIn("Commune d'Exemple", page.title())
        style = "el => getComputedStyle(el).backgroundColor"
        self.assertEqual(page.locator(".ville-header").evaluate(style), rgb("#5b2a86"))
        self.assertEqual(page.locator(".ville-eguichet-button").evaluate(style), rgb("#b3261e"))
        express = page.locator(".ville-button.is-express a").first
        self.assertEqual(express.evaluate(style), rgb("#b3261e"))
        # its own logo, served by the site
        logo = page.locator(".ville-brand img.ville-logo").get_attribute("src")
        served = self.context.request.get(logo)
        self.assertEqual(served.body(), (PROFILES / "exemple" / "logo.svg").read_bytes())
        # no hero image in this profile: the hero is the primary colour
        self.assertNotIn("has-image", page.locator(".ville-hero").get_attribute("class"))
        self.assertIn("Une commune imaginaire", page.locator(".ville-tagline").inner_text())
        footer = page.locator("#portal-footer-wrapper").inner_text()
        self.assertIn("Place de l'Exemple 1", footer)
        self.assertIn("09:00-12:00, 13:30-16:00", footer)
        self.assertNotIn("Péruwelz", page.content())
        self.assertNoAxeViolations("home page of the second municipality")
        self.screenshot("exemple-home-1280")
        self.assertEqual(self.external_requests, [])

    def test_colours_are_the_profiles_not_the_defaults(self):
        self.open("/")
        css = self.page.locator("#ville-look").inner_text()
        self.assertIn("--ville-primary:#5b2a86", css)
        self.assertNotIn("#004f7c", css)
        self.assertTrue(Path(PROFILES / "exemple" / "municipality.yaml").is_file())
