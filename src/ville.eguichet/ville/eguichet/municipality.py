"""The e-guichet part of a municipality profile: ``eguichet.yaml``.

:func:`load` reads and checks the file (and the contact and opening hours of
``municipality.yaml`` it falls back on) and raises ValueError with one line
naming the file and the field; it writes nothing. :func:`apply` creates the
forms under ``/e-guichet`` and their ``Procedure`` pages. A profile without
``eguichet.yaml`` offers no procedure.
"""

from decimal import Decimal
from decimal import InvalidOperation
from pathlib import Path
from stdnum import iban as stdnum_iban
from ville.eguichet.documents.rules import CRIMINAL_RECORD
from ville.eguichet.documents.rules import CRIMINAL_RECORD_MODELS
from ville.eguichet.documents.rules import KINDS

import re
import yaml


EGUICHET_FILE = "eguichet.yaml"
MUNICIPALITY_FILE = "municipality.yaml"
WEEKDAYS = (
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
)
PURPOSE_ID = re.compile(r"^[a-z][a-z0-9_]*$")
IBAN = re.compile(r"^[A-Z]{2}[0-9]{2}[A-Z0-9]{8,30}$")
BIC = re.compile(r"^[A-Z]{6}[A-Z0-9]{2}([A-Z0-9]{3})?$")
MAX_FEE = Decimal("1000")
# Attachments: what one submission or reply may carry (the server's body
# limit is derived from it, see :func:`max_body_size`).
ATTACHMENT_DEFAULTS = {"max_file_size_mb": 10, "max_files": 5}


class ProfileError(ValueError):
    """eguichet.yaml (or what it relies on) is unreadable or has a bad field."""


def _read(path: Path):
    try:
        with path.open(encoding="utf-8") as handle:
            return yaml.safe_load(handle)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f" line {mark.line + 1}" if mark else ""
        raise ProfileError(f"{path}{where}: not valid YAML") from None


class _Section:
    """One mapping of the file, with errors naming ``file: field 'a.b'``."""

    def __init__(self, path, mapping, prefix=""):
        self.path, self.prefix = path, prefix
        if mapping is None:
            mapping = {}
        if not isinstance(mapping, dict):
            where = f"'{prefix.rstrip('.')}'" if prefix else "the file"
            raise ProfileError(f"{path}: {where} must be a mapping of fields")
        self.mapping = mapping

    def error(self, name, message):
        return ProfileError(f"{self.path}: field '{self.prefix}{name}' {message}")

    def text(self, name, required=False, default=""):
        value = self.mapping.get(name)
        if value is None or value == "":
            if required:
                raise self.error(name, "is missing")
            return default
        if isinstance(value, bool) or not isinstance(value, (str, int, float)):
            raise self.error(name, "must be text")
        return str(value).strip()

    def boolean(self, name, default=False):
        value = self.mapping.get(name, default)
        if not isinstance(value, bool):
            raise self.error(name, "must be true or false")
        return value

    def integer(self, name, default, minimum, maximum):
        value = self.mapping.get(name, default)
        if isinstance(value, bool) or not isinstance(value, int):
            raise self.error(name, "must be a whole number")
        if not minimum <= value <= maximum:
            raise self.error(name, f"must be between {minimum} and {maximum}")
        return value

    def section(self, name):
        return _Section(self.path, self.mapping.get(name), f"{self.prefix}{name}.")


def _purposes(section, name, value):
    where = f"{section.prefix}{name}"
    if not isinstance(value, list) or not value:
        raise section.error(name, "must be a non-empty list of purposes")
    purposes, seen = [], set()
    for index, item in enumerate(value):
        item = _Section(section.path, item, f"{where}[{index}].")
        purpose_id = item.text("id", required=True)
        if not PURPOSE_ID.match(purpose_id):
            raise item.error("id", "must be lowercase letters, digits and _")
        if purpose_id in seen:
            raise item.error("id", f"repeats the purpose '{purpose_id}'")
        seen.add(purpose_id)
        raw = item.mapping.get("fee", 0)
        if isinstance(raw, bool):
            raise item.error("fee", "must be an amount in euros like 5 or 2.50")
        try:
            fee = Decimal(str(raw))
        except InvalidOperation:
            raise item.error(
                "fee", "must be an amount in euros like 5 or 2.50"
            ) from None
        if (
            not fee.is_finite()
            or fee < 0
            or fee > MAX_FEE
            or fee != fee.quantize(Decimal("0.01"))
        ):
            raise item.error("fee", "must be between 0 and 1000 euros, in cents")
        purposes.append(
            {
                "id": purpose_id,
                "title": item.text("title", required=True),
                "fee": str(fee.quantize(Decimal("0.01"))),
            }
        )
    return purposes


def _procedure(procedures, kind):
    section = procedures.section(kind)
    config = {
        "kind": kind,
        "title": section.text("title", required=True),
        "delay": section.text("delay"),
        "description": section.text("description"),
    }
    raw = section.mapping.get("purposes")
    if kind == CRIMINAL_RECORD:
        purposes = _Section(section.path, raw, f"{section.prefix}purposes.")
        unknown = set(purposes.mapping) - set(CRIMINAL_RECORD_MODELS)
        if unknown:
            raise purposes.error(
                sorted(map(str, unknown))[0],
                f"is not a model ({', '.join(CRIMINAL_RECORD_MODELS)})",
            )
        config["model_596_2_in_person"] = section.boolean(
            "model_596_2_in_person", default=True
        )
        config["purposes"] = {
            model: _purposes(purposes, model, purposes.mapping.get(model))
            for model in CRIMINAL_RECORD_MODELS
        }
        # One purpose list on the form: an id names one model's purpose.
        seen = {}
        for model, items in config["purposes"].items():
            for index, purpose in enumerate(items):
                if purpose["id"] in seen:
                    raise purposes.error(
                        f"{model}[{index}].id",
                        f"repeats the purpose '{purpose['id']}' of model "
                        f"{seen[purpose['id']]} (ids must differ between models)",
                    )
                seen[purpose["id"]] = model
    else:
        config["purposes"] = _purposes(section, "purposes", raw)
    return config


def _municipality(profile_dir: Path):
    path = profile_dir / MUNICIPALITY_FILE
    if not path.is_file():
        return {}, {}
    data = _read(path)
    if not isinstance(data, dict):
        return {}, {}
    contact = data.get("contact") if isinstance(data.get("contact"), dict) else {}
    hours = data.get("opening_hours")
    return contact, hours if isinstance(hours, dict) else {}


def load(profile_dir) -> dict:
    """Check ``eguichet.yaml``; return the plain data :func:`apply` needs.

    Raises ProfileError (a ValueError) with one line naming file and field.
    Without the file, returns ``{"procedures": {}}``: nothing is offered.
    """
    profile_dir = Path(profile_dir)
    path = profile_dir / EGUICHET_FILE
    if not path.is_file():
        return {"procedures": {}}
    root = _Section(path, _read(path))
    contact, town_hours = _municipality(profile_dir)

    desk = root.section("desk")
    hours = desk.section("opening_hours")
    opening_hours = {}
    for day in WEEKDAYS:
        default = town_hours.get(day) or ""
        opening_hours[day] = hours.text(day, default=str(default).strip())

    payment = root.section("payment")
    # IBAN and BIC default to the contact of municipality.yaml: an error
    # then names that file.
    town = _Section(profile_dir / MUNICIPALITY_FILE, contact, "contact.")
    iban_from = payment if payment.mapping.get("iban") else town
    bic_from = payment if payment.mapping.get("bic") else town
    iban = iban_from.text("iban").replace(" ", "").upper()
    bic = bic_from.text("bic").replace(" ", "").upper()
    if iban and not (IBAN.match(iban) and stdnum_iban.is_valid(iban)):
        raise iban_from.error(
            "iban", "must be a valid Belgian or foreign IBAN (like BE41 0630 1234 5610)"
        )
    if bic and not BIC.match(bic):
        raise bic_from.error("bic", "must be a BIC like GKCCBEBB")

    retention = root.section("retention")
    attachments = root.section("attachments")
    limits = root.section("limits")
    from ville.eguichet.limits import LIMITS

    unknown_limits = set(limits.mapping) - set(LIMITS)
    if unknown_limits:
        raise limits.error(
            sorted(map(str, unknown_limits))[0], f"is not a limit ({', '.join(LIMITS)})"
        )
    accounts = root.section("accounts") if root.mapping.get("accounts") else None
    procedures_section = root.section("procedures")
    unknown = set(procedures_section.mapping) - set(KINDS)
    if unknown:
        raise procedures_section.error(
            sorted(map(str, unknown))[0], f"is not a procedure ({', '.join(KINDS)})"
        )
    procedures = {
        kind: _procedure(procedures_section, kind)
        for kind in KINDS
        if kind in procedures_section.mapping
    }
    paying = any(
        Decimal(purpose["fee"]) > 0
        for config in procedures.values()
        for purposes in (
            config["purposes"].values()
            if isinstance(config["purposes"], dict)
            else [config["purposes"]]
        )
        for purpose in purposes
    )
    if paying and not iban:
        raise payment.error(
            "iban",
            "is missing (here or in municipality.yaml contact) while some "
            "purposes have a fee",
        )
    return {
        "profile_dir": str(profile_dir),
        "desk": {
            "title": desk.text("title", default="État civil / Population"),
            "location": desk.text("location"),
            "phone": desk.text("phone"),
            "email": desk.text("email"),
            "opening_hours": opening_hours,
        },
        "payment": {
            "iban": iban,
            "bic": bic,
            "beneficiary": payment.text(
                "beneficiary", default=str(contact.get("organisation") or "")
            ),
            "days": payment.integer("days", 15, 1, 90),
        },
        "retention": {
            "days": retention.integer("days", 365, 1, 3650),
            "third_party_days": retention.integer("third_party_days", 180, 1, 3650),
            # A request left waiting for the citizen: reminded, then cancelled.
            "reminder_days": retention.integer("reminder_days", 15, 1, 365),
            "expiry_days": retention.integer("expiry_days", 15, 1, 365),
            # Undelivered messages (names, addresses, links) in the queue.
            "mail_queue_days": retention.integer("mail_queue_days", 30, 1, 365),
        },
        "attachments": {
            "max_file_size_mb": attachments.integer(
                "max_file_size_mb", ATTACHMENT_DEFAULTS["max_file_size_mb"], 1, 100
            ),
            "max_files": attachments.integer(
                "max_files", ATTACHMENT_DEFAULTS["max_files"], 1, 20
            ),
        },
        "limits": {
            name: limits.integer(name, limit.default, 0, 100000)
            for name, limit in LIMITS.items()
        },
        "agents_email": root.text("agents_email"),
        "self_registration": bool(accounts and accounts.boolean("self_registration")),
        "procedures": procedures,
    }


def max_body_size(attachments: dict | None = None) -> int:
    """Bytes the server accepts in one request body: the files of one
    submission (JSON carries them in base64: 4/3 of their size) and 1 MiB
    for the rest of the form."""
    attachments = attachments or ATTACHMENT_DEFAULTS
    files = attachments["max_file_size_mb"] * attachments["max_files"] * 1024 * 1024
    return files * 4 // 3 + 1024 * 1024


def apply_settings(data: dict) -> None:
    """The attachment settings and abuse limits of the profile, into the
    registry (the control panel edits them afterwards)."""
    from plone import api

    attachments = data.get("attachments") or ATTACHMENT_DEFAULTS
    api.portal.set_registry_record(
        "ville.eguichet.max_file_size", attachments["max_file_size_mb"]
    )
    api.portal.set_registry_record("ville.eguichet.max_files", attachments["max_files"])
    for name, count in (data.get("limits") or {}).items():
        api.portal.set_registry_record(f"ville.eguichet.limit_{name}", count)


def apply(portal, data: dict) -> None:
    """Create the forms and Procedure pages the profile offers."""
    if "limits" in data:
        apply_settings(data)
    if data.get("self_registration"):
        # Citizens open their own account to order documents; Plone's
        # registry event grants "Add portal member". They do not choose a
        # password in the form: Plone mails a link to set it, so an account
        # can only be used (and submit) once its e-mail address is confirmed.
        from plone import api

        api.portal.set_registry_record("plone.enable_self_reg", True)
        api.portal.set_registry_record("plone.enable_user_pwd_choice", False)
    if not data.get("procedures"):
        return
    from ville.eguichet.documents.setup import apply_profile

    apply_profile(portal, data)
