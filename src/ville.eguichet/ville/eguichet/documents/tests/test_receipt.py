"""The PDF receipt: what it says, what it hides, and its EPC QR code read
back from the image the PDF embeds by a QR decoder (zxing-cpp)."""

from email import message_from_bytes
from io import BytesIO
from plone.app.testing import login
from plone.app.testing import logout
from stdnum.be import ogm_vcs
from ville.eguichet.documents.tests import base
from ville.eguichet.documents.testing import DOCUMENTS_INTEGRATION_TESTING
from ville.eguichet.receipt import receipt_pdf

import pypdf
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

    def test_a_members_receipt_mail_links_the_pdf_without_attaching_it(self):
        # Not attached: made inside the submission's transaction, the PDF
        # made concurrent submissions run out of conflict retries.
        request, errors = self.citizen.household(purpose="bank_loan")
        (mail,) = [
            message_from_bytes(m if isinstance(m, bytes) else m.encode())
            for m in self.portal.MailHost.messages
            if request.reference in str(m)
        ][:1]
        pdfs = [
            part for part in mail.walk() if part.get_content_type() == "application/pdf"
        ]
        self.assertEqual(pdfs, [])
        self.assertIn(request.reference, str(mail))

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
