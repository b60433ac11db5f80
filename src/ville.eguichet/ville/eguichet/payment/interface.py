"""The payment-provider interface: what the e-guichet asks of a payment
service provider (create a payment, tell its status, refund), whatever the
provider. :mod:`.mollie` implements it; a second provider (Worldline
Direct...) is one more module like it, returned by
:func:`ville.eguichet.payment.provider.get_provider` for its settings."""

from dataclasses import dataclass
from dataclasses import field
from decimal import Decimal


# Statuses as every provider's answer is translated to (Mollie's own).
OPEN, PENDING, PAID, FAILED, CANCELED, EXPIRED = (
    "open", "pending", "paid", "failed", "canceled", "expired",
)
UNSUCCESSFUL = (FAILED, CANCELED, EXPIRED)


class ProviderUnavailable(Exception):
    """The provider could not be reached, or refused the call."""


class PaymentNotFound(ProviderUnavailable):
    """The provider knows no such payment (a made-up id)."""


@dataclass
class Payment:
    """A payment as the provider tells it."""

    id: str
    status: str
    amount: Decimal
    currency: str
    checkout_url: str = ""
    method: str = ""
    metadata: dict = field(default_factory=dict)
    amount_refunded: Decimal = Decimal("0.00")


class PaymentProvider:
    """What the e-guichet asks of a payment provider. A second provider
    (Worldline Direct...) is a subclass of its own module, returned by
    :func:`get_provider` for its settings."""

    name = ""
    # The payment methods offered (provider's ids), e.g. bancontact, creditcard.
    methods = ()

    def create_payment(
        self, amount: Decimal, description: str, redirect_url: str,
        webhook_url: str, metadata: dict,
    ) -> Payment:
        raise NotImplementedError

    def get_payment(self, payment_id: str) -> Payment:
        raise NotImplementedError

    def refund(self, payment_id: str, amount: Decimal, description: str) -> str:
        """Refund ``amount`` of a paid payment; returns the refund's id."""
        raise NotImplementedError
