"""The citizen's e-guichet form in Chromium (issue 14): questions that
appear as the citizen answers (and are stated without JavaScript), the
error summary whose links put the keyboard focus on the field, fields in
error described to screen readers, the PDF receipt downloaded from the
confirmation page with an EPC QR code that a QR decoder reads back. axe
finds no WCAG 2.1 A/AA violation on any step, at 1280 and 375 px;
screenshots of each step go to screenshots/ (eguichet-form-*.png)."""

from io import BytesIO
from plone import api
from stdnum.be import ogm_vcs
from tests.browser.helpers import BrowserTestCase
from tests.layers import SITE_SERVER

import pypdf
import re
import transaction
import zxingcpp


PASSWORD = "Un-mot-de-passe-2026"
HOUSEHOLD = "/e-guichet/composition-de-menage"
IDENTITY = {
    "first_name": "Marie", "last_name": "Dupont",
    "national_number": "85.07.30-033.28", "birth_date": "1985-07-30",
    "email": "marie.dupont@example.be", "phone": "069 12 34 56",
    "street": "Rue Neuve 1", "postal_code": "7600", "city": "Péruwelz",
    "copies": "1",
}


class TestCitizenForm(BrowserTestCase):
    layer = SITE_SERVER

    def setUp(self):
        super().setUp()
        if self.portal.unrestrictedTraverse(HOUSEHOLD.strip("/"), None) is None:
            self.skipTest(f"the profile has no e-guichet form at {HOUSEHOLD}")
        if api.user.get(username="citoyenne") is None:
            api.user.create(email="marie.dupont@example.be", username="citoyenne",
                            password=PASSWORD, properties={"fullname": "Marie Dupont"})
            transaction.commit()

    def to_step_of(self, page, name):
        """Shows the step holding the field, with "Suivant" / "Précédent"."""
        target, shown = page.evaluate("""name => {
            const steps = [...document.querySelectorAll('fieldset.eguichet-step')];
            const box = document.getElementById('formfield-form-widgets-' + name);
            return [steps.indexOf(box && box.closest('fieldset.eguichet-step')),
                    steps.findIndex(step => !step.hidden)];
        }""", name)
        if target < 0 or shown < 0:
            return
        label = "Suivant" if target > shown else "Précédent"
        for _ in range(abs(target - shown)):
            page.locator(".eguichet-step-nav button", has_text=label).click()

    def fill(self, page, values):
        for name, value in values.items():
            self.to_step_of(page, name)
            field = page.locator(
                f"[name='form.widgets.{name}'], [name='form.widgets.{name}:list']"
            )
            tag = field.first.evaluate("e => e.tagName + ':' + (e.type || '')")
            if tag.startswith("SELECT"):
                field.first.select_option(value)
            elif tag.endswith(":radio") or tag.endswith(":checkbox"):
                page.check(f"[name^='form.widgets.{name}'][value='{value}']")
            else:
                field.first.fill(value)

    def submit(self, page):
        """"Continuer" shows on the last step."""
        following = page.locator(".eguichet-step-nav button", has_text="Suivant")
        while following.count() and following.is_visible():
            following.click()
        with page.expect_navigation():
            page.click("[name='form.buttons.submit']")

    def walk_errors_and_conditions(self, page, size):
        self.login("citoyenne", PASSWORD, page)
        self.open(HOUSEHOLD, page)
        proxy = page.locator("#formfield-form-widgets-proxy")
        # pat-depends hides it once the page's patterns start.
        proxy.wait_for(state="hidden")
        self.assertNoAxeViolations(f"form at {size}", page)
        self.screenshot(f"eguichet-form-1-empty-{size}", page)
        # Another person's household: the proxy question appears, announced.
        page.check("[name='form.widgets.concerned'][value='third_party']")
        proxy.wait_for(state="visible")
        try:
            page.wait_for_function(
                "document.getElementById('eguichet-live').textContent.length > 0"
            )
        except Exception:
            self.fail(page.evaluate("""() => JSON.stringify({
                live: !!document.getElementById('eguichet-live'),
                scripts: Array.from(document.scripts).filter(
                    s => s.textContent.includes('eguichet-live')).length,
                groups: document.querySelectorAll('.field.pat-depends').length,
                proxy: document.getElementById('formfield-form-widgets-proxy').outerHTML.slice(0, 300)})"""))
        live = page.locator("#eguichet-live").inner_text()
        self.assertIn(proxy.locator("label").first.inner_text().strip(), live)
        self.assertNoAxeViolations(f"form with the proxy question at {size}", page)
        # Sent with mistakes: the summary says what to fix, each link leads
        # the keyboard focus to its field.
        self.fill(page, dict(IDENTITY, national_number="85073003329", postal_code="76",
                             purpose="school"))
        self.submit(page)
        summary = page.locator(".eguichet-error-summary")
        self.assertTrue(summary.is_visible())
        self.assertTrue(page.evaluate(
            "document.activeElement.classList.contains('eguichet-error-summary')"
        ))
        text = summary.inner_text()
        self.assertIn("registre national", text)
        self.assertIn("procuration", text)
        self.assertIn("Choisissez comment recevoir", text)  # every mistake at once
        self.assertNotIn("Contrainte", text)
        self.assertNoAxeViolations(f"error summary at {size}", page)
        self.screenshot(f"eguichet-form-2-errors-{size}", page)
        summary.locator("a", has_text="registre national").click()
        focused = page.evaluate("document.activeElement.id")
        self.assertEqual(focused, "form-widgets-national_number")
        field = page.locator("#form-widgets-national_number")
        self.assertEqual(field.get_attribute("aria-invalid"), "true")
        message_id = field.get_attribute("aria-describedby").split()[0]
        self.assertIn(
            "registre national", page.locator(f"#{message_id}").inner_text()
        )
        # Corrected (my own household after all): the summary step.
        self.fill(page, dict(IDENTITY, concerned="self", purpose="bank_loan",
                             delivery="counter"))
        self.submit(page)
        self.check_summary(page, size)

    def check_summary(self, page, size):
        self.assertIn("@@eguichet-verifier", page.url)
        self.assertEqual(page.locator("h1").first.inner_text().strip(), "Vérifier ma demande")
        answers = page.locator(".eguichet-answers").inner_text()
        self.assertIn("85.07.30-***.**", answers)
        self.assertNotIn("033.28", page.content())
        self.assertIn("Prêt bancaire", answers)  # a choice by its title
        self.assertIn("Retrait au guichet", answers)
        self.assertIn("3,00 €", page.locator(".eguichet-fee").inner_text())
        self.assertGreater(page.locator("a", has_text="Modifier").count(), 10)
        self.assertNoAxeViolations(f"summary at {size}", page)
        self.screenshot(f"eguichet-form-4-summary-{size}", page)

    def test_conditions_and_error_summary_at_1280(self):
        self.walk_errors_and_conditions(self.page, 1280)

    def test_conditions_and_error_summary_at_375(self):
        context = self.new_context(width=375, height=740)
        self.walk_errors_and_conditions(context.new_page(), 375)
        context.close()

    def test_without_javascript_every_question_shows_with_its_condition(self):
        context = self.browser.new_context(java_script_enabled=False, locale="fr-BE")
        page = context.new_page()
        self.login("citoyenne", PASSWORD, page)
        self.open(HOUSEHOLD, page)
        proxy = page.locator("#formfield-form-widgets-proxy")
        self.assertTrue(proxy.is_visible())
        self.assertIn("Uniquement pour le ménage d'une autre personne", proxy.inner_text())
        self.screenshot("eguichet-form-3-without-javascript", page)
        context.close()

    def test_receipt_downloaded_with_a_qr_code_banking_apps_read(self):
        page = self.page
        self.login("citoyenne", PASSWORD, page)
        self.open(HOUSEHOLD, page)
        self.fill(page, dict(IDENTITY, concerned="self", purpose="bank_loan",
                             delivery="counter"))
        self.submit(page)
        self.check_summary(page, 1280)
        # "Modifier": back to the question, the answers kept.
        with page.expect_navigation():
            page.locator(".eguichet-answer", has_text="Nombre d'exemplaires").locator(
                "a", has_text="Modifier").click()
        self.assertEqual(page.input_value("#form-widgets-first_name"), "Marie")
        page.fill("#form-widgets-copies", "2")
        self.submit(page)
        self.assertIn("6,00 €", page.locator(".eguichet-fee").inner_text())
        with page.expect_navigation():
            page.click("button[name='form.buttons.confirm']")
        reference = re.search(r"EG-\d{8}-[0-9A-Z]{6}", page.content()).group(0)
        self.assertNoAxeViolations("confirmation page", page)
        self.screenshot("eguichet-form-5-confirmation", page)
        url = page.locator("a.eguichet-receipt").get_attribute("href")
        response = page.request.get(url)  # the page's session (cookies)
        self.assertEqual(response.status, 200, response.text()[:2000])
        self.assertEqual(response.headers["content-type"], "application/pdf")
        data = response.body()
        self.assertTrue(data.startswith(b"%PDF-"))
        transaction.begin()
        request = self.portal["eguichet-demandes"][reference]
        payloads = [
            barcode.text
            for image in pypdf.PdfReader(BytesIO(data)).pages[0].images
            for barcode in zxingcpp.read_barcodes(image.image.convert("L"))
        ]
        self.assertEqual(len(payloads), 1)
        lines = payloads[0].split("\n")
        self.assertEqual((lines[0], lines[3], lines[6]), ("BCD", "SCT", "BE73091000517260"))
        self.assertEqual(lines[7], "EUR6")
        self.assertTrue(ogm_vcs.is_valid(lines[9]))
        self.assertEqual(lines[9], re.sub(r"\D", "", request.structured_communication))
        # And from the citizen's space.
        self.open("/@@mes-demandes", page)
        self.assertGreater(page.locator("a.eguichet-receipt").count(), 0)
        self.assertNoAxeViolations("my requests with receipts", page)

    def test_draft_saved_left_and_resumed_after_a_new_login(self):
        page = self.page
        self.login("citoyenne", PASSWORD, page)
        self.open(HOUSEHOLD, page)
        self.fill(page, {"first_name": "Marie", "last_name": "Dupont"})
        with page.expect_navigation():
            page.click("[name='form.buttons.draft']")
        self.assertIn("@@mes-demandes", page.url)
        self.assertIn("Brouillons", page.content())
        self.assertEqual(page.locator("a.eguichet-resume").count(), 1)
        self.assertNoAxeViolations("my requests with a draft", page)
        self.screenshot("eguichet-form-6-draft", page)
        self.context.close()
        # Another day, another login.
        self.context = self.new_context()
        page = self.page = self.context.new_page()
        self.login("citoyenne", PASSWORD, page)
        self.open("/@@mes-demandes", page)
        with page.expect_navigation():
            page.locator("a.eguichet-resume").first.click()
        self.assertEqual(page.input_value("#form-widgets-last_name"), "Dupont")
        self.assertNoAxeViolations("resumed form", page)
        self.screenshot("eguichet-form-7-resumed", page)
