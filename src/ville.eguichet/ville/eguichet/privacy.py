"""Masking of personal numbers outside the agent's request page.

A field is sensitive when its form validates it as a Belgian national
register or BIS number (an easyform field validator providing
:class:`INationalNumberValidator`, e.g. ``isBelgianNationalNumber``),
whatever its id; the ids of the registry record
``ville.eguichet.sensitive_fields`` (default ``national_number``) are
sensitive too, for forms made before the validator existed.
"""

from plone import api
from stdnum.be import bis
from stdnum.be import nn
from ville.eguichet import _
from zope.globalrequest import getRequest
from zope.interface import Interface
from zope.interface import provider

import re


DEFAULT_SENSITIVE_FIELDS = ("national_number",)
NATIONAL_NUMBER_VALIDATOR = "isBelgianNationalNumber"
_DIGITS = re.compile(r"\D")
_CACHE_KEY = "ville.eguichet.privacy.sensitive"


class INationalNumberValidator(Interface):
    """Marks an easyform field validator (``IFieldValidator`` utility) that
    accepts only national register or BIS numbers: the fields it validates
    are masked."""


def is_national_or_bis_number(value) -> bool:
    digits = _DIGITS.sub("", str(value or ""))
    return len(digits) == 11 and (nn.is_valid(digits) or bis.is_valid(digits))


@provider(INationalNumberValidator)
def is_belgian_national_number(value, **kwargs):
    """easyform field validator: a national register or BIS number."""
    if value in (None, ""):
        return None  # "required" speaks for empty values
    digits = _DIGITS.sub("", str(value))
    if len(digits) != 11 or not re.fullmatch(r"[\d\s./-]+", str(value)):
        return _(
            "msg_nn_format",
            default="The national register number has 11 digits "
            "(like 85.07.30-033.28).",
        )
    if not is_national_or_bis_number(value):
        return _(
            "msg_nn_checksum",
            default="This national register number is not valid: "
            "please check it on your identity card.",
        )
    return None


def sensitive_fields() -> list[str]:
    """Field ids whose values are national numbers on every form (registry
    ``ville.eguichet.sensitive_fields``)."""
    try:
        value = api.portal.get_registry_record("ville.eguichet.sensitive_fields")
    except (api.exc.InvalidParameterError, KeyError):
        value = None
    return list(value if value is not None else DEFAULT_SENSITIVE_FIELDS)


def validated_as_national_number(form) -> set[str]:
    """Ids of the fields of an easyform ``form`` that one of its field
    validators checks as a national or BIS number."""
    from collective.easyform.interfaces import IFieldValidator
    from ville.eguichet.schemas import form_schema
    from zope.component import queryUtility

    try:
        validators = form_schema(form).queryTaggedValue("validators", {}) or {}
    except Exception:  # a broken model: the registry ids still apply
        return set()
    return {
        name
        for name, names in validators.items()
        for validator in names or ()
        if INationalNumberValidator.providedBy(
            queryUtility(IFieldValidator, name=validator)
        )
    }


def sensitive_fields_of(request) -> set[str]:
    """The sensitive field ids of an e-guichet request: the registry's, and
    those of its form validated as national numbers (cached for the HTTP
    request, as listings show many requests of the same forms)."""
    fields = set(sensitive_fields())
    fields.update(getattr(request, "sensitive_fields", None) or ())
    uid = getattr(request, "procedure_uid", None)
    if not uid:
        return fields
    http_request = getRequest()
    cache = None
    if http_request is not None:
        cache = http_request.other.setdefault(_CACHE_KEY, {}) if hasattr(
            http_request, "other"
        ) else None
    if cache is not None and uid in cache:
        return fields | cache[uid]
    from plone.app.uuid.utils import uuidToObject

    # The form even when the current user may not see it (a citizen).
    form = uuidToObject(uid, unrestricted=True)
    found = validated_as_national_number(form) if form is not None else set()
    if cache is not None:
        cache[uid] = found
    return fields | found


def mask_national_number(value) -> str:
    """``85073003328`` (any punctuation) -> ``85.07.30-***.**``.

    Keeps the birth date, hides the daily counter and the check digits.
    Anything that is not 11 digits is fully hidden.
    """
    if not value:
        return ""
    digits = _DIGITS.sub("", str(value))
    if len(digits) != 11:
        return "***"
    return f"{digits[0:2]}.{digits[2:4]}.{digits[4:6]}-***.**"


def masked_values(values: dict, fields=None, request=None) -> dict:
    """A copy of ``values`` with the sensitive fields masked: those of
    ``request`` (an e-guichet request: its form's validators too) or the
    registry's when no request is given."""
    if fields is None:
        fields = sensitive_fields_of(request) if request is not None else sensitive_fields()
    return {
        key: (mask_national_number(value) if key in fields and value else value)
        for key, value in values.items()
    }
