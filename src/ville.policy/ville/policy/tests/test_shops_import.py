"""The CSV shop import: every row checked, a report per row, no half row."""

from plone import api
from ville.policy.shops_import import import_shops
from ville.policy.testing import VILLE_TREE_INTEGRATION_TESTING
from ville.policy.tests.base import as_manager
from zope.i18n import translate

import unittest


HEADER = "nom;categorie;rue;code_postal;localite;telephone;email;site_web;horaires\n"
GOOD = "Boulangerie Dupont;Alimentation;Rue Haute 3;7000;Testville;065 33 44 55;info@dupont.be;www.dupont.be;Du mardi au samedi\n"
BAD_PHONE = "Café du Centre;horeca;Place 1;7000;Testville;12;;;\n"
NO_NAME = ";services;Rue Basse 2;7000;Testville;;;;\n"
BAD_CATEGORY = "Garage Martin;Garages;Rue du Moulin 8;7000;Testville;;;;\n"
WRONG_COLUMNS = "Fleurs Lili;food;Rue 4\n"


def fr(message):
    return translate(message, target_language="fr")


class TestShopImport(unittest.TestCase):
    layer = VILLE_TREE_INTEGRATION_TESTING

    def setUp(self):
        self.portal = self.layer["portal"]
        as_manager(self.portal)
        self.folder = self.portal["economie"]["annuaire-commercial"]

    def run_import(self, text, **options):
        return import_shops(self.folder, text.encode("utf-8"), **options)

    def shops(self):
        return {obj.Title(): obj for obj in self.folder.objectValues()}

    def test_good_rows_are_imported_bad_rows_reported(self):
        report = self.run_import(
            HEADER + GOOD + BAD_PHONE + NO_NAME + BAD_CATEGORY + WRONG_COLUMNS
        )
        self.assertIsNone(report.error)
        self.assertEqual([row.line for row in report.rows], [2, 3, 4, 5, 6])
        self.assertEqual(
            [row.status for row in report.rows],
            ["created", "error", "error", "error", "error"],
        )
        self.assertEqual((report.created, report.failed), (1, 4))
        errors = {row.line: " ".join(fr(e) for e in row.errors) for row in report.rows}
        self.assertIn("numéro de téléphone invalide « 12 »", errors[3])
        self.assertIn("le nom manque", errors[4])
        self.assertIn("catégorie inconnue « Garages »", errors[5])
        self.assertIn("3 colonnes au lieu de 9", errors[6])
        shops = self.shops()
        self.assertEqual(set(shops), {"Boulangerie Dupont"})
        shop = shops["Boulangerie Dupont"]
        self.assertEqual(shop.category, "food")
        self.assertEqual(shop.phone, "+32 65 33 44 55")
        self.assertEqual(shop.website, "https://www.dupont.be")
        self.assertEqual(api.content.get_state(shop), "private")

    def test_a_row_is_never_half_imported(self):
        # A failure while saving a row (here: the catalog) rolls the row back.
        from unittest import mock

        with mock.patch(
            "ville.policy.shops_import.api.content.transition",
            side_effect=RuntimeError("workflow down"),
        ):
            report = self.run_import(HEADER + GOOD, publish=True)
        self.assertEqual(report.rows[0].status, "error")
        self.assertEqual(self.shops(), {})

    def test_dry_run_writes_nothing(self):
        report = self.run_import(HEADER + GOOD + BAD_PHONE, dry_run=True)
        self.assertEqual([row.status for row in report.rows], ["checked", "error"])
        self.assertEqual(self.shops(), {})

    def test_reimport_updates_instead_of_duplicating(self):
        self.run_import(HEADER + GOOD)
        report = self.run_import(HEADER + GOOD.replace("065 33 44 55", "065 99 88 77"))
        self.assertEqual(report.rows[0].status, "updated")
        self.assertEqual(len(self.shops()), 1)
        self.assertEqual(self.shops()["Boulangerie Dupont"].phone, "+32 65 99 88 77")

    def test_publish_option(self):
        self.run_import(HEADER + GOOD, publish=True)
        shop = self.shops()["Boulangerie Dupont"]
        self.assertEqual(api.content.get_state(shop), "published")

    def test_windows_spreadsheet_encoding(self):
        report = import_shops(self.folder, (HEADER + GOOD).encode("cp1252"))
        self.assertEqual(report.rows[0].status, "created")

    def test_unusable_files(self):
        self.assertEqual(fr(self.run_import("").error), "Le fichier est vide.")
        report = self.run_import("nom;rue\nX;Y\n")
        self.assertIn("nom et categorie", fr(report.error))
        report = self.run_import("nom;categorie;couleur\nX;food;bleu\n")
        self.assertIn("« couleur »", fr(report.error))
        self.assertEqual(self.shops(), {})

    def test_import_form_requires_permission_and_reports(self):
        from ville.policy.interfaces import IBrowserLayer
        from zope.interface import alsoProvides

        request = self.layer["request"]
        alsoProvides(request, IBrowserLayer)
        self.assertTrue(api.user.has_permission(
            "ville.policy: Import shops", username="comm", obj=self.folder))
        self.assertFalse(api.user.has_permission(
            "ville.policy: Import shops", username="redacteur", obj=self.folder))
        html = self.folder.restrictedTraverse("@@import-shops")()
        self.assertIn('for="ville-import-file"', html)
        self.assertIn('name="_authenticator"', html)


class TestImportScript(unittest.TestCase):
    layer = VILLE_TREE_INTEGRATION_TESTING

    def test_command_line_prints_a_line_per_row(self):
        import io
        import tempfile

        from ville.policy.scripts.import_shops import run

        portal = self.layer["portal"]
        app = self.layer["app"]
        with tempfile.NamedTemporaryFile("w", suffix=".csv", encoding="utf-8") as handle:
            handle.write(HEADER + GOOD + BAD_PHONE)
            handle.flush()
            out = io.StringIO()
            from unittest import mock

            with mock.patch("transaction.commit"):
                status = run(app, ["--site", portal.getId(), handle.name], out=out)
        lines = out.getvalue().splitlines()
        self.assertEqual(status, 1)
        self.assertTrue(lines[0].endswith(":2: created: Boulangerie Dupont"), lines)
        self.assertIn(":3: error: Café du Centre: numéro de téléphone invalide", lines[1])
        self.assertEqual(lines[-1], "1 created, 0 updated, 1 rejected")
