"""Editors' daily paths in Chromium (issue 16), clicking as a person would,
axe at 0 violations on the pages visited: a writer submits a roadwork in a
village chosen from the profile's list, the communication officer finds it
under "À valider" (with its count) and publishes it, manages the home
page's buttons and reads an alert's page; a CPAS editor meets a mini-site
without the site's structure tools."""

from plone import api
from tests.browser.helpers import BrowserTestCase
from tests.layers import SITE_SERVER

import requests
import transaction


PASSWORD = "Un-mot-de-passe-2026"
# The toolbar's "History" entry is labelled by a pattern that writes the
# modification time after load: axe runs once it has.
HISTORY_LABELLED = """() => {
    const time = document.querySelector('#contentview-history time');
    return !time || time.textContent.trim().length > 0;
}"""


class TestEditorsPaths(BrowserTestCase):
    layer = SITE_SERVER
    level = 2  # two walks of more than 30 s

    def setUp(self):
        super().setUp()
        # The first pages a fresh server renders compile their templates.
        requests.get(f"{self.base}/login", timeout=300)

    def assertNoAxeViolations(self, what, page=None):
        (page or self.page).wait_for_function(HISTORY_LABELLED)
        super().assertNoAxeViolations(what, page)

    def member(self, userid, group):
        api.user.create(email=f"{userid}@example.org", username=userid, password=PASSWORD)
        api.group.add_user(groupname=group, username=userid)

    def test_writer_then_communication_officer(self):
        self.member("w16-writer", "redacteurs")
        self.member("w16-com", "communication")
        transaction.commit()
        page = self.page
        villages = api.portal.get_registry_record("ville.municipality.villages")
        self.login("w16-writer", PASSWORD)
        self.open("/travaux/++add++Roadwork")
        options = page.locator("#form-widgets-village option").all_inner_texts()
        self.assertEqual([o for o in options if o.strip() in villages], villages)
        page.fill("#form-widgets-IDublinCore-title", "Égouttage rue des Écoles")
        # The roadwork form groups its fields in tabs, as a person sees them.
        page.click("form .autotoc-nav a:text-is('Lieu')")
        page.fill("#form-widgets-location", "Rue des Écoles")
        page.select_option("#form-widgets-village", label="Bon-Secours")
        page.click("form .autotoc-nav a:text-is('Dates des travaux')")
        page.fill("#form-widgets-start", "2030-05-04")
        with page.expect_navigation():
            page.click("#form-buttons-save")
        work_url = page.url.split("?")[0].removesuffix("/view")
        page.click("#plone-contentmenu-workflow > a")
        with page.expect_navigation():
            page.click("#workflow-transition-submit")
        self.assertEqual(page.locator("#ville-review-queue").count(), 0)

        officer = self.new_context()
        com = officer.new_page()
        self.login("w16-com", PASSWORD, com)
        queue = com.locator("#ville-review-queue")
        self.assertEqual(queue.locator(".ville-review-count").inner_text().strip(), "1")
        with com.expect_navigation():
            queue.click()
        self.assertIn("À valider", com.locator("h1").inner_text())
        self.assertNoAxeViolations("review queue", com)
        with com.expect_navigation():
            com.locator("#ville-review-list a", has_text="Égouttage rue des Écoles").click()
        self.assertEqual(com.url.split("?")[0].removesuffix("/view"), work_url)
        com.click("#plone-contentmenu-workflow > a")
        with com.expect_navigation():
            com.click("#workflow-transition-publish")
        self.assertEqual(com.locator("#ville-review-queue .ville-review-count")
                         .inner_text().strip(), "0")

        # the /travaux filter: each village once, the work under its village
        self.open("/travaux", com)
        filter_options = com.locator("#ville-roadworks-village option").all_inner_texts()
        self.assertEqual(filter_options[1:], villages)
        com.select_option("#ville-roadworks-village", label="Bon-Secours")
        with com.expect_navigation():
            com.locator(".ville-filters button[type=submit]").click()
        self.assertIn("Égouttage rue des Écoles", com.locator("#content").inner_text())

        # an alert's "En savoir plus": a page, not a field list
        self.open("/travaux", com)
        with com.expect_navigation():
            com.locator(".ville-alerts a").first.click()
        self.assertEqual(com.locator(".ville-alert-page dt").all_inner_texts()[:2],
                         ["Quand", "Où"])
        self.assertNoAxeViolations("alert page", com)

        # the home page's buttons: manage, add (private until published)
        self.open("/", com)
        with com.expect_navigation():
            com.click("#ville-manage-buttons")
        self.assertNoAxeViolations("quick-access management", com)
        first_title = com.locator("#ville-buttons-table tbody tr td:nth-child(2) a").first
        second = com.locator("#ville-buttons-table tbody tr").nth(1)
        moved = second.locator("td:nth-child(2) a").inner_text()
        self.assertNotEqual(first_title.inner_text(), moved)
        with com.expect_navigation():
            second.locator("button[name=up]").click()
        self.assertEqual(first_title.inner_text(), moved)
        with com.expect_navigation():
            com.click("#ville-add-button")
        com.fill("#form-widgets-IDublinCore-title", "Piscine communale")
        com.select_option("#form-widgets-icon", "leisure")
        com.fill("#form-widgets-remoteUrl", "/piscine")
        with com.expect_navigation():
            com.click("#form-buttons-save")
        self.assertIn("privé", com.locator(".ville-private-button").inner_text())
        with com.expect_navigation():
            com.locator(".ville-private-button a").click()
        row = com.locator("#ville-buttons-table tr", has_text="Piscine communale")
        with com.expect_navigation():
            row.locator("button[name=publish]").click()
        self.open("/", com)
        self.assertIn("Piscine communale",
                      com.locator(".ville-buttons").inner_text())
        officer.close()

    def test_cpas_editor(self):
        self.member("w16-cpas", "cpas")
        transaction.commit()
        page = self.page
        self.login("w16-cpas", PASSWORD)
        self.open("/cpas")
        self.assertEqual(page.locator("#plone-contentmenu-display").count(), 0)
        page.click("#plone-contentmenu-factories > a")
        addable = page.locator("#plone-contentmenu-factories .dropdown-menu a")
        ids = {a.get_attribute("id") for a in addable.all()}
        for forbidden in ("roadwork", "shop", "quickaccess", "commercialpremises",
                          "plone-contentmenu-settings"):
            self.assertNotIn(forbidden, ids)
        self.assertIn("document", ids)
        page.keyboard.press("Escape")
        # the state menu offers no transition (it is not even a dropdown)
        transitions = page.locator("#plone-contentmenu-workflow a[id^=workflow-transition]")
        self.assertEqual(transitions.count(), 0)
        self.assertNoAxeViolations("CPAS root as its editor")
        with page.expect_navigation():
            page.locator("#plone-contentmenu-factories > a").click()
            page.locator("#plone-contentmenu-factories #document").click()
        page.fill("#form-widgets-IDublinCore-title", "Permanences sociales")
        with page.expect_navigation():
            page.click("#form-buttons-save")
        self.assertIn("Élément créé", page.locator(".statusmessage, .portalMessage").first.inner_text())
