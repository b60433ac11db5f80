"""The committed catalogues (French, German, Dutch) are compiled and up
to date; German and Dutch translate every French msgid."""

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


LANGUAGES = ("de", "nl")


def _entries(po):
    import ast

    entries, msgid, key = {}, None, None
    for line in po.read_text(encoding="utf-8").splitlines():
        if line.startswith("msgid "):
            msgid, key = ast.literal_eval(line[6:]), "id"
        elif line.startswith("msgstr "):
            key = "str"
            entries[msgid] = ast.literal_eval(line[7:])
        elif line.startswith('"') and key == "id":
            msgid += ast.literal_eval(line)
        elif line.startswith('"') and key == "str":
            entries[msgid] += ast.literal_eval(line)
    entries.pop("", None)
    return entries


class TestFormats(unittest.TestCase):
    def test_msgid_and_msgstr_end_alike(self):
        """What GNU msgfmt --check-format refuses: a translation that ends
        with a newline where its msgid does not (or the reverse)."""
        for po in po_files(ROOT):
            for msgid, text in _entries(po).items():
                if text:
                    self.assertEqual(msgid.endswith("\n"), text.endswith("\n"),
                                     f"{po}: {msgid!r} and its translation end differently")


class TestGermanAndDutch(unittest.TestCase):
    """Each add-on's ``ville`` catalogue in German and Dutch has the French
    one's msgids, each translated, with the same ${variables}."""

    def test_same_msgids_translated_with_their_variables(self):
        import re

        variables = re.compile(r"\$\{\w+\}")
        french = [po for po in po_files(ROOT) if po.parts[-3] == "fr" and po.name == "ville.po"]
        self.assertEqual(len(french), 3)
        for po in french:
            source = _entries(po)
            for language in LANGUAGES:
                other = po.parents[2] / language / "LC_MESSAGES" / "ville.po"
                self.assertTrue(other.is_file(), f"{other} missing")
                entries = _entries(other)
                self.assertEqual(set(entries), set(source), f"{other}: msgids differ")
                for msgid, text in entries.items():
                    self.assertTrue(text, f"{other}: {msgid!r} untranslated")
                    self.assertEqual(
                        sorted(variables.findall(text)),
                        sorted(variables.findall(source[msgid])),
                        f"{other}: {msgid!r} variables",
                    )
