"""Editors at work through the web: a rédacteur adds a roadwork and submits
it, a communication officer publishes it, visitors then see it on /travaux."""

from plone import api
from tests.layers import SITE_FUNCTIONAL
from tests.layers import webtest_app

import transaction
import unittest


PASSWORD = "secret-password-123"


class TestEditorsThroughTheWeb(unittest.TestCase):
    layer = SITE_FUNCTIONAL

    def setUp(self):
        self.portal = self.layer["portal"]
        self.url = self.portal.absolute_url()
        for userid, group in (("marie", "redacteurs"), ("paul", "communication")):
            api.user.create(username=userid, email=f"{userid}@peruwelz.test",
                            password=PASSWORD)
            api.group.add_user(groupname=group, username=userid)
        transaction.commit()
        self.app = webtest_app(self.layer)

    def as_user(self, userid):
        self.app.reset()
        self.app.authorization = ("Basic", (userid, PASSWORD)) if userid else None

    def test_roadwork_from_draft_to_public(self):
        self.as_user("marie")
        form = self.app.get(f"{self.url}/travaux/++add++Roadwork").forms["form"]
        form["form.widgets.IDublinCore.title"] = "Réfection du trottoir rue Neuve"
        form["form.widgets.location"] = "Rue Neuve"
        form["form.widgets.village:list"] = "Wiers"  # one of the profile's villages
        form["form.widgets.start"] = "2026-01-05"
        form["form.widgets.end"] = "2099-12-31"
        form["form.widgets.impact:list"] = "pedestrian_detour"
        form["form.widgets.operator:list"] = "commune"
        page = form.submit("form.buttons.save").maybe_follow()
        item_url = page.request.url.split("?")[0].removesuffix("/view")
        self.assertTrue(item_url.endswith("/travaux/refection-du-trottoir-rue-neuve"), item_url)

        # a rédacteur may submit, not publish
        menu = self.app.get(item_url).text
        self.assertIn("workflow_action=submit", menu)
        self.assertNotIn("workflow_action=publish", menu)
        self.as_user(None)
        self.assertNotIn("Réfection du trottoir", self.app.get(f"{self.url}/travaux").text)

        self.as_user("marie")
        page = self.app.get(item_url)
        link = [a["href"] for a in page.html.select("a") if "workflow_action=submit" in a.get("href", "")][0]
        self.app.get(link).maybe_follow()

        self.as_user("paul")
        page = self.app.get(item_url)
        link = [a["href"] for a in page.html.select("a") if "workflow_action=publish" in a.get("href", "")][0]
        self.app.get(link).maybe_follow()

        self.as_user(None)
        html = self.app.get(f"{self.url}/travaux").text
        self.assertIn("Réfection du trottoir rue Neuve", html)
        self.assertIn("Wiers", html)
        transaction.begin()
        obj = self.portal["travaux"]["refection-du-trottoir-rue-neuve"]
        self.assertEqual(api.content.get_state(obj), "published")
        self.assertEqual(obj.listCreators(), ("marie",))

    def test_invalid_phone_is_refused_in_french(self):
        self.as_user("marie")
        form = self.app.get(f"{self.url}/economie/annuaire-commercial/++add++Shop").forms["form"]
        form["form.widgets.IDublinCore.title"] = "Librairie du Coin"
        form["form.widgets.category:list"] = "leisure"
        form["form.widgets.phone"] = "12"
        # webtest's Referer ("localhost:80") differs from the request's host
        # ("localhost"): CMFPlone's z3c.form referer check then crashes when
        # the form is shown again with errors. A browser's referer matches.
        page = form.submit(
            "form.buttons.save",
            headers={"Referer": ""},
        )
        self.assertIn("Ce numéro de téléphone n'est pas valide", page.text)
        transaction.begin()
        self.assertNotIn("librairie-du-coin", self.portal["economie"]["annuaire-commercial"])

    def test_cpas_member_works_in_the_cpas_only(self):
        api.user.create(username="lea", email="lea@peruwelz.test", password=PASSWORD)
        api.group.add_user(groupname="cpas", username="lea")
        transaction.commit()
        self.as_user("lea")
        self.assertEqual(self.app.get(f"{self.url}/cpas/++add++Document").status_int, 200)
        self.app.get(f"{self.url}/actualites/++add++News Item", status=(302, 401, 403))

    def test_communication_imports_shops_from_the_form(self):
        import webtest

        self.as_user("paul")
        page = self.app.get(f"{self.url}/economie/annuaire-commercial/@@import-shops")
        form = page.forms["ville-import-form"]
        csv = (
            "nom;categorie;telephone\n"
            "Fromagerie du Marché;Alimentation;069 77 55 66\n"
            "Sans catégorie;;\n"
        ).encode("utf-8")
        form["csvfile"] = webtest.Upload("commerces.csv", csv, "text/csv")
        form["publish"] = True
        page = form.submit(headers={"Referer": ""})
        self.assertIn("1 créé(s), 0 mis à jour, 1 refusé(s).", page.text)
        self.assertIn("la catégorie manque", page.text)
        self.as_user(None)
        html = self.app.get(f"{self.url}/economie/annuaire-commercial").text
        self.assertIn("Fromagerie du Marché", html)
        self.assertNotIn("Sans catégorie", html)

    def test_redacteurs_cannot_import(self):
        self.as_user("marie")
        self.app.get(
            f"{self.url}/economie/annuaire-commercial/@@import-shops", status=(302, 401, 403)
        )
