"""An existing site started with newer code (make run, buildout, the
cluster): ville_site brings its profiles up to date before it serves."""

from tests.layers import SITE_FUNCTIONAL
from ville_site.site import upgrade_profiles

import unittest


PROFILE = "ville.eguichet:default"


class TestUpgradeAtStart(unittest.TestCase):
    layer = SITE_FUNCTIONAL

    def test_pending_steps_run_once(self):
        portal = self.layer["portal"]
        setup = portal.portal_setup
        catalog = portal.portal_catalog
        latest = setup.getLastVersionForProfile(PROFILE)
        self.assertEqual(upgrade_profiles(portal), [])  # a fresh site: nothing
        # The site as the e-guichet 1003 left it: no row metadata.
        catalog.delColumn("eguichet_row")
        setup.setLastVersionForProfile(PROFILE, "1003")
        self.assertEqual(upgrade_profiles(portal), [PROFILE])
        self.assertIn("eguichet_row", catalog.schema())
        self.assertEqual(setup.getLastVersionForProfile(PROFILE), latest)
        self.assertEqual(upgrade_profiles(portal), [])
