"""The committed French catalogues are compiled and up to date."""

from ville_site.i18n import compile_po
from ville_site.i18n import po_files

from tests.servers import ROOT

import unittest


class TestCatalogues(unittest.TestCase):
    def test_every_add_on_has_a_french_catalogue(self):
        packages = {po.parts[-7] for po in po_files(ROOT) if po.parts[-3] == "fr"}
        self.assertEqual(packages, {"ville.policy", "ville.theme", "ville.eguichet"})

    def test_mo_files_are_up_to_date(self):
        for po in po_files(ROOT):
            mo = po.with_suffix(".mo")
            self.assertTrue(mo.exists(), f"{mo} missing: run make i18n")
            self.assertEqual(
                mo.read_bytes(), compile_po(po), f"{mo} is stale: run make i18n"
            )
