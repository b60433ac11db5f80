"""One registry record per setting (issue 12): on the assembled site the
municipality's contact, hours, tagline and social links live only in
ville.theme's records, and ville.policy's upgrade 1003 moves a 1.0.0 site's
values there (where the theme's were empty, as the theme showed them)."""

from plone import api
from plone.registry import field
from plone.registry import Record
from plone.registry.interfaces import IRegistry
from tests.layers import PROFILES
from tests.layers import SITE_FUNCTIONAL
from ville.policy.upgrades import w12_settings
from zope.component import getUtility

import unittest
import yaml


OLD_TEXT = ("tagline", "organisation", "street", "postal_code", "city", "phone",
            "email", "iban", "bic")


class TestSettingsOwners(unittest.TestCase):
    layer = SITE_FUNCTIONAL

    def setUp(self):
        self.registry = getUtility(IRegistry)

    def test_one_record_per_setting(self):
        names = set(self.registry.records.keys())
        self.assertFalse([n for n in names if n.startswith("ville.municipality.")
                          and n.split(".")[-1] in OLD_TEXT + ("opening_hours",)])
        self.assertNotIn("ville.policy.social_links", names)
        town = yaml.safe_load((PROFILES / "peruwelz" / "municipality.yaml").read_text("utf-8"))
        self.assertEqual(self.registry["ville.theme.phone"], town["contact"]["phone"])
        self.assertEqual(self.registry["ville.theme.hours_monday"],
                         town["opening_hours"]["monday"])
        self.assertEqual(len(self.registry["ville.theme.social_links"]), len(town["social"]))
        self.assertEqual(self.registry["ville.municipality.name"], town["name"])

    def old_record(self, name, value):
        kind = field.Dict(key_type=field.TextLine(), value_type=field.TextLine()) \
            if isinstance(value, dict) else field.List(value_type=field.TextLine()) \
            if isinstance(value, list) else field.TextLine()
        self.registry.records[name] = Record(kind, value)

    def test_upgrade_moves_what_the_theme_showed(self):
        for name in ("street", "phone"):
            self.registry[f"ville.theme.{name}"] = ""
        self.registry["ville.theme.city"] = "Ville du thème"
        self.registry["ville.theme.social_links"] = []
        for day in ("monday", "tuesday", "wednesday", "thursday", "friday",
                    "saturday", "sunday"):
            self.registry[f"ville.theme.hours_{day}"] = ""
        self.old_record("ville.municipality.street", "Rue Ancienne 1")
        self.old_record("ville.municipality.phone", "+32 69 00 00 00")
        self.old_record("ville.municipality.city", "Ville de la politique")
        self.old_record("ville.municipality.iban", "BE73 0910 0051 7260")
        self.old_record("ville.municipality.opening_hours", {"tuesday": "09:00-12:00"})
        self.old_record("ville.policy.social_links", ["Facebook|https://facebook.com/x"])

        w12_settings.upgrade(api.portal.get_tool("portal_setup"))

        self.assertEqual(self.registry["ville.theme.street"], "Rue Ancienne 1")
        self.assertEqual(self.registry["ville.theme.phone"], "+32 69 00 00 00")
        self.assertEqual(self.registry["ville.theme.city"], "Ville du thème")  # kept
        self.assertEqual(self.registry["ville.theme.hours_tuesday"], "09:00-12:00")
        self.assertEqual(self.registry["ville.theme.hours_monday"], "")
        self.assertEqual(self.registry["ville.theme.social_links"],
                         ["Facebook|https://facebook.com/x"])
        for name in ("ville.municipality.street", "ville.municipality.phone",
                     "ville.municipality.city", "ville.municipality.iban",
                     "ville.municipality.opening_hours", "ville.policy.social_links"):
            self.assertNotIn(name, self.registry.records, name)
