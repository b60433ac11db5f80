"""Upgrades between releases of ville.eguichet: its 1.0.0 state (frozen in
``tests/release_1_0_0/``) upgraded must equal a fresh install (see
``ville.testing.upgrades``; freeze each later release the same way)."""

from Acquisition import aq_parent
from plone import api
from plone.app.testing import TEST_USER_ID
from plone.uuid.interfaces import IMutableUUID
from ville.eguichet import engine
from ville.eguichet.testing import VILLE_EGUICHET_UPGRADE_TESTING
from ville.testing.upgrades import UpgradeChecks

import unittest


class TestUpgrades(UpgradeChecks, unittest.TestCase):
    layer = VILLE_EGUICHET_UPGRADE_TESTING

    PROFILE = "ville.eguichet:default"

    # Release -> the profile of its frozen installed state.
    RELEASES = {
        "1.0.0": "ville.eguichet:release_1_0_0",
    }

    # Requests a site holds when it is upgraded, submitted the same way after the
    # fresh install, so that upgrade steps are checked on existing requests too
    # (workflow role mappings, reindexing): (id, transitions).
    SAMPLES = (
        ("submitted", ()),
        ("taken", ("take",)),
        ("ready", ("take", "mark_ready")),
    )

    # (category, key) -> why an upgraded site rightly differs from a fresh one
    # (e.g. a site keeps the value its managers chose). Empty: none so far.
    ACCEPTED = {}

    def add_samples(self):
        """Requests submitted through a form, under fixed ids (references are
        random) so that both sites name them alike."""
        form = api.content.create(
            container=self.portal, type="EasyForm", id="form", title="Formulaire")
        # Requests name their form by UID: the same in both sites.
        IMutableUUID(form).set("0f0e0d0c0b0a09080706050403020100")
        form.reindexObject()
        wtool = self.portal.portal_workflow
        for obj_id, transitions in self.SAMPLES:
            request = engine.create_request(
                form, {"name": obj_id}, requester=TEST_USER_ID,
                requester_email="citoyen@commune.test",
            )
            store = aq_parent(request)
            store.manage_renameObject(request.getId(), obj_id)
            request = store[obj_id]
            request.reference = request.title = obj_id
            request.reindexObject()
            for transition in transitions:
                wtool.doActionFor(request, transition)


class TestIdentityMigration(unittest.TestCase):
    """The actions models saved with ``allow_anonymous`` say ``identity``."""

    def test_rewrite_model(self):
        from ville.eguichet.upgrades.w13_identity import rewrite_model

        old = "<field><allow_anonymous>True</allow_anonymous><x/></field>"
        self.assertEqual(rewrite_model(old), "<field><identity>none</identity><x/></field>")
        old = "<field><allow_anonymous>False</allow_anonymous></field>"
        self.assertEqual(rewrite_model(old), "<field><identity>password</identity></field>")
        both = "<field><identity>eid</identity><allow_anonymous>True</allow_anonymous></field>"
        self.assertEqual(rewrite_model(both), "<field><identity>eid</identity></field>")
        self.assertEqual(rewrite_model("<field/>"), "<field/>")
