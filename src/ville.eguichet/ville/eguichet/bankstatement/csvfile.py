"""CSV exports of the banks: columns found by name (see the package's
docstring and :data:`CSV_COLUMNS`)."""

from ville.eguichet import _
from ville.eguichet.bankstatement.model import BankFileError
from ville.eguichet.bankstatement.model import Movement
from ville.eguichet.bankstatement.model import parse_amount
from ville.eguichet.bankstatement.model import parse_date
from ville.eguichet.bankstatement.model import structured_digits

import csv
import hashlib
import io
import re
import unicodedata


CSV_COLUMNS = {
    "date": ("date", "date comptable", "date de comptabilisation",
             "date d execution", "date operation", "date valeur", "boekingsdatum",
             "uitvoeringsdatum", "datum", "valutadatum", "booking date",
             "execution date", "value date"),
    "amount": ("montant", "montant eur", "bedrag", "amount"),
    "communication": ("communication structuree", "gestructureerde mededeling",
                      "structured communication", "communication", "communications",
                      "mededeling", "mededelingen", "communication libre",
                      "vrije mededeling", "message", "details", "omschrijving",
                      "description"),
    "free_communication": ("communication libre", "vrije mededeling",
                           "free communication", "message", "details", "omschrijving",
                           "description"),
    "counterparty": ("nom de la contrepartie", "nom contrepartie",
                     "nom contrepartie contient", "naam tegenpartij",
                     "naam van de tegenpartij", "counterparty name", "contrepartie",
                     "tegenpartij", "counterparty"),
    "reference": ("reference", "reference bancaire", "numero de sequence",
                  "numero de transaction", "numero d operation", "volgnummer",
                  "transactienummer", "bank reference", "transaction id"),
    "currency": ("devise", "devise du compte", "munt", "valuta", "currency"),
    "account": ("numero de compte", "compte", "rekeningnummer", "rekening", "account"),
}
REQUIRED_COLUMNS = ("date", "amount", "communication")
COLUMN_TITLES = {
    "date": _("bank_column_date", default="date"),
    "amount": _("bank_column_amount", default="amount"),
    "communication": _("bank_column_communication", default="communication"),
}


def normalise(name: str) -> str:
    text = unicodedata.normalize("NFKD", name or "")
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    return " ".join(re.split(r"[^a-z0-9]+", text)).strip()


def _decode(data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def _columns(header: list) -> dict:
    names = [normalise(cell) for cell in header]
    found = {}
    for field, aliases in CSV_COLUMNS.items():
        for alias in aliases:
            if alias in names and names.index(alias) not in found.values():
                found[field] = names.index(alias)
                break
    if found.get("free_communication") == found.get("communication"):
        found.pop("free_communication", None)
    for field in REQUIRED_COLUMNS:
        if field not in found:
            raise BankFileError(_(
                "The CSV file has no ${column} column. Its first line must name the "
                "columns (date, amount, communication and, if the bank gives it, "
                "counterparty).",
                mapping={"column": COLUMN_TITLES[field]},
            ))
    return found


def read_csv(data: bytes) -> list:
    text = _decode(data)
    first = text.splitlines()[0] if text.splitlines() else ""
    delimiter = max((";", ",", "\t"), key=first.count)
    if not first.count(delimiter):
        raise BankFileError(_("This file is neither a CODA file nor a CSV file with "
                              "columns separated by ';' or ','."))
    rows = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    columns = _columns(next(rows))
    movements, seen = [], {}
    for row in rows:
        number = rows.line_num
        if not any(cell.strip() for cell in row):
            continue
        movements.append(_csv_movement(row, columns, number, seen))
    return movements


def _cell(row, columns, field):
    index = columns.get(field)
    if index is None or index >= len(row):
        return ""
    return row[index].strip()


def _csv_movement(row, columns, number, seen):
    when = parse_date(_cell(row, columns, "date"))
    if when is None:
        raise BankFileError(_("Line ${line}: the date '${value}' is not a date.",
                              mapping={"line": number, "value": _cell(row, columns, "date")}))
    amount = parse_amount(_cell(row, columns, "amount"))
    if amount is None:
        raise BankFileError(_(
            "Line ${line}: the amount '${value}' is not an amount.",
            mapping={"line": number, "value": _cell(row, columns, "amount")},
        ))
    communication = _cell(row, columns, "communication") or _cell(
        row, columns, "free_communication")
    structured = structured_digits(communication)
    counterparty = _cell(row, columns, "counterparty")
    reference = _cell(row, columns, "reference")
    account = _cell(row, columns, "account")
    if reference:
        key = f"csv:{account}:{reference}"
    else:
        # No reference column: the movement's own content, and its rank
        # among identical lines of the file.
        content = "|".join((when.isoformat(), str(amount), communication, counterparty,
                            account))
        digest = hashlib.sha256(content.encode()).hexdigest()[:24]
        seen[digest] = seen.get(digest, 0) + 1
        key = f"csv:{digest}#{seen[digest]}"
    return Movement(
        key=key,
        line=number,
        bank_reference=reference,
        date=when,
        amount=amount,
        currency=(_cell(row, columns, "currency") or "EUR").upper(),
        communication=structured or communication,
        structured=structured is not None,
        counterparty=counterparty,
    )
