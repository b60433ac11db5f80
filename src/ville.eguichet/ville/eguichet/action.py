"""The easyform action "Créer une demande": the plug-in that names the
submission service's settings for a form (agent group and address,
anonymous requests, attachments, validators: ``ICreateRequestAction``).
The submission itself is :func:`ville.eguichet.submission.submit`."""

from collective.easyform.actions import Action
from collective.easyform.actions import ActionFactory
from collective.easyform.api import get_context
from collective.easyform.config import FORM_ERROR_MARKER
from plone.supermodel.exportimport import BaseHandler
from ville.eguichet import _
from ville.eguichet import exc
from ville.eguichet import submission
from ville.eguichet.formaction import find_action  # noqa: F401 (read here too)
from ville.eguichet.interfaces import ICreateRequestAction
from zope.interface import implementer


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

    # The former setting, read and written through ``identity`` (one
    # setting): anonymous requests are the level ``none``.
    @property
    def allow_anonymous(self):
        return getattr(self, "identity", "password") == "none"

    @allow_anonymous.setter
    def allow_anonymous(self, value):
        if value:
            self.identity = "none"
        elif getattr(self, "identity", "password") == "none":
            self.identity = "password"

    def onSuccess(self, fields, request):
        """Called by easyform once its own field validation passed."""
        form = get_context(self)
        try:
            result = submission.submit(form, dict(fields), request, action=self)
        except (exc.SubmissionError, exc.TooManyRequests, exc.Trapped) as error:
            return form_answer(form, error, request)
        paying = submission.payment_url(request)
        if paying:
            # Paid online: to the provider's page (it sends the citizen back
            # to the return page, which shows the outcome).
            request.response.redirect(paying)
            return
        token = result.tracking_token if result.anonymous else None
        request.response.redirect(thanks_url(form, result.reference, token))


# Who may add it decides who receives requests: the e-guichet managers.
CreateRequestAction = ActionFactory(
    CreateRequest,
    _("Create a request"),
    "ville.eguichet.ManageForms",
)


class IdentityHandler(BaseHandler):
    """Reads an action whose model still says ``<allow_anonymous>`` (saved
    before the setting became ``identity``) as the level it meant."""

    def read(self, element):
        ns = element.nsmap.get(None)
        tag = f"{{{ns}}}" if ns else ""
        old = element.find(f"{tag}allow_anonymous")
        if old is not None:
            if element.find(f"{tag}identity") is None:
                new = old.makeelement(f"{tag}identity", {})
                new.text = "none" if (old.text or "").strip() == "True" else "password"
                old.addnext(new)
            element.remove(old)
        return super().read(element)


CreateRequestHandler = IdentityHandler(CreateRequest)


def thanks_url(form, reference, token=None) -> str:
    """The confirmation page; for an anonymous request with its tracking
    token, so that the page offers the PDF receipt."""
    url = f"{form.absolute_url()}/@@eguichet-merci?reference={reference}"
    return f"{url}&token={token}" if token else url


def form_answer(form, error, request):
    """The HTML form's answer to a refusal of the submission service:
    easyform's errors (``{field id or FORM_ERROR_MARKER: message}``), the
    form shown again; over a limit with 429 and ``Retry-After``. A bot gets
    the usual thank-you page with a made-up reference (returns None)."""
    if isinstance(error, exc.Trapped):
        request.response.redirect(thanks_url(form, error.reference))
        return None
    if isinstance(error, exc.TooManyRequests):
        request.response.setStatus(429)
        request.response.setHeader("Retry-After", str(error.retry_after))
        return {FORM_ERROR_MARKER: error.message}
    errors = dict(error.errors)
    if "" in errors:
        errors[FORM_ERROR_MARKER] = errors.pop("")
    return errors
