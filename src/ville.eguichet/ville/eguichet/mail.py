"""The mail transport: every e-guichet message goes through :func:`queue_mail`.

With MailHost's queue on (the add-on turns it on at install), a message is
written to a maildir when the transaction commits and a thread sends it,
retrying while the SMTP server is down. Without the queue, the message is
sent after the commit and a failure is only logged. Importing this module
shortens zope.sendmail's retry delay and puts the address filter on the
mail loggers (:mod:`ville.eguichet.logfilter`). The texts are
:mod:`ville.eguichet.messages`.
"""

from email.mime.application import MIMEApplication
from email.mime.multipart import MIMEMultipart
from email.mime.text import MIMEText
from email.utils import formataddr
from plone import api
from ville.eguichet import logger
from ville.eguichet import logfilter

import os
import transaction


def shorten_retry_delay():
    """zope.sendmail leaves a message whose sending failed (SMTP server
    down) untouched for MAX_SEND_TIME, 3 hours, before trying again. Retry
    after ``VILLE_MAIL_RETRY_SECONDS`` (default 300) instead: a send never
    takes that long, so a fresh lock is still never stolen."""
    import zope.sendmail.queue

    try:
        seconds = int(os.environ.get("VILLE_MAIL_RETRY_SECONDS", "300"))
    except ValueError:
        seconds = 300
    if 0 < seconds < zope.sendmail.queue.MAX_SEND_TIME:
        zope.sendmail.queue.MAX_SEND_TIME = seconds


shorten_retry_delay()
logfilter.install()


def ensure_maildir(path: str):
    """zope.sendmail refuses an existing directory that is not a maildir."""
    for sub in ("cur", "new", "tmp"):
        os.makedirs(os.path.join(path, sub), exist_ok=True)


def queue_mail(to: str, subject: str, body: str, attachments=(), reference=""):
    """Queue one plain-text message; returns True when queued/scheduled.
    Logs name the request (``reference``), never the address."""
    if not to:
        return False
    try:
        mailhost = api.portal.get_tool("MailHost")
        sender = api.portal.get_registry_record("plone.email_from_address", default="")
        name = api.portal.get_registry_record("plone.email_from_name", default="")
        if not sender:
            logger.warning("No sender address configured: mail of %s not sent", reference)
            return False
        message = MIMEMultipart() if attachments else MIMEText(body, "plain", "utf-8")
        if attachments:
            message.attach(MIMEText(body, "plain", "utf-8"))
            for blob in attachments:
                part = MIMEApplication(blob.data, _subtype="octet-stream")
                part.replace_header("Content-Type", blob.contentType or "application/octet-stream")
                part.add_header("Content-Disposition", "attachment", filename=blob.filename or "document")
                message.attach(part)
        message["Subject"] = subject
        message["From"] = formataddr((name, sender)) if name else sender
        message["To"] = to
        if getattr(mailhost, "smtp_queue", False):
            ensure_maildir(mailhost.smtp_queue_directory)
            mailhost.send(message, mto=to, mfrom=sender, immediate=False, charset="utf-8")
        else:
            def send_after_commit(success):
                if not success:
                    return
                try:
                    mailhost.send(message, mto=to, mfrom=sender, immediate=True, charset="utf-8")
                except Exception:
                    logger.exception("Could not send the mail of %s", reference)

            transaction.get().addAfterCommitHook(send_after_commit)
        return True
    except Exception:
        logger.exception("Could not queue the mail of %s", reference)
        return False
