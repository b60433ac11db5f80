"""A site in German from profiles/exemple-de (issue 19): the German site
created once for the module, browsed in Chromium by a browser that asks for
English, with axe at 0 on the key pages and no French string of the
``ville`` domain left on them; dates on a page stay the same whatever the
browser's Accept-Language asks."""

from lxml import html
from plone import api
from plone.app.testing import FunctionalTesting
from plone.testing.zope import WSGI_SERVER_FIXTURE
from tests.browser.helpers import BrowserTestCase
from tests.browser.helpers import TIMEOUT_MS
from tests.layers import ROOT
from tests.layers import SiteLayer
from tests.test_i18n import _entries
from ville_site.i18n import po_files

import re
import transaction
import unittest
import urllib.request


PASSWORD = "Ein-Passwort-2026"
FORM = "/e-guichet/composition-de-menage"
PAGES = ("/agenda", "/travaux", "/demarches", "/actualites")
LANGUAGES = ("en-US,en;q=0.9", "fr-BE,fr;q=0.9", "nl-BE,nl;q=0.9", "de-BE,de;q=0.9")
GERMAN_DATE = re.compile(r"\b\d{2}\.\d{2}\.20\d{2}\b")


class GermanLayer(SiteLayer):
    municipality = "exemple-de"


GERMAN_FIXTURE = GermanLayer(name="GermanSiteLayer")
GERMAN_SERVER = FunctionalTesting(
    bases=(GERMAN_FIXTURE, WSGI_SERVER_FIXTURE), name="GermanSite:WSGIServer"
)


def french_fragments() -> set:
    """The French texts of the ``ville`` domain a German page must not show:
    each msgstr cut at its variables and line breaks, without the short ones
    (oui, Du, sur, ...) and without those German also writes (Slogan, BIC,
    Organisation, eID / itsme, ...)."""
    french, german = set(), []
    for po in po_files(ROOT):
        if po.name != "ville.po" or po.parts[-3] != "fr":
            continue
        de = _entries(po.parent.parent.parent / "de" / "LC_MESSAGES" / "ville.po")
        german += de.values()
        for msgid, text in _entries(po).items():
            for piece in re.split(r"\$\{\w+\}|\n", text):
                piece = piece.strip(" .:;,()«»")
                if len(piece) >= 4:
                    french.add(piece)
    return {f for f in french if not any(f in text for text in german)}


def french_left(text: str, fragments: set) -> list:
    return sorted(
        f for f in fragments if re.search(rf"(?<!\w){re.escape(f)}(?!\w)", text)
    )


class TestGermanSite(BrowserTestCase):
    layer = GERMAN_SERVER
    fragments = None

    def setUp(self):
        super().setUp()
        if TestGermanSite.fragments is None:
            TestGermanSite.fragments = french_fragments()
        if api.user.get(username="buergerin") is None:
            api.user.create(email="anna.beispiel@example.org", username="buergerin",
                            password=PASSWORD, properties={"fullname": "Anna Beispiel"})
            transaction.commit()

    def new_context(self, **viewport):
        # The visitor's browser asks for English: the site answers in German.
        context = self.browser.new_context(
            viewport=viewport or self.viewport, locale="en-US", timezone_id="Europe/Brussels"
        )
        context.set_default_timeout(TIMEOUT_MS)
        self.external_requests = getattr(self, "external_requests", [])
        context.route(lambda url: not url.startswith("http://localhost:"),
                      self._refuse_external)
        return context

    def check_page(self, what):
        page = self.page
        self.assertEqual(page.locator("html").get_attribute("lang"), "de", what)
        text = page.locator("body").inner_text()
        self.assertEqual(french_left(text, self.fragments), [], f"{what}: French left")
        self.assertNoAxeViolations(what)
        return text

    def test_key_pages_in_german_for_an_english_browser(self):
        self.assertGreater(len(self.fragments), 500)
        self.open("/")
        text = self.check_page("home page")
        self.assertIn("Gemeinde Beispielstadt", text)
        self.assertIn("Online-Schalter", text)
        self.assertIn("Öffnungszeiten der Gemeindeverwaltung", text)
        self.screenshot("german-home-1280")

        self.open("/agenda")
        text = self.check_page("events")
        self.assertRegex(text, GERMAN_DATE)
        self.assertNotRegex(text, r"\b(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d")

        self.open("/demarches/personalausweis")
        text = self.check_page("a procedure")
        self.assertIn("Wer den Antrag stellen kann", text)

        self.login("buergerin", PASSWORD)
        self.open(FORM)
        text = self.check_page("an e-guichet form")
        # One step at a time: the number is asked in the last step.
        self.assertIn("Schritt 1 von 4: Betroffene Person", text)
        steps = self.page.locator("fieldset.eguichet-step")
        self.assertIn("Nationalregisternummer", steps.last.text_content())
        self.assertEqual(french_left(steps.last.text_content(), self.fragments), [])
        self.assertIn("Später fortfahren", text)
        self.assertIn("Montag: 08:30-12:00", text)  # no French space before colons
        self.screenshot("german-form-1280")

        self.open("/@@mes-demandes")
        text = self.check_page("the citizen's space")
        self.assertIn("Meine Anträge", text)
        self.assertEqual(self.external_requests, [])


def _fetch(url: str, language: str) -> str:
    request = urllib.request.Request(url, headers={"Accept-Language": language})
    with urllib.request.urlopen(request, timeout=60) as response:
        return response.read().decode("utf-8")


def _dates(page: str) -> list:
    tree = html.fromstring(page)
    nodes = tree.xpath(
        "//*[contains(concat(' ', normalize-space(@class), ' '), ' portletItemDetails ')]"
        " | //time | //*[contains(@class, 'documentByLine')]"
    )
    return [" ".join(node.text_content().split()) for node in nodes]


class TestDatesIgnoreAcceptLanguage(unittest.TestCase):
    """The events portlet's dates (and every date on the page) are the
    site's, whatever language the browser asks for, on every page."""

    layer = GERMAN_SERVER

    def test_same_dates_for_every_browser_language(self):
        base = f"http://localhost:{self.layer['port']}/{self.layer['portal'].getId()}"
        for path in PAGES:
            seen = {language: _dates(_fetch(base + path, language)) for language in LANGUAGES}
            portlet = [d for d in seen[LANGUAGES[0]] if GERMAN_DATE.search(d)]
            self.assertTrue(portlet, f"{path}: no date in German on the page")
            for language, dates in seen.items():
                self.assertEqual(dates, seen[LANGUAGES[0]], f"{path} with {language}")

    def test_event_from_an_earlier_request_in_the_sites_language(self):
        # The events portlet caches its events across requests: each one
        # still carries, by acquisition, the request that filled the cache,
        # closed since (no language binding) and whose browser asked for
        # English. Its dates are the site's, in German.
        from plone.app.event.base import dates_for_display
        from plone.event.interfaces import IEventAccessor
        from plone.portlets.interfaces import IPortletRenderer
        from Testing.makerequest import makerequest
        from zope.component import getMultiAdapter
        from zope.component.hooks import setSite
        from zope.contentprovider.interfaces import IContentProvider
        from zope.interface import alsoProvides
        from zope.interface import implementer

        portal = self.layer["portal"]
        brain = api.content.find(context=portal, portal_type="Event", sort_on="start")[0]
        earlier = makerequest(self.layer["app"], environ={"HTTP_ACCEPT_LANGUAGE": "en-US,en"})
        event = earlier.unrestrictedTraverse(brain.getPath())
        event.REQUEST.close()  # as the publisher closes it after its response
        setSite(portal)  # which closing left
        self.assertIsNone(event.REQUEST.get("LANGUAGE_TOOL"))
        accessor = IEventAccessor(event)
        self.assertRegex(dates_for_display(accessor)["start_date"], GERMAN_DATE)

        @implementer(IPortletRenderer)
        class Renderer:
            pass

        request = self.layer["request"]
        from ville.theme.interfaces import IBrowserLayer

        alsoProvides(request, IBrowserLayer)
        provider = getMultiAdapter((portal, request, Renderer()), IContentProvider,
                                   name="formatted_date")
        text = " ".join(provider(accessor).split())
        self.assertRegex(text, GERMAN_DATE)
        self.assertNotRegex(text, r"[A-Z][a-z]{2} \d{1,2}, 20\d\d")


class TestOverridesOfReleasedLocales(unittest.TestCase):
    """Plone's and collective.easyform's strings that their released German
    and Dutch catalogues lack come from the add-ons' overrides."""

    layer = GERMAN_SERVER

    def test_overrides(self):
        from zope.i18n import translate

        cases = (
            ("Comments", "collective.easyform", "de", "Kommentare"),
            ("Reset", "collective.easyform", "nl", "Wissen"),
            ("Awaiting your reply", "plone", "de", "Wartet auf Ihre Antwort"),
            ("Archived", "plone", "nl", "Gearchiveerd"),
            # the released catalogues themselves
            ("Home", "plone", "de", "Startseite"),
            ("default_submitLabel", "collective.easyform", "de", "Absenden"),
        )
        for msgid, domain, language, expected in cases:
            self.assertEqual(
                translate(msgid, domain=domain, target_language=language), expected, msgid
            )
