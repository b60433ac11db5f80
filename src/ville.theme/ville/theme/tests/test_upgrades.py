"""Upgrades between releases of ville.theme: its 1.0.0 state (frozen in
``tests/release_1_0_0/``) upgraded must equal a fresh install (see
``ville.testing.upgrades``; freeze each later release the same way)."""

from plone.dexterity.utils import createContentInContainer
from ville.testing.upgrades import UpgradeChecks
from ville.theme.testing import VILLE_THEME_UPGRADE_TESTING

import unittest


class TestUpgrades(UpgradeChecks, unittest.TestCase):
    layer = VILLE_THEME_UPGRADE_TESTING

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

    def add_samples(self):
        wtool = self.portal.portal_workflow
        for container, portal_type, obj_id, transitions in self.SAMPLES:
            parent = self.portal.unrestrictedTraverse(container or "")
            obj = createContentInContainer(
                parent, portal_type, checkConstraints=False, id=obj_id, title=obj_id)
            for transition in transitions:
                wtool.doActionFor(obj, transition)
