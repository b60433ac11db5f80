"""The abuse limits' names, windows and defaults (no Zope import: the
instance and cluster configuration read them too). See :mod:`ratelimit`."""

from dataclasses import dataclass
from ville.eguichet import _


ENVIRONMENT_VARIABLE = "EGUICHET_RATE_LIMITS"
HOUR = 3600


@dataclass(frozen=True)
class Limit:
    window: int  # seconds
    default: int  # events allowed per window
    message: object  # what the citizen reads (i18n message)


SUBMISSION_MESSAGE = _(
    "You have sent many requests in a short time. To protect the service, "
    "please wait ${minutes} minutes before sending another one."
)
REPLY_MESSAGE = _(
    "You have sent many replies in a short time. Please wait ${minutes} "
    "minutes before sending another one."
)
UPLOAD_MESSAGE = _(
    "You have sent many files in a short time. Please wait ${minutes} minutes "
    "before sending more, or bring them to the desk."
)
REGISTRATION_MESSAGE = _(
    "Many accounts were created from your connection in a short time. Please "
    "wait ${minutes} minutes before creating another one."
)
LOGIN_MESSAGE = _(
    "Too many failed logins from your connection. Please wait ${minutes} "
    "minutes before trying again, or reset your password."
)

LIMITS = {
    "submissions_per_account": Limit(HOUR, 10, SUBMISSION_MESSAGE),
    "submissions_per_address": Limit(HOUR, 30, SUBMISSION_MESSAGE),
    "replies_per_address": Limit(HOUR, 20, REPLY_MESSAGE),
    "uploads_per_account": Limit(HOUR, 20, UPLOAD_MESSAGE),
    "uploads_per_address": Limit(HOUR, 40, UPLOAD_MESSAGE),
    "registrations_per_address": Limit(HOUR, 5, REGISTRATION_MESSAGE),
    "login_failures_per_address": Limit(15 * 60, 10, LOGIN_MESSAGE),
}


def switched_off(environ) -> bool:
    """``EGUICHET_RATE_LIMITS=off`` (or 0, false, no)."""
    value = (environ.get(ENVIRONMENT_VARIABLE) or "on").strip().lower()
    return value in ("off", "0", "false", "no")
