"""The schema of ``eguichet.yaml`` (pydantic models), and of the part of
``municipality.yaml`` the e-guichet falls back on (:class:`Town`).

Errors read ``file: field 'a.b[0].c' message``
(:mod:`ville.core.profilefile`).
The IBAN is checked here, once, with python-stdnum: the e-guichet's receipts
print it.
"""

from decimal import Decimal
from decimal import InvalidOperation
from pydantic import AfterValidator
from pydantic import BaseModel
from pydantic import BeforeValidator
from pydantic import ConfigDict
from pydantic import Field
from pydantic import Strict
from typing import Annotated
from typing import Literal
from ville.core.profilefile import FieldError
from ville.core.profilefile import RequiredText
from ville.core.profilefile import Text
from ville.eguichet.documents.rules import CRIMINAL_RECORD_MODELS
from ville.eguichet.documents.rules import KINDS

import re


PURPOSE_ID = re.compile(r"^[a-z][a-z0-9_]*$")
BIC = re.compile(r"^[A-Z]{6}[A-Z0-9]{2}([A-Z0-9]{3})?$")
MAX_FEE = Decimal("1000")
CLAIM = re.compile(r"^[A-Za-z][A-Za-z0-9_.:-]*$")
# Attachments: what one submission or reply may carry (the server's body
# limit is derived from it, see ``municipality.max_body_size``).
ATTACHMENT_DEFAULTS = {"max_file_size_mb": 10, "max_files": 5}


def _between(minimum, maximum):
    def check(value):
        if not minimum <= value <= maximum:
            raise ValueError(f"must be between {minimum} and {maximum}")
        return value

    return AfterValidator(check)


def _iban(value):
    """The one IBAN rule (python-stdnum): the receipts of paying requests
    print it, a wrong check number would send citizens' money nowhere."""
    from stdnum import iban
    from stdnum.exceptions import ValidationError

    if not value:
        return ""
    try:
        return iban.validate(value)
    except ValidationError:
        raise ValueError(
            "must be a valid IBAN, Belgian or foreign (like BE41 0630 1234 5610)"
        ) from None


def _bic(value):
    value = value.replace(" ", "").upper()
    if value and not BIC.match(value):
        raise ValueError("must be a BIC like GKCCBEBB")
    return value


def _fee(raw):
    message = "must be an amount in euros like 5 or 2.50"
    if isinstance(raw, bool):
        raise ValueError(message)
    try:
        fee = Decimal(str(raw))
    except InvalidOperation:
        raise ValueError(message) from None
    if not fee.is_finite() or fee < 0 or fee > MAX_FEE or fee != fee.quantize(
        Decimal("0.01")
    ):
        raise ValueError("must be between 0 and 1000 euros, in cents")
    return str(fee.quantize(Decimal("0.01")))


def _claim_name(value):
    if not CLAIM.match(value):
        raise ValueError("must be a claim or scope name (letters, digits, _ . : -)")
    return value


def _purpose_id(value):
    if not PURPOSE_ID.match(value):
        raise ValueError("must be lowercase letters, digits and _")
    return value


def _unique_purposes(items):
    if not items:
        raise ValueError("must be a non-empty list of purposes")
    seen = set()
    for index, purpose in enumerate(items):
        if purpose.id in seen:
            raise FieldError(f"repeats the purpose '{purpose.id}'", index, "id")
        seen.add(purpose.id)
    return items


def _known(choices, noun):
    def check(value):
        if isinstance(value, dict):
            unknown = sorted(map(str, set(value) - set(choices)))
            if unknown:
                raise FieldError(f"is not {noun} ({', '.join(choices)})", unknown[0])
        return value

    return BeforeValidator(check)


Flag = Annotated[bool, Strict()]
Days = Annotated[int, Strict(), _between(1, 365)]


class Section(BaseModel):
    # Unknown keys are left alone, as before (comments of the file may
    # grow); the keys that name things (procedures, models, limits) are
    # checked by :func:`_known`.
    model_config = ConfigDict(extra="ignore")


class Purpose(Section):
    id: Annotated[RequiredText, AfterValidator(_purpose_id)]
    title: RequiredText
    fee: Annotated[str, BeforeValidator(_fee)] = "0.00"


Purposes = Annotated[list[Purpose], AfterValidator(_unique_purposes)]


class CriminalRecordPurposes(Section):
    """One purpose list per model of the criminal record extract."""

    model_595: Purposes = Field(alias="595")
    model_596_1: Purposes = Field(alias="596.1")
    model_596_2: Purposes = Field(alias="596.2")


# The model's number in the file -> its field above.
MODEL_FIELDS = {
    field.alias: name for name, field in CriminalRecordPurposes.model_fields.items()
}
assert tuple(MODEL_FIELDS) == CRIMINAL_RECORD_MODELS  # one field per model


# Identity levels (ville.eguichet.identity), weakest first.
Level = Literal["none", "password", "eid"]
Delivery = Literal["download", "counter", "post"]


class Procedure(Section):
    title: RequiredText
    delay: Text = ""
    description: Text = ""
    purposes: Purposes
    # Who may submit (the request action's setting), raised per delivery.
    identity: Level = "password"
    identity_by_delivery: dict[Delivery, Level] = {}


class CriminalRecord(Procedure):
    model_596_2_in_person: Flag = True
    purposes: Annotated[
        CriminalRecordPurposes, _known(CRIMINAL_RECORD_MODELS, "a model")
    ]


class Procedures(Section):
    criminal_record: CriminalRecord | None = None
    household_composition: Procedure | None = None
    birth_certificate: Procedure | None = None


Hours = dict[str, Text]  # weekday: "08:30-12:00, 13:30-16:30"


class Desk(Section):
    title: Text = "État civil / Population"
    location: Text = ""
    phone: Text = ""
    email: Text = ""
    opening_hours: Hours = {}


ONLINE_METHODS = ("bancontact", "creditcard")


def _methods(value):
    for method in value:
        if method not in ONLINE_METHODS:
            raise ValueError(f"{method!r} is not a payment method ({', '.join(ONLINE_METHODS)})")
    if not value:
        raise ValueError("name at least one payment method")
    return value


class Payment(Section):
    iban: Annotated[Text, AfterValidator(_iban)] = ""
    bic: Annotated[Text, AfterValidator(_bic)] = ""
    beneficiary: Text = ""
    days: Annotated[int, Strict(), _between(1, 90)] = 15
    # Online payment (with MOLLIE_API_KEY): the methods offered, how long a
    # request waits for its payment before the system cancels it, and the
    # words of the choice on the summary step.
    online_methods: Annotated[list[Text], AfterValidator(_methods)] = list(
        ONLINE_METHODS
    )
    online_hours: Annotated[int, Strict(), _between(1, 720)] = 48
    online_label: Text = "Payer en ligne (Bancontact, carte de crédit)"
    transfer_label: Text = "Virement bancaire"


class Retention(Section):
    days: Annotated[int, Strict(), _between(1, 3650)] = 365
    third_party_days: Annotated[int, Strict(), _between(1, 3650)] = 180
    # A request left waiting for the citizen: reminded, then cancelled.
    reminder_days: Days = 15
    expiry_days: Days = 15
    # Undelivered messages (names, addresses, links) in the queue.
    mail_queue_days: Days = 30
    # A member's unfinished form ("Continuer plus tard").
    draft_days: Days = 30


class Attachments(Section):
    max_file_size_mb: Annotated[int, Strict(), _between(1, 100)] = (
        ATTACHMENT_DEFAULTS["max_file_size_mb"]
    )
    max_files: Annotated[int, Strict(), _between(1, 20)] = ATTACHMENT_DEFAULTS[
        "max_files"
    ]


class Accounts(Section):
    self_registration: Flag = False


ClaimName = Annotated[RequiredText, AfterValidator(_claim_name)]


class Claims(Section):
    """The provider's claim names (FAS's by default: check them against the
    town's FAS integration file)."""

    national_number: ClaimName = "egovNRN"
    given_name: ClaimName = "givenName"
    surname: ClaimName = "surname"
    email: ClaimName = "mail"
    language: ClaimName = "prefLanguage"


class Identity(Section):
    """Login through the federal authentication service (OpenID Connect);
    the issuer, client id and secret come from the environment."""

    scopes: list[ClaimName] = ["openid", "profile", "egovnrn"]
    claims: Claims = Claims()


def _limits():
    from ville.eguichet.limits import LIMITS

    return Annotated[
        dict[str, Annotated[int, Strict(), _between(0, 100000)]],
        _known(tuple(LIMITS), "a limit"),
    ]


class Eguichet(Section):
    """The schema of ``eguichet.yaml``."""

    desk: Desk = Desk()
    payment: Payment = Payment()
    retention: Retention = Retention()
    attachments: Attachments = Attachments()
    limits: _limits() = {}
    accounts: Accounts | None = None
    identity: Identity = Identity()
    agents_email: Text = ""
    procedures: Annotated[Procedures, _known(KINDS, "a procedure")] = Procedures()


class TownContact(Section):
    organisation: Text = ""
    iban: Annotated[Text, AfterValidator(_iban)] = ""
    bic: Annotated[Text, AfterValidator(_bic)] = ""


class Town(Section):
    """What the e-guichet takes from ``municipality.yaml`` when
    ``eguichet.yaml`` does not say it: the account, the beneficiary and the
    town hall's hours."""

    contact: TownContact = TownContact()
    opening_hours: Hours = {}
