"""The theme's part of a municipality profile: checks, and what apply stores."""

from pathlib import Path
from ville.theme import municipality
from ville.theme.interfaces import IThemeSettings
from ville.theme.look import DEFAULT_COLORS
from ville.theme.testing import VILLE_THEME_INTEGRATION_TESTING

import shutil
import tempfile
import unittest


PROFILES = Path(__file__).resolve().parents[5] / "profiles"
GOOD = """\
name: Commune de Test
logo: logo.svg
look:
  primary_color: "#123456"
  accent_color: "#8a1020"
  tagline: Une commune de test
  hero_image: hero.png
  legal_pages:
    - title: Accessibilité
      path: /accessibilite
contact:
  street: Rue de la Gare 1
  postal_code: "7000"
  city: Test
  phone: "+32 65 00 00 00"
  email: info@example.org
opening_hours:
  monday: "08:30-12:00, 13:00-16:00"
social:
  - title: Facebook
    url: https://www.facebook.com/example
"""


class TestLoad(unittest.TestCase):
    def setUp(self):
        self.dir = Path(tempfile.mkdtemp())
        (self.dir / "logo.svg").write_text("<svg xmlns='http://www.w3.org/2000/svg'/>")
        (self.dir / "hero.png").write_bytes(b"\x89PNG\r\n\x1a\n")

    def tearDown(self):
        shutil.rmtree(self.dir)

    def write(self, text):
        (self.dir / "municipality.yaml").write_text(text, encoding="utf-8")

    def assertRefused(self, text, *fragments):
        self.write(text)
        with self.assertRaises(ValueError) as caught:
            municipality.load(self.dir)
        message = str(caught.exception)
        self.assertNotIn("\n", message)
        self.assertIn("municipality.yaml", message)
        for fragment in fragments:
            self.assertIn(fragment, message)

    def test_good_profile(self):
        self.write(GOOD)
        data = municipality.load(self.dir)
        self.assertEqual(data["look"]["primary_color"], "#123456")
        self.assertEqual(data["look"]["secondary_color"], DEFAULT_COLORS["secondary_color"])
        self.assertEqual(data["look"]["eguichet_url"], "/e-guichet")  # default
        self.assertEqual(data["opening_hours"]["monday"], "08:30-12:00, 13:00-16:00")
        self.assertEqual(data["opening_hours"]["sunday"], "")
        self.assertEqual(data["social"][0]["url"], "https://www.facebook.com/example")
        self.assertEqual(data["look"]["legal_pages"][0]["path"], "/accessibilite")

    def test_the_shipped_profiles_load(self):
        for name in ("peruwelz", "exemple", "exemple-de"):
            data = municipality.load(PROFILES / name)
            self.assertTrue(data["look"]["primary_color"].startswith("#"))

    def test_bad_colour(self):
        self.assertRefused(GOOD.replace('"#123456"', "blue"), "look.primary_color", "like #")

    def test_colour_too_light_for_white_text(self):
        self.assertRefused(GOOD.replace('"#8a1020"', '"#ffcc00"'), "look.accent_color", "4.5:1")

    def test_missing_hero_image(self):
        self.assertRefused(GOOD.replace("hero.png", "absent.jpg"), "look.hero_image", "absent.jpg")

    def test_hero_outside_the_profile(self):
        self.assertRefused(GOOD.replace("hero.png", "../hero.png"), "look.hero_image")

    def test_bad_opening_hours(self):
        self.assertRefused(GOOD.replace("13:00-16:00", "13h-16h"), "opening_hours.monday")
        self.assertRefused(GOOD.replace("13:00-16:00", "16:00-13:00"), "opening_hours.monday")
        self.assertRefused(GOOD.replace("monday:", "lundi:"), "opening_hours.lundi")

    def test_social_link_must_be_https(self):
        self.assertRefused(GOOD.replace("https://www.facebook", "www.facebook"), "social[0].url")

    def test_legal_page_must_be_a_path(self):
        self.assertRefused(GOOD.replace("path: /accessibilite", "path: accessibilite"),
                           "look.legal_pages[0].path")

    def test_not_yaml(self):
        self.assertRefused("name: [unclosed", "not valid YAML")


class TestApply(unittest.TestCase):
    layer = VILLE_THEME_INTEGRATION_TESTING

    def test_apply_stores_the_look(self):
        from plone.registry.interfaces import IRegistry
        from zope.component import getUtility

        data = municipality.load(PROFILES / "peruwelz")
        municipality.apply(self.layer["portal"], data)
        registry = getUtility(IRegistry)
        settings = registry.forInterface(IThemeSettings, prefix="ville.theme")
        self.assertEqual(settings.primary_color, data["look"]["primary_color"])
        self.assertEqual(settings.tagline, data["look"]["tagline"])
        self.assertTrue(settings.hero_image.startswith(b"filenameb64:"))
        self.assertEqual(settings.hours_monday, data["opening_hours"]["monday"])
        self.assertEqual(len(settings.social_links), len(data["social"]))
        # Moved from ville.policy's test_tree (one record per setting).
        self.assertEqual(settings.phone, data["contact"]["phone"])
        self.assertIn(b"datab64:", registry["plone.site_logo"])

        # another municipality replaces it all (it has no hero image)
        other = municipality.load(PROFILES / "exemple")
        municipality.apply(self.layer["portal"], other)
        self.assertEqual(settings.primary_color, "#5b2a86")
        self.assertIsNone(settings.hero_image)
        self.assertEqual(settings.hours_saturday, "")
