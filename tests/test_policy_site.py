"""ville.policy on the assembled site, with the peruwelz profile's tree.yaml:
the site tree, buttons, legal pages, services, demo content and the public
listing pages, as visitors reach them through HTTP."""

from plone import api
from tests.layers import PROFILES
from tests.layers import SITE_FUNCTIONAL
from tests.layers import webtest_app
from ville.policy import api as ville_api

import unittest


PROFILE = PROFILES / "peruwelz"


class TestPolicySite(unittest.TestCase):
    layer = SITE_FUNCTIONAL

    def setUp(self):
        self.portal = self.layer["portal"]
        self.app = webtest_app(self.layer)
        self.url = self.portal.absolute_url()

    def test_main_sections_exist_and_are_public(self):
        for path in ("ma-commune", "demarches", "e-guichet", "actualites", "agenda",
                     "travaux", "economie/annuaire-commercial",
                     "economie/cellules-commerciales", "loisirs", "cpas",
                     "accessibilite", "vie-privee", "cookies"):
            response = self.app.get(f"{self.url}/{path}")
            self.assertEqual(response.status_int, 200, path)

    def test_quick_access_buttons_in_order(self):
        buttons = ville_api.quick_access_buttons(self.portal)
        titles = [button["title"] for button in buttons]
        self.assertEqual(titles[0], "Travaux en cours")
        self.assertTrue(buttons[0]["express"])
        self.assertEqual(buttons[0]["url"], f"{self.url}/travaux")
        self.assertIn("CPAS", titles)
        cpas = buttons[titles.index("CPAS")]
        self.assertEqual(cpas["url"], f"{self.url}/cpas")
        icon = self.app.get(cpas["icon_url"].replace(self.url, self.url))
        self.assertIn(b"<svg", icon.body)

    def test_cpas_mini_site_edited_by_the_cpas_group_only(self):
        cpas = self.portal["cpas"]
        self.assertEqual(ville_api.minisite_root(cpas["aide-sociale"]), cpas)
        self.assertEqual(
            set(cpas.get_local_roles_for_userid("cpas")),
            {"Contributor", "Editor", "Reviewer", "Reader"},
        )
        for folder_id in ("actualites", "travaux", "ma-commune"):
            self.assertEqual(self.portal[folder_id].get_local_roles_for_userid("cpas"), ())

    def test_public_service_of_the_eguichet(self):
        service = ville_api.public_service(self.portal, "etat-civil-population")
        self.assertEqual(
            "/".join(service.getPhysicalPath()[2:]),
            "ma-commune/services/etat-civil-population",
        )
        self.assertIn("thursday", service.opening_hours)

    def test_demo_roadworks_cover_every_status(self):
        catalog = api.portal.get_tool("portal_catalog")
        statuses = {
            ville_api.roadwork_status(brain) for brain in catalog(portal_type="Roadwork")
        }
        self.assertEqual(statuses, {"ongoing", "upcoming", "finished"})
        villages = {brain.village for brain in catalog(portal_type="Roadwork")}
        self.assertLessEqual(villages, set(ville_api.municipality_settings().villages))

    def test_travaux_page_for_visitors(self):
        html = self.app.get(f"{self.url}/travaux").text
        self.assertIn("Réfection de la rue des Français", html)  # ongoing
        self.assertIn("Remplacement de conduites d'eau rue Grande", html)  # upcoming
        self.assertNotIn("Réparation du pont de Callenelle", html)  # finished
        html = self.app.get(f"{self.url}/travaux?finished=1").text
        self.assertIn("Réparation du pont de Callenelle", html)
        html = self.app.get(f"{self.url}/travaux?village=Bury").text
        self.assertIn("rue Grande", html)
        self.assertNotIn("rue des Français", html)

    def test_directory_and_premises_pages(self):
        html = self.app.get(f"{self.url}/economie/annuaire-commercial").text
        self.assertIn("Boulangerie Au Bon Pain", html)
        self.assertIn("Alimentation", html)
        html = self.app.get(
            f"{self.url}/economie/annuaire-commercial", params={"category": "health"}
        ).text
        self.assertIn("Pharmacie de Bon-Secours", html)
        self.assertNotIn("Boulangerie Au Bon Pain", html)
        html = self.app.get(f"{self.url}/economie/cellules-commerciales").text
        self.assertIn("Cellule commerciale Grand-Place 9", html)
        self.assertNotIn("Cellule rue des Français 30", html)  # let

    def test_scheduled_demo_news_is_not_public_yet(self):
        news = self.portal["actualites"]["marche-de-noel-sur-la-grand-place"]
        self.assertEqual(api.content.get_state(news), "published")
        self.app.get(f"{self.url}/actualites/marche-de-noel-sur-la-grand-place", status=404)
        html = self.app.get(f"{self.url}/actualites").text
        self.assertNotIn("Marché de Noël sur la Grand-Place", html)

    def test_anonymous_rest_api_and_sitemap(self):
        response = self.app.get(
            f"{self.url}/@search", params={"portal_type": "Shop"},
            headers={"Accept": "application/json"},
        )
        self.assertGreaterEqual(response.json["items_total"], 6)
        self.assertEqual(self.app.get(f"{self.url}/sitemap.xml.gz").status_int, 200)

    def test_demo_images_are_small(self):
        for image in (PROFILE / "demo").iterdir():
            self.assertLess(image.stat().st_size, 60_000, image.name)
