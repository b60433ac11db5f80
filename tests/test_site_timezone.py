"""The site's time zone comes from the profile's municipality.yaml
(``plone.portal_timezone``), and the add-ons show dates in it with the
process in TZ=UTC, as on servers."""

from datetime import datetime
from datetime import timezone
from pathlib import Path
from tests.layers import SITE_FUNCTIONAL
from ville_site import site as site_module
from ville_site.settings import from_environ
from zope.component.hooks import setSite

import os
import shutil
import tempfile
import time
import unittest


ROOT = Path(__file__).resolve().parent.parent


class TestSiteTimezone(unittest.TestCase):
    layer = SITE_FUNCTIONAL

    def setUp(self):
        self._tz = os.environ.get("TZ")
        os.environ["TZ"] = "UTC"
        time.tzset()
        self.app = self.layer["app"]

    def tearDown(self):
        setSite(self.layer["portal"])
        if self._tz is None:
            os.environ.pop("TZ", None)
        else:
            os.environ["TZ"] = self._tz
        time.tzset()

    def create(self, profiles_dir, profile):
        settings = from_environ({
            "SITE_ID": "commune", "ADMIN_USER": "gestionnaire", "ADMIN_PASSWORD": "pw",
            "PROFILES_DIR": str(profiles_dir), "PROFILE": profile,
        })
        site_module.ensure_site(self.app, settings)
        setSite(self.app["commune"])

    def shown(self):
        """How each add-on writes 15 July 2026 07:00 UTC."""
        from ville.eguichet import dates as eguichet_dates
        from ville.policy import dates as policy_dates
        from ville.theme import dates as theme_dates

        instant = datetime(2026, 7, 15, 7, 0, tzinfo=timezone.utc)
        return {
            eguichet_dates.format_datetime(instant),
            policy_dates.now_local(instant).strftime("%d/%m/%Y %H:%M"),
            theme_dates.to_local(instant).strftime("%d/%m/%Y %H:%M"),
        }

    def test_brussels_from_the_profile(self):
        from plone import api

        self.create(ROOT / "profiles", "peruwelz")
        self.assertEqual(
            api.portal.get_registry_record("plone.portal_timezone"), "Europe/Brussels"
        )
        self.assertEqual(self.shown(), {"15/07/2026 09:00"})

    def test_another_zone_in_the_profile_is_followed(self):
        from plone import api

        with tempfile.TemporaryDirectory() as tmp:
            shutil.copytree(ROOT / "profiles" / "exemple", Path(tmp) / "ailleurs")
            yaml = Path(tmp) / "ailleurs" / "municipality.yaml"
            yaml.write_text(
                yaml.read_text().replace("timezone: Europe/Brussels", "timezone: Europe/London")
            )
            self.create(Path(tmp), "ailleurs")
        self.assertEqual(api.portal.get_registry_record("plone.portal_timezone"), "Europe/London")
        self.assertEqual(self.shown(), {"15/07/2026 08:00"})
