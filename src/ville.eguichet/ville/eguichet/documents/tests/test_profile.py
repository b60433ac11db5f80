"""eguichet.yaml: checked before anything is written, one clear line."""

from pathlib import Path
from ville.eguichet import municipality

import shutil
import tempfile
import unittest


ROOT = Path(__file__).resolve().parents[6]
PERUWELZ = ROOT / "profiles" / "peruwelz"
TEST_PROFILE = Path(__file__).parent / "profile"


class TestLoad(unittest.TestCase):
    def setUp(self):
        self.dir = Path(tempfile.mkdtemp())
        self.addCleanup(shutil.rmtree, self.dir)
        shutil.copy(TEST_PROFILE / "municipality.yaml", self.dir)
        self.yaml = (TEST_PROFILE / "eguichet.yaml").read_text(encoding="utf-8")

    def load(self, text=None):
        (self.dir / "eguichet.yaml").write_text(
            self.yaml if text is None else text, encoding="utf-8"
        )
        return municipality.load(self.dir)

    def error(self, text):
        with self.assertRaises(ValueError) as caught:
            self.load(text)
        message = str(caught.exception)
        self.assertNotIn("\n", message)
        return message

    @unittest.skipUnless(PERUWELZ.is_dir(), "site project not around")
    def test_peruwelz_profile(self):
        data = municipality.load(PERUWELZ)
        self.assertEqual(
            set(data["procedures"]),
            {"criminal_record", "household_composition", "birth_certificate"},
        )
        household = data["procedures"]["household_composition"]["purposes"]
        fees = {p["id"]: p["fee"] for p in household}
        for free in (
            "school",
            "family_allowance",
            "employment",
            "pension",
            "cpas",
            "social_housing",
            "legal_aid",
        ):
            self.assertEqual(fees[free], "0.00", free)
        for paying in ("bank_loan", "insurance", "other"):
            self.assertNotEqual(fees[paying], "0.00", paying)
        self.assertTrue(data["payment"]["iban"].startswith("BE"))
        self.assertTrue(data["procedures"]["criminal_record"]["model_596_2_in_person"])
        self.assertEqual(data["desk"]["title"], "État civil / Population")

    def test_test_profile_with_fallbacks(self):
        data = self.load()
        # IBAN and BIC from municipality.yaml's contact, hours of the town hall.
        self.assertEqual(data["payment"]["iban"], "BE41063012345610")
        self.assertEqual(data["payment"]["bic"], "GKCCBEBB")
        self.assertEqual(data["desk"]["opening_hours"]["monday"], "08:30-12:00")
        self.assertEqual(
            data["retention"],
            {
                "days": 100,
                "third_party_days": 30,
                # Defaults of the delays the test profile does not give.
                "reminder_days": 15,
                "expiry_days": 15,
                "mail_queue_days": 30,
                "draft_days": 30,
            },
        )
        self.assertEqual(
            data["procedures"]["criminal_record"]["purposes"]["596.1"][0]["fee"], "7.00"
        )

    def test_waiting_and_mail_queue_delays(self):
        text = self.yaml.replace(
            "  third_party_days: 30\n",
            "  third_party_days: 30\n  reminder_days: 10\n  expiry_days: 20\n"
            "  mail_queue_days: 7\n",
        )
        retention = self.load(text)["retention"]
        self.assertEqual(
            (
                retention["reminder_days"],
                retention["expiry_days"],
                retention["mail_queue_days"],
            ),
            (10, 20, 7),
        )
        for name, value, expected in (
            ("reminder_days", "dix", "must be a whole number"),
            ("expiry_days", "0", "must be between 1 and 365"),
            ("mail_queue_days", "400", "must be between 1 and 365"),
            ("reminder_days", "true", "must be a whole number"),
        ):
            with self.subTest(name=name, value=value):
                message = self.error(
                    self.yaml.replace(
                        "  third_party_days: 30\n",
                        f"  third_party_days: 30\n  {name}: {value}\n",
                    )
                )
                self.assertIn(f"eguichet.yaml: field 'retention.{name}' {expected}", message)

    def test_no_file_no_procedure(self):
        self.assertEqual(municipality.load(self.dir), {"procedures": {}})

    def test_errors_name_file_and_field(self):
        cases = {
            "procedures:\n  passport: {}\n": (
                "field 'procedures.passport' is not a procedure"
            ),
            self.yaml.replace(
                "fee: 7", "fee: sept"
            ): "procedures.criminal_record.purposes.596.1[0].fee",
            self.yaml.replace("fee: 7", "fee: -1"): "must be between 0 and 1000",
            self.yaml.replace("fee: 7", "fee: 1.005"): "in cents",
            self.yaml.replace("id: taxi", "id: Taxi!"): "must be lowercase",
            self.yaml.replace(
                "id: taxi", "id: employment"
            ): "repeats the purpose 'employment'",
            self.yaml.replace(
                "id: bank_loan", "id: school"
            ): "repeats the purpose 'school'",
            self.yaml.replace(
                "days: 100", "days: cent"
            ): "field 'retention.days' must be a whole number",
            self.yaml.replace(
                "model_596_2_in_person: true", "model_596_2_in_person: oui"
            ): "must be true or false",
            self.yaml.replace('"596.2":', '"596.3":'): "is not a model",
            self.yaml.replace(
                "    title: Acte de naissance\n", ""
            ): "procedures.birth_certificate.title' is missing",
            "procedures: [1, 2]\n": "'procedures' must be a mapping",
            "desk: [\n": "not valid YAML",
            self.yaml.replace(
                "payment:\n", "payment:\n  iban: BE00 0000 0000 0000\n"
            ): "field 'payment.iban' must be a valid",
        }
        for text, expected in cases.items():
            with self.subTest(expected=expected):
                message = self.error(text)
                self.assertIn("eguichet.yaml", message)
                self.assertIn(expected, message)

    def test_bad_iban_in_municipality_yaml_names_that_file(self):
        town = (self.dir / "municipality.yaml").read_text(encoding="utf-8")
        (self.dir / "municipality.yaml").write_text(
            town.replace("BE41 0630 1234 5610", "BE41 0630 1234 5611"), encoding="utf-8"
        )
        message = self.error(None)
        self.assertIn("municipality.yaml: field 'contact.iban'", message)

    def test_bad_iban_in_municipality_yaml_without_eguichet_yaml(self):
        # The e-guichet owns the IBAN rule: checked even when the profile
        # offers no procedure (ville.policy only stores the text).
        town = (self.dir / "municipality.yaml").read_text(encoding="utf-8")
        (self.dir / "municipality.yaml").write_text(
            town.replace("BE41 0630 1234 5610", "BE41 0630 1234 5611"), encoding="utf-8"
        )
        with self.assertRaises(ValueError) as caught:
            municipality.load(self.dir)
        self.assertIn(
            "municipality.yaml: field 'contact.iban' must be a valid IBAN",
            str(caught.exception),
        )

    def test_paying_purposes_need_an_iban(self):
        town = (self.dir / "municipality.yaml").read_text(encoding="utf-8")
        (self.dir / "municipality.yaml").write_text(
            town.replace("  iban: BE41 0630 1234 5610\n", ""), encoding="utf-8"
        )
        self.assertIn("field 'payment.iban' is missing", self.error(None))
