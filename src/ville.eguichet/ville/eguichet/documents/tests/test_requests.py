"""Submitting the documents: validation, fees, structured communications,
and the ban on e-mailing a criminal-record extract."""

from decimal import Decimal
from email import message_from_bytes
from plone import api
from stdnum.be import ogm_vcs
from ville.eguichet.documents.tests import base
from ville.eguichet.documents.testing import DOCUMENTS_INTEGRATION_TESTING

import unittest


def messages(mailhost):
    return [
        message_from_bytes(m if isinstance(m, bytes) else m.encode())
        for m in mailhost.messages
    ]


def body(message):
    parts = message.walk() if message.is_multipart() else [message]
    return "\n".join(
        part.get_payload(decode=True).decode("utf-8")
        for part in parts
        if part.get_content_type() == "text/plain"
    )


class TestSubmission(unittest.TestCase):
    layer = DOCUMENTS_INTEGRATION_TESTING

    def setUp(self):
        self.portal = self.layer["portal"]
        self.citizen = base.Citizen(self.portal, self.layer["request"])
        self.mailhost = self.portal.MailHost
        self.mailhost.reset()

    def test_each_document_is_accepted(self):
        for submit in (self.citizen.casier, self.citizen.household, self.citizen.birth):
            request, errors = submit()
            self.assertEqual(errors, {})
            self.assertEqual(api.content.get_state(request), "submitted")

    def test_invalid_national_number_stores_nothing(self):
        before = base.store_size()
        for number in ("85073003329", "8507300332", "17073003385"):
            request, errors = self.citizen.household(national_number=number)
            self.assertIsNone(request)
            self.assertIn("national_number", errors)
        request, errors = self.citizen.household(
            national_number="17073003384"
        )  # valid, born 2017, but the birth date says 1985
        self.assertIn("national_number", errors)
        self.assertIn("date de naissance", errors["national_number"])
        self.assertEqual(base.store_size(), before)
        self.assertEqual(self.mailhost.messages, [])

    def test_born_2017_and_bis_numbers_accepted(self):
        from datetime import date

        request, errors = self.citizen.household(
            national_number="17.07.30-033.84", birth_date=date(2017, 7, 30)
        )
        self.assertEqual(errors, {})
        request, errors = self.citizen.household(national_number="85273003371")
        self.assertEqual(errors, {})

    def test_596_2_refused_online_with_the_reason(self):
        before = base.store_size()
        request, errors = self.citizen.casier(model="596.2", purpose="teaching")
        self.assertIsNone(request)
        self.assertEqual(set(errors), {"model"})
        self.assertIn("guichet", errors["model"])
        self.assertEqual(base.store_size(), before)

    def test_casier_purpose_of_another_model_refused(self):
        request, errors = self.citizen.casier(model="595", purpose="taxi")
        self.assertEqual(set(errors), {"purpose"})

    def test_household_third_party_requires_proxy(self):
        request, errors = self.citizen.household(concerned="third_party")
        self.assertEqual(set(errors), {"proxy"})
        request, errors = self.citizen.household(
            concerned="third_party", proxy=base.pdf("procuration.pdf")
        )
        self.assertEqual(errors, {})
        self.assertTrue(request.about_third_party)

    def test_birth_certificate_requires_interest_and_proof(self):
        for relationship in ("spouse_or_cohabitant", "parent_or_child", "heir"):
            request, errors = self.citizen.birth(relationship=relationship)
            self.assertEqual(set(errors), {"legitimate_interest", "proof"})
        request, errors = self.citizen.birth(
            relationship="heir",
            legitimate_interest="inheritance",
            proof=base.pdf("acte-de-deces.pdf"),
        )
        self.assertEqual(errors, {})
        request, errors = self.citizen.birth(relationship="legal_representative")
        self.assertEqual(errors, {})

    def test_free_purpose_has_no_fee_nor_communication(self):
        request, errors = self.citizen.household(purpose="cpas", copies=3)
        self.assertIsNone(request.fee)
        self.assertIsNone(request.structured_communication)
        receipt = body(messages(self.mailhost)[0])
        self.assertNotIn("+++", receipt)

    def test_fee_from_the_profile_times_copies(self):
        request, errors = self.citizen.household(purpose="bank_loan", copies=3)
        self.assertEqual(request.fee, Decimal("7.50"))
        request, errors = self.citizen.casier(model="596.1", purpose="taxi")
        self.assertEqual(request.fee, Decimal("7.00"))
        request, errors = self.citizen.casier(model="595", purpose="other", copies=2)
        self.assertEqual(request.fee, Decimal("9.00"))

    def test_structured_communication_valid_unique_and_in_receipt(self):
        seen = set()
        for _ in range(15):
            self.mailhost.reset()
            request, errors = self.citizen.household(purpose="insurance")
            communication = request.structured_communication
            self.assertRegex(communication, r"^\+\+\+\d{3}/\d{4}/\d{5}\+\+\+$")
            digits = communication.strip("+").replace("/", "")
            self.assertTrue(ogm_vcs.is_valid(digits))
            self.assertEqual(int(digits[-2:]), (int(digits[:10]) % 97) or 97)
            seen.add(communication)
            receipt = body(messages(self.mailhost)[0])
            self.assertIn(communication, receipt)
            self.assertIn("BE41 0630 1234 5610", receipt)
        self.assertEqual(len(seen), 15)

    def test_receipt_names_choices_by_their_titles_and_masks_the_number(self):
        request, errors = self.citizen.household(purpose="insurance")
        receipt = body(messages(self.mailhost)[0])
        self.assertIn("Assurance", receipt)
        self.assertNotIn("insurance", receipt)
        self.assertNotIn("85073003328", receipt.replace(".", "").replace("-", ""))
        self.assertIn("85.07.30-***.**", receipt)

    def test_communication_collision_draws_another(self):
        from ville.eguichet.documents.fees import structured_communication
        from ville.eguichet.documents.handlers import unique_communication

        registry = {}
        first = unique_communication("EG-1", registry)
        self.assertEqual(first, structured_communication("EG-1"))
        # Another request whose first candidate is taken gets the next one.
        registry[structured_communication("EG-2")] = "EG-X"
        second = unique_communication("EG-2", registry)
        self.assertEqual(second, structured_communication("EG-2", 1))
        self.assertEqual(registry[second], "EG-2")


class TestCriminalRecordNeverEmailed(unittest.TestCase):
    layer = DOCUMENTS_INTEGRATION_TESTING

    def setUp(self):
        self.portal = self.layer["portal"]
        self.citizen = base.Citizen(self.portal, self.layer["request"])
        self.mailhost = self.portal.MailHost

    def ready_mail(self, request):
        self.mailhost.reset()
        self.citizen.make_ready(request, base.pdf("document.pdf", base.PDF + b"SECRET"))
        mails = [
            m for m in messages(self.mailhost) if request.reference in m["Subject"]
        ]
        self.assertTrue(mails, "no e-mail at mark_ready")
        return mails[-1]

    def attachments(self, message):
        return [part for part in message.walk() if part.get_filename()]

    def test_casier_ready_mail_has_no_attachment(self):
        request, errors = self.citizen.casier()
        mail = self.ready_mail(request)
        self.assertEqual(self.attachments(mail), [])
        self.assertNotIn(b"SECRET", mail.as_bytes())

    def test_casier_attachment_cannot_be_turned_on(self):
        from ville.eguichet.action import find_action

        form = self.portal["e-guichet"]["extrait-de-casier-judiciaire"]
        form.actions_model = form.actions_model.replace(
            "<attach_documents>False</attach_documents>",
            "<attach_documents>True</attach_documents>",
        )
        self.assertIn("<attach_documents>True", form.actions_model)
        self.assertFalse(find_action(form).attach_documents)
        request, errors = self.citizen.casier()
        self.assertEqual(self.attachments(self.ready_mail(request)), [])

    def test_other_form_would_attach_when_turned_on(self):
        # The same check sees attachments where the law allows them: the
        # casier test above cannot pass by accident.
        form = self.portal["e-guichet"]["composition-de-menage"]
        form.actions_model = form.actions_model.replace(
            "<attach_documents>False</attach_documents>",
            "<attach_documents>True</attach_documents>",
        )
        request, errors = self.citizen.household()
        self.assertEqual(len(self.attachments(self.ready_mail(request))), 1)
