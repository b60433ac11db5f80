"""The easyform action "Créer une demande" and the submission entry point
shared by the HTML form and the REST service."""

from collective.easyform.api import get_actions
from collective.easyform.api import get_context
from collective.easyform.config import FORM_ERROR_MARKER
from collective.easyform.actions import Action
from collective.easyform.actions import ActionFactory
from plone import api
from plone.namedfile.interfaces import INamed
from plone.supermodel.exportimport import BaseHandler
from ville.eguichet import _
from ville.eguichet import engine
from ville.eguichet import mail
from ville.eguichet import ratelimit
from ville.eguichet.interfaces import ICreateRequestAction
from ville.eguichet.validation import form_fields
from ville.eguichet.validation import HONEYPOT
from ville.eguichet.validation import validate_submission
from zope.i18n import translate
from zope.interface import implementer
from zope.schema import getFieldsInOrder


@implementer(ICreateRequestAction)
class CreateRequest(Action):
    __doc__ = ICreateRequestAction.__doc__

    def __init__(self, **kw):
        for name, field in ICreateRequestAction.namesAndDescriptions():
            if name in ("onSuccess",):
                continue
            if hasattr(field, "default"):
                setattr(self, name, kw.pop(name, field.default))
        super().__init__(**kw)

    def onSuccess(self, fields, request):
        """Called by easyform once its own field validation passed."""
        form = get_context(self)
        if fields.get(HONEYPOT):
            # A bot (forms rendered without our view): thank it, store nothing.
            from ville.eguichet.browser.form import fake_reference

            request.response.redirect(
                f"{form.absolute_url()}/@@eguichet-merci?reference={fake_reference()}"
            )
            return None
        try:
            result, errors = submit(form, dict(fields), request, action=self)
        except ratelimit.TooManyRequests as error:
            return over_limit(error, request)
        if errors:
            if "" in errors:
                errors[FORM_ERROR_MARKER] = errors.pop("")
            return errors
        request.response.redirect(
            f"{form.absolute_url()}/@@eguichet-merci?reference={result.reference}"
        )


# Who may add it decides who receives requests: the e-guichet managers.
CreateRequestAction = ActionFactory(
    CreateRequest,
    _("Create a request"),
    "ville.eguichet.ManageForms",
)
CreateRequestHandler = BaseHandler(CreateRequest)


def over_limit(error, request) -> dict:
    """The HTML form's answer over an abuse limit: 429, Retry-After, the
    form shown again with the French message."""
    request.response.setStatus(429)
    request.response.setHeader("Retry-After", str(error.retry_after))
    return {FORM_ERROR_MARKER: error.message}


def submission_limits(http_request):
    return ratelimit.identities(
        http_request, "submissions_per_account", "submissions_per_address"
    )


def upload_limits(http_request):
    return ratelimit.identities(http_request, "uploads_per_account", "uploads_per_address")


def uploads(data: dict) -> int:
    return sum(1 for value in data.values() if INamed.providedBy(value))


def find_action(form):
    """The form's "Créer une demande" action, or None."""
    for _name, action in getFieldsInOrder(get_actions(form)):
        if isinstance(action, CreateRequest) and action.required:
            return action
    return None


def _requester_identity(action, data):
    """(e-mail, name) of the requester. A member's mails go to the account's
    address (confirmed at registration), never to one typed in the form: the
    town's mail server must not carry a text to whoever is named there."""
    email_field = (getattr(action, "email_field", "") or "").strip()
    name_fields = (getattr(action, "name_fields", "") or "").split()
    email = str(data.get(email_field) or "") if email_field else ""
    name = " ".join(str(data.get(f)).strip() for f in name_fields if data.get(f))
    if not api.user.is_anonymous():
        member = api.user.get_current()
        email = member.getProperty("email") or ""
        name = name or member.getProperty("fullname") or member.getId()
    return email, name


def submit(form, data: dict, http_request, action=None):
    """Validate (attachments, cross-field) and create the request.

    Per-field validation has already run (z3c.form widgets for HTML,
    ``validate_fields`` for REST). Returns ``(request, {})`` or
    ``(None, {field_id: message})``; nothing is stored on error. Raises
    ``ratelimit.TooManyRequests`` over an abuse limit (nothing stored).
    """
    action = action or find_action(form)
    if action is None:
        return None, {"": translate(_("This form does not create requests."), context=http_request)}
    anonymous = api.user.is_anonymous()
    if anonymous and not action.allow_anonymous:
        return None, {
            "": translate(_("Please log in to submit this form."), context=http_request)
        }
    ratelimit.check(http_request, submission_limits(http_request))
    ratelimit.check(http_request, upload_limits(http_request), uploads(data))
    errors = validate_submission(form, data, http_request, action)
    if errors:
        return None, errors
    fields = form_fields(form)
    # Every field of the form, None when not filled: the same dict whether the
    # data came from the HTML form or from JSON.
    values = {name: data.get(name) for name, _field in fields}
    email, name = _requester_identity(action, data)
    if anonymous and not email:
        field = (action.email_field or "").strip() or ""
        return None, {
            field: translate(
                _("An e-mail address is needed to send you the tracking link."),
                context=http_request,
            )
        }
    request = engine.create_request(
        form,
        values,
        requester=None if anonymous else api.user.get_current().getId(),
        requester_email=email,
        requester_name=name,
        agent_group=(action.agent_group or "").strip(),
    )
    ratelimit.record(http_request, submission_limits(http_request), tag="submit")
    ratelimit.record(
        http_request, upload_limits(http_request), uploads(values), tag="submit"
    )
    labels = {name: str(translate(field.title, context=http_request)) for name, field in fields}
    mail.send_receipt(request, http_request, labels, dict(fields), form)
    if action.agent_email:
        mail.send_agent_notice(request, http_request, action.agent_email)
    return request, {}
