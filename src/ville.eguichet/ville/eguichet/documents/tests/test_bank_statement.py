"""Reading bank statements (no site): CODA files record by record, the
banks' CSV exports, and the files an agent must be told are broken."""

from datetime import date
from decimal import Decimal
from pathlib import Path
from ville.eguichet import bankstatement
from ville.eguichet.bankstatement import BankFileError
from ville.eguichet.documents.tests import bankfiles
from ville.eguichet.documents.tests.bankfiles import Transfer

import unittest


SAMPLES = Path(__file__).parent / "bank"


def error_of(data):
    try:
        bankstatement.read(data)
    except BankFileError as error:
        return error.message
    raise AssertionError("no error")


class TestCoda(unittest.TestCase):
    def test_the_sample_statement(self):
        data = (SAMPLES / "releve.cod").read_bytes()
        self.assertEqual(data, bankfiles.sample_coda())  # samples up to date
        statement = bankstatement.read(data)
        self.assertEqual(statement.format, "coda")
        moves = statement.movements
        # The total of two transfers gives its two details, not itself.
        self.assertEqual(
            [(m.amount, m.structured, m.communication) for m in moves],
            [
                (Decimal("5.00"), True, "090933755493"),
                (Decimal("12.50"), True, "020343057642"),
                (Decimal("5.00"), True, "090933755494"),
                (Decimal("7.50"), False, "Acte de naissance +++020/3430/57642+++ Lucas"),
                (Decimal("5.00"), True, "101000000013"),
                (Decimal("10.00"), True, "101000000114"),
                (Decimal("-1250.00"), False, "Facture 2026-118 fournitures"),
            ],
        )
        first = moves[0]
        self.assertEqual(first.date, date(2026, 11, 27))
        self.assertEqual(first.counterparty, "DUPONT MARIE")
        self.assertEqual(first.currency, "EUR")
        self.assertEqual(first.bank_reference, "EBNK000010000BKTZ2611")
        self.assertEqual(first.line, 3)  # its record 2.1
        self.assertEqual(moves[1].line, 6)
        self.assertEqual(len({m.key for m in moves}), len(moves))
        # The wrong check digit is the importer's business, not the parser's.
        self.assertEqual(
            [bankstatement.valid_communication(m.communication) for m in moves[:3]],
            [True, True, False],
        )
        self.assertEqual(bankstatement.communications_in(moves[3].communication),
                         ["020343057642"])

    def test_same_movement_same_key_in_a_duplicate_file(self):
        transfers = [Transfer(Decimal("5.00"), "090933755493")]
        keys = [
            [m.key for m in bankstatement.read(bankfiles.coda(transfers, duplicate=d)).movements]
            for d in (False, True)
        ]
        self.assertEqual(keys[0], keys[1])
        other_day = bankfiles.coda(transfers, day=date(2026, 11, 30), statement="128")
        self.assertNotEqual(keys[0], [m.key for m in bankstatement.read(other_day).movements])

    def test_a_bank_file_from_the_field(self):
        """febelfin-coda's own sample, a real bank's test file (59 movements
        and their details, information records)."""
        import coda

        data = (Path(coda.__file__).parent / "CODA.txt").read_bytes()
        moves = bankstatement.read(data).movements
        self.assertGreater(len(moves), 50)
        self.assertTrue(all(isinstance(m.amount, Decimal) for m in moves))

    def test_broken_files_say_what_and_where(self):
        good = bankfiles.sample_coda().decode("cp1252").split("\r\n")

        def broken(lines):
            return "\r\n".join(lines).encode("cp1252")

        cases = {
            "short line": (good[:3] + [good[3][:-1]] + good[4:], 4, "128 characters"),
            "unknown record": (good[:3] + ["5" + good[3][1:]] + good[4:], 4, "record type"),
            "amount": (good[:2] + [good[2][:35] + "ABC" + good[2][38:]] + good[3:], 3,
                       "not a number"),
            "date": (good[:2] + [good[2][:47] + "311326" + good[2][53:]] + good[3:], 3,
                     "date DDMMYY"),
            "version": ([good[0][:-1] + "1"] + good[1:], 1, "version"),
        }
        for name, (lines, line, words) in cases.items():
            message = error_of(broken(lines))
            self.assertIn(words, message.default or str(message), name)
            self.assertEqual(message.mapping["line"], line, name)
        # No trailer: incomplete.
        message = error_of(broken([x for x in good if not x.startswith("9")]))
        self.assertIn("incomplete", str(message))
        # A movement's amount changed: the trailer's totals disagree.
        line = good[2]
        altered = line[:44] + ("2" if line[44] == "1" else "1") + line[45:]
        message = error_of(broken(good[:2] + [altered] + good[3:]))
        self.assertIn("inconsistent", str(message))

    def test_empty_and_unknown_files(self):
        self.assertIn("empty", str(error_of(b"  \r\n")))
        self.assertIn("neither a CODA file nor a CSV", str(error_of(b"\x89PNG\r\n\x1a\n")))
        self.assertIn("larger", str(error_of(b"x" * (bankstatement.MAX_SIZE + 1))))


class TestCsv(unittest.TestCase):
    def test_a_bnp_paribas_fortis_export(self):
        statement = bankstatement.read((SAMPLES / "releve-bnp.csv").read_bytes())
        self.assertEqual(statement.format, "csv")
        moves = statement.movements
        self.assertEqual(
            [(m.amount, m.structured, m.communication, m.counterparty) for m in moves],
            [
                (Decimal("5.00"), True, "090933755493", "DUPONT MARIE"),
                (Decimal("1012.50"), True, "020343057642", "LEFEVRE JEAN-PIERRE"),
                (Decimal("5.00"), True, "090933755494", "MARTIN LUC"),
                (Decimal("7.50"), False, "Acte de naissance pour Lucas", "PEETERS ANNE"),
                (Decimal("-1250.00"), False, "Facture 2026-118", "PAPETERIE DU CENTRE SPRL"),
            ],
        )
        self.assertEqual(moves[0].date, date(2026, 11, 27))
        self.assertEqual(moves[0].bank_reference, "2026-00412")
        self.assertEqual(moves[0].line, 2)
        self.assertEqual(moves[0].key, "csv:BE68539007547034:2026-00412")

    def test_comma_separated_with_decimal_points_and_two_communication_columns(self):
        data = (
            "Date,Amount,Counterparty name,Structured communication,Free communication\n"
            "2026-11-27,5.00,Dupont,,+++090/9337/55493+++\n"
            '2026-11-27,"1,012.50",Martin,***020/3430/57642***,\n'
            "27.11.26,7.50,Peeters,,Acte 020343057642 Lucas\n"
        ).encode()
        moves = bankstatement.read(data).movements
        self.assertEqual(
            [(m.amount, m.structured, m.communication, m.date) for m in moves],
            [
                (Decimal("5.00"), True, "090933755493", date(2026, 11, 27)),
                (Decimal("1012.50"), True, "020343057642", date(2026, 11, 27)),
                (Decimal("7.50"), False, "Acte 020343057642 Lucas", date(2026, 11, 27)),
            ],
        )
        # Without a reference column, identical lines still get their own key.
        twice = ("Date;Montant;Communication\n" + "27/11/2026;5,00;+++090/9337/55493+++\n" * 2)
        moves = bankstatement.read(twice.encode("cp1252")).movements
        self.assertEqual(len({m.key for m in moves}), 2)
        self.assertEqual(moves[0].counterparty, "")

    def test_broken_csv_files(self):
        message = error_of("Date;Montant;Contrepartie\n27/11/2026;5,00;X\n".encode())
        self.assertEqual(message.mapping["column"], "bank_column_communication")
        message = error_of("Date;Montant;Communication\n27/11/2026;cinq;+++090/9337/55493+++\n"
                           .encode())
        self.assertEqual((message.mapping["line"], message.mapping["value"]), (2, "cinq"))
        message = error_of("Date;Montant;Communication\n27/11/2026;5,00;a\n31/02/2026;5;b\n"
                           .encode())
        self.assertEqual((message.mapping["line"], message.mapping["value"]), (3, "31/02/2026"))

    def test_amounts(self):
        for text, amount in (
            ("1.234,56", "1234.56"), ("-12,50", "-12.50"), ("1234.56", "1234.56"),
            ("+5,00 €", "5.00"), ("1,234.56", "1234.56"), ("1.234", "1234.00"),
            ("12", "12.00"), ("EUR 7,5", "7.50"), ("1 250,00", "1250.00"),
        ):
            self.assertEqual(bankstatement.parse_amount(text), Decimal(amount), text)
        for text in ("", "cinq", "1,2,3,4x"):
            self.assertIsNone(bankstatement.parse_amount(text), text)

    def test_structured_communications(self):
        self.assertEqual(bankstatement.structured_digits("+++090/9337/55493+++"),
                         "090933755493")
        self.assertEqual(bankstatement.structured_digits("090/9337/55493"), "090933755493")
        self.assertIsNone(bankstatement.structured_digits("Facture 090/9337/55493"))
        self.assertIsNone(bankstatement.structured_digits("0909337554"))
        self.assertTrue(bankstatement.valid_communication("090933755493"))
        self.assertFalse(bankstatement.valid_communication("090933755494"))
        # Check 97 when the first ten digits are a multiple of 97.
        self.assertTrue(bankstatement.valid_communication("000000009797"))
