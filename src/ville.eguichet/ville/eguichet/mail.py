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


def _outbox(mailhost, sender):
    """A ``deliver(message, to)`` that needs no ZODB connection (made in the
    request's thread, called from any thread): written to the queue's
    maildir (the queue's thread, started now, sends it and retries while
    the SMTP server is down), or sent at once when there is no queue."""
    from Products.MailHost.MailHost import _mungeHeaders
    from zope.sendmail.maildir import Maildir

    queue = mailhost.smtp_queue_directory if getattr(mailhost, "smtp_queue", False) else None
    if queue is None:
        mailer = mailhost._makeMailer()
    elif not os.environ.get("MAILHOST_QUEUE_ONLY"):
        mailhost._startQueueProcessorThread()

    def deliver(message, to):
        if "Message-Id" not in message:
            message["Message-Id"] = make_msgid()
        text, mto, mfrom = _mungeHeaders(message, [to], sender, charset="utf-8")
        text = text if isinstance(text, bytes) else text.encode("utf-8")
        if queue is None:
            mailer.send(mfrom, mto, text)
            return
        ensure_maildir(queue)
        queued = Maildir(queue, True).newMessage()
        queued.write(b"X-Zope-From: %s\n" % mfrom.encode())
        queued.write(b"X-Zope-To: %s\n" % ", ".join(mto).encode())
        queued.write(text)
        queued.close()
        queued.commit()

    return deliver


class PDF:
    """A PDF attachment: its bytes and file name (build_message's blob)."""

    contentType = "application/pdf"

    def __init__(self, data: bytes, filename: str):
        self.data, self.filename = data, filename


def queue_mail_with_pdf(to: str, subject: str, body: str, document_of, filename: str,
                        reference=""):
    """Queue one message with a PDF receipt, once the current transaction has
    committed, and only then (nothing is sent when it fails).

    ``document_of()`` is called after the commit, in this thread (the ZODB
    is still open): what the PDF shows, as plain data. The PDF is drawn by
    :mod:`ville.eguichet.pdfworker` (a worker process: the submission's
    answer does not wait for it) and the message written to the mail queue
    when it is drawn; without the PDF when it cannot be drawn (the mail
    still goes: never fail a request). A replaced MailHost
    (:func:`_own_sending`) gets the message within the transaction.
    Returns True when scheduled."""
    from ville.eguichet import pdfworker

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

    def attach(data):
        return (PDF(data, filename),) if data else ()

    if _own_sending(mailhost):
        try:
            data = pdfworker.render(document_of())
        except Exception:
            logger.exception("PDF of the mail of %s not made", reference)
            data = None
        return queue_mail(to, subject, body, attach(data), reference)

    def after_commit(success):
        if not success:
            return
        try:
            outbox = _outbox(mailhost, sender)
        except Exception:
            logger.exception("Could not queue the mail of %s", reference)
            return

        def deliver(data):
            try:
                outbox(build_message(to, subject, body, attach(data), sender, name), to)
            except Exception:
                logger.exception("Could not queue the mail of %s", reference)

        try:
            document = document_of()
        except Exception:
            logger.exception("PDF of the mail of %s not made", reference)
            deliver(None)
            return
        pdfworker.render_then(document, deliver)

    transaction.get().addAfterCommitHook(after_commit)
    return True
