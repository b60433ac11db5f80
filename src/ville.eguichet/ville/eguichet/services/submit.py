"""POST <form-url>/@eguichet-submit: a submission as JSON."""

from plone import api
from plone.protect.interfaces import IDisableCSRFProtection
from plone.restapi.services import Service
from ville.eguichet import exc
from ville.eguichet import submission
from ville.eguichet.messages import citizen_url
from zope.i18n import translate
from zope.interface import alsoProvides


class SubmitPost(Service):
    def reply(self):
        alsoProvides(self.request, IDisableCSRFProtection)
        form = self.context
        try:
            # The body is read by the service, after the abuse limits.
            request = submission.submit(form, None, self.request)
        except exc.Trapped as bot:
            # A bot: a normal-looking answer, nothing stored.
            self.request.response.setStatus(201)
            return {
                "reference": bot.reference,
                "@id": form.absolute_url(),
                "review_state": "submitted",
            }
        except exc.SubmissionError as error:
            extra = {}
            if isinstance(error, exc.InvalidSubmission):
                extra["errors"] = [
                    {"field": f, "message": m} for f, m in error.errors.items()
                ]
            return self._error(error.status, error.kind, error.message, **extra)
        # Over a limit, exc.TooManyRequests goes up: 429 (exception view).
        self.request.response.setStatus(201)
        result = {
            "reference": request.reference,
            "@id": request.absolute_url(),
            "review_state": api.content.get_state(request),
        }
        if request.anonymous:
            result["tracking_url"] = citizen_url(request)
        url = submission.payment_url(self.request)
        if url:
            result["payment_url"] = url
        return result

    def _error(self, status, kind, message, **extra):
        self.request.response.setStatus(status)
        error = {"type": kind, "message": translate(message, context=self.request)}
        error.update(extra)
        return {"error": error}
