"""Upgrades between releases, checked the same way for each add-on.

Each add-on's ``tests/test_upgrades.py`` defines a TestCase with this mixin:
its layer (Plone with the frozen release profiles registered), ``PROFILE``,
``RELEASES`` (release -> the profile of its frozen installed state),
``ACCEPTED`` and ``add_samples`` (the content a site holds when upgraded).
The check installs the frozen state, runs the upgrade steps and compares the
whole site with a fresh install of the current profile (``upgradecheck``).
"""

from plone.app.testing import applyProfile
from plone.app.testing import setRoles
from plone.app.testing import TEST_USER_ID
from Products.GenericSetup.upgrade import normalize_version
from ville.testing import upgradecheck

import transaction


class UpgradeChecks:
    PROFILE = ""
    RELEASES = {}
    # (category, key) -> why an upgraded site rightly differs from a fresh one.
    ACCEPTED = {}

    def setUp(self):
        self.portal = self.layer["portal"]
        self.setup = self.portal.portal_setup
        setRoles(self.portal, TEST_USER_ID, ["Manager"])

    def add_samples(self):
        """Content created the same way on both sites, so that upgrade steps
        are checked on existing content too (role mappings, reindexing)."""

    def snapshot(self):
        return upgradecheck.snapshot(self.portal, ignore_profiles=self.RELEASES.values())

    def fresh_install(self):
        """What installing the current profile leaves, on a site left as it was."""
        savepoint = transaction.savepoint()
        applyProfile(self.portal, self.PROFILE)
        self.add_samples()
        fresh = self.snapshot()
        savepoint.rollback()
        return fresh

    def check_upgrade_from(self, release):
        fresh = self.fresh_install()
        frozen = self.RELEASES[release]
        applyProfile(self.portal, frozen)
        self.add_samples()
        # The frozen metadata.xml holds the release's profile version.
        version = self.setup.getLastVersionForProfile(frozen)
        self.setup.setLastVersionForProfile(self.PROFILE, version)
        self.setup.upgradeProfile(self.PROFILE)

        current = self.setup.getVersionForProfile(self.PROFILE)
        reached = ".".join(self.setup.getLastVersionForProfile(self.PROFILE))
        if reached != current:
            self.fail(
                f"{self.PROFILE} upgraded from {release} (profile version "
                f"{'.'.join(version)}) stops at {reached}: metadata.xml says "
                f"{current}, an upgrade step to {current} is missing"
            )
        problems = upgradecheck.differences(self.snapshot(), fresh, self.ACCEPTED)
        if problems:
            self.fail(
                f"{self.PROFILE} upgraded from {release} differs from a fresh install "
                "(an upgrade step is missing or incomplete):\n" + "\n".join(problems)
            )

    def test_release_fixtures_install_an_older_profile_version(self):
        for release, frozen in self.RELEASES.items():
            savepoint = transaction.savepoint()
            applyProfile(self.portal, frozen)
            version = self.setup.getLastVersionForProfile(frozen)
            self.assertNotEqual(version, "unknown", release)
            self.assertLessEqual(
                normalize_version(version),
                normalize_version(self.setup.getVersionForProfile(self.PROFILE)),
                release,
            )
            savepoint.rollback()

    def test_upgrade_from_every_release(self):
        for release in self.RELEASES:
            with self.subTest(release=release):
                self.check_upgrade_from(release)
