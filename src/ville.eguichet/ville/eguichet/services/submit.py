"""POST <form-url>/@eguichet-submit: a submission as JSON."""

from plone import api
from plone.protect.interfaces import IDisableCSRFProtection
from plone.restapi.deserializer import json_body
from plone.restapi.interfaces import IFieldDeserializer
from plone.restapi.services import Service
from ville.eguichet import _
from ville.eguichet import ratelimit
from ville.eguichet.action import find_action
from ville.eguichet.action import submission_limits
from ville.eguichet.action import submit
from ville.eguichet.browser.form import fake_reference
from ville.eguichet.validation import error_message
from ville.eguichet.validation import form_fields
from ville.eguichet.validation import HONEYPOT
from ville.eguichet.validation import validate_fields
from zope.component import queryMultiAdapter
from zope.i18n import translate
from zope.interface import alsoProvides
from zope.interface import Invalid
from zope.schema.interfaces import ValidationError



def deserialize(form, data: dict, request):
    """JSON values -> Python values (files: NamedBlobFile), with errors."""
    values, errors = {}, {}
    fields = dict(form_fields(form))
    for name, raw in data.items():
        if name == HONEYPOT:
            continue
        field = fields.get(name)
        if field is None:
            errors[name] = translate(_("Unknown field."), context=request)
            continue
        if raw is None or raw == "":
            continue
        deserializer = queryMultiAdapter((field, form, request), IFieldDeserializer)
        try:
            values[name] = deserializer(raw) if deserializer else raw
        except (ValidationError, Invalid) as error:
            errors[name] = error_message(error, request)
        except (ValueError, TypeError, KeyError) as error:
            errors[name] = translate(
                _("Invalid value: ${error}", mapping={"error": str(error)}),
                context=request,
            )
    return values, errors


class SubmitPost(Service):
    def reply(self):
        alsoProvides(self.request, IDisableCSRFProtection)
        form = self.context
        action = find_action(form)
        if action is None:
            return self._error(404, "NotFound", _("This form does not create requests."))
        if api.user.is_anonymous() and not action.allow_anonymous:
            return self._error(401, "Unauthorized", _("Please log in to submit this form."))
        # Before the body is decoded; over the limit: 429 (exception view).
        ratelimit.check(self.request, submission_limits(self.request))
        try:
            data = json_body(self.request)
        except Exception as error:
            return self._error(400, "BadRequest", str(error))
        if data.get(HONEYPOT):
            # A bot: a normal-looking answer, nothing stored.
            self.request.response.setStatus(201)
            return {
                "reference": fake_reference(),
                "@id": form.absolute_url(),
                "review_state": "submitted",
            }
        values, errors = deserialize(form, data, self.request)
        for name, message in validate_fields(form, values, self.request).items():
            errors.setdefault(name, message)
        if not errors:
            request, errors = submit(form, values, self.request, action)
        if errors:
            return self._error(
                400,
                "ValidationError",
                _("The form contains errors."),
                errors=[{"field": f, "message": m} for f, m in errors.items()],
            )
        self.request.response.setStatus(201)
        result = {
            "reference": request.reference,
            "@id": request.absolute_url(),
            "review_state": api.content.get_state(request),
        }
        if request.anonymous:
            from ville.eguichet.mail import citizen_url

            result["tracking_url"] = citizen_url(request)
        return result

    def _error(self, status, kind, message, **extra):
        self.request.response.setStatus(status)
        error = {"type": kind, "message": translate(message, context=self.request)}
        error.update(extra)
        return {"error": error}
