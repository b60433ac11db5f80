"""Upgrades between releases of ville.policy: its 1.0.0 state (frozen in
``tests/release_1_0_0/``) upgraded must equal a fresh install (see
``ville.testing.upgrades``; freeze each later release the same way)."""

from plone.dexterity.utils import createContentInContainer
from ville.policy.testing import VILLE_POLICY_UPGRADE_TESTING
from ville.testing.upgrades import UpgradeChecks

import unittest


class TestUpgrades(UpgradeChecks, unittest.TestCase):
    layer = VILLE_POLICY_UPGRADE_TESTING

    PROFILE = "ville.policy:default"

    # Release -> the profile of its frozen installed state.
    RELEASES = {
        "1.0.0": "ville.policy:release_1_0_0",
    }

    # Content a site holds when it is upgraded, created the same way after the
    # fresh install, so that upgrade steps are checked on existing content too
    # (workflow role mappings, reindexing): (container, type, id, transitions).
    SAMPLES = (
        ("", "Folder", "section", ("publish",)),
        ("section", "Document", "page", ("submit",)),
        ("section", "News Item", "news", ("publish",)),
        ("section", "Procedure", "procedure", ("publish",)),
        ("section", "PublicService", "service", ()),
        ("section", "Roadwork", "roadwork", ("publish",)),
        ("section", "Shop", "shop", ("publish",)),
        ("section", "CommercialPremises", "premises", ()),
        ("section", "QuickAccess", "button", ("publish",)),
        ("section", "Alert", "alert", ("publish",)),
    )

    # (category, key) -> why an upgraded site rightly differs from a fresh one
    # (e.g. a site keeps the value its managers chose). Empty: none so far.
    ACCEPTED = {}

    def add_samples(self):
        wtool = self.portal.portal_workflow
        for container, portal_type, obj_id, transitions in self.SAMPLES:
            parent = self.portal.unrestrictedTraverse(container or "")
            obj = createContentInContainer(
                parent, portal_type, checkConstraints=False, id=obj_id, title=obj_id)
            for transition in transitions:
                wtool.doActionFor(obj, transition)
