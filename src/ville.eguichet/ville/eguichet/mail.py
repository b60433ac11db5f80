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
from email.utils import make_msgid
from plone import api
from ville.eguichet import logger
from ville.eguichet import logfilter

import os
import threading
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


def build_message(to, subject, body, attachments, sender, name):
    """The MIME message: the plain-text body, then the attachments."""
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
    return message


def _sender():
    sender = api.portal.get_registry_record("plone.email_from_address", default="")
    name = api.portal.get_registry_record("plone.email_from_name", default="")
    return sender, name


def queue_mail(to: str, subject: str, body: str, attachments=(), reference=""):
    """Queue one plain-text message; returns True when queued/scheduled.
    Logs name the request (``reference``), never the address."""
    if not to:
        return False
    try:
        mailhost = api.portal.get_tool("MailHost")
        sender, name = _sender()
        if not sender:
            logger.warning("No sender address configured: mail of %s not sent", reference)
            return False
        message = build_message(to, subject, body, attachments, sender, name)
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


def _own_sending(mailhost) -> bool:
    """Whether the MailHost is a replacement with a sending of its own (the
    tests' MockMailHost, which records messages in the ZODB and so cannot
    take one after the commit)."""
    from Acquisition import aq_base
    from Products.MailHost.MailHost import MailBase

    return type(aq_base(mailhost))._send is not MailBase._send


def _deliver_now(mailhost, message, to, sender):
    """Outside the transaction (an after-commit hook, where zope.sendmail's
    deliveries cannot join one): written to the queue's maildir at once
    (the queue's thread sends it, retrying while the SMTP server is down),
    or sent when there is no queue."""
    from Products.MailHost.MailHost import _mungeHeaders
    from zope.sendmail.maildir import Maildir

    if not getattr(mailhost, "smtp_queue", False):
        mailhost.send(message, mto=to, mfrom=sender, immediate=True, charset="utf-8")
        return
    if "Message-Id" not in message:
        message["Message-Id"] = make_msgid()
    text, mto, mfrom = _mungeHeaders(message, [to], sender, charset="utf-8")
    text = text if isinstance(text, bytes) else text.encode("utf-8")
    ensure_maildir(mailhost.smtp_queue_directory)
    queued = Maildir(mailhost.smtp_queue_directory, True).newMessage()
    queued.write(b"X-Zope-From: %s\n" % mfrom.encode())
    queued.write(b"X-Zope-To: %s\n" % ", ".join(mto).encode())
    queued.write(text)
    queued.close()
    queued.commit()
    if not os.environ.get("MAILHOST_QUEUE_ONLY"):
        mailhost._startQueueProcessorThread()


# Attachments made after the commit, one at a time in the process: a PDF
# receipt is ~0.5 s of pure-Python CPU (fpdf2's font parsing and subsetting);
# eight made at once held the GIL long enough to slow the other threads'
# transactions into conflicts (test_eguichet_reliability).
_MAKING = threading.Lock()


def _made(attachments, reference) -> tuple:
    try:
        with _MAKING:
            return tuple(attachments())
    except Exception:
        logger.exception("Attachments of the mail of %s not made", reference)
        return ()


def queue_mail_after_commit(to: str, subject: str, body: str, attachments, reference=""):
    """Queue one message once the current transaction has committed, and
    only then: ``attachments`` (a callable returning them) is called after
    the commit, so that making them (a PDF) does not lengthen the
    transaction, which concurrent submissions would retry on conflicts.
    Nothing is sent when the transaction fails. Returns True when scheduled.
    A replaced MailHost (:func:`_own_sending`) gets it within the transaction."""
    if not to:
        return False
    try:
        mailhost = api.portal.get_tool("MailHost")
        sender, name = _sender()
    except Exception:
        logger.exception("Could not queue the mail of %s", reference)
        return False
    if not sender:
        logger.warning("No sender address configured: mail of %s not sent", reference)
        return False
    if _own_sending(mailhost):
        return queue_mail(to, subject, body, _made(attachments, reference), reference)

    def after_commit(success):
        if not success:
            return
        try:
            message = build_message(
                to, subject, body, _made(attachments, reference), sender, name
            )
            _deliver_now(mailhost, message, to, sender)
        except Exception:
            logger.exception("Could not queue the mail of %s", reference)

    transaction.get().addAfterCommitHook(after_commit)
    return True
