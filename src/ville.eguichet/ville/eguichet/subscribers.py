"""Workflow bookkeeping of requests: required comments, history, and
``RequestTransitionEvent`` (the mails are its subscribers')."""

from plone import api
from Products.CMFCore.WorkflowCore import WorkflowException
from ville.eguichet import _
from ville.eguichet import engine
from ville.eguichet.events import RequestTransitionEvent
from zope.event import notify
from zope.globalrequest import getRequest
from zope.i18n import translate


COMMENT_REQUIRED = {
    "ask_info": _("Say which information the citizen must give."),
    "reject": _("Give the reason of the rejection."),
    "provide_info": _("Write your reply."),
}
# Comments of these transitions are meant for the citizen, whatever the flag.
ALWAYS_PUBLIC = ("ask_info", "reject", "provide_info", "cancel")


def before_transition(request, event):
    transition = event.transition
    if transition is None:
        return
    comment = (event.kwargs or {}).get("comment", "") or ""
    message = COMMENT_REQUIRED.get(transition.id)
    if message and not comment.strip():
        raise WorkflowException(translate(message, context=getRequest()))
    if transition.id == "mark_ready" and not document_ready(request):
        raise WorkflowException(translate(NO_DOCUMENT, context=getRequest()))


NO_DOCUMENT = _(
    "This request is delivered by download: attach the document before "
    "marking it ready."
)


def document_ready(request) -> bool:
    """Whether a request may become ready: one delivered by download needs
    a document for the citizen to download."""
    delivery = (getattr(request, "values", None) or {}).get("delivery")
    return delivery != "download" or bool(getattr(request, "documents", None))


def after_transition(request, event):
    transition = event.transition
    if transition is None:  # initial state on creation
        return
    kwargs = event.kwargs or {}
    comment = (kwargs.get("comment") or "").strip()
    # Internal unless said otherwise (the safe side): a transition made
    # without the flag, e.g. through REST without "public", stays internal.
    public = transition.id in ALWAYS_PUBLIC or kwargs.get("public") in (
        True, "1", "true", "on",
    )
    actor = api.user.get_current().getId()
    engine.record_transition(
        request, transition.id, event.new_state.id, comment, actor, public
    )
    # What reacts (the requester's mail: messages.request_transition)
    # subscribes to this event.
    notify(
        RequestTransitionEvent(
            request,
            transition.id,
            event.old_state.id,
            event.new_state.id,
            comment,
            actor,
            public=public,
        )
    )
