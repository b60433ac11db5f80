"""Mollie, through its official client mollie-api-python (payments API v2):
Bancontact and cards. The client's API endpoint is overridable (the fake
provider of the tests, :mod:`.fakemollie`); keys look like ``test_...`` or
``live_...`` (Mollie's test and live modes)."""

from decimal import Decimal
from ville.eguichet.payment.interface import Payment
from ville.eguichet.payment.interface import PaymentNotFound
from ville.eguichet.payment.interface import PaymentProvider
from ville.eguichet.payment.interface import ProviderUnavailable


CURRENCY = "EUR"


def _amount(value: Decimal) -> dict:
    return {"currency": CURRENCY, "value": f"{Decimal(value):.2f}"}


def _decimal(amount) -> Decimal:
    try:
        return Decimal(str((amount or {}).get("value") or "0"))
    except Exception:
        return Decimal("0")


class MollieProvider(PaymentProvider):
    name = "mollie"

    def __init__(self, api_key: str, api_endpoint: str = "", methods=(),
                 timeout=(3, 10)):
        from mollie.api.client import Client

        self.client = Client(api_endpoint=api_endpoint or "", timeout=timeout, retry=1)
        self.client.set_api_key(api_key)
        self.client.set_user_agent_component("ville.eguichet", "1")
        self.methods = tuple(methods or ("bancontact", "creditcard"))

    def _call(self, function, *args, **kw):
        from mollie.api.error import Error
        from mollie.api.error import IdentifierError
        from mollie.api.error import NotFoundError

        try:
            return function(*args, **kw)
        except (NotFoundError, IdentifierError) as error:
            raise PaymentNotFound(str(error)) from error
        except Error as error:
            raise ProviderUnavailable(str(error)) from error

    def _payment(self, found) -> Payment:
        return Payment(
            id=found.id,
            status=found.status or "",
            amount=_decimal(found.amount),
            currency=(found.amount or {}).get("currency") or "",
            checkout_url=found.checkout_url or "",
            method=found.method or "",
            metadata=dict(found.metadata or {}),
            amount_refunded=_decimal(found.amount_refunded),
        )

    def create_payment(self, amount, description, redirect_url, webhook_url, metadata):
        data = {
            "amount": _amount(amount),
            "description": description[:255],
            "redirectUrl": redirect_url,
            "webhookUrl": webhook_url,
            "metadata": dict(metadata),
            "method": list(self.methods),
            "locale": "fr_BE",
        }
        return self._payment(self._call(self.client.payments.create, data))

    def get_payment(self, payment_id):
        return self._payment(self._call(self.client.payments.get, payment_id))

    def refund(self, payment_id, amount, description):
        payment = self._call(self.client.payments.get, payment_id)
        # One refund per payment, however often it is asked (retries).
        refund = self._call(
            payment.refunds.create,
            {"amount": _amount(amount), "description": description[:140]},
            idempotency_key=f"ville-refund-{payment_id}",
        )
        return refund.id
