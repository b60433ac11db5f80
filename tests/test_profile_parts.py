"""The one loader of the municipality profile (ville.core) finds the parts
the three add-ons declare through their ``ville.profile`` entry points, the
identity first: no module names a sibling add-on."""

from pathlib import Path
from ville.core.profile import load_all
from ville.core.profile import parts

import unittest


PROFILES = Path(__file__).resolve().parent.parent / "profiles"


class TestProfileParts(unittest.TestCase):
    def test_each_add_on_declares_its_part_in_order(self):
        self.assertEqual(
            [part.name for part in parts()],
            ["ville.policy", "ville.theme", "ville.eguichet"],
        )

    def test_the_whole_example_profile_is_checked(self):
        loaded = load_all(PROFILES / "exemple")
        (identity, look, forms) = (data for _part, data in loaded)
        self.assertTrue(identity["name"])
        self.assertIn("contact", look)
        self.assertIn("procedures", forms)
