"""The Belgian rules of the three documents (no Plone needed)."""

from datetime import date
from plone.testing import zca
from ville.eguichet.documents import rules
from ville.eguichet.documents import ruletable
from zope.i18n import translate

import ville.eguichet.documents.tests
import unittest


TRANSLATIONS = zca.ZCMLSandbox(
    name="EguichetDocumentsTranslations",
    filename="translations.zcml",
    package=ville.eguichet.documents.tests,
)


TODAY = date(2026, 11, 29)
CASIER = {
    "kind": "criminal_record",
    "model_596_2_in_person": False,
    "purposes": {
        "595": [{"id": "employment", "title": "Emploi", "fee": "0.00"}],
        "596.1": [{"id": "taxi", "title": "Taxi", "fee": "5.00"}],
        "596.2": [{"id": "teaching", "title": "Enseignement", "fee": "0.00"}],
    },
}
HOUSEHOLD = {
    "kind": "household_composition",
    "purposes": [
        {"id": "school", "title": "École", "fee": "0.00"},
        {"id": "bank_loan", "title": "Prêt", "fee": "3.00"},
    ],
}
BIRTH = {
    "kind": "birth_certificate",
    "purposes": [{"id": "administrative", "title": "Démarche", "fee": "0.00"}],
}


def valid(**changes):
    values = {
        "first_name": "Marie",
        "last_name": "Dupont",
        "national_number": "85.07.30-033.28",
        "birth_date": date(1985, 7, 30),
        "email": "marie.dupont@example.be",
        "phone": "069 12 34 56",
        "street": "Rue Neuve 1",
        "postal_code": "7600",
        "city": "Péruwelz",
        "copies": 1,
        "delivery": "download",
    }
    values.update(changes)
    return values


def fr(message):
    return translate(message, target_language="fr")


class TestNationalNumber(unittest.TestCase):
    layer = TRANSLATIONS

    def check(self, number, birth=None):
        return rules.check_national_number(number, birth, today=TODAY)

    def test_born_1985(self):
        self.assertIsNone(self.check("85073003328", date(1985, 7, 30)))
        self.assertIsNone(self.check("85.07.30-033.28"))

    def test_born_2017_uses_the_2000_rule(self):
        self.assertIsNone(self.check("17073003384", date(2017, 7, 30)))
        self.assertEqual(
            rules.national_number_birth_date("17073003384"), date(2017, 7, 30)
        )

    def test_bis_number(self):
        # Month 07 + 20: a BIS number, same check digits rule.
        self.assertIsNone(self.check("85273003371", date(1985, 7, 30)))
        self.assertEqual(
            rules.national_number_birth_date("85273003371"), date(1985, 7, 30)
        )

    def test_bad_checksums(self):
        for number in ("85073003329", "17073003385", "85273003372", "17073003328"):
            message = self.check(number)
            self.assertIsNotNone(message, number)
            self.assertEqual(message, "msg_nn_checksum")

    def test_bad_format(self):
        for number in ("", "8507300332", "850730033281", "85O73003328", "abc"):
            self.assertEqual(self.check(number), "msg_nn_format", number)

    def test_mismatching_birth_date(self):
        self.assertEqual(
            self.check("85073003328", date(1985, 7, 31)), "msg_nn_birth_date"
        )
        self.assertEqual(
            self.check("17073003384", date(1917, 7, 30)), "msg_nn_birth_date"
        )
        self.assertEqual(self.check("85073003328", "1985-07-30"), None)

    def test_french_message(self):
        self.assertIn("registre national", fr(self.check("85073003329")))
        self.assertIn(
            "date de naissance", fr(self.check("85073003328", date(1990, 1, 1)))
        )


class TestSimpleFields(unittest.TestCase):
    layer = TRANSLATIONS

    def test_postal_code(self):
        for code in ("1000", "7600", "9999", " 4000 "):
            self.assertIsNone(rules.check_postal_code(code), code)
        for code in ("0999", "999", "10000", "76OO", "", "B-7600"):
            self.assertIsNotNone(rules.check_postal_code(code), code)
        self.assertIn("4 chiffres", fr(rules.check_postal_code("12")))

    def test_phone(self):
        for phone in (
            "069 12 34 56",
            "+32 470 12 34 56",
            "0470/12.34.56",
            "+33 1 23 45 67 89",
        ):
            self.assertIsNone(rules.check_phone(phone), phone)
        for phone in ("12", "069", "téléphone", "+32 12"):
            self.assertIsNotNone(rules.check_phone(phone), phone)
        self.assertIn("téléphone", fr(rules.check_phone("12")))

    def test_email(self):
        self.assertIsNone(rules.check_email("marie.dupont@example.be"))
        for email in ("marie", "marie@", "marie dupont@example.be", "@example.be"):
            self.assertIsNotNone(rules.check_email(email), email)
        self.assertIn("adresse e-mail", fr(rules.check_email("x")))

    def test_copies(self):
        for copies in (1, 5, 10, "3"):
            self.assertIsNone(rules.check_copies(copies))
        for copies in (0, 11, -1, None, "deux"):
            self.assertIsNotNone(rules.check_copies(copies), copies)
        self.assertIn("1 à 10", fr(rules.check_copies(0)))

    def test_birth_date_in_the_future(self):
        self.assertIsNotNone(rules.check_birth_date(date(2030, 1, 1), today=TODAY))
        self.assertIsNone(rules.check_birth_date(date(1985, 7, 30), today=TODAY))


class TestCheckRequest(unittest.TestCase):
    layer = TRANSLATIONS

    def test_valid_requests(self):
        self.assertEqual(
            ruletable.check_request(
                "criminal_record",
                CASIER,
                valid(model="595", purpose="employment"),
                TODAY,
            ),
            {},
        )
        self.assertEqual(
            ruletable.check_request(
                "household_composition",
                HOUSEHOLD,
                valid(concerned="self", purpose="school"),
                TODAY,
            ),
            {},
        )
        self.assertEqual(
            ruletable.check_request(
                "birth_certificate",
                BIRTH,
                valid(
                    certificate_type="extract",
                    relationship="self",
                    purpose="administrative",
                ),
                TODAY,
            ),
            {},
        )

    def test_errors_per_field(self):
        errors = ruletable.check_request(
            "household_composition",
            HOUSEHOLD,
            valid(
                concerned="self",
                purpose="school",
                national_number="85073003329",
                postal_code="123",
                phone="1",
                email="x",
                copies=11,
            ),
            TODAY,
        )
        self.assertEqual(
            set(errors),
            {"national_number", "postal_code", "phone", "email", "copies"},
        )

    def test_casier_purpose_must_belong_to_the_model(self):
        errors = ruletable.check_request(
            "criminal_record", CASIER, valid(model="595", purpose="taxi"), TODAY
        )
        self.assertEqual(set(errors), {"purpose"})
        self.assertEqual(
            ruletable.check_request(
                "criminal_record", CASIER, valid(model="596.1", purpose="taxi"), TODAY
            ),
            {},
        )

    def test_596_2_refused_online_when_in_person_required(self):
        values = valid(model="596.2", purpose="teaching")
        self.assertEqual(
            ruletable.check_request("criminal_record", CASIER, values, TODAY), {}
        )
        in_person = dict(CASIER, model_596_2_in_person=True)
        errors = ruletable.check_request("criminal_record", in_person, values, TODAY)
        self.assertEqual(set(errors), {"model"})
        self.assertIn("en personne", fr(errors["model"]))

    def test_household_third_party_needs_a_proxy(self):
        values = valid(concerned="third_party", purpose="school")
        errors = ruletable.check_request("household_composition", HOUSEHOLD, values, TODAY)
        self.assertEqual(set(errors), {"proxy"})
        self.assertIn("procuration", fr(errors["proxy"]))
        values["proxy"] = object()  # any uploaded file
        self.assertEqual(
            ruletable.check_request("household_composition", HOUSEHOLD, values, TODAY), {}
        )
        # For oneself no proxy is asked.
        self.assertEqual(
            ruletable.check_request(
                "household_composition",
                HOUSEHOLD,
                valid(concerned="self", purpose="school"),
                TODAY,
            ),
            {},
        )

    def test_household_unknown_purpose(self):
        errors = ruletable.check_request(
            "household_composition",
            HOUSEHOLD,
            valid(concerned="self", purpose="holidays"),
            TODAY,
        )
        self.assertEqual(set(errors), {"purpose"})

    def test_birth_certificate_relationships(self):
        base = valid(certificate_type="full_copy", purpose="administrative")
        for relationship in ("self", "legal_representative"):
            self.assertEqual(
                ruletable.check_request(
                    "birth_certificate",
                    BIRTH,
                    dict(base, relationship=relationship),
                    TODAY,
                ),
                {},
                relationship,
            )
        for relationship in ("spouse_or_cohabitant", "parent_or_child", "heir"):
            values = dict(base, relationship=relationship)
            errors = ruletable.check_request("birth_certificate", BIRTH, values, TODAY)
            self.assertEqual(
                set(errors), {"legitimate_interest", "proof"}, relationship
            )
            values["legitimate_interest"] = "not_in_the_list"
            values["proof"] = object()
            errors = ruletable.check_request("birth_certificate", BIRTH, values, TODAY)
            self.assertEqual(set(errors), {"legitimate_interest"})
            values["legitimate_interest"] = "inheritance"
            self.assertEqual(
                ruletable.check_request("birth_certificate", BIRTH, values, TODAY), {}
            )

    def test_birth_certificate_kind_and_relationship_required(self):
        errors = ruletable.check_request(
            "birth_certificate", BIRTH, valid(purpose="administrative"), TODAY
        )
        self.assertEqual(set(errors), {"certificate_type", "relationship"})

    def test_every_message_is_translated(self):
        from ville.eguichet.documents.tests.helpers import untranslated

        errors = {}
        errors.update(
            ruletable.check_request(
                "criminal_record",
                dict(CASIER, model_596_2_in_person=True),
                {
                    "model": "596.2",
                    "copies": 0,
                    "delivery": "mail",
                    "national_number": "1",
                    "postal_code": "1",
                    "phone": "1",
                    "email": "1",
                    "birth_date": "x",
                },
                TODAY,
            )
        )
        errors.update(
            ruletable.check_request(
                "birth_certificate", BIRTH, {"relationship": "heir"}, TODAY
            )
        )
        errors.update(
            ruletable.check_request(
                "household_composition", HOUSEHOLD, {"concerned": "third_party"}, TODAY
            )
        )
        errors.update(
            ruletable.check_request("household_composition", HOUSEHOLD, {}, TODAY)
        )
        self.assertEqual(untranslated(errors.values()), [])
