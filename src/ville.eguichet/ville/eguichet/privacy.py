"""Masking of personal numbers outside the agent's request page."""

from plone import api

import re


DEFAULT_SENSITIVE_FIELDS = ("national_number",)
_DIGITS = re.compile(r"\D")


def sensitive_fields() -> list[str]:
    """Field ids whose values are national numbers (registry
    ``ville.eguichet.sensitive_fields``)."""
    try:
        value = api.portal.get_registry_record("ville.eguichet.sensitive_fields")
    except (api.exc.InvalidParameterError, KeyError):
        value = None
    return list(value if value is not None else DEFAULT_SENSITIVE_FIELDS)


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


def masked_values(values: dict, fields=None) -> dict:
    """A copy of ``values`` with the sensitive fields masked."""
    fields = sensitive_fields() if fields is None else fields
    return {
        key: (mask_national_number(value) if key in fields and value else value)
        for key, value in values.items()
    }
