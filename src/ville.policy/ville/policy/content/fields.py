"""Field validators shared by the content types and the CSV shop import."""

from ville.policy import _
from zope.schema import ValidationError

import phonenumbers
import re


EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[A-Za-z]{2,}$")


def normalize_phone(value: str) -> str:
    """Return a Belgian or international number in international format.

    Raises ValueError when the number is not a valid phone number.
    """
    try:
        number = phonenumbers.parse(value, "BE")
    except phonenumbers.NumberParseException:
        raise ValueError(value) from None
    if not phonenumbers.is_valid_number(number):
        raise ValueError(value)
    return phonenumbers.format_number(
        number, phonenumbers.PhoneNumberFormat.INTERNATIONAL
    )


class InvalidPhone(ValidationError):
    __doc__ = _("This is not a valid phone number, for example +32 69 25 40 00.")


class InvalidEmail(ValidationError):
    __doc__ = _("This is not a valid e-mail address.")


class InvalidURL(ValidationError):
    __doc__ = _("The address must start with https://")


def check_phone(value):
    """Schema constraint: a valid Belgian or international phone number."""
    if value:
        try:
            normalize_phone(value)
        except ValueError:
            raise InvalidPhone(value) from None
    return True


def check_email(value):
    if value and not EMAIL.match(value):
        raise InvalidEmail(value)
    return True


def check_url(value):
    if value and not value.startswith(("https://", "http://")):
        raise InvalidURL(value)
    return True
