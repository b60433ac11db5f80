"""The one loader: the parts the installed distributions declare (entry
points, as a real distribution's metadata gives them), every part checked
before any is written."""

from pathlib import Path
from ville.core.profile import apply_all
from ville.core.profile import load_all
from ville.core.profile import parts
from ville.core.profilefile import ProfileError

import importlib
import sys
import tempfile
import unittest


GROUP = "ville.profile.test"
MODULE = "ville_core_test_parts"
PARTS = '''
from ville.core.profile import ProfilePart
from ville.core.profilefile import ProfileError

WRITTEN = []


def loader(name, bad_file):
    def load(profile_dir):
        if (profile_dir / bad_file).exists():
            raise ProfileError(f"{profile_dir / bad_file}: field 'a.b' is missing")
        return name
    return load


def apply(portal, data):
    WRITTEN.append(data)


IDENTITY = ProfilePart("identity", 10, loader("identity", "bad-identity"), apply)
LOOK = ProfilePart("look", 20, loader("look", "bad-look"), apply)
FORMS = ProfilePart("forms", 30, loader("forms", "bad-forms"), apply)
NOT_A_PART = object()
'''
# Two distributions, listed out of order; the second declares its part twice
# (as an egg-info beside a dist-info can).
DISTRIBUTIONS = {
    "ville_test_forms-1.0.dist-info": f"forms = {MODULE}:FORMS\nidentity = {MODULE}:IDENTITY\n",
    "ville_test_look-1.0.dist-info": f"look = {MODULE}:LOOK\nlook-again = {MODULE}:LOOK\n",
}


class TestLoader(unittest.TestCase):
    def setUp(self):
        folder = tempfile.TemporaryDirectory()
        self.addCleanup(folder.cleanup)
        root = Path(folder.name)
        (root / f"{MODULE}.py").write_text(PARTS, encoding="utf-8")
        for info, points in DISTRIBUTIONS.items():
            (root / info).mkdir()
            name = info.split("-")[0]
            (root / info / "METADATA").write_text(
                f"Metadata-Version: 2.1\nName: {name}\nVersion: 1.0\n", encoding="utf-8")
            (root / info / "entry_points.txt").write_text(
                f"[{GROUP}]\n{points}", encoding="utf-8")
        sys.path.insert(0, folder.name)
        self.addCleanup(sys.path.remove, folder.name)
        self.addCleanup(sys.modules.pop, MODULE, None)
        importlib.invalidate_caches()
        self.profile = root / "profile"
        self.profile.mkdir()
        self.written = importlib.import_module(MODULE).WRITTEN

    def test_parts_in_their_order_each_once(self):
        self.assertEqual([p.name for p in parts(GROUP)], ["identity", "look", "forms"])
        self.assertEqual(parts("ville.profile.nothing"), [])

    def test_everything_is_checked_before_anything_is_written(self):
        loaded = load_all(self.profile, GROUP)
        self.assertEqual([data for _part, data in loaded], ["identity", "look", "forms"])
        self.assertEqual(self.written, [])
        apply_all("portal", loaded)
        self.assertEqual(self.written, ["identity", "look", "forms"])

        (self.profile / "bad-forms").touch()
        with self.assertRaises(ProfileError) as caught:
            load_all(self.profile, GROUP)
        self.assertEqual(str(caught.exception),
                         f"{self.profile / 'bad-forms'}: field 'a.b' is missing")
        with self.assertRaises(ProfileError) as caught:
            load_all(self.profile / "nowhere", GROUP)
        self.assertEqual(str(caught.exception),
                         f"{self.profile / 'nowhere'}: no such municipality profile")

    def test_an_entry_point_that_is_not_a_part_is_refused(self):
        info = Path(sys.path[0]) / "ville_test_look-1.0.dist-info" / "entry_points.txt"
        info.write_text(f"[{GROUP}]\nlook = {MODULE}:NOT_A_PART\n", encoding="utf-8")
        importlib.invalidate_caches()
        with self.assertRaises(TypeError):
            parts(GROUP)
