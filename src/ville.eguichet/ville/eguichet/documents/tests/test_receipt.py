"""The PDF receipt: what it says, what it hides, and its EPC QR code read
back from the image the PDF embeds by a QR decoder (zxing-cpp)."""

from email import message_from_bytes
from email.header import decode_header
from email.header import make_header
from io import BytesIO
from pathlib import Path
from plone.app.testing import login
from plone.app.testing import logout
from stdnum.be import ogm_vcs
from ville.eguichet.documents.tests import base
from ville.eguichet.documents.testing import DOCUMENTS_FUNCTIONAL_TESTING
from ville.eguichet.documents.testing import DOCUMENTS_INTEGRATION_TESTING
from ville.eguichet.receipt import receipt_pdf

import json
import os
import pypdf
import shutil
import tempfile
import transaction
import unittest
import zxingcpp


def pdf_text(data: bytes) -> str:
    reader = pypdf.PdfReader(BytesIO(data))
    return "\n".join(page.extract_text() for page in reader.pages)


def qr_payloads(data: bytes) -> list:
    """The text of every QR code in the images the PDF embeds."""
    found = []
    for page in pypdf.PdfReader(BytesIO(data)).pages:
        for image in page.images:
            for barcode in zxingcpp.read_barcodes(image.image.convert("L")):
                if barcode.format == zxingcpp.BarcodeFormat.QRCode:
                    found.append(barcode.text)
    return found


class TestReceipt(unittest.TestCase):
    layer = DOCUMENTS_INTEGRATION_TESTING

    def setUp(self):
        self.portal = self.layer["portal"]
        self.http_request = self.layer["request"]
        self.citizen = base.Citizen(self.portal, self.http_request)
        self.portal.MailHost.reset()

    def test_a_paying_request_has_an_epc_qr_code_with_its_communication(self):
        request, errors = self.citizen.household(purpose="bank_loan", copies=2)
        self.assertEqual(errors, {})
        data = receipt_pdf(request, self.http_request)
        self.assertTrue(data.startswith(b"%PDF-"))
        text = pdf_text(data)
        for expected in (
            request.reference,
            "Composition de ménage",
            "85.07.30-***.**",
            "Prêt bancaire",  # the choice by its title
            "5,00",
            "BE41 0630 1234 5610",
            request.structured_communication,
        ):
            self.assertIn(expected, text)
        # No national number in clear, anywhere in the file.
        self.assertNotIn("033.28", text)
        self.assertNotIn(b"85073003328", data)
        (payload,) = qr_payloads(data)
        lines = payload.split("\n")
        self.assertEqual(lines[:2], ["BCD", "002"])
        self.assertIn(lines[2], ("1", "2"))  # UTF-8 or ISO 8859-1
        self.assertEqual(lines[3], "SCT")
        self.assertEqual(lines[4], "GKCCBEBB")
        self.assertEqual(lines[5], "Commune de Test")
        self.assertEqual(lines[6], "BE41063012345610")
        self.assertEqual(lines[7], "EUR5")
        reference = lines[9]
        self.assertTrue(ogm_vcs.is_valid(reference), payload)
        self.assertEqual(
            reference, "".join(c for c in request.structured_communication if c.isdigit())
        )

    def test_a_free_request_has_no_qr_code_and_the_desk_for_counter(self):
        request, errors = self.citizen.household(delivery="counter")
        self.assertEqual(errors, {})
        data = receipt_pdf(request, self.http_request)
        self.assertEqual(qr_payloads(data), [])
        text = pdf_text(data)
        self.assertIn("Rien à payer.", text)
        self.assertIn("Retrait au guichet", text)
        self.assertIn("État civil / Population", text)

    def test_the_receipt_views_are_the_requesters(self):
        request, errors = self.citizen.household(purpose="bank_loan")
        view = request.restrictedTraverse("@@eguichet-recu")
        self.assertTrue(view().startswith(b"%PDF-"))
        self.assertEqual(
            self.http_request.response.getHeader("Content-Type"), "application/pdf"
        )
        logout()
        portal_view = self.portal.restrictedTraverse("@@eguichet-recu")
        self.http_request.form.update(reference=request.reference, token="wrong")
        from zExceptions import NotFound

        with self.assertRaises(NotFound):
            portal_view()
        login(self.portal, base.CITIZEN)


class TestReceiptMail(unittest.TestCase):
    """The receipt mail as the site sends it, through the publisher and the
    real MailHost's maildir queue (not sent: MAILHOST_QUEUE_ONLY): the PDF
    made after the submission's commit, not inside its transaction."""

    layer = DOCUMENTS_FUNCTIONAL_TESTING

    def setUp(self):
        from plone.testing.zope import Browser
        from ville.eguichet.tests import base as engine_base

        self.portal = self.layer["portal"]
        engine_base.make_users(self.portal)
        self.anonymous_form = engine_base.make_form(self.portal, id="anonyme", anonymous=True)
        self.queue = tempfile.mkdtemp(prefix="eguichet-receipts-")
        self.mock = self.portal.MailHost
        real = self.portal._original_MailHost
        self.saved = (real.smtp_queue, real.smtp_queue_directory)
        real.smtp_queue, real.smtp_queue_directory = True, self.queue
        self.portal.MailHost = real
        os.environ["MAILHOST_QUEUE_ONLY"] = "1"
        transaction.commit()
        self.browser = Browser(self.layer["app"])
        self.browser.handleErrors = True
        self.browser.raiseHttpErrors = False
        self.browser.addHeader("Accept", "application/json")

    def tearDown(self):
        del os.environ["MAILHOST_QUEUE_ONLY"]
        real = self.portal._original_MailHost
        real.smtp_queue, real.smtp_queue_directory = self.saved
        self.portal.MailHost = self.mock
        transaction.commit()
        shutil.rmtree(self.queue, ignore_errors=True)

    def queued(self):
        from ville.eguichet import pdfworker

        self.assertTrue(pdfworker.drain(60))  # the PDFs drawn by the worker
        messages = []
        for path in sorted(Path(self.queue, "new").iterdir()):
            data = path.read_bytes()
            # zope.sendmail's envelope lines, then the message.
            self.assertTrue(data.startswith(b"X-Zope-From: "))
            messages.append(message_from_bytes(data.split(b"\n", 2)[2]))
        return messages

    def post(self, url, data):
        self.browser.post(url, json.dumps(data), "application/json")
        self.assertEqual(self.browser.headers["status"].split()[0], "201", self.browser.contents)
        return json.loads(self.browser.contents)["reference"]

    def mail_of(self, reference):
        found = [
            m for m in self.queued()
            if reference in str(make_header(decode_header(m["Subject"])))
            and "reçue" in str(make_header(decode_header(m["Subject"])))
        ]
        self.assertEqual(len(found), 1)
        return found[0]

    def pdfs(self, mail):
        return [p for p in mail.walk() if p.get_content_type() == "application/pdf"]

    def test_a_members_receipt_has_the_pdf_an_anonymous_one_none(self):
        from ville.eguichet.documents.tests.test_same_messages import VALID
        from ville.eguichet.tests import base as engine_base

        self.browser.addHeader(
            "Authorization", f"Basic {engine_base.CITIZEN}:{engine_base.PASSWORD}"
        )
        data = dict(VALID, concerned="self", purpose="bank_loan", copies=1)
        url = f"{self.portal.absolute_url()}/e-guichet/composition-de-menage"
        reference = self.post(f"{url}/@eguichet-submit", data)
        mail = self.mail_of(reference)
        (attachment,) = self.pdfs(mail)
        self.assertEqual(
            attachment.get_filename(), f"accuse-de-reception-{reference}.pdf"
        )
        pdf = attachment.get_payload(decode=True)
        text = pdf_text(pdf)
        self.assertIn(reference, text)
        self.assertIn("85.07.30-***.**", text)
        self.assertNotIn("033.28", text)
        (payload,) = qr_payloads(pdf)
        self.assertIn("BE41063012345610", payload)
        self.assertIn(reference, engine_base.mail_text(mail))
        # An anonymous form's receipt: no PDF (it shows the answers).
        from plone.testing.zope import Browser

        self.browser = Browser(self.layer["app"])
        self.browser.raiseHttpErrors = False
        self.browser.addHeader("Accept", "application/json")
        reference = self.post(
            f"{self.anonymous_form.absolute_url()}/@eguichet-submit",
            engine_base.valid_data(),
        )
        mail = self.mail_of(reference)
        self.assertEqual(self.pdfs(mail), [])
        self.assertFalse(mail.is_multipart())
