"""The abuse limits' parts without a server: the sliding-window counters,
the settings installed and taken from the profile, and whom the mails of a
submission reach (the mail server is no relay). Split from
test_eguichet_limits.py."""

from plone import api
from plone.app.testing import setRoles
from plone.app.testing import TEST_USER_ID
from ville.eguichet import api as eguichet
from ville.eguichet import ratelimit
from ville.eguichet.testing import VILLE_EGUICHET_INTEGRATION_TESTING
from ville.eguichet.tests import base

import unittest


class TestCounters(unittest.TestCase):
    def test_sliding_window(self):
        counters = ratelimit.Counters()
        for now in (0, 10, 20):
            self.assertEqual(counters.wait("k", 3, 60, now=now), 0)
            counters.add("k", 3, 60, now=now)
        self.assertEqual(counters.wait("k", 3, 60, now=30), 30)
        self.assertEqual(counters.wait("k", 3, 60, now=60), 0)  # the first expired
        # Room for two more events only when two expired.
        self.assertEqual(counters.wait("k", 2, 60, now=30), 40)

    def test_memory_is_bounded(self):
        counters = ratelimit.Counters(max_keys=100)
        for number in range(1000):
            counters.add(f"address:{number}", 5, 60, number=50, now=0)
        self.assertEqual(len(counters), 100)
        self.assertTrue(all(len(events) <= 5 for events in counters._log.values()))

    def test_environment_variable(self):
        try:
            for value, enabled in (("off", False), ("OFF", False), ("0", False),
                                   ("on", True), ("", True), ("yes", True)):
                self.assertEqual(
                    ratelimit.read_environ({"EGUICHET_RATE_LIMITS": value}), enabled
                )
        finally:
            ratelimit.read_environ({})



class TestInstallation(unittest.TestCase):
    layer = VILLE_EGUICHET_INTEGRATION_TESTING

    def test_login_throttle_first_of_the_authenticators(self):
        from Products.PluggableAuthService.interfaces.plugins import (
            IAuthenticationPlugin,
        )
        from ville.eguichet.accounts import PLUGIN_ID

        plugins = self.layer["portal"].acl_users.plugins
        self.assertEqual(plugins.listPluginIds(IAuthenticationPlugin)[0], PLUGIN_ID)

    def test_upgrade_adds_the_records_and_the_plugin(self):
        from ville.eguichet.accounts import PLUGIN_ID
        from ville.eguichet.upgrades import w10_abuse

        portal = self.layer["portal"]
        setRoles(portal, TEST_USER_ID, ["Manager"])
        portal.acl_users._delObject(PLUGIN_ID)
        registry = portal.portal_registry
        del registry.records["ville.eguichet.limit_submissions_per_account"]
        api.portal.set_registry_record("plone.enable_self_reg", True)
        api.portal.set_registry_record("plone.enable_user_pwd_choice", True)
        w10_abuse.upgrade(portal.portal_setup)
        self.assertIn(PLUGIN_ID, portal.acl_users.objectIds())
        self.assertEqual(
            api.portal.get_registry_record("ville.eguichet.limit_submissions_per_account"),
            10,
        )
        self.assertFalse(api.portal.get_registry_record("plone.enable_user_pwd_choice"))


class TestProfileSettings(unittest.TestCase):
    def write(self, text):
        import tempfile
        from pathlib import Path

        folder = Path(tempfile.mkdtemp(prefix="eguichet-limits-"))
        self.addCleanup(__import__("shutil").rmtree, folder, True)
        (folder / "eguichet.yaml").write_text(text, encoding="utf-8")
        return folder

    def test_limits_and_attachments_from_the_profile(self):
        from ville.eguichet import municipality

        data = municipality.load(self.write(
            "limits:\n  submissions_per_account: 4\n"
            "attachments:\n  max_file_size_mb: 2\n  max_files: 3\n"))
        self.assertEqual(data["limits"]["submissions_per_account"], 4)
        self.assertEqual(data["limits"]["login_failures_per_address"], 10)
        self.assertEqual(data["attachments"], {"max_file_size_mb": 2, "max_files": 3})
        self.assertEqual(municipality.max_body_size(data["attachments"]),
                         6 * 1024 * 1024 * 4 // 3 + 1024 * 1024)

    def test_a_wrong_limit_names_the_field(self):
        from ville.eguichet import municipality

        with self.assertRaisesRegex(ValueError, r"field 'limits.logins' is not a limit"):
            municipality.load(self.write("limits:\n  logins: 3\n"))
        with self.assertRaisesRegex(ValueError, r"'limits.submissions_per_address' must"):
            municipality.load(self.write("limits:\n  submissions_per_address: -1\n"))


class TestMailRecipients(unittest.TestCase):
    """The town's mail server is no relay: a member's mails go to the
    account's address; an address typed on an anonymous form receives no
    text typed by the submitter."""

    layer = VILLE_EGUICHET_INTEGRATION_TESTING

    def setUp(self):
        self.portal = self.layer["portal"]
        self.request = self.layer["request"]
        base.make_users(self.portal)
        self.form = base.make_form(self.portal)
        self.anon_form = base.make_form(self.portal, id="anonyme", anonymous=True)
        self.mailhost = self.portal.MailHost
        self.mailhost.reset()

    def mails(self):
        import email

        return [email.message_from_bytes(m if isinstance(m, bytes) else m.encode())
                for m in self.mailhost.messages]

    def body(self, message):
        from ville.eguichet.tests.base import mail_text

        return mail_text(message)

    def test_member_mails_go_to_the_account_address(self):
        from plone.app.testing import login

        login(self.portal, base.CITIZEN)
        request, errors = eguichet.submit(
            self.form, base.valid_data(email="someone-else@example.net"), self.request)
        self.assertEqual(errors, {})
        receipts = [m for m in self.mails() if request.reference in m["Subject"]
                    and "agents@" not in m["To"]]
        self.assertEqual([m["To"] for m in receipts], ["citizen1@example.org"])
        self.assertNotIn("someone-else@example.net", [m["To"] for m in self.mails()])
        self.assertEqual(request.requester_email, "citizen1@example.org")

    def test_anonymous_receipt_carries_no_typed_text(self):
        from plone.app.testing import logout

        logout()
        spam = "Achetez des pilules sur http://spam.example"
        request, errors = eguichet.submit(
            self.anon_form,
            base.valid_data(email="victim@example.net", last_name=spam, first_name=spam),
            self.request,
        )
        self.assertEqual(errors, {})
        receipt = [m for m in self.mails() if m["To"] == "victim@example.net"]
        self.assertEqual(len(receipt), 1)
        text = self.body(receipt[0])
        self.assertIn(request.reference, text)
        self.assertIn(f"token={request.tracking_token}", text)
        self.assertNotIn("pilules", text)
        self.assertNotIn("spam.example", text)
        self.assertNotIn("85073003328", text)
