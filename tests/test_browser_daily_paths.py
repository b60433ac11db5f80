"""The citizens' and agents' daily paths in Chromium (issue 16), clicked
as a person would: the form opens at its top, "Créer mon compte" ends on a
page that says what to do next, "Mes demandes" and the agents' dashboard
are in the header, the request page without staff chrome and with a
breadcrumb that leads somewhere, the cancel confirmation, the state in
each reader's words, the message after each action, "answered by the
citizen" on the dashboard, a download request refused "ready" without its
document. axe finds no WCAG 2.1 AA violation on the dashboard and on the
request pages of both roles."""

from plone import api
from tests.browser.helpers import BrowserTestCase
from tests.layers import SITE_SERVER
from ville.eguichet import engine
from ville.eguichet.tests.smtpsink import free_port
from ville.eguichet.tests.smtpsink import SMTPSink

import transaction
import urllib.request


HOUSEHOLD = "/e-guichet/composition-de-menage"
CITIZEN = ("citoyenne16", "Un-mot-de-passe-2026")
AGENT = ("agente16", "Un-mot-de-passe-agente-2026")
VALUES = {
    "first_name": "Marie", "last_name": "Dupont", "concerned": "self",
    "national_number": "85073003328", "purpose": "school", "delivery": "download",
    "email": "marie.dupont@example.be",
}


class TestDailyPaths(BrowserTestCase):
    layer = SITE_SERVER
    level = 2  # Chromium, two roles, four axe runs: about half a minute

    def setUp(self):
        super().setUp()
        form = self.portal.unrestrictedTraverse(HOUSEHOLD.strip("/"), None)
        if form is None:
            self.skipTest(f"the profile has no e-guichet form at {HOUSEHOLD}")
        with api.env.adopt_roles(["Manager"]):
            api.user.create(email="marie.dupont@example.be", username=CITIZEN[0],
                            password=CITIZEN[1], properties={"fullname": "Marie Dupont"})
            api.user.create(email="agente@example.be", username=AGENT[0], password=AGENT[1],
                            properties={"fullname": "Agente Communale"})
            api.group.add_user(groupname=engine.AGENTS_GROUP, username=AGENT[0])
        # Two requests of the citizen (the form's own walk is the forms'
        # browser test): one to process, one to cancel.
        with api.env.adopt_user(username=CITIZEN[0]):
            self.references = [
                engine.create_request(form, dict(VALUES), requester=CITIZEN[0],
                                      requester_email="marie.dupont@example.be",
                                      requester_name="Marie Dupont").reference
                for _ in range(2)
            ]
        # Plone mails the new account's password link (a real SMTP server
        # on loopback); without a mail server it offers no registration.
        self.sink = SMTPSink(free_port()).start()
        self.addCleanup(self.sink.stop)
        api.portal.set_registry_record("plone.smtp_host", "localhost")
        api.portal.set_registry_record("plone.smtp_port", self.sink.port)
        api.portal.set_registry_record("plone.email_from_address", "guichet@example.be")
        transaction.commit()
        # The first page of a fresh server compiles the theme: not timed.
        urllib.request.urlopen(f"{self.base}/{HOUSEHOLD}", timeout=120).read()

    def message(self, page):
        return page.locator("#global_statusmessage").inner_text()

    def click(self, page, locator):
        with page.expect_navigation():
            locator.click()

    def test_citizen_and_agent(self):
        citizen = self.page
        processed, cancelled = self.references

        # The form opens at its top: no focus moved to a field.
        self.open(HOUSEHOLD, citizen)
        citizen.wait_for_timeout(300)  # the patterns start
        self.assertEqual(citizen.evaluate("window.scrollY"), 0)
        self.assertEqual(citizen.evaluate("document.activeElement.tagName"), "BODY")
        # "Créer mon compte" ends on what to do next.
        self.click(citizen, citizen.locator("a", has_text="Créer mon compte"))
        citizen.fill("#form-widgets-fullname", "Lucie Martin")
        citizen.fill("#form-widgets-username", "lucie16")
        citizen.fill("#form-widgets-email", "lucie.martin@example.be")
        self.click(citizen, citizen.locator("#form-buttons-register"))
        self.assertIn("@@eguichet-compte-cree", citizen.url)
        self.assertIn("Votre compte est créé", citizen.locator("h1").first.inner_text())
        self.assertIn("ouvrez le lien", self.message(citizen))
        self.assertIn("choisissez votre mot de passe", citizen.content())

        # Logged in: "Mes demandes" in the header, the request from there.
        self.login(*CITIZEN, page=citizen)
        self.click(citizen, citizen.locator("#ville-header a", has_text="Mes demandes"))
        self.assertIn("@@mes-demandes", citizen.url)
        self.assertEqual(citizen.locator("#ville-member-eguichet_dashboard").count(), 0)
        self.click(citizen, citizen.locator("a", has_text=cancelled))
        self.assertEqual(citizen.locator("#edit-bar, #portal-toolbar .plone-toolbar-main").count(), 0)
        # Cancelling is a step that says what it does.
        self.assertNotIn("Annuler", citizen.locator("form.eguichet-actions").inner_text()
                         if citizen.locator("form.eguichet-actions").count() else "")
        self.click(citizen, citizen.locator("a.eguichet-cancel-link"))
        self.assertIn("arrêteront de la traiter", citizen.content())
        self.click(citizen, citizen.get_by_role("button", name="Oui, annuler ma demande"))
        self.assertIn("Votre demande est annulée", self.message(citizen))
        self.assertEqual(citizen.locator(".eguichet-state").inner_text().strip(), "Annulée")
        # The breadcrumb leads back to the citizen's space.
        self.click(citizen, citizen.locator("#portal-breadcrumbs a", has_text="Mes demandes"))
        self.assertIn("@@mes-demandes", citizen.url)
        self.assertNotIn("Privilèges insuffisants", citizen.content())

        # The agent: the dashboard from the header, at the site root.
        agent = self.new_context().new_page()
        self.login(*AGENT, page=agent)
        self.click(agent, agent.locator("#ville-member-eguichet_dashboard"))
        self.assertEqual(agent.url.split("?")[0], f"{self.base}/@@eguichet-dashboard")
        self.assertEqual(agent.locator("#portal-column-one, #portal-column-two").count(), 0)
        width = agent.locator("#f-from").evaluate("e => e.getBoundingClientRect().width")
        self.assertGreater(width, 140)  # the whole date, not "mm/dd/yy"
        self.assertNoAxeViolations("the agents' dashboard", agent)
        self.screenshot("daily-paths-1-dashboard", agent)
        self.click(agent, agent.locator("a", has_text=processed))
        self.click(agent, agent.get_by_role("button", name="Prendre en charge"))
        self.assertIn("La demande est prise en charge", self.message(agent))
        self.assertIn("btn-outline-danger", agent.get_by_role("button", name="Refuser").get_attribute("class"))
        # Ready without the document to download: refused, in French.
        self.click(agent, agent.get_by_role("button", name="Marquer comme prête"))
        self.assertIn("joignez le document", self.message(agent))
        agent.fill("#eguichet-comment", "Quelle est votre adresse actuelle ?")
        self.click(agent, agent.get_by_role("button", name="Demander des informations"))
        self.assertIn("la demande attend sa réponse", self.message(agent))
        self.assertEqual(agent.locator(".eguichet-state").inner_text().strip(), "En attente du citoyen")
        self.assertNoAxeViolations("the agent's request page", agent)
        self.screenshot("daily-paths-2-agent-request", agent)

        # The citizen answers, reading the state in their own words.
        self.open("/@@mes-demandes", citizen)
        self.click(citizen, citizen.locator("a", has_text=processed))
        self.assertEqual(citizen.locator(".eguichet-state").inner_text().strip(),
                         "En attente de votre réponse")
        self.assertNoAxeViolations("the citizen's request page", citizen)
        self.screenshot("daily-paths-3-citizen-request", citizen)
        citizen.fill("#eguichet-comment", "Rue Neuve 1, 7600 Péruwelz")
        self.click(citizen, citizen.get_by_role("button", name="Fournir les informations"))
        self.assertIn("Votre réponse est envoyée", self.message(citizen))

        # The dashboard shows the answer, and filters on it.
        self.click(agent, agent.locator("#portal-breadcrumbs a", has_text="Demandes e-guichet"))
        row = agent.locator("tr", has_text=processed)
        self.assertIn("Répondu par le citoyen", row.inner_text())
        self.click(agent, agent.locator("a.eguichet-answered-count"))
        self.assertEqual(agent.locator("table.eguichet-results tbody tr").count(), 1)
        self.assertNoAxeViolations("the dashboard filtered on answers", agent)
        self.screenshot("daily-paths-4-answered", agent)
