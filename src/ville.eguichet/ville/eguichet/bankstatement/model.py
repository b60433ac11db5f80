"""What a bank statement is read into: movements, or an error for the agent;
the Belgian structured communication in a statement's text, amounts and
dates as banks write them."""

from dataclasses import dataclass
from datetime import date
from datetime import datetime
from decimal import Decimal
from decimal import InvalidOperation

import re


MAX_SIZE = 5 * 1024 * 1024


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


STRUCTURED = re.compile(r"^[+*]{3}\s*(\d{3})\s*/\s*(\d{4})\s*/\s*(\d{5})\s*[+*]{3}$")
DIGITS_ONLY = re.compile(r"^[\d\s/.+*-]+$")


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
