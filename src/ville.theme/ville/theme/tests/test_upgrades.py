"""Upgrades between releases of ville.theme (issue 17).

Each release's installed state is frozen in ``tests/release_<version>/``
(1.0.0 is the first release). A site holding that state, upgraded with
portal_setup's upgrade steps to the current profile version, must hold what
a fresh install of the current profile holds (``upgradecheck.snapshot``:
registry, permissions, workflows and chains, types, catalog, groups, control
panels, browser layers, profile versions, and the content: what the install
handler creates and SAMPLES, created before the upgrade in one site and after
the install in the other). A change of the profile or of the install handler
without its upgrade step fails here, one line per differing item.

When a later release is made, freeze it the same way (copy
``profiles/default`` and the install handler's logic into
``tests/release_<version>/``, register it in testing.py's upgrade layer) and
add it to RELEASES.
"""

from plone.app.testing import applyProfile
from plone.app.testing import setRoles
from plone.app.testing import TEST_USER_ID
from plone.dexterity.utils import createContentInContainer
from Products.GenericSetup.upgrade import normalize_version
from ville.theme.testing import VILLE_THEME_UPGRADE_TESTING
from ville.theme.tests import upgradecheck

import transaction
import unittest


PROFILE = "ville.theme:default"

# Release -> the profile of its frozen installed state.
RELEASES = {
    "1.0.0": "ville.theme:release_1_0_0",
}

# Content a site holds when it is upgraded, created the same way after the
# fresh install, so that upgrade steps are checked on existing content too
# (workflow role mappings, reindexing): (container, type, id, transitions).
SAMPLES = (
    ("", "Document", "page", ()),
)

# (category, key) -> why an upgraded site rightly differs from a fresh one
# (e.g. a site keeps the value its managers chose).
ACCEPTED = {
    # The defaults became neutral (issue 12); a site keeps the colours it has
    # (its municipality's, from its profile or the control panel).
    ("registry record", f"ville.theme.{name}"): "a site keeps its colours"
    for name in ("primary_color", "secondary_color", "accent_color")
}


class TestUpgrades(unittest.TestCase):
    layer = VILLE_THEME_UPGRADE_TESTING

    def setUp(self):
        self.portal = self.layer["portal"]
        self.setup = self.portal.portal_setup
        setRoles(self.portal, TEST_USER_ID, ["Manager"])

    def snapshot(self):
        return upgradecheck.snapshot(self.portal, ignore_profiles=RELEASES.values())

    def add_samples(self):
        wtool = self.portal.portal_workflow
        for container, portal_type, obj_id, transitions in SAMPLES:
            parent = self.portal.unrestrictedTraverse(container or "")
            obj = createContentInContainer(
                parent, portal_type, checkConstraints=False, id=obj_id, title=obj_id)
            for transition in transitions:
                wtool.doActionFor(obj, transition)

    def fresh_install(self):
        """What installing the current profile leaves, on a site left as it was."""
        savepoint = transaction.savepoint()
        applyProfile(self.portal, PROFILE)
        self.add_samples()
        fresh = self.snapshot()
        savepoint.rollback()
        return fresh

    def check_upgrade_from(self, release):
        fresh = self.fresh_install()
        frozen = RELEASES[release]
        applyProfile(self.portal, frozen)
        self.add_samples()
        # The frozen metadata.xml holds the release's profile version.
        version = self.setup.getLastVersionForProfile(frozen)
        self.setup.setLastVersionForProfile(PROFILE, version)
        self.setup.upgradeProfile(PROFILE)

        current = self.setup.getVersionForProfile(PROFILE)
        reached = ".".join(self.setup.getLastVersionForProfile(PROFILE))
        if reached != current:
            self.fail(
                f"{PROFILE} upgraded from {release} (profile version "
                f"{'.'.join(version)}) stops at {reached}: metadata.xml says "
                f"{current}, an upgrade step to {current} is missing"
            )
        problems = upgradecheck.differences(self.snapshot(), fresh, ACCEPTED)
        if problems:
            self.fail(
                f"{PROFILE} upgraded from {release} differs from a fresh install "
                "(an upgrade step is missing or incomplete):\n" + "\n".join(problems)
            )

    def test_release_fixtures_install_an_older_profile_version(self):
        for release, frozen in RELEASES.items():
            savepoint = transaction.savepoint()
            applyProfile(self.portal, frozen)
            version = self.setup.getLastVersionForProfile(frozen)
            self.assertNotEqual(version, "unknown", release)
            self.assertLessEqual(
                normalize_version(version),
                normalize_version(self.setup.getVersionForProfile(PROFILE)),
                release,
            )
            savepoint.rollback()

    def test_upgrade_from_1_0_0(self):
        self.check_upgrade_from("1.0.0")
