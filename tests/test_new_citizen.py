"""A citizen who has never used the e-guichet, tried as a new user would:
finds the form, opens an account from it (confirming the e-mail address by
the link Plone mails, to a real SMTP server on loopback), orders a household
composition, and follows it to `ready` while an agent processes it, through
the web pages alone."""

from plone import api
from tests.layers import SITE_FUNCTIONAL
from tests.layers import webtest_app
from ville.eguichet.documents.tests.walk import AGENT
from ville.eguichet.documents.tests.walk import DocumentsWalk
from ville.eguichet.tests.smtpsink import free_port
from ville.eguichet.tests.smtpsink import SMTPSink

from ville.eguichet.tests.base import through_summary

import email
import re
import time
import transaction
import unittest


class TestNewCitizen(unittest.TestCase):
    layer = SITE_FUNCTIONAL

    def setUp(self):
        self.portal = self.layer["portal"]
        self.url = self.portal.absolute_url()
        with api.env.adopt_roles(["Manager"]):
            api.user.create(username=AGENT[0], password=AGENT[1], email="agente@example.be")
            api.group.add_user(groupname="agents-eguichet", username=AGENT[0])
        # Mails go to a real SMTP server on loopback, when the transaction
        # commits (no queue to wait for).
        self.sink = SMTPSink(free_port()).start()
        self.addCleanup(self.sink.stop)
        api.portal.set_registry_record("plone.smtp_host", "localhost")
        api.portal.set_registry_record("plone.smtp_port", self.sink.port)
        api.portal.set_registry_record("plone.email_from_address", "guichet@peruwelz.example")
        self.portal.MailHost.smtp_queue = False
        transaction.commit()
        self.app = webtest_app(self.layer)
        self.walk = DocumentsWalk()
        self.walk.app, self.walk.url, self.walk.portal = self.app, self.url, self.portal
        self.walk.assertIn = self.assertIn
        self.walk.assertIsNotNone = self.assertIsNotNone
        self.walk.assertEqual = self.assertEqual
        self.walk.fail = self.fail

    def test_from_the_form_to_a_ready_document(self):
        form_url = f"{self.url}/e-guichet/composition-de-menage"
        page = self.app.get(form_url)
        self.assertIn("connectez-vous à votre espace citoyen", page.text)
        register = page.click("Créer mon compte")

        form = register.forms["form-register"] if "form-register" in register.forms else register.forms[1]
        form["form.widgets.fullname"] = "Lucie Martin"
        form["form.widgets.username"] = "lucie"
        form["form.widgets.email"] = "lucie.martin@example.be"
        # No password in the form: Plone mails a link to choose it, which
        # confirms the address before the account can be used.
        self.assertNotIn("form.widgets.password", form.fields)
        response = form.submit("form.buttons.register").maybe_follow()
        self.assertNotIn("error", response.html.select_one("#content").get("class", []))
        transaction.begin()
        self.assertIsNotNone(api.user.get(username="lucie"), response.text[:3000])

        # Until then, the account opens nothing.
        login = self.app.get(f"{self.url}/login").forms["LoginForm"]
        login["__ac_name"] = "lucie"
        login["__ac_password"] = "Un-mot-de-passe-solide-7"
        login.submit("buttons.login")
        self.assertNotIn("__ac", self.app.cookies)

        link = self.mailed_link("lucie.martin@example.be")
        reset = self.app.get(link).forms["pwreset_action"]
        reset["userid"] = "lucie"
        reset["password"] = "Un-mot-de-passe-solide-7"
        reset["password2"] = "Un-mot-de-passe-solide-7"
        reset.submit()

        login = self.app.get(f"{self.url}/login?came_from={form_url}").forms["LoginForm"]
        login["__ac_name"] = "lucie"
        login["__ac_password"] = "Un-mot-de-passe-solide-7"
        login.submit("buttons.login").maybe_follow()
        self.assertIn("__ac", self.app.cookies)

        page = self.app.get(form_url)
        self.assertNotIn("connectez-vous à votre espace citoyen", page.text)
        form = page.forms["form"]
        self.walk.fill_identity(
            form, first_name="Lucie", last_name="Martin", email="lucie.martin@example.be"
        )
        for key, value in (("concerned", "self"), ("purpose", "school")):
            name = f"form.widgets.{key}"
            form[f"{name}:list" if f"{name}:list" in form.fields else name] = value
        reference = self.walk.reference_of(through_summary(form.submit("form.buttons.submit")))

        space = self.app.get(f"{self.url}/@@mes-demandes")
        self.assertIn(reference, space.text)
        cookies = dict(self.app.cookies)

        self.walk.agent_processes(reference, document=True)
        dashboard = self.app.get(f"{self.url}/eguichet-demandes/@@eguichet-dashboard")
        statistics = dashboard.click("Statistiques")
        self.assertIn("Composition de ménage", statistics.text)

        self.app.reset()
        self.app.authorization = None
        for name, value in cookies.items():
            self.app.set_cookie(name, value)
        page = self.app.get(f"{self.url}/eguichet-demandes/{reference}")
        self.assertIn("85.07.30-***.**", page.text)
        transaction.begin()
        request = self.portal["eguichet-demandes"][reference]
        self.assertEqual(request.requester, "lucie")
        self.assertEqual(api.content.get_state(request), "ready")
        self.assertIsNone(request.fee)  # school: a free social purpose

    def mailed_link(self, address):
        """The password link of the mail the SMTP server received."""
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            for message in self.sink.messages:
                if not any(address in rcpt for rcpt in message["to"]):
                    continue
                parsed = email.message_from_bytes(message["data"])
                parts = parsed.walk() if parsed.is_multipart() else [parsed]
                for part in parts:
                    if part.get_content_maintype() != "text":
                        continue
                    text = part.get_payload(decode=True).decode(
                        part.get_content_charset() or "utf-8", "replace"
                    )
                    found = re.search(r"https?://\S+/passwordreset/\S+", text)
                    if found:
                        return found.group(0).rstrip(".>)\"'")
            time.sleep(0.2)
        self.fail(f"no password link mailed to {address}: {self.sink.messages!r}"[:2000])
