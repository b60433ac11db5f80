"""Bank statements read as movements: a CODA file or a bank's CSV export.

No Plone here: bytes in, :class:`Movement` tuples out, or
:class:`BankFileError` (a French message through the ``ville`` domain, the
line it is about) and nothing else. :mod:`ville.eguichet.bankmatch` matches
the movements with the requests.

CODA (Febelfin's "Coded statement of account", version 2) is parsed by
febelfin-coda (Tryton's parser, BSD, ``import coda``). Before it, this
module checks what the parser would answer with a bare ``AssertionError`` or
``IndexError`` (or, under ``python -O``, not at all), so that the agent reads
which line is wrong: every record has 128 characters; a statement is
record 0, 1, movements, 8, 9. Positions relied on (1-based, as the standard
counts them):

- record 0 (header): 1 ``0``; 6-11 creation date DDMMYY; 128 version ``2``.
- record 1 (old balance): 2 account structure (``2``: Belgian IBAN);
  3-5 statement number; 6-42 account and currency; 43 sign; 44-58 balance
  (3 decimals); 59-64 date.
- record 2.1 (movement): 3-6 sequence; 7-10 detail; 11-31 the bank's
  reference of the movement; 32 sign (``0`` credit, ``1`` debit); 33-47
  amount (12 digits and 3 decimals); 48-53 value date; 54-61 transaction
  code (54: type; ``1``/``2`` a total whose details, types ``5``/``6``,
  follow); 62 communication type (``1`` structured); 63-65 its code (``101``
  the Belgian structured communication, ``102`` the same rebuilt by the bank)
  and 66-77 its twelve digits; else 63-115 free text; 116-121 entry date.
- record 2.2: 11-63 communication continued; 99-109 counterparty's BIC.
- record 2.3: 11-47 counterparty's account; 48-82 counterparty's name;
  83-125 communication continued.
- record 8 (new balance): 2-4 statement number; 42 sign; 43-57 balance.
- record 9 (trailer): 17-22 number of records 1, 2, 3 and 8; 23-37 total of
  the debits; 38-52 total of the credits.
Records 3 (information) and 4 (free messages) are read and ignored.

CSV: the first line names the columns; the separator is ``;`` (Belgian
banks), ``,`` or a tab; amounts with a decimal comma (``1.234,56``) or point
(``1234.56``); dates ``DD/MM/YYYY`` (also ``-`` or ``.``, two-digit years)
or ``YYYY-MM-DD``. Columns are found by name, accents and case ignored, in
French, Dutch or English; the first name of each list present wins (see
:data:`CSV_COLUMNS`): date, amount, communication, counterparty are
required; reference, currency and account are read when present.
"""

from dataclasses import dataclass
from datetime import date
from datetime import datetime
from decimal import Decimal
from decimal import InvalidOperation
from ville.eguichet import _

import csv
import hashlib
import io
import re
import unicodedata


MAX_SIZE = 5 * 1024 * 1024
RECORD_LENGTH = 128
STRUCTURED_CODES = ("101", "102")


class BankFileError(ValueError):
    """A file that cannot be read as a bank statement: ``message`` is an
    i18n message for the agent (the line number in its mapping)."""

    def __init__(self, message):
        super().__init__(str(message))
        self.message = message


@dataclass(frozen=True)
class Movement:
    """One movement of a statement. ``amount`` is positive for a credit.
    ``communication`` holds the twelve digits when ``structured`` (the
    bank's flag in CODA; in a CSV, a field that is a structured
    communication and nothing else), else the free text. ``key`` tells the
    movement from any other, the same in every import of the same file."""

    key: str
    line: int
    bank_reference: str
    date: date | None
    amount: Decimal
    currency: str
    communication: str
    structured: bool
    counterparty: str


@dataclass(frozen=True)
class Statement:
    format: str  # "coda" or "csv"
    movements: tuple


def read(data: bytes) -> Statement:
    """The movements of a CODA file or of a CSV export (told by content)."""
    if not data or not data.strip():
        raise BankFileError(_("The file is empty."))
    if len(data) > MAX_SIZE:
        raise BankFileError(_("The file is larger than 5 MB."))
    start = data.lstrip(b"\xef\xbb\xbf")
    if start[:1] == b"0" and start[1:11].isdigit():
        return Statement("coda", tuple(read_coda(data)))
    return Statement("csv", tuple(read_csv(data)))


# --- CODA ----------------------------------------------------------------


def _coda_lines(data: bytes) -> list:
    # CODA is written in ISO 8859-1 / Windows-1252.
    text = data.decode("cp1252", errors="replace").lstrip("\ufeff")
    lines = [(n, line) for n, line in enumerate(text.splitlines(), 1) if line.strip()]
    statement_open = False
    for number, line in lines:
        if len(line) != RECORD_LENGTH:
            raise BankFileError(_(
                "Line ${line}: a CODA record has 128 characters, this one has ${length}.",
                mapping={"line": number, "length": len(line)},
            ))
        kind = line[0]
        if kind not in "0123489" or (kind in "23" and line[1] not in "123"):
            raise BankFileError(_("Line ${line}: unknown CODA record type '${kind}'.",
                                  mapping={"line": number, "kind": line[:2].strip()}))
        if kind == "0":
            if statement_open:
                raise BankFileError(_("Line ${line}: a statement starts before the "
                                      "previous one ended (record 9 missing).",
                                      mapping={"line": number}))
            if line[127] != "2":
                raise BankFileError(_("Line ${line}: CODA version ${version} is not "
                                      "supported (version 2 only).",
                                      mapping={"line": number, "version": line[127]}))
            statement_open = True
        elif not statement_open:
            raise BankFileError(_("Line ${line}: record before the CODA header "
                                  "(record 0).", mapping={"line": number}))
        elif kind == "9":
            statement_open = False
        _check_fields(number, line)
    if not lines or lines[0][1][0] != "0":
        raise BankFileError(_("This is not a CODA file: it does not start with a "
                              "header record (0)."))
    if statement_open:
        raise BankFileError(_("The CODA file is incomplete: its last statement has "
                              "no trailer record (9)."))
    return lines


# Where each record keeps its dates (DDMMYY) and numbers (0-based slices).
DATES = {"0": ((5, 11),), "1": ((58, 64),), "21": ((47, 53), (115, 121)), "8": ((57, 63),)}
NUMBERS = {"1": ((42, 58),), "21": ((31, 47), (53, 61)), "8": ((41, 57),),
           "9": ((16, 22), (22, 37), (37, 52))}


def _check_fields(number, line):
    kind = line[:2] if line[0] == "2" else line[0]
    for start, end in NUMBERS.get(kind, ()):
        if not line[start:end].isdigit():
            raise BankFileError(_(
                "Line ${line}: '${value}' (positions ${start} to ${end}) is not a number.",
                mapping={"line": number, "value": line[start:end].strip(),
                         "start": start + 1, "end": end},
            ))
    for start, end in DATES.get(kind, ()):
        try:
            datetime.strptime(line[start:end], "%d%m%y")
        except ValueError:
            raise BankFileError(_(
                "Line ${line}: '${value}' (positions ${start} to ${end}) is not a "
                "date DDMMYY.",
                mapping={"line": number, "value": line[start:end].strip(),
                         "start": start + 1, "end": end},
            ))


def read_coda(data: bytes) -> list:
    import coda

    lines = _coda_lines(data)
    try:
        parsed = coda.CODA(io.StringIO("\n".join(line for _n, line in lines)))
    except AssertionError:
        # febelfin-coda checks the trailer's totals and record count.
        raise BankFileError(_(
            "The CODA file is inconsistent: its totals or its number of records "
            "do not match its movements (file incomplete or altered)."
        ))
    except (ValueError, KeyError, IndexError, AttributeError, TypeError,
            InvalidOperation) as error:
        raise BankFileError(_("The CODA file cannot be read (${error}).",
                              mapping={"error": str(error) or type(error).__name__}))
    # The line of each movement (record 2.1), for the agent.
    lines_21 = {line[2:10] + line[10:31]: n for n, line in lines if line[:2] == "21"}
    movements = []
    for statement in parsed.statements:
        _check_totals(statement)
        for move in _payments(statement):
            movements.append(_coda_movement(statement, move, lines_21))
    return movements


def _check_totals(statement):
    """The trailer's totals against the movements (febelfin-coda checks them
    with ``assert``, gone under ``python -O``)."""
    credit = sum((m.amount for m in statement.moves if m.amount > 0), Decimal(0))
    debit = -sum((m.amount for m in statement.moves if m.amount < 0), Decimal(0))
    if (credit, debit) != (statement.total_credit, statement.total_debit) or (
        statement.new_balance - statement.old_balance != credit - debit
    ):
        raise BankFileError(_(
            "The CODA file is inconsistent: its totals or its number of records "
            "do not match its movements (file incomplete or altered)."
        ))


def _payments(statement):
    """The movements that are payments: a total made of details (transaction
    types 1 and 2) gives its details (types 5 and 6), each with its own
    communication; any other movement is one payment."""
    for move in statement.moves:
        details = [m for m in move.moves if m.transaction_type in ("5", "6")]
        yield from details or [move]


def _coda_movement(statement, move, lines_21):
    structured = move.communication_type in STRUCTURED_CODES
    communication = (move.communication or "").strip()
    reference = (move.bank_reference or "").strip()
    key = ":".join((
        "coda", statement.account or "", statement.old_sequence or "",
        f"{move.entry_date:%Y%m%d}" if move.entry_date else "",
        reference, move.sequence + move.detail_sequence,
    ))
    return Movement(
        key=key,
        line=lines_21.get(move.sequence + move.detail_sequence + move.bank_reference, 0),
        bank_reference=reference,
        date=move.entry_date or move.value_date,
        amount=move.amount,
        currency=statement.account_currency or "EUR",
        communication=communication,
        structured=structured,
        counterparty=(move.counterparty_name or "").strip(),
    )


# --- CSV -----------------------------------------------------------------

# Column names (normalised: lower case, no accents, spaces) by field, the
# first present wins: a bank's name column before its account column.
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
STRUCTURED = re.compile(r"^[+*]{3}\s*(\d{3})\s*/\s*(\d{4})\s*/\s*(\d{5})\s*[+*]{3}$")
DIGITS_ONLY = re.compile(r"^[\d\s/.+*-]+$")


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
    missing = [field for field in REQUIRED_COLUMNS if field not in found]
    if missing:
        raise BankFileError(_(
            "The CSV file has no column for: ${missing}. Its first line must name "
            "the columns (date, amount, communication and, if the bank gives it, "
            "counterparty).",
            mapping={"missing": ", ".join(missing)},
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


def structured_digits(text: str) -> str | None:
    """The twelve digits of a field that is a structured communication and
    nothing else (``+++123/4567/89012+++``, ``***...***``, or the twelve
    digits with separators); None for free text. The check digits are not
    verified here (:func:`valid_communication`)."""
    text = (text or "").strip()
    match = STRUCTURED.match(text)
    if match:
        return "".join(match.groups())
    if DIGITS_ONLY.match(text):
        digits = re.sub(r"\D", "", text)
        if len(digits) == 12:
            return digits
    return None


def valid_communication(digits: str) -> bool:
    """Whether twelve digits are a structured communication whose check
    (the first ten modulo 97, 97 for 0) is right."""
    from stdnum.be import ogm_vcs

    return bool(re.fullmatch(r"\d{12}", digits or "")) and ogm_vcs.is_valid(digits)


def communications_in(text: str) -> list:
    """Valid structured communications written inside free text (a citizen
    who typed it in the free field): the agent is told, nothing matched."""
    found = []
    for match in re.finditer(r"(?<!\d)(\d{3})\D{0,3}(\d{4})\D{0,3}(\d{5})(?!\d)", text or ""):
        digits = "".join(match.groups())
        if valid_communication(digits) and digits not in found:
            found.append(digits)
    return found


def parse_amount(text: str) -> Decimal | None:
    """``1.234,56``, ``-12,50``, ``1234.56``, ``+5,00 €`` -> Decimal."""
    text = re.sub(r"[\s\u00a0\u202f€]|EUR", "", text or "")
    if not re.fullmatch(r"[+-]?[\d.,']+", text):
        return None
    last_comma, last_point = text.rfind(","), text.rfind(".")
    if last_comma >= 0 and last_point >= 0:
        decimal_mark = "," if last_comma > last_point else "."
    elif last_comma >= 0:
        decimal_mark = ","
    elif last_point >= 0 and text.count(".") == 1 and len(text) - last_point - 1 != 3:
        decimal_mark = "."
    else:
        decimal_mark = None  # "1.234": a thousands separator
    thousands = {",": ".", ".": ","}.get(decimal_mark, ".")
    text = text.replace("'", "").replace(thousands, "")
    if decimal_mark == ",":
        text = text.replace(",", ".")
    try:
        return Decimal(text).quantize(Decimal("0.01"))
    except InvalidOperation:
        return None


DATE_FORMATS = ("%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%Y-%m-%d", "%d/%m/%y",
                "%d-%m-%y", "%d.%m.%y", "%Y%m%d")


def parse_date(text: str) -> date | None:
    text = (text or "").strip().split(" ")[0]
    for pattern in DATE_FORMATS:
        try:
            return datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    return None
