"""The public site in a real browser (Debian's Chromium through Playwright),
served by a real WSGI server: what citizens and editors see and do, WCAG 2.1
AA checks by axe-core, and screenshots for people to look at (screenshots/).
"""

from plone import api
from tests.browser.helpers import BrowserTestCase
from tests.layers import SITE_OWNER
from tests.layers import SITE_OWNER_PASSWORD
from tests.layers import SITE_SERVER
from tests.test_browser_eguichet_forms import CitizenFormBase

import re
import transaction


PASSWORD = "Un-mot-de-passe-2026"


def first(portal_type, **query):
    """The first published item of a type in the demo content."""
    brains = api.content.find(portal_type=portal_type, review_state="published", **query)
    return brains[0].getObject() if brains else None


class TestPublicSite(BrowserTestCase):
    layer = SITE_SERVER

    def test_home_page_buttons_in_order_and_express_leads_to_roadworks(self):
        from ville.policy.api import ongoing_roadworks_count
        from ville.policy.api import quick_access_buttons

        expected = quick_access_buttons(self.portal)
        self.assertGreaterEqual(len(expected), 3, "the profile creates the buttons")
        self.open("/")
        titles = self.page.locator(".ville-buttons .ville-button-title").all_inner_texts()
        self.assertEqual(titles, [b["title"] for b in expected])
        express = [b["title"] for b in expected if b["express"]]
        shown = self.page.locator(".ville-button.is-express .ville-button-title")
        self.assertEqual(shown.all_inner_texts(), express)

        roadworks = self.page.locator(
            f".ville-button.is-express a[href='{self.base}/travaux']"
        )
        self.assertEqual(roadworks.count(), 1, "no express button to /travaux")
        count = roadworks.locator(".ville-button-count").inner_text()
        self.assertEqual(count.split()[0], str(ongoing_roadworks_count()))
        with self.page.expect_navigation():
            roadworks.click()
        self.assertEqual(self.page.url.rstrip("/"), f"{self.base}/travaux")
        self.assertEqual(self.page.locator("h1").first.inner_text().strip(), "Travaux")

    def test_home_page_sections(self):
        self.open("/")
        page = self.page
        self.assertEqual(page.locator(".ville-brand-name").inner_text(), "Ville de Péruwelz")
        self.assertTrue(page.locator(".ville-eguichet-button").is_visible())
        self.assertEqual(page.locator(".ville-eguichet-button").inner_text(), "E-guichet 24h/24")
        self.assertIn("Une ville à taille humaine", page.locator(".ville-tagline").inner_text())
        # hero image, logo: served by the site itself
        self.assertIn("/@@ville-hero", page.locator(".ville-hero").get_attribute("style"))
        self.assertTrue(page.locator(".ville-minisite-tab", has_text="CPAS").is_visible())
        self.assertGreater(page.locator(".ville-news .ville-card").count(), 0)
        self.assertGreater(page.locator(".ville-news img.ville-card-image").count(), 0)
        self.assertGreater(page.locator(".ville-events li").count(), 0)
        social = page.locator(".ville-footer .ville-social a")
        self.assertIn("https://www.facebook.com/villedeperuwelz",
                      [social.nth(i).get_attribute("href") for i in range(social.count())])
        footer = page.locator("#portal-footer-wrapper").inner_text()
        for text in ("Grand-Place 1", "7600", "+32 69 25 40 00", "Lundi",
                     "08:30-12:00, 13:30-16:30", "Déclaration d'accessibilité",
                     "Vie privée", "Cookies"):
            self.assertIn(text, footer)
        self.assertEqual(self.external_requests, [])

    def test_skip_link_and_visible_focus(self):
        self.open("/")
        page = self.page
        page.keyboard.press("Tab")
        focused = page.evaluate("document.activeElement.className")
        self.assertIn("ville-skip-link", focused)
        box = page.locator(".ville-skip-link").bounding_box()
        self.assertGreaterEqual(box["y"], 0, "the skip link shows when focused")
        outline = page.evaluate(
            "getComputedStyle(document.activeElement).outlineStyle"
        )
        self.assertNotEqual(outline, "none")
        page.keyboard.press("Enter")
        self.assertTrue(page.url.endswith("#portal-column-content"))
        # the next Tab lands inside the content, past the header
        page.keyboard.press("Tab")
        inside = page.evaluate(
            "document.getElementById('portal-column-content')"
            ".contains(document.activeElement)"
        )
        self.assertTrue(inside)
        # keyboard focus on a navigation link is visible too
        page.locator(".ville-nav a").first.focus()
        outline = page.evaluate("getComputedStyle(document.activeElement).outlineWidth")
        self.assertNotEqual(outline, "0px")

    def test_mobile_menu_opens_at_375(self):
        context = self.new_context(width=375, height=740)
        page = context.new_page()
        self.open("/", page)
        toggle = page.locator(".ville-menu-toggle")
        nav = page.locator("#ville-nav")
        self.assertTrue(toggle.is_visible())
        self.assertEqual(toggle.get_attribute("aria-expanded"), "false")
        self.assertFalse(nav.is_visible())
        toggle.click()
        self.assertEqual(toggle.get_attribute("aria-expanded"), "true")
        self.assertTrue(nav.is_visible())
        self.assertTrue(nav.locator("a", has_text="Travaux").is_visible())
        self.assertNoAxeViolations("home page at 375 px, menu open", page)
        page.keyboard.press("Escape")
        self.assertFalse(nav.is_visible())
        context.close()

    def test_nothing_wider_than_a_360_px_screen(self):
        context = self.new_context(width=360, height=740)
        page = context.new_page()
        procedure = first("Procedure")
        for path in ("/", "/travaux", "/economie/annuaire-commercial",
                     procedure.absolute_url()[len(self.portal.absolute_url()):]):
            self.open(path, page)
            width = page.evaluate("document.documentElement.scrollWidth")
            self.assertLessEqual(width, 360, path)
        context.close()

    def test_screenshots(self):
        for width, height in ((1280, 900), (375, 740)):
            context = self.new_context(width=width, height=height)
            page = context.new_page()
            for path, name in (("/", "home"), ("/travaux", "travaux")):
                self.open(path, page)
                self.screenshot(f"{name}-{width}", page)
            context.close()
        self.assertEqual(self.external_requests, [])

    def test_accessibility_of_public_pages(self):
        pages = {"home page": "/", "/travaux": "/travaux",
                 "commercial directory": "/economie/annuaire-commercial",
                 "premises listing": "/economie/cellules-commerciales",
                 "news": "/actualites", "agenda": "/agenda",
                 "open data page": "/donnees-ouvertes",
                 "search results": "/@@search?SearchableText=travaux",
                 "accessibility statement": "/accessibilite",
                 "login form": "/login"}
        for label, portal_type in (("news item", "News Item"), ("event", "Event"),
                                   ("procedure", "Procedure"),
                                   ("premises page", "CommercialPremises"),
                                   ("roadwork", "Roadwork"), ("shop", "Shop"),
                                   ("public service", "PublicService")):
            obj = first(portal_type)
            self.assertIsNotNone(obj, f"no published {portal_type} in the demo content")
            pages[label] = obj.absolute_url()[len(self.portal.absolute_url()):]
        cpas = self.portal.get("cpas")
        self.assertIsNotNone(cpas)
        pages["CPAS mini-site"] = "/cpas"
        failures = []
        for label, path in pages.items():
            self.open(path)
            self.assertEqual(self.page.locator("#ville-header").count(), 1, path)
            violations = self.axe_violations()
            if violations:
                failures.append((label, path, violations))
        self.assertEqual(failures, [])
        self.assertEqual(self.external_requests, [])

    def test_cpas_minisite_has_its_own_name_navigation_and_way_back(self):
        self.open("/cpas")
        page = self.page
        brand = page.locator(".ville-brand-name").inner_text()
        self.assertEqual(brand, self.portal.cpas.minisite_title or self.portal.cpas.Title())
        self.assertTrue(page.locator(".ville-brand img.ville-logo").is_visible())
        back = page.locator(".ville-minisite-bar a")
        self.assertEqual(back.get_attribute("href"), self.base)
        nav_links = page.locator(".ville-nav a")
        hrefs = [nav_links.nth(i).get_attribute("href") for i in range(nav_links.count())]
        self.assertTrue(hrefs, "the mini-site has a navigation")
        self.assertTrue(all(h.startswith(f"{self.base}/cpas") for h in hrefs), hrefs)
        self.assertEqual(page.locator(".ville-eguichet-button").count(), 0)

    def test_procedure_page(self):
        procedure = None
        for brain in api.content.find(portal_type="Procedure", review_state="published"):
            obj = brain.getObject()
            if obj.online_form and obj.service:
                procedure = obj
                break
        self.assertIsNotNone(procedure, "no demo procedure with an online form and a desk")
        self.open(procedure.absolute_url()[len(self.portal.absolute_url()):])
        page = self.page
        button = page.locator(".ville-online-button")
        self.assertEqual(button.inner_text(), "Faire la démarche en ligne, 24h/24")
        self.assertEqual(button.get_attribute("href"), procedure.online_form.to_object.absolute_url())
        self.assertTrue(page.locator(".ville-desk .ville-hours").is_visible())
        self.assertEqual(page.locator(".ville-desk .ville-open-badge").count(), 1)
        # printed: the desk and the hours, no header nor buttons
        page.emulate_media(media="print")
        self.assertFalse(page.locator(".ville-header").is_visible())
        self.assertFalse(button.is_visible())
        self.assertTrue(page.locator(".ville-desk").is_visible())

    def test_alert_banner_on_its_section(self):
        from ville.policy.api import active_alerts

        alerts = active_alerts(self.portal["travaux"])
        self.assertTrue(alerts, "the demo content has an active alert on /travaux")
        self.open("/travaux")
        banner = self.page.locator(".ville-alerts .ville-alert").first
        self.assertTrue(banner.is_visible())
        self.assertIn(alerts[0].Title, banner.inner_text())
        self.assertIn(f"ville-alert-{alerts[0].severity}", banner.get_attribute("class"))
        # the current section is marked in the navigation
        current = self.page.locator(".ville-nav a[aria-current]")
        self.assertEqual(current.all_inner_texts(), ["Travaux"])

    def test_roadwork_page_links_to_openstreetmap(self):
        work = first("Roadwork")
        for brain in api.content.find(portal_type="Roadwork", review_state="published"):
            if brain.getObject().latitude is not None:
                work = brain.getObject()
                break
        self.open(work.absolute_url()[len(self.portal.absolute_url()):])
        link = self.page.locator("a", has_text="OpenStreetMap")
        self.assertIn(f"mlat={work.latitude:.6f}", link.get_attribute("href"))
        self.assertTrue(self.page.locator(".ville-badge").first.is_visible())


class TestEditorsAndCitizens(BrowserTestCase):
    layer = SITE_SERVER

    def test_communication_officer_publishes_news_seen_on_home_page(self):
        api.user.create(email="com@example.org", username="agent-com", password=PASSWORD)
        api.group.add_user(groupname="communication", username="agent-com")
        transaction.commit()
        page = self.page
        self.login("agent-com", PASSWORD)
        self.open("/actualites/++add++News Item")
        # the add form too (stock Plone has six WCAG failures there)
        page.wait_for_selector("iframe.tox-edit-area__iframe[title]")
        self.assertNoAxeViolations("news add form", page)
        page.fill("#form-widgets-IDublinCore-title", "Fête du potiron à Braffe")
        page.fill("#form-widgets-IDublinCore-description", "Le 18 octobre, place de Braffe")
        with page.expect_navigation():
            page.click("#form-buttons-save")
        news_url = page.url.split("?")[0].removesuffix("/view")
        self.assertTrue(news_url.endswith("/fete-du-potiron-a-braffe"), news_url)
        page.click("#plone-contentmenu-workflow > a")
        with page.expect_navigation():
            page.click("#workflow-transition-publish")
        transaction.begin()
        news = api.content.get(path=news_url[len(self.base):])
        self.assertEqual(api.content.get_state(news), "published")

        anonymous = self.new_context()
        visitor = anonymous.new_page()
        self.open("/", visitor)
        link = visitor.locator(".ville-news a", has_text="Fête du potiron à Braffe")
        self.assertEqual(link.count(), 1, visitor.locator(".ville-news").inner_text())
        self.assertEqual(link.get_attribute("href"), news_url)
        anonymous.close()

    def test_citizen_submits_an_eguichet_form(self):
        form_path = "/e-guichet/extrait-de-casier-judiciaire"
        if self.portal.unrestrictedTraverse(form_path.strip("/"), None) is None:
            self.skipTest(f"the profile has no e-guichet form at {form_path}")
        api.user.create(email="marie.dupont@example.be", username="citoyenne",
                        password=PASSWORD, properties={"fullname": "Marie Dupont"})
        transaction.commit()
        page = self.page
        self.login("citoyenne", PASSWORD)
        self.open(form_path)
        values = {
            "first_name": "Marie", "last_name": "Dupont",
            "national_number": "85.07.30-033.28", "birth_date": "1985-07-30",
            "email": "marie.dupont@example.be", "phone": "069 12 34 56",
            "street": "Rue Neuve 1", "postal_code": "7600", "city": "Péruwelz",
            # A password account: at the desk (download and post need an
            # eID login, tests/test_browser_eid.py).
            "copies": "1", "delivery": "counter", "model": "595",
            "purpose": "employment",
        }
        # The form's steps: the shared helpers go from step to step.
        CitizenFormBase.fill(self, page, values)
        CitizenFormBase.submit(self, page)
        # "Vérifier ma demande", then "Envoyer ma demande".
        with page.expect_navigation():
            page.click("[name='form.buttons.confirm']")
        reference = re.search(r"EG-\d{8}-[0-9A-Z]{6}", page.content())
        self.assertIsNotNone(reference, page.locator("#content").inner_text()[:1000])
        # the thanks page does not echo the national number
        self.assertNotIn("85.07.30-033.28", page.content())

    def test_accessibility_of_the_eguichet_forms_for_anonymous_visitors(self):
        """A visitor who is not logged in meets the login hint above the
        forms: its buttons must be readable (WCAG 1.4.3), not dark on dark."""
        forms = api.content.find(
            portal_type="EasyForm", path="/".join(self.portal.getPhysicalPath()) + "/e-guichet",
        )
        self.assertTrue(forms, "the profile has easyform forms under /e-guichet")
        failures, hints = [], 0
        for brain in forms:
            self.page.goto(brain.getURL())
            hint = self.page.locator(".eguichet-login-hint a.btn")
            hints += hint.count()
            for i in range(hint.count()):
                colours = hint.nth(i).evaluate(
                    "e => [getComputedStyle(e).color, getComputedStyle(e).backgroundColor]")
                self.assertNotEqual(colours[0], colours[1], brain.getPath())
            violations = self.axe_violations()
            if violations:
                failures.append((brain.getPath(), violations))
        self.assertGreater(hints, 0, "no form shows the login hint to a visitor")
        self.assertEqual(failures, [])

    def test_accessibility_of_the_eguichet_forms(self):
        forms = api.content.find(
            portal_type="EasyForm", path="/".join(self.portal.getPhysicalPath()) + "/e-guichet",
        )
        if not forms:
            self.skipTest("the profile has no easyform form under /e-guichet")
        api.user.create(email="citoyen@example.org", username="citoyen", password=PASSWORD)
        transaction.commit()
        self.login("citoyen", PASSWORD)
        failures = []
        for brain in forms:
            self.page.goto(brain.getURL())
            violations = self.axe_violations()
            if violations:
                failures.append((brain.getPath(), violations))
        self.assertEqual(failures, [])
