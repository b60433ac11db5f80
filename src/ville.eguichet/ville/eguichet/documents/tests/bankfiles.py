"""Bank statements for the tests (not a test module): CODA files written
record by record, as Belgian banks write them (the layout documented in
``ville.eguichet.bankstatement``), and CSV exports.

``python -m ville.eguichet.documents.tests.bankfiles`` rewrites the sample
files of ``bank/`` (kept in the repository, read by the parser's tests)."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path


SAMPLES = Path(__file__).parent / "bank"
ACCOUNT = "BE68539007547034"
DAY = date(2026, 11, 27)


@dataclass
class Transfer:
    """A movement: ``communication`` is twelve digits when ``structured``."""

    amount: Decimal
    communication: str = ""
    structured: bool = True
    name: str = "DUPONT MARIE"
    account: str = "BE71096123456769"
    reference: str = ""
    details: tuple = ()  # Transfers inside a total (transaction type 1)


def _fixed(text, width):
    text = str(text)
    assert len(text) <= width, (text, width)
    return text.ljust(width)


def _amount(value: Decimal, width=15) -> tuple:
    """(sign, digits): CODA amounts have 3 decimals and a separate sign."""
    sign = "1" if value < 0 else "0"
    return sign, str(int(abs(value) * 1000)).rjust(width, "0")


def _record(*parts) -> str:
    line = "".join(parts)
    assert len(line) == 128, (len(line), line)
    return line


def _ddmmyy(day):
    return day.strftime("%d%m%y")


def movement_records(seq, detail, transfer, code, statement="127", day=DAY) -> list:
    sign, amount = _amount(transfer.amount)
    reference = transfer.reference or f"EBNK{seq:05d}{detail:04d}BKTZ{day:%y%m}"
    if transfer.structured:
        kind, text = "1", "101" + transfer.communication
    else:
        kind, text = "0", transfer.communication
    text = text.ljust(53 + 53 + 43)
    has_more = "1"  # 2.2 and 2.3 follow: the counterparty
    records = [_record(
        "21", f"{seq:04d}", f"{detail:04d}", _fixed(reference, 21), sign, amount,
        _ddmmyy(day), code, kind, text[:53], _ddmmyy(day), statement, "0", has_more,
        " ", "0",
    )]
    records.append(_record(
        "22", f"{seq:04d}", f"{detail:04d}", text[53:106], " " * 35,
        _fixed("GEBABEBB", 11), " " * 3, " ", " " * 4, " " * 4, " " * 4, "1", " ", "0",
    ))
    records.append(_record(
        "23", f"{seq:04d}", f"{detail:04d}", _fixed(transfer.account, 34) + "EUR",
        _fixed(transfer.name, 35), text[106:149], "0", " ", "0",
    ))
    return records


def coda(transfers, *, account=ACCOUNT, day=DAY, statement="127",
         old_balance=Decimal("15230.55"), duplicate=False) -> bytes:
    """A CODA file of one statement with these transfers (and their totals)."""
    records = [_record(
        "0", "0000", _ddmmyy(day), "539", "05", "D" if duplicate else " ", " " * 7,
        _fixed("0000001271", 10), _fixed("COMMUNE DE TESTVILLE", 26), _fixed("HBKABE22", 11),
        "00207500123", " ", "00000", " " * 16, " " * 16, " " * 7, "2",
    )]
    sign, balance = _amount(old_balance)
    records.append(_record(
        "1", "2", statement, _fixed(account, 34) + "EUR", sign, balance, _ddmmyy(day),
        _fixed("COMMUNE DE TESTVILLE", 26), _fixed("Compte recettes", 35), "001",
    ))
    credit = debit = Decimal(0)
    for seq, transfer in enumerate(transfers, 1):
        if transfer.details:
            records += movement_records(seq, 0, transfer, "10150000", statement, day)
            for detail, part in enumerate(transfer.details, 1):
                records += movement_records(seq, detail, part, "50150000", statement, day)
        else:
            code = "00150000" if transfer.amount > 0 else "00101000"
            records += movement_records(seq, 0, transfer, code, statement, day)
        if transfer.amount > 0:
            credit += transfer.amount
        else:
            debit -= transfer.amount
    new_balance = old_balance + credit - debit
    sign, balance = _amount(new_balance)
    records.append(_record(
        "8", statement, _fixed(account, 34) + "EUR", sign, balance, _ddmmyy(day),
        " " * 64, "0",
    ))
    count = len(records) - 1  # records 1, 2.x and 8
    records.append(_record(
        "9", " " * 15, f"{count:06d}", _amount(debit)[1], _amount(credit)[1], " " * 75, "2",
    ))
    return ("\r\n".join(records) + "\r\n").encode("cp1252")


def sample_coda() -> bytes:
    """A day of the town's receipts account: two structured transfers, one
    with a wrong check digit, one in free text (the communication typed in
    the free field), a total of two transfers, a debit."""
    return coda([
        Transfer(Decimal("5.00"), "090933755493", name="DUPONT MARIE"),
        Transfer(Decimal("12.50"), "020343057642", name="LEFEVRE JEAN-PIERRE"),
        Transfer(Decimal("5.00"), "090933755494", name="MARTIN LUC"),
        Transfer(Decimal("7.50"), "Acte de naissance +++020/3430/57642+++ Lucas",
                 structured=False, name="PEETERS ANNE"),
        Transfer(Decimal("15.00"), "COLLECTE DU 27/11", structured=False,
                 name="BPOST BANQUE", details=(
                     Transfer(Decimal("5.00"), "101000000013", name="RENARD ZOE"),
                     Transfer(Decimal("10.00"), "101000000114", name="LAMBERT PAUL"),
                 )),
        Transfer(Decimal("-1250.00"), "Facture 2026-118 fournitures", structured=False,
                 name="PAPETERIE DU CENTRE SPRL", account="BE62510007547061"),
    ])


SAMPLE_CSV = (
    "Numéro de séquence;Date d'exécution;Date valeur;Montant;Devise du compte;"
    "Numéro de compte;Type de transaction;Contrepartie;Nom de la contrepartie;"
    "Communication;Détails;Statut;Motif du refus\r\n"
    "2026-00412;27/11/2026;27/11/2026;5,00;EUR;BE68539007547034;Virement en euros;"
    "BE71096123456769;DUPONT MARIE;+++090/9337/55493+++;VIREMENT SEPA;Accepté;\r\n"
    "2026-00413;27/11/2026;27/11/2026;1.012,50;EUR;BE68539007547034;Virement en euros;"
    "BE71096123456769;LEFEVRE JEAN-PIERRE;+++020/3430/57642+++;VIREMENT SEPA;Accepté;\r\n"
    "2026-00414;27/11/2026;27/11/2026;5,00;EUR;BE68539007547034;Virement en euros;"
    "BE71096123456769;MARTIN LUC;090933755494;VIREMENT SEPA;Accepté;\r\n"
    "2026-00415;27/11/2026;27/11/2026;7,50;EUR;BE68539007547034;Virement en euros;"
    "BE71096123456769;PEETERS ANNE;Acte de naissance pour Lucas;VIREMENT SEPA;Accepté;\r\n"
    "2026-00416;28/11/2026;28/11/2026;-1.250,00;EUR;BE68539007547034;Virement en euros;"
    "BE62510007547061;PAPETERIE DU CENTRE SPRL;Facture 2026-118;VIREMENT SEPA;Accepté;\r\n"
)


def write_samples():
    SAMPLES.mkdir(exist_ok=True)
    (SAMPLES / "releve.cod").write_bytes(sample_coda())
    (SAMPLES / "releve-bnp.csv").write_bytes(SAMPLE_CSV.encode("utf-8-sig"))


if __name__ == "__main__":
    write_samples()
