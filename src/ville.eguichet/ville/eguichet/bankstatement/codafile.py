"""CODA files (Febelfin's "Coded statement of account", version 2), read by
febelfin-coda after the checks that tell the agent which line is wrong (the
positions relied on: the package's docstring)."""

from datetime import datetime
from decimal import Decimal
from decimal import InvalidOperation
from ville.eguichet import _
from ville.eguichet.bankstatement.model import BankFileError
from ville.eguichet.bankstatement.model import Movement

import io


RECORD_LENGTH = 128
STRUCTURED_CODES = ("101", "102")


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
