"""Every type through plone.restapi: create, read, update, search, with
dates, relations and images; and the anonymous view of it."""

from base64 import b64encode
from plone import api
from plone.app.testing import SITE_OWNER_NAME
from plone.app.testing import SITE_OWNER_PASSWORD
from ville.policy.testing import TEST_PROFILE
from ville.policy.testing import VILLE_TREE_SERVER_TESTING

import requests
import transaction
import unittest


PNG = {
    "data": b64encode((TEST_PROFILE / "logo.png").read_bytes()).decode(),
    "encoding": "base64",
    "filename": "photo.png",
    "content-type": "image/png",
}


class TestRestApi(unittest.TestCase):
    layer = VILLE_TREE_SERVER_TESTING

    def setUp(self):
        self.portal = self.layer["portal"]
        self.url = self.portal.absolute_url()
        self.session = requests.Session()
        self.session.headers.update({"Accept": "application/json"})
        self.session.auth = (SITE_OWNER_NAME, SITE_OWNER_PASSWORD)
        self.service_uid = api.content.get(path="/ma-commune/services/etat-civil-population").UID()
        transaction.commit()

    def tearDown(self):
        self.session.close()

    def create(self, path, data):
        response = self.session.post(f"{self.url}/{path}", json=data, timeout=30)
        self.assertEqual(response.status_code, 201, response.text)
        return response.json()

    def anonymous_get(self, url):
        return requests.get(url, headers={"Accept": "application/json"}, timeout=30)

    def test_roadwork_with_dates_and_image(self):
        item = self.create("travaux", {
            "@type": "Roadwork", "title": "Égouttage rue Haute", "location": "Rue Haute",
            "village": "Nord", "start": "2030-03-10", "end": "2030-03-20",
            "impact": "road_closed", "operator": "commune", "latitude": 50.5,
            "longitude": 3.59, "detour": "Par la rue Basse", "image": PNG,
        })
        self.assertEqual(item["start"], "2030-03-10")
        self.assertEqual(item["end"], "2030-03-20")
        self.assertEqual(item["impact"]["token"], "road_closed")
        self.assertIn("download", item["image"])
        self.assertEqual(item["review_state"], "private")
        # anonymous cannot read it until it is published
        self.assertEqual(self.anonymous_get(item["@id"]).status_code, 401)
        response = self.session.post(f"{item['@id']}/@workflow/publish", timeout=30)
        self.assertEqual(response.status_code, 200, response.text)
        public = self.anonymous_get(item["@id"]).json()
        self.assertEqual(public["village"], "Nord")
        image = requests.get(public["image"]["download"], timeout=30)
        self.assertEqual(image.status_code, 200)
        self.assertEqual(image.headers["Content-Type"], "image/png")
        # update
        response = self.session.patch(item["@id"], json={"end": None, "impact": "one_way"}, timeout=30)
        self.assertEqual(response.status_code, 204, response.text)
        updated = self.session.get(item["@id"], timeout=30).json()
        self.assertIsNone(updated["end"])
        self.assertEqual(updated["impact"]["token"], "one_way")
        # search, with the status as a catalog range query
        search = self.anonymous_get(
            f"{self.url}/@search?portal_type=Roadwork&village=Nord"
            "&metadata_fields=start&metadata_fields=end"
        ).json()
        self.assertEqual([i["title"] for i in search["items"]], ["Égouttage rue Haute"])
        self.assertTrue(search["items"][0]["start"].startswith("2030-03-0"))

    def test_procedure_with_relation_to_its_service(self):
        item = self.create("ma-commune", {
            "@type": "Procedure", "title": "Permis de conduire", "category": "permit",
            "who": "Toute personne domiciliée", "documents": "Carte d'identité",
            "cost": "30 €", "delay": "2 semaines", "service": self.service_uid,
        })
        self.assertEqual(item["service"]["@id"], f"{self.url}/ma-commune/services/etat-civil-population")
        self.assertEqual(item["service"]["title"], "État civil / Population")
        response = self.session.patch(item["@id"], json={"cost": "Gratuit"}, timeout=30)
        self.assertEqual(response.status_code, 204)
        self.assertEqual(self.session.get(item["@id"], timeout=30).json()["cost"], "Gratuit")
        search = self.session.get(f"{self.url}/@search?portal_type=Procedure&SearchableText=Permis", timeout=30).json()
        self.assertEqual(search["items_total"], 1)

    def test_public_service_opening_hours(self):
        service = self.session.get(f"{self.url}/ma-commune/services/etat-civil-population", timeout=30).json()
        self.assertEqual(service["opening_hours"], {"monday": "08:30-12:00"})
        item = self.create("ma-commune/services", {
            "@type": "PublicService", "title": "Urbanisme", "phone": "065 11 22 33",
            "opening_hours": {"tuesday": "09:00-12:00"}, "head": "M. Dubois",
        })
        self.assertEqual(item["opening_hours"], {"tuesday": "09:00-12:00"})

    def test_shop_with_validation(self):
        item = self.create("economie/annuaire-commercial", {
            "@type": "Shop", "title": "Librairie", "category": "services",
            "phone": "065 44 55 66", "website": "https://librairie.test",
            "logo": PNG, "image": PNG, "latitude": 50.4, "longitude": 3.6,
        })
        self.assertEqual(item["category"]["token"], "services")
        self.assertIn("download", item["logo"])
        response = self.session.post(f"{self.url}/economie/annuaire-commercial", json={
            "@type": "Shop", "title": "Mauvais", "category": "services", "phone": "12",
        }, timeout=30)
        self.assertEqual(response.status_code, 400)
        response = self.session.post(f"{self.url}/economie/annuaire-commercial", json={
            "@type": "Shop", "title": "Inconnu", "category": "garage",
        }, timeout=30)
        self.assertEqual(response.status_code, 400)

    def test_premises_with_photo_inside(self):
        item = self.create("economie/cellules-commerciales", {
            "@type": "CommercialPremises", "title": "Cellule Grand-Place",
            "street": "Grand-Place 9", "surface": 85, "kind": "shop", "rent": 850,
            "availability": "available", "available_from": "2030-01-01",
            "energy_class": "C", "contact": "Commune",
        })
        self.assertEqual(item["available_from"], "2030-01-01")
        photo = self.create("economie/cellules-commerciales/cellule-grand-place", {
            "@type": "Image", "title": "Façade", "image": PNG,
        })
        self.assertTrue(photo["@id"].startswith(item["@id"]))
        search = self.session.get(
            f"{self.url}/@search?portal_type=CommercialPremises&kind=shop"
            "&availability=available", timeout=30).json()
        self.assertEqual(search["items_total"], 1)

    def test_quick_access_and_alert(self):
        button = self.create("acces-directs", {
            "@type": "QuickAccess", "title": "E-guichet", "icon": "eguichet",
            "remoteUrl": "/e-guichet", "express": True,
        })
        self.assertTrue(button["express"])
        self.assertEqual(button["icon"]["token"], "eguichet")
        alert = self.create("", {
            "@type": "Alert", "title": "Tempête", "severity": "danger",
            "start": "2030-01-01T08:00:00", "end": "2030-01-02T20:00:00",
        })
        self.assertEqual(alert["severity"]["token"], "danger")
        self.assertTrue(alert["start"].startswith("2030-01-01T"))
        response = self.session.post(f"{self.url}", json={
            "@type": "QuickAccess", "title": "Sans cible", "icon": "info",
        }, timeout=30)
        self.assertEqual(response.status_code, 400)

    def test_create_read_update_search_every_type(self):
        samples = {
            "Procedure": ("demarches-test", {"category": "permit", "service": self.service_uid}),
            "PublicService": ("ma-commune/services", {"opening_hours": {"friday": "08:00-12:00"}}),
            "Roadwork": ("travaux", {"location": "Rue", "village": "Sud",
                                     "start": "2031-05-01", "impact": "none",
                                     "operator": "region", "image": PNG}),
            "Shop": ("economie/annuaire-commercial", {"category": "food", "logo": PNG}),
            "CommercialPremises": ("economie/cellules-commerciales", {
                "street": "Rue 1", "surface": 50, "kind": "office",
                "availability": "option", "contact": "X"}),
            "QuickAccess": ("acces-directs", {"icon": "map", "remoteUrl": "https://example.org"}),
            "Alert": ("travaux", {"severity": "info", "start": "2031-05-01T08:00:00"}),
        }
        self.create("", {"@type": "Folder", "id": "demarches-test", "title": "Démarches"})
        for type_name, (path, fields) in samples.items():
            with self.subTest(type_name=type_name):
                item = self.create(path, {"@type": type_name, "title": f"Essai {type_name}", **fields})
                read = self.session.get(item["@id"], timeout=30).json()
                self.assertEqual(read["@type"], type_name)
                response = self.session.patch(
                    item["@id"], json={"title": f"Modifié {type_name}"}, timeout=30
                )
                self.assertEqual(response.status_code, 204, response.text)
                found = self.session.get(
                    f"{self.url}/@search?portal_type={type_name}&Title=Modifié", timeout=30
                ).json()
                self.assertEqual(
                    [i["title"] for i in found["items"]], [f"Modifié {type_name}"]
                )

    def test_anonymous_uses_the_rest_api_for_public_content(self):
        response = self.anonymous_get(f"{self.url}/travaux")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.json()["@type"], "Folder")


class TestRoadworksEndpoint(unittest.TestCase):
    layer = VILLE_TREE_SERVER_TESTING

    def setUp(self):
        from datetime import date
        from datetime import timedelta
        from plone.app.testing import setRoles
        from plone.app.testing import TEST_USER_ID

        portal = self.layer["portal"]
        setRoles(portal, TEST_USER_ID, ["Manager"])
        today = date.today()
        for title, village, start, end in (
            ("En cours", "Nord", today - timedelta(days=2), today + timedelta(days=2)),
            ("Bientôt", "Sud", today + timedelta(days=3), None),
            ("Fini", "Nord", today - timedelta(days=9), today - timedelta(days=1)),
        ):
            obj = api.content.create(
                container=portal["travaux"], type="Roadwork", title=title,
                location="Rue", village=village, start=start, end=end,
                impact="none", operator="commune",
            )
            api.content.transition(obj=obj, transition="publish")
        api.content.create(
            container=portal["travaux"], type="Roadwork", title="Privé", location="Rue",
            village="Nord", start=today, impact="none", operator="commune",
        )
        transaction.commit()
        self.url = portal.absolute_url()

    def get(self, path, **params):
        return requests.get(f"{self.url}/{path}", params=params,
                            headers={"Accept": "application/json"}, timeout=30)

    def test_ongoing_and_upcoming_by_default(self):
        data = self.get("travaux/@roadworks").json()
        self.assertEqual(
            [(i["title"], i["roadwork_status"]) for i in data["items"]],
            [("En cours", "ongoing"), ("Bientôt", "upcoming")],
        )
        self.assertIsNone(data["items"][1]["end"])

    def test_filters(self):
        data = self.get("@roadworks", status="finished").json()
        self.assertEqual([i["title"] for i in data["items"]], ["Fini"])
        data = self.get("@roadworks", village="Sud").json()
        self.assertEqual([i["title"] for i in data["items"]], ["Bientôt"])
        self.assertEqual(self.get("@roadworks", status="cancelled").status_code, 400)

    def test_status_in_the_roadwork_json(self):
        data = self.get("travaux/en-cours").json()
        self.assertEqual(data["roadwork_status"], "ongoing")


class TestQueriesTheClientGotWrong(unittest.TestCase):
    """A malformed query answers 400 with what to correct, in the site's
    language, for a visitor, a member and the site owner: never a 500."""

    layer = VILLE_TREE_SERVER_TESTING

    CRITERIA = [{"i": "portal_type", "o": "plone.app.querystring.operation.selection.any",
                 "v": ["Document"]}]

    def setUp(self):
        self.url = self.layer["portal"].absolute_url()

    def call(self, auth, path, body=None):
        headers = {"Accept": "application/json"}
        if body is None:
            return requests.get(f"{self.url}/{path}", headers=headers, auth=auth, timeout=30)
        return requests.post(f"{self.url}/{path}", json=body, headers=headers, auth=auth,
                             timeout=30)

    def test_400_with_what_to_correct(self):
        wrong = {
            "@search?b_start=abc": "b_start doit être un nombre entier",
            "@search?b_size=-1": "b_size doit être un nombre entier",
            "@search?sort_limit=x": "sort_limit doit être un nombre entier",
            "travaux?b_size=-1": "b_size doit être un nombre entier",
            "@search?created.query=zzz&created.range=min": "Cette recherche ne peut pas",
            "@search?path.depth=x": "Cette recherche ne peut pas",
            "@search?Title=*": "Cette recherche ne peut pas",
        }
        bodies = {
            "b_size": ({"query": self.CRITERIA, "b_size": -1}, "b_size doit être"),
            "limit": ({"query": self.CRITERIA, "limit": "x"}, "doit être"),
            "query": ({"query": "x"}, "doit être une liste de critères"),
        }
        for auth in (None, ("redacteur", "secret-password-123"),
                     (SITE_OWNER_NAME, SITE_OWNER_PASSWORD)):
            for path, message in wrong.items():
                with self.subTest(path=path, auth=auth):
                    response = self.call(auth, path)
                    self.assertEqual(response.status_code, 400, response.text[:300])
                    self.assertIn(message, response.json()["message"])
                    # the parser's own message named the index's internals
                    self.assertNotIn("object at 0x", response.text)
            for name, (body, message) in bodies.items():
                with self.subTest(body=name, auth=auth):
                    response = self.call(auth, "@querystring-search", body)
                    self.assertEqual(response.status_code, 400, response.text[:300])
                    self.assertIn(message, response.json()["message"])
        # well-formed, the same calls answer
        self.assertEqual(self.call(None, "@search?b_start=0&b_size=2").status_code, 200)
        self.assertEqual(self.call(None, "travaux?b_size=2").status_code, 200)
        response = self.call(None, "@querystring-search", {"query": self.CRITERIA, "b_size": 2})
        self.assertEqual(response.status_code, 200, response.text[:300])
