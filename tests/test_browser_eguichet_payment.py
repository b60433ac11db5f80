"""Online payment in Chromium (issue 15): the household composition for a
bank loan (a fee), "Payer en ligne" on the summary step, the fake Mollie's
checkout page (loopback), back to the site's return page with the
receipt; the agent then sees the request paid online. axe finds no WCAG
2.1 A/AA violation on the site's steps."""

from contextlib import ExitStack
from plone import api
from tests.browser.helpers import BrowserTestCase
from tests.layers import SITE_SERVER
from tests.test_browser_eguichet_forms import HOUSEHOLD
from tests.test_browser_eguichet_forms import IDENTITY
from tests.test_browser_eguichet_forms import PASSWORD
from tests.test_browser_eguichet_forms import TestCitizenForm

import re
import transaction


class TestOnlinePaymentWalk(BrowserTestCase):
    layer = SITE_SERVER
    level = 2  # Chromium and the fake provider's server
    fill = TestCitizenForm.fill
    submit = TestCitizenForm.submit

    def setUp(self):
        super().setUp()
        from ville.eguichet.payment import fakemollie
        from ville.eguichet.payment import provider

        self.stack = ExitStack()
        self.fake, endpoint = self.stack.enter_context(fakemollie.running())
        provider.configure(self.portal, "test_walk", self.base, endpoint)
        for user, email in (("citoyenne", "marie.dupont@example.be"),
                            ("agente-paiement", "agente@example.be")):
            if api.user.get(username=user) is None:
                api.user.create(email=email, username=user, password=PASSWORD)
        api.group.add_user(groupname="agents-eguichet", username="agente-paiement")
        transaction.commit()

    def tearDown(self):
        from ville.eguichet.payment import provider

        transaction.begin()  # the server's commits seen first
        provider.configure(self.portal)
        transaction.commit()
        self.stack.close()
        super().tearDown()

    def test_pay_online_from_the_form_to_the_receipt(self):
        page = self.page
        self.login("citoyenne", PASSWORD, page)
        self.open(HOUSEHOLD, page)
        self.fill(page, dict(IDENTITY, concerned="self", purpose="bank_loan",
                             delivery="counter"))
        self.submit(page)
        self.assertIn("@@eguichet-verifier", page.url)
        choice = page.locator(".eguichet-payment-choice")
        self.assertIn("Payer en ligne", choice.inner_text())
        self.assertIn("Virement", choice.inner_text())
        self.assertTrue(page.is_checked("#payment-online"))
        self.assertNoAxeViolations("summary with the payment choice", page)
        with page.expect_navigation():
            page.click("button[name='form.buttons.confirm']")
        # The provider's page (the fake Mollie's), the fee as the site says.
        self.assertTrue(page.url.startswith(self.fake.base_url + "/checkout/tr_"), page.url)
        self.assertEqual(page.locator("#amount").inner_text(), "3.00 EUR")
        page.select_option("#method", "creditcard")
        with page.expect_navigation():
            page.click("#outcome-paid")
        # Back on the site: the outcome, the receipt.
        self.assertIn("@@eguichet-paiement", page.url)
        self.assertNotIn("Dupont", page.url)
        box = page.locator("#eguichet-payment-return")
        self.assertEqual(box.get_attribute("data-outcome"), "paid")
        self.assertIn("Votre paiement a été reçu", box.inner_text())
        reference = re.search(r"EG-\d{8}-[0-9A-Z]{6}", box.inner_text()).group(0)
        self.assertNoAxeViolations("payment return page", page)
        self.screenshot("eguichet-payment-return", page)
        receipt = page.request.get(page.locator("a.btn", has_text="accusé de réception").get_attribute("href"))
        self.assertEqual(receipt.headers["content-type"], "application/pdf")
        # The agent sees it paid, online, by card.
        agent = self.new_context()
        agent_page = agent.new_page()
        self.login("agente-paiement", PASSWORD, agent_page)
        self.open("/eguichet-demandes/@@eguichet-dashboard?payment_method=online", agent_page)
        row = agent_page.locator("tr", has_text=reference)
        self.assertIn("Payée", row.inner_text())
        self.assertIn("Paiement en ligne (creditcard)", row.inner_text())
        self.assertNoAxeViolations("dashboard filtered on online payments", agent_page)
        with agent_page.expect_navigation():
            row.locator("a", has_text=reference).click()
        box = agent_page.locator(".eguichet-payment-online")
        self.assertIn("Paiement en ligne (creditcard)", box.inner_text())
        self.assertIn("tr_", box.inner_text())
        self.assertNoAxeViolations("the agent's request page, paid online", agent_page)
        agent.close()
        transaction.begin()
        request = self.portal["eguichet-demandes"][reference]
        self.assertEqual(api.content.get_state(request), "submitted")
        self.assertEqual(request.payment_record["method"], "creditcard")
