"""A town's data lives in its profile, not in the add-ons' code (issue 12).

Péruwelz's colours, postal code and villages (read from profiles/peruwelz/)
must not appear in the add-ons' code, templates, registry XML, help texts or
stylesheets that every municipality ships; their tests may use them.
"""

from pathlib import Path

import re
import unittest
import yaml


ROOT = Path(__file__).resolve().parent.parent
PERUWELZ = ROOT / "profiles" / "peruwelz"
SUFFIXES = (".py", ".pt", ".xml", ".zcml", ".po", ".scss", ".css", ".js", ".txt")


def shipped_files():
    for package in sorted((ROOT / "src").glob("ville.*")):
        for path in sorted(package.rglob("*")):
            parts = set(path.relative_to(package).parts)
            if parts & {"tests", "node_modules"} or path.name.startswith("test"):
                continue
            if path.is_file() and path.suffix in SUFFIXES:
                yield path


class TestNoTownInCode(unittest.TestCase):
    def town_values(self):
        town = yaml.safe_load((PERUWELZ / "municipality.yaml").read_text("utf-8"))
        tree = yaml.safe_load((PERUWELZ / "tree.yaml").read_text("utf-8"))
        values = {town["look"][name].lower() for name in
                  ("primary_color", "secondary_color", "accent_color")}
        values.add(str(town["contact"]["postal_code"]))
        values.update(village for village in tree["villages"] if village != "Péruwelz")
        values.add("Péruwelz")
        return values

    def test_the_shipped_files_name_no_town(self):
        values = self.town_values()
        self.assertIn("7600", values)
        pattern = re.compile(
            "|".join(rf"(?<![\w#-]){re.escape(value)}(?![\w-])" for value in values),
            re.IGNORECASE,
        )
        # In stylesheets, a colour is the town's default only as the fallback
        # of the municipality's custom properties (a status green may match).
        fallback = re.compile(r"var\(--ville-[a-z-]+,\s*(#[0-9a-f]{6})\)", re.IGNORECASE)
        found = []
        for path in shipped_files():
            text = path.read_text(encoding="utf-8", errors="replace")
            for number, line in enumerate(text.splitlines(), 1):
                if path.suffix in (".scss", ".css"):
                    hits = [c for c in fallback.findall(line) if c.lower() in values]
                else:
                    match = pattern.search(line)
                    hits = [match.group()] if match else []
                found += [f"{path.relative_to(ROOT)}:{number}: {hit}" for hit in hits]
        self.assertEqual(found, [], "a town's data in code:\n" + "\n".join(found))

    def test_the_default_colours_suit_white_text(self):
        from ville.theme.look import contrast
        from ville.theme.look import DEFAULT_COLORS

        for name, color in DEFAULT_COLORS.items():
            self.assertGreaterEqual(contrast(color, "#ffffff"), 4.5, name)
