"""The add-ons as a buildout installs them: a buildout.cfg of its own (no
develop eggs) with the versions of the lock and the built distributions as
find-links, the same four sites and the same checks as the wheels
(test_installed_wheels.py, whose helpers and ``SiteChecks`` it uses)."""

from pathlib import Path
from tests.servers import free_port
from tests.servers import ROOT
from tests.servers import Server
from tests.test_installed_wheels import ADDONS
from tests.test_installed_wheels import ADMIN
from tests.test_installed_wheels import build_wheels
from tests.test_installed_wheels import clean_environ
from tests.test_installed_wheels import make_sites
from tests.test_installed_wheels import run
from tests.test_installed_wheels import SHARED
from tests.test_installed_wheels import shared_wheels
from tests.test_installed_wheels import SiteChecks

import shutil
import subprocess
import tempfile
import unittest


BUILDOUT = """\
[buildout]
extends = {root}/buildout/versions.cfg
parts =
    instance
    py
find-links = {dist}
# Third-party eggs are shared with tests/test_buildout.py (warm after its
# first run); ours are removed from there before and after.
eggs-directory = {eggs}
allow-picked-versions = false
newest = false

[versions]
{pins}

[instance]
recipe = plone.recipe.zope2instance
user = {admin}
http-address = 127.0.0.1:{port}
eggs =
    Plone
    ville.policy
    ville.theme
    ville.eguichet
file-storage = ${{buildout:directory}}/var/filestorage/Data.fs
blob-storage = ${{buildout:directory}}/var/blobstorage
environment-vars =
    zope_i18n_compile_mo_files true

[py]
recipe = zc.recipe.egg
eggs = ${{instance:eggs}}
interpreter = py
scripts = py
"""


class BuildoutEggsLayer:
    """The IMIO way: a buildout of its own (not the project's buildout.cfg,
    no develop eggs) takes the add-ons from the built distributions through
    find-links, at the versions of the lock; the same four sites, served by
    its bin/instance."""

    @classmethod
    def setUp(cls):
        cls.folder = Path(tempfile.mkdtemp(prefix="ville-eggs-"))
        cls.server = None
        try:
            cls.buildout()
            cls.result = make_sites(
                cls.folder, cls.folder / "bin" / "py",
                cls.folder / "parts" / "instance" / "etc" / "zope.conf", cls.env,
            )
            cls.server = Server(
                [str(cls.folder / "bin" / "instance"), "fg"],
                env=cls.env, cwd=cls.folder, log_path=cls.folder / "server.log",
            ).start()
            cls.url = f"http://localhost:{cls.port}"
            cls.server.wait_until_serving(f"{cls.url}/policy", timeout=240)
        except BaseException:
            cls.tearDown()
            raise

    @classmethod
    def our_eggs(cls, names=ADDONS):
        """Our add-ons' eggs (or those of ``names``) in the eggs directory
        (zc.buildout 5+ keeps them in a subfolder, eggs/v5)."""
        return [
            egg for pattern in ("*.egg", "*/*.egg") for egg in cls.eggs.glob(pattern)
            if egg.name.split("-")[0].replace("_", ".") in names
        ]

    @classmethod
    def remove_our_eggs(cls):
        for egg in cls.our_eggs(ADDONS + SHARED):
            if egg.is_dir():
                shutil.rmtree(egg)
            else:
                egg.unlink()

    @classmethod
    def buildout(cls):
        cls.eggs = ROOT / "eggs"
        cls.env = clean_environ()
        cls.wheels = build_wheels(cls.folder / "dist")
        cls.remove_our_eggs()
        cls.port = free_port()
        pins = "\n".join(
            f"{wheel.name.split('-')[0].replace('_', '.')} = {wheel.name.split('-')[1]}"
            for wheel in cls.wheels + shared_wheels(cls.folder / "dist")
        )
        (cls.folder / "buildout.cfg").write_text(BUILDOUT.format(
            root=ROOT, dist=cls.folder / "dist", eggs=cls.eggs, pins=pins,
            admin=":".join(ADMIN), port=cls.port,
        ), encoding="utf-8")
        subprocess.run(
            ["make", "-s", ".venv-buildout/bin/buildout"], cwd=ROOT, check=True, timeout=600
        )
        run([str(ROOT / ".venv-buildout" / "bin" / "buildout"), "-c", "buildout.cfg"],
            timeout=2400, cwd=cls.folder, env=cls.env)
        cls.site_packages = cls.eggs

    @classmethod
    def tearDown(cls):
        if cls.server is not None:
            cls.server.stop()
            cls.server = None
        cls.remove_our_eggs()
        shutil.rmtree(cls.folder, ignore_errors=True)


class TestBuildoutEggs(SiteChecks, unittest.TestCase):
    layer = BuildoutEggsLayer
    level = 2  # a buildout from the built distributions: minutes (cold: ~270 eggs)

    def test_the_add_ons_are_eggs_made_from_the_distributions(self):
        names = sorted(egg.name.split("-")[0] for egg in self.layer.our_eggs())
        self.assertEqual(names, sorted(ADDONS))
        self.assertEqual(list((self.layer.folder / "develop-eggs").glob("ville*")), [])
