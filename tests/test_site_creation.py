"""Site creation from a municipality profile: once, whole, or not at all."""

from pathlib import Path
from tests.layers import SITE_FUNCTIONAL
from unittest import mock
from ville_site import site as site_module
from ville_site.settings import from_environ

import transaction
import unittest


ROOT = Path(__file__).resolve().parent.parent


class TestEnsureSite(unittest.TestCase):
    layer = SITE_FUNCTIONAL

    def setUp(self):
        self.app = self.layer["app"]
        self.settings = from_environ(
            {"SITE_ID": "commune", "ADMIN_USER": "gestionnaire", "ADMIN_PASSWORD": "pw"}
        )

    def test_created_once_then_found(self):
        self.assertTrue(site_module.ensure_site(self.app, self.settings))
        portal = self.app["commune"]
        self.assertEqual(portal.title, "Ville de Péruwelz")
        portal.title = "Changed through the web"
        transaction.commit()
        self.assertFalse(site_module.ensure_site(self.app, self.settings))
        self.assertEqual(self.app["commune"].title, "Changed through the web")
        self.assertIsNotNone(self.app.acl_users.getUser("gestionnaire"))

    def test_profile_content_is_owned_by_the_admin(self):
        site_module.ensure_site(self.app, self.settings)
        portal = self.app["commune"]
        self.assertEqual(portal.getOwner().getId(), "gestionnaire")
        created = [obj for obj in portal.objectValues() if hasattr(obj, "portal_type")
                   and obj.portal_type in ("Folder", "Document")]
        self.assertTrue(created, "the profile created no content")
        for obj in created:
            self.assertEqual(obj.getOwner().getId(), "gestionnaire", obj.getId())

    def test_failure_while_applying_the_profile_leaves_nothing(self):
        def broken(portal, loaded):
            raise RuntimeError("disk full")

        with mock.patch.object(site_module, "apply_all", broken):
            with self.assertRaises(RuntimeError):
                site_module.ensure_site(self.app, self.settings)
        transaction.abort()
        self.assertNotIn("commune", self.app.objectIds())
        self.assertIsNone(self.app.acl_users.getUser("gestionnaire"))

    def test_mail_settings_come_from_the_environment(self):
        from plone import api

        settings = from_environ(
            {"SITE_ID": "commune", "SMTP_HOST": "mail.example.org", "SMTP_PORT": "2525",
             "MAIL_FROM": "noreply@example.org"}
        )
        site_module.ensure_site(self.app, settings)
        from zope.component.hooks import setSite

        setSite(self.app["commune"])
        self.assertEqual(api.portal.get_registry_record("plone.smtp_host"), "mail.example.org")
        self.assertEqual(api.portal.get_registry_record("plone.smtp_port"), 2525)
        self.assertEqual(
            api.portal.get_registry_record("plone.email_from_address"), "noreply@example.org"
        )
        setSite(self.layer["portal"])
