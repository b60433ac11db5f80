"""Belgian rules for the civil-status documents, as plain functions.

Every check returns an i18n message (French through the ``ville`` domain)
or None. Nothing here touches Plone, so the rules are easy to test; which
check applies to which field, when, and with which message is declared once
in the rule table (``ruletable.py``), which the HTML form and the REST
endpoint share through the submission service.
"""

from datetime import date
from datetime import datetime
from stdnum.be import bis
from stdnum.be import nn
from stdnum.exceptions import ValidationError
from ville.eguichet import _

import phonenumbers
import re


CRIMINAL_RECORD = "criminal_record"
HOUSEHOLD_COMPOSITION = "household_composition"
BIRTH_CERTIFICATE = "birth_certificate"
KINDS = (CRIMINAL_RECORD, HOUSEHOLD_COMPOSITION, BIRTH_CERTIFICATE)

# The forms' ids under /e-guichet are contracts (links, bookmarks, tests).
FORM_IDS = {
    CRIMINAL_RECORD: "extrait-de-casier-judiciaire",
    HOUSEHOLD_COMPOSITION: "composition-de-menage",
    BIRTH_CERTIFICATE: "acte-de-naissance",
}

CRIMINAL_RECORD_MODELS = ("595", "596.1", "596.2")
MODEL_WITH_MINORS = "596.2"
CONCERNED = ("self", "third_party")
CERTIFICATE_TYPES = ("full_copy", "extract", "multilingual_extract")
RELATIONSHIPS = (
    "self",
    "legal_representative",
    "spouse_or_cohabitant",
    "parent_or_child",
    "heir",
)
# Since 1 January 2025 only these two obtain a birth act without proof.
FREE_RELATIONSHIPS = ("self", "legal_representative")
# The closed list of legitimate interests (law of 2024 on civil status).
LEGITIMATE_INTERESTS = (
    "civil_status_abroad",
    "court_proceedings",
    "foreign_social_security",
    "notarial_deed",
    "inheritance",
    "foreign_identity_document",
)
DELIVERY = ("download", "counter", "post")
COPIES_MIN, COPIES_MAX = 1, 10

# Fields erased by anonymisation; ``purpose`` etc. are kept for statistics.
PERSONAL_FIELDS = (
    "first_name",
    "last_name",
    "national_number",
    "birth_date",
    "email",
    "phone",
    "street",
    "postal_code",
    "city",
    "proxy",
    "proof",
    "comments",
)

POSTAL_CODE = re.compile(r"^[1-9][0-9]{3}$")


def _digits(value) -> str:
    return re.sub(r"[\s.\-/]", "", str(value or ""))


def _as_date(value):
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str) and value:
        try:
            return date.fromisoformat(value[:10])
        except ValueError:
            return None
    return None


def national_number_birth_date(number):
    """The birth date a valid national or BIS number encodes, or None when
    the number does not say (unknown day or month)."""
    number = _digits(number)
    module = bis if bis.is_valid(number) else nn
    try:
        return module.get_birth_date(number)
    except ValidationError:
        return None


def check_national_number(value, birth_date=None, today=None):
    """None when ``value`` is a valid national register or BIS number
    consistent with ``birth_date``; otherwise the message to show."""
    number = _digits(value)
    if not number.isdigit() or len(number) != 11:
        return _(
            "msg_nn_format",
            default="The national register number has 11 digits "
            "(like 85.07.30-033.28).",
        )
    if not (nn.is_valid(number) or bis.is_valid(number)):
        return _(
            "msg_nn_checksum",
            default="This national register number is not valid: "
            "please check it on your identity card.",
        )
    born = national_number_birth_date(number)
    today = today or date.today()
    if born is not None and born > today:
        return _(
            "msg_nn_future",
            default="This national register number gives a birth date in the future.",
        )
    birth_date = _as_date(birth_date)
    if birth_date is not None and born is not None and born != birth_date:
        return _(
            "msg_nn_birth_date",
            default="The national register number does not match the birth date.",
        )
    return None


def check_birth_date(value, today=None):
    born = _as_date(value)
    if born is None:
        return _("msg_birth_date", default="Please give a valid birth date.")
    if born > (today or date.today()) or born.year < 1900:
        return _(
            "msg_birth_date_range",
            default="The birth date must be in the past.",
        )
    return None


def check_postal_code(value):
    if not POSTAL_CODE.match(str(value or "").strip()):
        return _(
            "msg_postal_code",
            default="A Belgian postal code has 4 digits, from 1000 to 9999.",
        )
    return None


def check_phone(value):
    try:
        parsed = phonenumbers.parse(str(value or ""), "BE")
    except phonenumbers.NumberParseException:
        parsed = None
    if parsed is None or not phonenumbers.is_valid_number(parsed):
        return _(
            "msg_phone",
            default="This phone number is not valid (for example "
            "069 12 34 56 or +32 470 12 34 56).",
        )
    return None


def check_email(value):
    from plone.schema.email import Email
    from zope.schema.interfaces import ValidationError as SchemaError

    try:
        Email().validate(str(value or "").strip())
    except SchemaError:
        return _(
            "msg_email",
            default="This e-mail address is not valid (like name@example.be).",
        )
    return None


def check_copies(value):
    try:
        copies = int(value)
    except (TypeError, ValueError):
        copies = 0
    if not COPIES_MIN <= copies <= COPIES_MAX:
        return _(
            "msg_copies",
            default="You can order from 1 to 10 copies.",
        )
    return None


def _missing(value):
    return value is None or value == "" or value == b""


def purposes_of(config, values):
    """The purposes (list of dicts with id, title, fee) offered for the
    values chosen: the casier lists them per model."""
    purposes = config.get("purposes", [])
    if isinstance(purposes, dict):
        return purposes.get(values.get("model"), [])
    return purposes
