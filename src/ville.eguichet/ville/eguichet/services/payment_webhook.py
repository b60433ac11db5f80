"""POST <portal>/++api++/@eguichet-payment-webhook: the payment provider
tells that a payment changed (a form ``id=tr_...``, nothing else). Its body
is never trusted: the payment is fetched from the provider
(:func:`ville.eguichet.payment.service.settle`). Answers 200 once handled
(or when the id is none of ours: nothing to retry), 503 when the provider
cannot be reached (the provider retries its webhook)."""

from plone import api
from plone.protect.interfaces import IDisableCSRFProtection
from plone.restapi.services import Service
from ville.eguichet import logger
from ville.eguichet.payment import provider as providers
from ville.eguichet.payment import service
from zope.interface import alsoProvides


class PaymentWebhookPost(Service):
    def reply(self):
        alsoProvides(self.request, IDisableCSRFProtection)
        self.request.response.setHeader("Cache-Control", "no-store")
        payment_id = str(self.request.form.get("id") or "")[:64]
        try:
            with api.env.adopt_roles(["Manager"]):
                outcome = service.settle(payment_id)
        except providers.ProviderUnavailable as error:
            logger.warning("Payment webhook %s: provider unreachable (%s)", payment_id, error)
            self.request.response.setStatus(503)
            return {"error": {"type": "ProviderUnavailable"}}
        self.request.response.setStatus(200)
        return {"outcome": outcome}
