"""A form's "Créer une demande" action: the settings the submission
service reads (agent group and address, anonymous requests, attachments,
validators...). The action class itself is the easyform plug-in
(:mod:`ville.eguichet.action`); this module only reads it, through its
interface, so that nothing here imports the plug-in."""

from Acquisition import aq_base
from collective.easyform.api import get_actions
from ville.eguichet.engine import procedure
from ville.eguichet.interfaces import ICreateRequestAction
from zope.schema import getFieldsInOrder


_MEMO_KEY = "ville.eguichet.formaction"


def find_action(form):
    """The form's "Créer une demande" action, or None."""
    for _name, action in getFieldsInOrder(get_actions(form)):
        if ICreateRequestAction.providedBy(action) and action.required:
            return action
    return None


def action_for(form, http_request):
    """``find_action`` read once per HTTP request: the form's view, its
    login hint, its honeypot and the submission service all ask. Keyed by
    the form and its actions model, so a model saved in between is read
    again."""
    memo = None
    other = getattr(http_request, "other", None)
    if isinstance(other, dict):
        memo = other.setdefault(_MEMO_KEY, {})
    if memo is None:
        return find_action(form)
    key = (
        "/".join(form.getPhysicalPath()),
        getattr(aq_base(form), "actions_model", None),
    )
    if key not in memo:
        memo[key] = find_action(form)
    return memo[key]


def attach_documents_allowed(request) -> bool:
    """The form's action setting "attach documents to the ready e-mail"
    (off by default, and off when the form is gone)."""
    form = procedure(request)
    if form is None:
        return False
    action = find_action(form)
    return bool(action is not None and action.attach_documents)
