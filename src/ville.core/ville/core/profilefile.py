"""Read one file of a municipality profile against a pydantic schema.

The one reader of the ville add-ons: the YAML read, a pydantic
ValidationError turned into one line ``file: field 'a.b[0].c' message``, and
the field types every schema uses (``Text``, ``RequiredText``, ``File``). The
schemas
themselves live with the add-on that owns each part of the profile
(``ville.policy.municipality``, ``ville.policy.tree.schema``,
``ville.theme.municipality``, ``ville.eguichet.profileschema``);
:mod:`ville.core.profile` runs them all.
"""

from pydantic import AfterValidator
from pydantic import BeforeValidator
from pathlib import Path
from pydantic import ValidationError
from pydantic import ValidationInfo
from typing import Annotated

import yaml


# The keys of a profile's opening hours (``municipality.yaml``
# ``opening_hours:``, ``eguichet.yaml`` ``desk.opening_hours:``), in order.
WEEKDAYS = (
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
)

MESSAGES = {
    "missing": "is missing",
    "string_type": "must be text",
    "bool_type": "must be true or false",
    "int_type": "must be a whole number",
    "dict_type": "must be a mapping of fields",
    "model_type": "must be a mapping of fields",
    "list_type": "must be a list",
    "extra_forbidden": "is not known",
}


class ProfileError(ValueError):
    """A profile file is missing, unreadable or has a bad field."""


class FieldError(ValueError):
    """Raised by a validator about a key below the validated value."""

    def __init__(self, message, *at):
        super().__init__(message)
        self.at = at


def as_text(value):
    """A scalar of the file as stripped text ("" for None); raises
    ValueError for a mapping, a list or a boolean."""
    if value is None:
        return ""
    if isinstance(value, bool) or not isinstance(value, (str, int, float)):
        raise ValueError("must be text")
    return str(value).strip()


def _required(value):
    if not value:
        raise ValueError("is missing")
    return value


def _beside(value, info: ValidationInfo):
    folder = (info.context or {}).get("folder")
    if value and folder is not None and not (Path(folder) / value).is_file():
        raise ValueError(f"names a missing file '{value}'")
    return value


# A scalar of the file read as text ("" when absent), and one that must be
# given: the field types every schema of a profile part uses. ``File`` is
# the name of a file that must stand beside the profile file (when
# :func:`read` checks it; "" when absent).
Text = Annotated[str, BeforeValidator(as_text)]
RequiredText = Annotated[str, BeforeValidator(as_text), AfterValidator(_required)]
File = Annotated[str, BeforeValidator(as_text), AfterValidator(_beside)]


def read_yaml(path):
    """Return the parsed YAML file, or raise ProfileError naming the file."""
    if not path.is_file():
        raise ProfileError(f"{path}: file not found")
    try:
        with path.open(encoding="utf-8") as handle:
            return yaml.safe_load(handle)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f" line {mark.line + 1}" if mark else ""
        raise ProfileError(f"{path}{where}: not valid YAML") from None
    except ValueError as error:  # e.g. an impossible date such as 2026-02-30
        raise ProfileError(f"{path}: not valid YAML ({error})") from None


def read(path, model, missing=None):
    """The file at ``path`` checked by ``model`` (a pydantic model class).

    Raises ProfileError with one line naming the file and the field. A
    missing file gives ``missing`` if given, else an error. The validators
    get ``{"folder": path.parent}`` as their context (where ``File`` fields
    are looked for)."""
    if not path.is_file() and missing is not None:
        return missing
    data = read_yaml(path)
    try:
        return model.model_validate(
            {} if data is None else data, context={"folder": path.parent}
        )
    except ValidationError as error:
        raise ProfileError(f"{path}: {describe(error.errors()[0])}") from None


def describe(error) -> str:
    """``field 'a.b[0]' message`` for one pydantic error."""
    cause = (error.get("ctx") or {}).get("error")
    loc = tuple(error["loc"]) + tuple(getattr(cause, "at", ()))
    where = "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in loc)
    message = str(cause) if cause is not None else MESSAGES.get(
        error["type"], error["msg"]
    )
    if not where:
        return f"the file {message}"
    return f"field '{where.lstrip('.')}' {message}"
