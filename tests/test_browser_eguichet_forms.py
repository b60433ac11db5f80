"""The citizen's e-guichet form in Chromium (issue 14): questions that
appear as the citizen answers (and are stated without JavaScript), the
error summary whose links put the keyboard focus on the field, fields in
error described to screen readers, the PDF receipt downloaded from the
confirmation page with an EPC QR code that a QR decoder reads back. axe
finds no WCAG 2.1 A/AA violation on any step, at 1280 and 375 px;
screenshots of each step go to screenshots/ (eguichet-form-*.png). The
criminal-record extract and the birth certificate walk through their steps
(progress indicator, the refused step opened first, questions hidden again
when an answer changes back, the draft saved as the citizen goes;
eguichet-casier-*.png, eguichet-naissance-*.png)."""

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


class CitizenFormBase(BrowserTestCase):
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
            CitizenFormBase.to_step_of(self, page, name)
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

    def send_and_read_receipt(self, page, shot):
        """Send from the summary, download the PDF receipt from the
        confirmation page and decode its EPC QR code: (the payload's lines,
        the request)."""
        with page.expect_navigation():
            page.click("button[name='form.buttons.confirm']")
        reference = re.search(r"EG-\d{8}-[0-9A-Z]{6}", page.content()).group(0)
        self.assertNoAxeViolations("confirmation page", page)
        self.screenshot(shot, page)
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
            for pdf_page in pypdf.PdfReader(BytesIO(data)).pages
            for image in pdf_page.images
            for barcode in zxingcpp.read_barcodes(image.image.convert("L"))
        ]
        self.assertEqual(len(payloads), 1)
        lines = payloads[0].split("\n")
        self.assertEqual((lines[0], lines[3], lines[6]), ("BCD", "SCT", "BE73091000517260"))
        self.assertTrue(ogm_vcs.is_valid(lines[9]))
        self.assertEqual(lines[9], re.sub(r"\D", "", request.structured_communication))
        return lines, request


class TestCitizenForm(CitizenFormBase):
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
        lines, request = self.send_and_read_receipt(page, "eguichet-form-5-confirmation")
        self.assertEqual(lines[7], "EUR6")
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


CASIER = "/e-guichet/extrait-de-casier-judiciaire"
BIRTH = "/e-guichet/acte-de-naissance"


class TestDocumentSteps(CitizenFormBase):
    """The criminal-record extract and the birth certificate step by step
    (issue 14): the progress indicator, the step of a refused answer opened
    first, the conditional questions of a step, the draft saved as the
    citizen goes; axe at 1280 and 375 px on each step."""

    def progress(self, page):
        counter = page.locator("#eguichet-progress .eguichet-progress-count").inner_text()
        current = page.locator("#eguichet-progress li[aria-current='step']")
        self.assertEqual(current.count(), 1)
        return counter, current.inner_text()

    def next_step(self, page):
        page.locator(".eguichet-step-nav button", has_text="Suivant").click()
        # The focus goes to the new step's title, read out.
        self.assertTrue(page.evaluate(
            "document.activeElement.classList.contains('eguichet-progress-count')"))

    def axe_step(self, what, page, shot):
        """axe on the step as shown at both widths, 1280 and 375 px, with
        screenshots (the criminal record walks at 1280 px, the birth
        certificate at 375 px; each step is also checked at the other)."""
        size = dict(page.viewport_size)
        other = ({"width": 375, "height": 740} if size["width"] > 375
                 else {"width": 1280, "height": 900})
        for viewport in (size, other):
            page.set_viewport_size(viewport)
            self.assertNoAxeViolations(f"{what} at {viewport['width']}", page)
            self.screenshot(f"{shot}-{viewport['width']}", page)
        page.set_viewport_size(size)

    def test_criminal_record_extract_in_three_steps(self):
        page = self.page
        self.login("citoyenne", PASSWORD, page)
        self.open(CASIER, page)
        self.assertEqual(self.progress(page), ("Étape 1 sur 3 : Le document", "Le document"))
        self.assertEqual(page.locator("#eguichet-progress ol > li").count(), 3)
        self.assertFalse(page.locator("[name='form.buttons.submit']").is_visible())
        self.assertTrue(page.locator("[name='form.buttons.draft']").is_visible())
        self.assertFalse(page.locator("#formfield-form-widgets-email").is_visible())
        self.axe_step("criminal record, step 1", page, "eguichet-casier-1-document")
        page.check("[name='form.widgets.model'][value='596.2']")
        page.locator("[name='form.widgets.purpose:list']").select_option("teaching")
        self.next_step(page)
        self.assertEqual(self.progress(page)[0], "Étape 2 sur 3 : Réception")
        # By law never by e-mail: not even offered.
        self.assertEqual(page.locator("[name='form.widgets.delivery'][value='email']").count(), 0)
        page.check("[name='form.widgets.delivery'][value='counter']")
        self.axe_step("criminal record, step 2", page, "eguichet-casier-2-delivery")
        self.next_step(page)
        self.assertEqual(self.progress(page)[0], "Étape 3 sur 3 : Vos coordonnées")
        self.fill(page, {k: v for k, v in IDENTITY.items() if k != "copies"})
        self.axe_step("criminal record, step 3", page, "eguichet-casier-3-contact")
        # 596.2 is for the desk only: the step of the refusal opens first.
        self.submit(page)
        self.assertEqual(self.progress(page)[0], "Étape 1 sur 3 : Le document")
        summary = page.locator(".eguichet-error-summary")
        self.assertIn("uniquement au guichet", summary.inner_text())
        self.axe_step("criminal record, refused", page, "eguichet-casier-4-errors")
        summary.locator("a").first.click()
        self.assertEqual(
            page.evaluate("document.activeElement.name"), "form.widgets.model")
        page.check("[name='form.widgets.model'][value='595']")
        page.locator("[name='form.widgets.purpose:list']").select_option("employment")
        self.submit(page)
        self.assertIn("@@eguichet-verifier", page.url)
        answers = page.locator(".eguichet-answers").inner_text()
        self.assertIn("595", answers)
        self.assertIn("Retrait au guichet", answers)
        self.assertNotIn("033.28", page.content())
        self.axe_step("criminal record, summary", page, "eguichet-casier-5-summary")

    def test_birth_certificate_in_four_steps_saved_as_it_goes(self):
        self.context.close()
        self.context = self.new_context(width=375, height=740)
        page = self.page = self.context.new_page()
        self.login("citoyenne", PASSWORD, page)
        self.open(BIRTH, page)
        self.assertEqual(
            self.progress(page)[0], "Étape 1 sur 4 : Personne concernée")
        interest = page.locator("#formfield-form-widgets-legitimate_interest")
        proof = page.locator("#formfield-form-widgets-proof")
        interest.wait_for(state="hidden")
        page.check("[name='form.widgets.relationship'][value='heir']")
        interest.wait_for(state="visible")
        self.assertTrue(proof.is_visible())
        page.check("[name='form.widgets.relationship'][value='self']")
        interest.wait_for(state="hidden")
        page.check("[name='form.widgets.relationship'][value='legal_representative']")
        # (the interest was hidden already: wait for what this choice shows)
        page.locator("#formfield-form-widgets-concerned_person").wait_for(state="visible")
        interest.wait_for(state="hidden")
        page.check("[name='form.widgets.relationship'][value='heir']")
        # The draft is saved as the citizen goes (a member).
        status = page.locator("#eguichet-autosave")
        status.filter(has_text="Brouillon enregistré à").wait_for()
        token = page.input_value("input[name='eguichet_pending']")
        self.assertGreater(len(token), 20)
        self.axe_step("birth certificate, step 1", page, "eguichet-naissance-1-who")
        self.next_step(page)
        self.assertEqual(self.progress(page)[0], "Étape 2 sur 4 : Le document")
        page.check("[name='form.widgets.certificate_type'][value='multilingual_extract']")
        page.locator("[name='form.widgets.purpose:list']").select_option("abroad")
        self.axe_step("birth certificate, step 2", page, "eguichet-naissance-2-document")
        self.next_step(page)
        page.check("[name='form.widgets.delivery'][value='download']")
        self.axe_step("birth certificate, step 3", page, "eguichet-naissance-3-delivery")
        self.next_step(page)
        self.fill(page, IDENTITY)
        self.axe_step("birth certificate, step 4", page, "eguichet-naissance-4-contact")
        # The legitimate interest and the proof are missing: step 1 again.
        self.submit(page)
        self.assertEqual(
            self.progress(page)[0], "Étape 1 sur 4 : Personne concernée")
        text = page.locator(".eguichet-error-summary").inner_text()
        self.assertIn("intérêt légitime", text)
        self.assertIn("Joignez un document", text)
        self.assertEqual(page.locator("[aria-invalid='true']").count() >= 2, True)
        self.axe_step("birth certificate, refused", page, "eguichet-naissance-5-errors")
        page.locator("[name='form.widgets.legitimate_interest:list']").select_option(
            "civil_status_abroad")
        page.set_input_files("input[type='file'][name='form.widgets.proof']", {
            "name": "preuve.pdf", "mimeType": "application/pdf",
            "buffer": b"%PDF-1.4\n" + b"x" * 2000 + b"\n%%EOF\n"})
        self.submit(page)
        self.assertIn("@@eguichet-verifier", page.url)
        answers = page.locator(".eguichet-answers").inner_text()
        self.assertIn("preuve.pdf", answers)
        self.assertIn("Extrait plurilingue", answers)
        self.assertIn("5,00 €", page.locator(".eguichet-fee").inner_text())
        self.axe_step("birth certificate, summary", page, "eguichet-naissance-6-summary")
        lines, request = self.send_and_read_receipt(page, "eguichet-naissance-7-confirmation")
        self.assertEqual(lines[7], "EUR5")
        self.assertIn("naissance", request.procedure_title.lower())
        # Sent on to the summary: the draft saved on the way is gone.
        self.open("/@@mes-demandes", page)
        self.assertEqual(page.locator("a.eguichet-resume").count(), 0)
