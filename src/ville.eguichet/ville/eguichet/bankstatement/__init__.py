"""Bank statements read as movements: a CODA file or a bank's CSV export.

No Plone here: bytes in, :class:`Movement` tuples out, or
:class:`BankFileError` (a French message through the ``ville`` domain, the
line it is about) and nothing else. :mod:`ville.eguichet.bankmatch` matches
the movements with the requests.

CODA (Febelfin's "Coded statement of account", version 2) is parsed by
febelfin-coda (Tryton's parser, BSD, ``import coda``). Before it,
:mod:`.codafile` checks what the parser would answer with a bare
``AssertionError`` or ``IndexError`` (or, under ``python -O``, not at all),
so that the agent reads which line is wrong: every record has 128 characters; a statement is
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
:data:`CSV_COLUMNS`): date, amount and communication are required;
counterparty, reference, currency and account are read when present.
"""

from ville.eguichet import _
from ville.eguichet.bankstatement.codafile import read_coda
from ville.eguichet.bankstatement.csvfile import CSV_COLUMNS  # noqa: F401
from ville.eguichet.bankstatement.csvfile import read_csv
from ville.eguichet.bankstatement.model import BankFileError
from ville.eguichet.bankstatement.model import communications_in  # noqa: F401
from ville.eguichet.bankstatement.model import MAX_SIZE
from ville.eguichet.bankstatement.model import Movement  # noqa: F401
from ville.eguichet.bankstatement.model import parse_amount  # noqa: F401
from ville.eguichet.bankstatement.model import parse_date  # noqa: F401
from ville.eguichet.bankstatement.model import Statement
from ville.eguichet.bankstatement.model import structured_digits  # noqa: F401
from ville.eguichet.bankstatement.model import valid_communication  # noqa: F401


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
