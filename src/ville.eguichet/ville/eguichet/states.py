"""The titles of the request workflow's states and transitions, as every
channel shows them (pages, REST history, mails).

A state reads differently for whom reads it: ``awaiting_citizen`` is "En
attente de votre réponse" to the citizen, "En attente du citoyen" to the
agent. The citizen's titles are the default (mails, the citizen's space,
REST answers to the requester); agents' pages ask for theirs.
"""

from ville.eguichet import _
from zope.i18n import translate


# The requests' workflow (its id is a contract: profiles/default/workflows).
WORKFLOW_ID = "eguichet_request_workflow"

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
# What differs for the agents (the rest as the citizen reads it).
AGENT_STATE_TITLES = {
    "awaiting_citizen": _("Awaiting the citizen"),
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
    "await_payment": _("Await the online payment"),
    "confirm_payment": _("Confirm the payment"),
    "expire_payment": _("Payment not received"),
    # Not a transition: a request imported in its state (bulk.py).
    "import": _("Imported from the previous system"),
}
# The status message after each transition, naming what happened.
TRANSITION_DONE = {
    "take": _("The request is taken: it is now in progress."),
    "mark_ready": _("The request is marked ready: the citizen is told by e-mail."),
    "close": _("The request is closed."),
    "ask_info": _("Your question is sent to the citizen: the request awaits the citizen's reply."),
    "provide_info": _("Your reply is sent to the municipality's services."),
    "reject": _("The request is rejected: the citizen is told by e-mail with your reason."),
    "cancel": _("Your request is cancelled: the municipality's services will not process it."),
}
# The citizen answered and no agent acted since: the agent's turn.
ANSWERED = _("Answered by the citizen")


def state_title(state, request, agent=False):
    """The state's title in the reader's words (``agent``: an agent reads)."""
    titles = AGENT_STATE_TITLES if agent else {}
    return translate(titles.get(state) or STATE_TITLES.get(state, state), context=request)


def transition_done(transition, request):
    """The message after ``transition``, translated."""
    message = TRANSITION_DONE.get(transition)
    return translate(message, context=request) if message else ""
