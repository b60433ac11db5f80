"""Logs name a request by its reference, never a citizen by address or
national register number.

zope.sendmail's queue logs the sender and recipients of every message it
sends (INFO) or fails to send (ERROR, with the traceback): a logging filter
on its loggers replaces every e-mail address by ``<address>`` before any
handler (event.log) sees the record. Our own log calls never pass an address.
"""

import logging
import re


ADDRESS = re.compile(r"[\w.!#$%&'*+/=?^`{|}~-]+@[\w-]+(?:\.[\w-]+)+")
REDACTED = "<address>"
# A national register number, as typed or as the identity provider gives it
# (an eID login's claims): masked like on the pages.
NUMBER = re.compile(r"(?<!\d)\d{2}\.?\d{2}\.?\d{2}[-. ]?\d{3}\.?\d{2}(?!\d)")
# Loggers of zope.sendmail (queue thread, delivery) and Products.MailHost;
# ours too, for the tracebacks of mail errors (an SMTP refusal names the
# recipient).
# Plone's "forgot my password/user name" form logs the address typed in;
# its send-to and author forms log SMTP errors (which may name it).
MAIL_LOGGERS = (
    "QueueProcessorThread",
    "MailDataManager",
    "MailHost",
    "ville.eguichet",
    "ville.policy",
    "Products.CMFPlone.browser.login.login_help",
    "Plone",
    "plone.api.portal",
    # The eID login's OpenID Connect client (its debug logs carry claims).
    "authlib",
)


def _number(match):
    from ville.eguichet.privacy import is_national_or_bis_number
    from ville.eguichet.privacy import mask_national_number

    value = match.group(0)
    return mask_national_number(value) if is_national_or_bis_number(value) else value


def redact(text: str) -> str:
    return NUMBER.sub(_number, ADDRESS.sub(REDACTED, text))


class RedactAddresses(logging.Filter):
    """Rewrite a record's message (and traceback) without e-mail addresses."""

    def filter(self, record):
        message = record.getMessage()
        if ADDRESS.search(message) or NUMBER.search(message):
            record.msg, record.args = redact(message), None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = redact(record.exc_text)
        return True


def install(names=MAIL_LOGGERS) -> None:
    """Put the filter on the mail loggers (once each)."""
    for name in names:
        logger = logging.getLogger(name)
        if not any(isinstance(f, RedactAddresses) for f in logger.filters):
            logger.addFilter(RedactAddresses())
