"""The titles of the request workflow's states and transitions, as every
channel shows them (pages, REST history, mails)."""

from ville.eguichet import _
from zope.i18n import translate


STATE_TITLES = {
    "submitted": _("Submitted"),
    "in_progress": _("In progress"),
    "awaiting_citizen": _("Awaiting your reply"),
    "ready": _("Ready"),
    "closed": _("Closed"),
    "rejected": _("Rejected"),
    "cancelled": _("Cancelled"),
    "awaiting_payment": _("Awaiting payment"),
}
TRANSITION_TITLES = {
    "take": _("Take"),
    "mark_ready": _("Mark ready"),
    "close": _("Close"),
    "ask_info": _("Ask for information"),
    "provide_info": _("Provide the information"),
    "reject": _("Reject"),
    "cancel": _("Cancel"),
    "await_payment": _("Await the online payment"),
    "confirm_payment": _("Confirm the payment"),
    "expire_payment": _("Payment not received"),
}


def state_title(state, request):
    return translate(STATE_TITLES.get(state, state), context=request)
