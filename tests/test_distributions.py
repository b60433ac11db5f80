"""Each add-on's built wheel (and ville.core's) holds every file its package
needs at run time.

The project's own tests run on editable installs, which read the source
tree: a file left out of a distribution (the Diazo theme's index.html and
manifest.cfg once were) is only seen by building the wheel.
"""

from pathlib import Path

import shutil
import subprocess
import sys
import tempfile
import unittest
import zipfile


ROOT = Path(__file__).resolve().parent.parent
# The add-ons and ville.core, the reader of the profiles they require.
DISTRIBUTIONS = ("ville.core", "ville.policy", "ville.theme", "ville.eguichet")


def tracked_package_files(addon: str) -> set[str]:
    """Files under the add-on's ``ville/`` package, as git tracks them."""
    listing = subprocess.run(
        ["git", "ls-files", "ville"],
        cwd=ROOT / "src" / addon,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    return {name for name in listing if not name.endswith((".pyc", ".pyo"))}


class WheelsLayer:
    """The four wheels, built once for the module's tests. A zope.testrunner
    layer: the runner does not call unittest's setUpClass."""

    @classmethod
    def setUp(cls):
        cls.folder = Path(tempfile.mkdtemp())
        cls.wheels = {}
        try:
            for addon in DISTRIBUTIONS:
                # No build isolation: the pinned setuptools of the virtualenv
                # builds, as `make install` does, without reaching an index.
                subprocess.run(
                    [sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps",
                     "--no-build-isolation", "--disable-pip-version-check",
                     "-w", str(cls.folder), str(ROOT / "src" / addon)],
                    check=True,
                    capture_output=True,
                    timeout=300,
                )
                stem = addon.replace(".", "_")
                (wheel,) = cls.folder.glob(f"{stem}-*.whl")
                cls.wheels[addon] = wheel
        except BaseException:
            cls.tearDown()
            raise

    @classmethod
    def tearDown(cls):
        shutil.rmtree(cls.folder, ignore_errors=True)
        for addon in DISTRIBUTIONS:
            # setuptools leaves its build folder in the source tree.
            shutil.rmtree(ROOT / "src" / addon / "build", ignore_errors=True)


class TestWheelContents(unittest.TestCase):
    layer = WheelsLayer

    def test_every_package_file_is_in_the_wheel(self):
        for addon in DISTRIBUTIONS:
            with self.subTest(addon=addon):
                with zipfile.ZipFile(self.layer.wheels[addon]) as wheel:
                    names = set(wheel.namelist())
                missing = sorted(tracked_package_files(addon) - names)
                self.assertEqual(missing, [], f"{addon}: files missing from the wheel")

    def test_theme_wheel_carries_the_diazo_theme(self):
        with zipfile.ZipFile(self.layer.wheels["ville.theme"]) as wheel:
            names = set(wheel.namelist())
        for name in ("index.html", "manifest.cfg", "rules.xml"):
            self.assertIn(f"ville/theme/theme/{name}", names)

    def test_no_compiled_python_in_the_wheel(self):
        for addon in DISTRIBUTIONS:
            with zipfile.ZipFile(self.layer.wheels[addon]) as wheel:
                stray = [n for n in wheel.namelist() if n.endswith(".pyc") or "__pycache__" in n]
            self.assertEqual(stray, [], addon)
