"""Colours and opening hours (pure functions)."""

from datetime import datetime
from ville.theme.look import contrast
from ville.theme.look import is_open
from ville.theme.look import parse_slots
from zoneinfo import ZoneInfo

import unittest


BRUSSELS = ZoneInfo("Europe/Brussels")
HOURS = {"monday": "08:30-12:00, 13:30-16:30", "saturday": "09:00-11:30"}


class TestLook(unittest.TestCase):
    def test_contrast(self):
        self.assertAlmostEqual(contrast("#000000", "#ffffff"), 21, places=1)
        self.assertGreater(contrast("#004f7c", "#ffffff"), 4.5)
        self.assertLess(contrast("#ffcc00", "#ffffff"), 4.5)

    def test_parse_slots(self):
        self.assertEqual(len(parse_slots("08:30-12:00, 13:30-16:30")), 2)
        self.assertEqual(parse_slots(""), [])
        for bad in ("8-12", "12:00-08:00", "25:00-26:00"):
            with self.assertRaises(ValueError):
                parse_slots(bad)

    def test_open_now_edges_in_brussels_time(self):
        monday = datetime(2026, 11, 30, tzinfo=BRUSSELS)  # a Monday
        self.assertFalse(is_open(HOURS, monday.replace(hour=8, minute=29)))
        self.assertTrue(is_open(HOURS, monday.replace(hour=8, minute=30)))
        self.assertTrue(is_open(HOURS, monday.replace(hour=11, minute=59)))
        self.assertFalse(is_open(HOURS, monday.replace(hour=12, minute=0)))  # lunch
        self.assertTrue(is_open(HOURS, monday.replace(hour=13, minute=30)))
        self.assertFalse(is_open(HOURS, monday.replace(day=29, hour=10)))  # Sunday

    def test_open_now_converts_utc_to_brussels(self):
        # 07:45 UTC is 08:45 in Brussels in winter (CET), 09:45 in summer (CEST)
        winter = datetime(2026, 11, 30, 7, 45, tzinfo=ZoneInfo("UTC"))
        self.assertTrue(is_open(HOURS, winter))
        summer_saturday = datetime(2026, 6, 27, 9, 45, tzinfo=ZoneInfo("UTC"))  # 11:45 CEST
        self.assertFalse(is_open(HOURS, summer_saturday))
        self.assertTrue(is_open(HOURS, summer_saturday.replace(hour=9, minute=15)))

    def test_hours_with_a_remark(self):
        hours = {"saturday": "09:00-11:30 (sur rendez-vous)"}
        saturday = datetime(2026, 11, 28, 10, 0, tzinfo=BRUSSELS)
        self.assertTrue(is_open(hours, saturday))
        self.assertFalse(is_open(hours, saturday.replace(hour=12)))

    def test_unknown_hours(self):
        self.assertIsNone(is_open({}))
        self.assertIsNone(is_open({"monday": ""}))
