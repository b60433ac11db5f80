"""The e-guichet part of a municipality profile: ``eguichet.yaml``.

:func:`load` reads and checks the file (and the contact and opening hours of
``municipality.yaml`` it falls back on) and raises ValueError with one line
naming the file and the field; it writes nothing. :func:`apply` creates the
forms under ``/e-guichet`` and their ``Procedure`` pages. A profile without
``eguichet.yaml`` offers no procedure.
"""

from decimal import Decimal
from pathlib import Path
from ville.core.profile import ProfilePart
from ville.core.profilefile import ProfileError
from ville.core.profilefile import read
from ville.core.profilefile import WEEKDAYS
from ville.eguichet.documents.rules import CRIMINAL_RECORD
from ville.eguichet.documents.rules import KINDS
from ville.eguichet.profileschema import ATTACHMENT_DEFAULTS
from ville.eguichet.profileschema import Eguichet
from ville.eguichet.profileschema import MODEL_FIELDS
from ville.eguichet.profileschema import Town


EGUICHET_FILE = "eguichet.yaml"
MUNICIPALITY_FILE = "municipality.yaml"


def _purposes_data(purposes) -> list:
    return [purpose.model_dump() for purpose in purposes]


def _procedure_data(kind, procedure) -> dict:
    config = {
        "kind": kind,
        "title": procedure.title,
        "delay": procedure.delay,
        "description": procedure.description,
        "identity": procedure.identity,
        "identity_by_delivery": dict(procedure.identity_by_delivery),
    }
    if kind != CRIMINAL_RECORD:
        config["purposes"] = _purposes_data(procedure.purposes)
        return config
    config["model_596_2_in_person"] = procedure.model_596_2_in_person
    models = procedure.purposes
    config["purposes"] = {
        model: _purposes_data(getattr(models, field))
        for model, field in MODEL_FIELDS.items()
    }
    return config


def _one_purpose_list(path, config) -> None:
    """One purpose list on the form: an id names one model's purpose."""
    seen = {}
    for model, items in config["purposes"].items():
        for index, purpose in enumerate(items):
            if purpose["id"] in seen:
                raise ProfileError(
                    f"{path}: field 'procedures.criminal_record.purposes.{model}"
                    f"[{index}].id' repeats the purpose '{purpose['id']}' of model "
                    f"{seen[purpose['id']]} (ids must differ between models)"
                )
            seen[purpose["id"]] = model


def load(profile_dir) -> dict:
    """Check ``eguichet.yaml``; return the plain data :func:`apply` needs.

    Raises ProfileError (a ValueError) with one line naming file and field.
    Without the file, returns ``{"procedures": {}}``: nothing is offered.
    The contact's IBAN of ``municipality.yaml`` is checked either way (the
    e-guichet's receipts print it).
    """
    profile_dir = Path(profile_dir)
    town = read(profile_dir / MUNICIPALITY_FILE, Town, missing=Town())
    path = profile_dir / EGUICHET_FILE
    root = read(path, Eguichet, missing=False)
    if root is False:
        return {"procedures": {}}
    desk_hours, town_hours = root.desk.opening_hours, town.opening_hours
    opening_hours = {
        day: desk_hours.get(day) or town_hours.get(day) or "" for day in WEEKDAYS
    }
    # IBAN and BIC default to the contact of municipality.yaml.
    iban = root.payment.iban or town.contact.iban
    bic = root.payment.bic or town.contact.bic
    procedures = {
        kind: _procedure_data(kind, getattr(root.procedures, kind))
        for kind in KINDS
        if getattr(root.procedures, kind) is not None
    }
    if CRIMINAL_RECORD in procedures:
        _one_purpose_list(path, procedures[CRIMINAL_RECORD])
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
        raise ProfileError(
            f"{path}: field 'payment.iban' is missing (here or in "
            "municipality.yaml contact) while some purposes have a fee"
        )
    from ville.eguichet.limits import LIMITS

    return {
        "profile_dir": str(profile_dir),
        "desk": {
            **root.desk.model_dump(exclude={"opening_hours"}),
            "opening_hours": opening_hours,
        },
        "payment": {
            "iban": iban,
            "bic": bic,
            "beneficiary": root.payment.beneficiary or town.contact.organisation,
            "days": root.payment.days,
            "online_methods": list(root.payment.online_methods),
            "online_hours": root.payment.online_hours,
            "online_label": root.payment.online_label,
            "transfer_label": root.payment.transfer_label,
        },
        "retention": root.retention.model_dump(),
        "attachments": root.attachments.model_dump(),
        "limits": {
            name: root.limits.get(name, limit.default) for name, limit in LIMITS.items()
        },
        "agents_email": root.agents_email,
        "self_registration": bool(root.accounts and root.accounts.self_registration),
        "identity": root.identity.model_dump(),
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
    if "identity" in data:
        from ville.eguichet import identity

        identity.set_settings(data["identity"])
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


# The e-guichet's part of the profile, found by ville.core's loader through
# the ``ville.profile`` entry point (setup.py): last, its forms and Procedure
# pages go into the site tree.
PROFILE_PART = ProfilePart("ville.eguichet", order=300, load=load, apply=apply)
