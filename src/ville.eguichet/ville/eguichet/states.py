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
}
TRANSITION_TITLES = {
    "take": _("Take"),
    "mark_ready": _("Mark ready"),
    "close": _("Close"),
    "ask_info": _("Ask for information"),
    "provide_info": _("Provide the information"),
    "reject": _("Reject"),
    "cancel": _("Cancel"),
    # Not transitions: payments recorded in the history (engine.mark_paid).
    "mark_paid": _("Payment recorded"),
    "mark_unpaid": _("Payment withdrawn"),
}


def state_title(state, request):
    return translate(STATE_TITLES.get(state, state), context=request)
