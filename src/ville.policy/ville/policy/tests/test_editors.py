"""Editors' daily paths (issue 16): villages from the profile's list, the
CPAS mini-site's limits (over HTML and REST), the review queue, the
quick-access management page, the RSS titles and the French strings."""

from plone import api
from plone.app.testing import setRoles
from plone.app.testing import SITE_OWNER_NAME
from plone.app.testing import SITE_OWNER_PASSWORD
from plone.app.testing import TEST_USER_ID
from ville.policy.content.roadwork import IRoadwork
from ville.policy.testing import VILLE_TREE_INTEGRATION_TESTING
from ville.policy.testing import VILLE_TREE_SERVER_TESTING
from ville.policy.upgrades import w16_editors
from ville.policy.villages import match_village
from zope.i18n import translate
from zope.schema.interfaces import ConstraintNotSatisfied

import datetime
import requests
import transaction
import unittest


PASSWORD = "secret-password-123"


def roadwork(container, title, village):
    obj = api.content.create(
        container=container, type="Roadwork", title=title, location="Rue",
        village="Nord", start=datetime.date(2030, 1, 1),
    )
    obj.village = village  # as a 1.0 site stored it: free text
    obj.reindexObject()
    return obj


class TestVillages(unittest.TestCase):
    layer = VILLE_TREE_INTEGRATION_TESTING

    def setUp(self):
        self.portal = self.layer["portal"]
        setRoles(self.portal, TEST_USER_ID, ["Manager"])

    def test_the_field_is_a_choice_of_the_profile_villages(self):
        field = IRoadwork["village"].bind(self.portal["travaux"])
        self.assertEqual([t.value for t in field.vocabulary], ["Centre", "Nord", "Sud"])
        field.validate("Nord")
        with self.assertRaises(ConstraintNotSatisfied):
            field.validate("Ouest")

    def test_matching_ignores_case_spaces_hyphens_and_accents(self):
        villages = ["Bon-Secours", "Wasmes-Audemez-Briffœil", "Péruwelz"]
        self.assertEqual(match_village("Bon Secours", villages), "Bon-Secours")
        self.assertEqual(match_village(" bon-secours ", villages), "Bon-Secours")
        self.assertEqual(match_village("PERUWELZ", villages), "Péruwelz")
        self.assertEqual(match_village("wasmes audemez briffœil", villages),
                         "Wasmes-Audemez-Briffœil")
        self.assertIsNone(match_village("Bon", villages))
        self.assertIsNone(match_village("", villages))

    def test_upgrade_maps_free_text_and_keeps_the_rest(self):
        folder = self.portal["travaux"]
        spelled = roadwork(folder, "A", "nord ")
        unknown = roadwork(folder, "B", "Ouest")
        with self.assertLogs("ville.policy.upgrades.w16_editors", "WARNING") as logs:
            changed, unmatched = w16_editors.map_villages()
        self.assertEqual((changed, unmatched), (1, [unknown]))
        self.assertEqual(spelled.village, "Nord")
        self.assertEqual(unknown.village, "Ouest")
        self.assertIn("'Ouest'", logs.output[0])
        catalog = api.portal.get_tool("portal_catalog")
        self.assertEqual(len(catalog(portal_type="Roadwork", village="Nord", title="A")), 1)
        # The listing's filter offers the profile's villages only, and an
        # old link's spelling finds its village.
        view = api.content.get_view("roadworks-listing", folder, self.layer["request"])
        self.assertEqual(view.villages(), ["Centre", "Nord", "Sud"])
        self.layer["request"].form["village"] = "NORD"
        self.assertEqual(view.village(), "Nord")

    def test_rss_titles_are_text(self):
        from ville.policy.browser.feeds import TextTitleRSSViewlet

        viewlet = TextTitleRSSViewlet(self.portal, self.layer["request"], None)
        titles = [link["title"] for link in viewlet.getRssLinks(self.portal)]
        self.assertIn(f"{self.portal.Title()} - RSS 1.0", titles)
        self.assertFalse([t for t in titles if "b'" in t], titles)

    def test_french_strings_plone_lacks(self):
        def fr(msgid, domain, **mapping):
            return translate(msgid, domain=domain, mapping=mapping, target_language="fr")

        self.assertEqual(fr("Item created", "plone"), "Élément créé")
        self.assertEqual(fr("Enable icalendar import", "plone"), "Activer l'import iCalendar")
        self.assertEqual(
            fr("namedfile_accepted_types", "plone", accepted_types="image/*"),
            "Types autorisés : image/*.",
        )
        self.assertEqual(
            fr("${current} of ${total} selected", "widgets", current=0, total=22),
            "0 sur 22 sélectionné(s)",
        )
        self.assertEqual(fr("published", "widgets"), "Publié")


class TestEditorsOverHttp(unittest.TestCase):
    layer = VILLE_TREE_SERVER_TESTING

    def setUp(self):
        self.portal = self.layer["portal"]
        self.url = self.portal.absolute_url()
        self.cpas = self.portal["cpas"]

    def call(self, userid, method, path, json_api=False, **kwargs):
        headers = {"Accept": "application/json"} if json_api else {}
        return requests.request(
            method, f"{self.url}/{path}", auth=(userid, PASSWORD), headers=headers,
            allow_redirects=False, timeout=30, **kwargs,
        )

    def test_cpas_editors_keep_to_a_mini_site(self):
        self.assertEqual(api.content.get_state(self.cpas), "published")
        # retire or archive the mini-site's root: not offered, refused
        html = self.call("cpasagent", "GET", "cpas").text
        self.assertNotIn("workflow_action=retract", html)
        self.assertNotIn("workflow_action=archive", html)
        self.assertNotIn("plone-contentmenu-display", html)
        for transition in ("retract", "archive"):
            response = self.call("cpasagent", "POST", f"cpas/@workflow/{transition}",
                                 json_api=True)
            self.assertGreaterEqual(response.status_code, 400, transition)
            self.call("cpasagent", "GET",
                      f"cpas/content_status_modify?workflow_action={transition}")
        # switch its view: the HTML selector and REST refuse
        response = self.call("cpasagent", "GET",
                             "cpas/selectViewTemplate?templateId=roadworks-listing")
        self.assertIn("require_login", response.headers.get("Location", ""))
        response = self.call("cpasagent", "PATCH", "cpas", json_api=True,
                             json={"layout": "roadworks-listing"})
        self.assertIn(response.status_code, (401, 403), response.text)
        # add a type a CPAS does not publish: refused (not a 500); a page: fine
        response = self.call("cpasagent", "GET", "cpas/++add++Roadwork")
        self.assertIn(response.status_code, (302, 403, 404), response.text[:200])
        if response.status_code == 302:
            self.assertIn("require_login", response.headers["Location"])
        response = self.call("cpasagent", "POST", "cpas", json_api=True, json={
            "@type": "Roadwork", "title": "X", "location": "Rue", "village": "Nord",
            "start": "2030-01-01"})
        self.assertIn(response.status_code, (400, 401, 403), response.text)
        response = self.call("cpasagent", "POST", "cpas", json_api=True,
                             json={"@type": "Document", "title": "Permanences"})
        self.assertEqual(response.status_code, 201, response.text)
        self.assertEqual(self.call("cpasagent", "GET", "cpas/++add++Document").status_code, 200)
        transaction.begin()
        self.assertEqual(api.content.get_state(self.cpas), "published")
        self.assertNotEqual(self.cpas.getLayout(), "roadworks-listing")
        self.assertNotIn("x", self.cpas.objectIds())
        # the site's communication team still may take it offline
        response = self.call("comm", "POST", "cpas/@workflow/retract", json_api=True)
        self.assertEqual(response.status_code, 200, response.text)

    def test_add_form_of_a_type_the_folder_does_not_take(self):
        # plone.dexterity's add form raised a ValueError for it: a 500
        setRoles(self.portal, TEST_USER_ID, ["Manager"])
        premises = api.content.create(
            container=self.portal, type="CommercialPremises", title="Cellule",
            street="Rue Albert Ier 5", surface=80, kind="shop", rent=750,
            availability="available", contact="Ville",
        )
        transaction.commit()
        path = premises.getId()
        # it takes images only: a page is not found there, for anyone
        self.assertEqual(self.call("comm", "GET", f"{path}/++add++Document").status_code, 404)
        response = requests.get(f"{self.url}/{path}/++add++Document", timeout=30,
                                auth=(SITE_OWNER_NAME, SITE_OWNER_PASSWORD))
        self.assertEqual(response.status_code, 404)
        self.assertEqual(self.call("comm", "GET", f"{path}/++add++Image").status_code, 200)
        # a type it takes, for a visitor: the login page, as before
        response = requests.get(f"{self.url}/{path}/++add++Image", allow_redirects=False,
                                timeout=30)
        self.assertEqual(response.status_code, 302)
        self.assertIn("login", response.headers["Location"])
        # a type it takes, for a member who may not add it: refused, not a 500
        response = self.call("redacteur", "GET", "cpas/++add++Roadwork")
        self.assertIn(response.status_code, (302, 401, 403, 404), response.text[:200])
        if response.status_code == 302:
            self.assertIn("require_login", response.headers["Location"])

    def test_review_queue_counts_what_waits(self):
        response = self.call("redacteur", "POST", "actualites", json_api=True,
                             json={"@type": "News Item", "title": "Fête du village"})
        self.assertEqual(response.status_code, 201, response.text)
        item = response.json()["@id"]
        response = requests.post(f"{item}/@workflow/submit", auth=("redacteur", PASSWORD),
                                 headers={"Accept": "application/json"}, timeout=30)
        self.assertEqual(response.status_code, 200, response.text)
        html = self.call("comm", "GET", "").text
        self.assertIn('id="ville-review-queue"', html)
        self.assertRegex(html, r'ville-review-count">\s*1\s*<')
        page = self.call("comm", "GET", "@@a-valider").text
        self.assertIn("Fête du village", page)
        self.assertNotIn('id="ville-review-queue"', self.call("redacteur", "GET", "").text)
        self.assertIn(self.call("redacteur", "GET", "@@a-valider").status_code, (302, 401, 403))

    def test_quick_access_management(self):
        setRoles(self.portal, TEST_USER_ID, ["Manager"])
        folder = self.portal["acces-directs"]
        new = api.content.create(container=folder, type="QuickAccess", title="Piscine",
                                 icon="leisure", remoteUrl="/piscine")
        transaction.commit()
        page = self.call("comm", "GET", "@@acces-rapides").text
        self.assertIn("Piscine", page)
        self.assertIn("Privé", page)
        self.assertIn("privé", self.call("comm", "GET", "acces-directs/piscine").text)
        token = page.split('name="_authenticator" value="')[1].split('"')[0]
        for action in ("publish", "up"):
            response = self.call("comm", "POST", "@@acces-rapides",
                                 data={"_authenticator": token, "button": new.getId(),
                                       action: "1"})
            self.assertEqual(response.status_code, 302, response.text)
        transaction.begin()
        self.assertEqual(api.content.get_state(new), "published")
        ids = [o.getId() for o in folder.objectValues()]
        self.assertEqual(ids.index("piscine"), len(ids) - 2)
        self.assertIn(self.call("redacteur", "GET", "@@acces-rapides").status_code,
                      (302, 401, 403))
