"""The e-guichet's messages: the receipt and the agents' notice of a new
request, the mail of each transition, the retention job's reminder. Sent
from the engine's events (``RequestSubmittedEvent``,
``RequestTransitionEvent``) through the transport :mod:`ville.eguichet.mail`;
the code that changes a request's state sends none. Never fail a request.
"""

from plone import api
from string import Template
from ville.eguichet import _
from ville.eguichet import dates
from ville.eguichet.answers import format_value
from ville.eguichet.documents.fees import format_amount
from ville.eguichet.formaction import attach_documents_allowed
from ville.eguichet.mail import queue_mail
from ville.eguichet.mail import queue_mail_with_pdf
from ville.eguichet.privacy import masked_values
from ville.eguichet.states import state_title
from zope.globalrequest import getRequest
from zope.i18n import translate


def _registry(name):
    return api.portal.get_registry_record(f"ville.eguichet.{name}", default="") or ""


def _render(kind: str, default_subject, default_body, mapping: dict, request):
    """The site manager's template when set, else the translated default."""
    subject = _registry(f"{kind}_subject") or translate(default_subject, context=request)
    body = _registry(f"{kind}_body") or translate(default_body, context=request)
    values = {key: "" if value is None else str(value) for key, value in mapping.items()}
    return Template(subject).safe_substitute(values), Template(body).safe_substitute(values)


def summary(request, labels: dict | None = None, fields=None, form=None) -> str:
    """``Label: value`` lines, national numbers masked."""
    labels, fields = labels or {}, fields or {}
    values = masked_values(request.values, request=request)
    lines = []
    for key, value in values.items():
        if value in (None, "", [], ()):
            continue
        text = format_value(value, fields.get(key), form)
        lines.append(f"{labels.get(key, key)}: {text}")
    return "\n".join(lines)


def citizen_url(request) -> str:
    portal_url = api.portal.get().absolute_url()
    if request.requester:
        return f"{portal_url}/@@mes-demandes?reference={request.reference}"
    return (
        f"{portal_url}/@@eguichet-suivi?reference={request.reference}"
        f"&token={request.tracking_token}"
    )


def payment_text(request, http_request) -> str:
    if request.fee is None:
        return ""
    iban = _registry("iban")
    return translate(
        _(
            "Amount due: ${fee} EUR, to be transferred to ${iban} with the "
            "structured communication ${communication}.",
            mapping={
                "fee": format_amount(request.fee, symbol=False),
                "iban": iban,
                "communication": request.structured_communication or "",
            },
        ),
        context=http_request,
    )


def mapping_for(request, http_request, **extra) -> dict:
    mapping = {
        "reference": request.reference,
        "procedure": request.procedure_title,
        # An anonymous submitter's name is text anyone typed: not mailed.
        "name": request.requester_name if not getattr(request, "anonymous", False)
        else translate(_("Madam, Sir"), context=http_request),
        "submitted": dates.format_datetime(request.submitted),
        "url": citizen_url(request),
        "payment": payment_text(request, http_request),
        "iban": _registry("iban"),
        "fee": "" if request.fee is None else format_amount(request.fee, symbol=False),
        "communication": request.structured_communication or "",
    }
    mapping.update(extra)
    return mapping


RECEIPT_SUBJECT = _("Your request ${reference} has been received")
RECEIPT_BODY = _(
    "mail_receipt_body",
    default="Hello ${name},\n\n"
    "We have received your request ${reference} (${procedure}) "
    "on ${submitted}.\n\n"
    "${summary}\n\n${payment}\n\n"
    "Follow your request: ${url}\n\n"
    "This message was sent automatically; please do not answer it.",
)
AGENT_SUBJECT = _("New request ${reference}: ${procedure}")
AGENT_BODY = _(
    "mail_agent_body",
    default="A new request ${reference} (${procedure}) was submitted by ${name} "
    "on ${submitted}.\n\n"
    "Process it: ${agent_url}",
)
TRANSITION_SUBJECT = _("Your request ${reference}: ${state}")
TRANSITION_BODY = _(
    "mail_transition_body",
    default="Hello ${name},\n\n"
    "The status of your request ${reference} (${procedure}) is now: ${state}.\n\n"
    "${comment}\n\n"
    "Follow your request: ${url}\n\n"
    "This message was sent automatically; please do not answer it.",
)


def send_receipt(request, http_request, labels=None, fields=None, form=None):
    # The typed address of an anonymous form is unconfirmed: its receipt
    # carries only what the town generates (reference, procedure, tracking
    # link, payment), none of the submitted text.
    anonymous = getattr(request, "anonymous", False)
    text = "" if anonymous else summary(request, labels, fields, form)
    mapping = mapping_for(request, http_request, summary=text)
    subject, body = _render("receipt", RECEIPT_SUBJECT, RECEIPT_BODY, mapping, http_request)
    if anonymous:
        # No PDF either: it shows the answers (downloaded from the
        # confirmation page and the tracking page instead).
        return queue_mail(request.requester_email, subject, body, reference=request.reference)
    # A member's receipt carries the PDF receipt, drawn once the submission
    # has committed, by the PDF worker process: drawn inside its transaction
    # it lengthened it enough that concurrent submissions ran out of
    # conflict retries (test_eguichet_reliability), and drawn in the
    # server's process it held the GIL every other request needs.
    from ville.eguichet.receipt import receipt_document
    from ville.eguichet.receipt import receipt_filename

    return queue_mail_with_pdf(
        request.requester_email, subject, body,
        lambda: receipt_document(request, http_request),
        receipt_filename(request),
        reference=request.reference,
    )


def send_agent_notice(request, http_request, agent_email):
    mapping = mapping_for(request, http_request, agent_url=request.absolute_url())
    subject, body = _render("agent", AGENT_SUBJECT, AGENT_BODY, mapping, http_request)
    return queue_mail(agent_email, subject, body, reference=request.reference)


def send_transition_mail(request, http_request, state, comment, attachments=()):
    mapping = mapping_for(request, http_request, state=state, comment=comment or "")
    subject, body = _render(
        "transition", TRANSITION_SUBJECT, TRANSITION_BODY, mapping, http_request
    )
    return queue_mail(
        request.requester_email, subject, body, attachments, reference=request.reference
    )


REMINDER_SUBJECT = _("Reminder: your request ${reference} is waiting for you")
REMINDER_BODY = _(
    "mail_reminder_body",
    default="Hello ${name},\n\n"
    "Your request ${reference} (${procedure}) is waiting for you: ${waiting}\n\n"
    "Without it by ${deadline}, the request will be cancelled.\n\n"
    "Follow your request: ${url}\n\n"
    "This message was sent automatically; please do not answer it.",
)


def send_reminder(request, http_request, waiting, deadline):
    """The retention job's reminder of a request waiting for the citizen
    (``waiting``: what is expected, ``deadline``: when it expires)."""
    mapping = mapping_for(
        request, http_request, waiting=waiting, deadline=deadline.strftime("%d/%m/%Y")
    )
    subject, body = _render("reminder", REMINDER_SUBJECT, REMINDER_BODY, mapping, http_request)
    return queue_mail(request.requester_email, subject, body, reference=request.reference)


# --- subscribers of the engine's events (configure.zcml) -------------------

def request_submitted(event):
    """The receipt to the requester, the notice to the procedure's agents."""
    request, http_request = event.object, event.http_request
    if api.content.get_state(obj=request, default=None) == "awaiting_payment":
        return  # sent when the payment is confirmed (payment.service.release)
    labels = {
        name: str(translate(field.title, context=http_request))
        for name, field in event.fields
    }
    send_receipt(request, http_request, labels, dict(event.fields), event.form)
    agent_email = getattr(event.action, "agent_email", "")
    if agent_email:
        send_agent_notice(request, http_request, agent_email)


# The system's steps of an online payment: the receipt says it (it waits
# for the payment), not a mail "status: submitted".
SILENT_TRANSITIONS = ("await_payment", "confirm_payment")


def request_transition(event):
    """The requester's mail of each transition: the new state, the comment
    when it is meant for the requester, and the documents of a ready
    request when its form's action allows it."""
    request, http_request = event.object, getRequest()
    if event.transition in SILENT_TRANSITIONS:
        return
    attachments = ()
    if event.new_state == "ready" and attach_documents_allowed(request):
        attachments = tuple(request.documents)
    send_transition_mail(
        request,
        http_request,
        state_title(event.new_state, http_request),
        event.comment if event.public else "",
        attachments,
    )
