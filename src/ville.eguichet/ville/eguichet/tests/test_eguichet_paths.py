"""The citizens' and agents' daily paths (issue 16) through the publisher:
the dashboard at the site root, states named for their reader, "answered
by the citizen" shown and filtered, the message after each transition, the
cancel confirmation step, and a download request refused "ready" without a
document (HTML and REST alike)."""

from plone.namedfile.file import NamedBlobFile
from ville.eguichet.tests import base
from ville.eguichet.tests.test_eguichet_functional import Base

import transaction


class TestDailyPaths(Base):
    def submit(self, user=base.CITIZEN, **data):
        status, body = self.rest(
            "POST", f"{self.form.absolute_url()}/@eguichet-submit", user, base.valid_data(**data)
        )
        self.assertEqual(status, 201, body)
        return body

    def transition(self, item, label, user=base.AGENT, comment=""):
        """The agent's (or citizen's) button on the request page."""
        browser = self.browser(user)
        browser.open(item["@id"])
        if comment:
            browser.getControl(name="comment").value = comment
        browser.getControl(label).click()
        return browser

    def test_root_dashboard_states_and_answers(self):
        item = self.submit()
        portal_url = self.portal.absolute_url()
        # The agent's dashboard at the site root, the same as on the store.
        agent = self.browser(base.AGENT)
        agent.open(f"{portal_url}/@@eguichet-dashboard")
        self.assertIn(item["reference"], agent.contents)
        self.assertIn("eguichet-filters", agent.contents)
        # Not for a citizen, nor for a visitor.
        for user in (base.CITIZEN, None):
            with self.subTest(user=user), self.assertRaises(Exception):
                self.browser(user).open(f"{portal_url}/@@eguichet-dashboard")

        agent = self.transition(item, "Take")
        self.assertIn("The request is taken: it is now in progress.", agent.contents)
        self.assertNotIn("Done.", agent.contents)
        agent.getControl(name="comment").value = "Quelle adresse ?"
        agent.getControl("Ask for information").click()
        self.assertIn("awaits the citizen's reply", agent.contents)
        # "Reject" is never the main action.
        self.assertIn('class="btn btn-outline-danger me-2"', agent.contents)
        # The same state in each reader's words.
        self.assertIn("Awaiting the citizen", agent.contents)
        self.assertNotIn("Awaiting your reply", agent.contents)
        citizen = self.browser(base.CITIZEN)
        citizen.open(item["@id"])
        self.assertIn("Awaiting your reply", citizen.contents)
        self.assertNotIn("Awaiting the citizen", citizen.contents)
        # The breadcrumb leads the citizen to the citizen's space.
        self.assertIn(f'href="{portal_url}/@@mes-demandes"', citizen.contents)
        self.assertNotIn('id="edit-bar"', citizen.contents)
        citizen.getControl(name="comment").value = "Rue de la Gare 1"
        citizen.getControl("Provide the information").click()
        self.assertIn("Your reply is sent", citizen.contents)

        other = self.submit(last_name="Autre")
        agent.open(f"{portal_url}/@@eguichet-dashboard")
        self.assertIn("eguichet-answered", agent.contents)
        agent.open(f"{portal_url}/@@eguichet-dashboard?answered=1")
        self.assertIn(item["reference"], agent.contents)
        self.assertNotIn(other["reference"], agent.contents)
        # The agent's next step: no longer "answered".
        self.transition(item, "Ask for information", comment="Et le code postal ?")
        agent.open(f"{portal_url}/@@eguichet-dashboard?answered=1")
        self.assertNotIn(item["reference"], agent.contents)

    def test_cancel_asks_for_confirmation(self):
        item = self.submit()
        citizen = self.browser(base.CITIZEN)
        citizen.open(item["@id"])
        # Not a button under the comment box: a step that says what it does.
        self.assertNotIn('value="cancel"', citizen.contents.split("eguichet-cancel-section")[0])
        citizen.getLink(url="@@eguichet-annuler").click()
        self.assertIn("stop processing", citizen.contents)
        self.assertEqual(self.store[item["reference"]].history[-1]["action"], "submit")
        citizen.getControl("Yes, cancel my request").click()
        self.assertIn("Your request is cancelled", citizen.contents)
        self.store._p_jar.sync()
        self.assertEqual(self.store[item["reference"]].history[-1]["action"], "cancel")

    def test_ready_for_download_needs_a_document(self):
        item = self.submit()
        request = self.store[item["reference"]]
        request.values = dict(request.values, delivery="download")
        transaction.commit()
        self.rest("POST", f"{item['@id']}/@workflow/take", base.AGENT, {})
        status, body = self.rest("POST", f"{item['@id']}/@workflow/mark_ready", base.AGENT, {})
        self.assertEqual(status, 400, body)
        self.assertIn("attach the document", body["error"]["message"])
        agent = self.transition(item, "Mark ready")
        self.assertIn("attach the document", agent.contents)
        self.store._p_jar.sync()
        self.assertEqual(self.store[item["reference"]].history[-1]["action"], "take")
        request = self.store[item["reference"]]
        request.documents = [NamedBlobFile(data=base.PDF, filename="acte.pdf")]
        transaction.commit()
        status, body = self.rest("POST", f"{item['@id']}/@workflow/mark_ready", base.AGENT, {})
        self.assertEqual(status, 200, body)
