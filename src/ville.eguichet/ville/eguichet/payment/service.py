"""What the e-guichet does with its payment provider.

- :func:`hold`: at submission (:mod:`ville.eguichet.submission`), a paying
  request whose citizen chose to pay online goes at once, by the system,
  to ``awaiting_payment`` (transition ``await_payment``); its receipt and
  the agents' notice wait for the payment (:func:`release`).
- :func:`start`: a payment at the provider, its checkout URL.
- :func:`settle`: the provider's word on a payment (the webhook and the
  return page both come here; neither trusts what it was sent). A payment
  ``paid`` for the right amount, currency and request moves the request to
  ``submitted`` (``confirm_payment``), is recorded and releases the mails.
  Idempotent: concurrent calls conflict on the request and the retried
  ones find it settled. Mismatches are refused and logged; a payment of a
  cancelled (or already paid) request is refunded.
- :func:`refund`, :func:`expire`: the agents' refund, the system's expiry.
"""

from datetime import timedelta
from decimal import Decimal
from plone import api
from ville.eguichet import _
from ville.eguichet import engine
from ville.eguichet import logger
from ville.eguichet.payment import provider as providers
from zope.i18n import translate

import hmac
import secrets


ONLINE, TRANSFER = "online", "transfer"
METHODS = (ONLINE, TRANSFER)
AWAITING = "awaiting_payment"
FIELD = "payment_method"
CURRENCY = "EUR"
RETURN_VIEW = "@@eguichet-paiement"
WEBHOOK = "++api++/@eguichet-payment-webhook"
URL_KEY = "ville.eguichet.payment.url"
# Made by the system only (the webhook, the return page, the expiry job).
SYSTEM_TRANSITIONS = ("await_payment", "confirm_payment", "expire_payment")


def offered(request_or_fee) -> bool:
    """Whether online payment is offered for this fee (provider on)."""
    fee = getattr(request_or_fee, "fee", request_or_fee)
    return bool(fee) and providers.enabled()


def chosen_method(data: dict, http_request) -> str:
    """``payment_method`` of the submission (REST body, HTML summary step);
    taken out of ``data``."""
    method = data.pop(FIELD, None) if isinstance(data, dict) else None
    if method is None:
        method = getattr(http_request, "form", {}).get(FIELD)
    return method if method in METHODS else ""


def system_transition(request, transition, comment="", public=True):
    """A transition made by the system (no user named in the history)."""
    with api.env.adopt_roles(["Manager"]):
        api.portal.get_tool("portal_workflow").doActionFor(
            request, transition, comment=comment, public=public
        )
    history = list(request.history)
    history[-1] = dict(history[-1], actor=None)
    request.history = history


def hold(request, method: str) -> bool:
    """Record the way of payment; an online one holds the request in
    ``awaiting_payment``. True when held (the mails wait)."""
    if not request.fee:
        return False
    online = method == ONLINE and providers.enabled()
    request.payment_method = ONLINE if online else TRANSFER
    if not online:
        return False
    request.payment_key = secrets.token_urlsafe(18)
    request.payment_ids = ()
    system_transition(request, "await_payment")
    return True


def is_held(request) -> bool:
    return api.content.get_state(obj=request, default=None) == AWAITING


def return_url(request) -> str:
    """The page the provider sends the citizen back to: the reference and a
    key of the payment only (no personal data)."""
    base = providers.public_url()
    return f"{base}/{RETURN_VIEW}?reference={request.reference}&key={request.payment_key}"


def webhook_url() -> str:
    return f"{providers.public_url()}/{WEBHOOK}"


def check_key(request, key) -> bool:
    expected = getattr(request, "payment_key", None) or ""
    return bool(expected) and hmac.compare_digest(expected, str(key or ""))


def start(request) -> str:
    """A new payment at the provider; its checkout URL. Raises
    ProviderUnavailable."""
    provider = providers.get_provider()
    if provider is None:
        raise providers.ProviderUnavailable("online payment is off")
    payment = provider.create_payment(
        Decimal(request.fee),
        f"{request.reference} {request.procedure_title}",
        return_url(request),
        webhook_url(),
        {"reference": request.reference},
    )
    request.payment_ids = tuple(getattr(request, "payment_ids", ()) or ()) + (payment.id,)
    request.payment_provider = provider.name
    logger.info("Payment %s created for %s", payment.id, request.reference)
    return payment.checkout_url


def begin(request, http_request) -> str:
    """After :func:`hold`: the checkout URL, or the return page (it says the
    provider is unreachable and offers to try again). Kept in
    ``http_request.other`` for the channel's answer."""
    try:
        url = start(request)
    except providers.ProviderUnavailable as error:
        logger.warning("Payment of %s not created: %s", request.reference, error)
        url = return_url(request) + "&error=unavailable"
    http_request.other[URL_KEY] = url
    return url


def payment_url(http_request) -> str | None:
    return getattr(http_request, "other", {}).get(URL_KEY)


def _history(request, action, comment, public=False):
    history = list(request.history)
    history.append({
        "action": action,
        "state": api.content.get_state(obj=request, default=""),
        "actor": None,
        "time": engine.now(),
        "comment": comment,
        "public": public,
    })
    request.history = history


def _t(message):
    from zope.globalrequest import getRequest

    return translate(message, context=getRequest())


def settle(payment_id: str) -> str:
    """Ask the provider about ``payment_id`` and act on it. Returns what
    happened: ``paid``, ``already``, ``open``, ``failed``/``canceled``/
    ``expired``, ``refunded``, ``refused`` or ``unknown``. Raises
    ProviderUnavailable (the provider retries its webhook)."""
    provider = providers.get_provider()
    if provider is None or not str(payment_id or "").startswith("tr_"):
        return "unknown"
    try:
        payment = provider.get_payment(payment_id)
    except providers.PaymentNotFound:
        logger.warning("Payment %s unknown to the provider", payment_id[:40])
        return "unknown"
    store = engine.get_store()
    reference = str(payment.metadata.get("reference") or "")
    request = store.get(reference) if store is not None and reference else None
    if request is None or payment.id not in (getattr(request, "payment_ids", ()) or ()):
        logger.warning("Payment %s names no request of ours", payment.id)
        return "unknown"
    if payment.status != providers.PAID:
        return payment.status
    record = getattr(request, "payment_record", None)
    if record and record.get("id") == payment.id:
        return "already"
    if payment.currency != CURRENCY or payment.amount != Decimal(request.fee):
        if request.history and request.history[-1].get("action") == "payment_refused":
            return "refused"  # the provider's retries: logged once
        logger.warning(
            "Payment %s of %s refused: %s %s paid, %s %s due",
            payment.id, request.reference, payment.amount, payment.currency,
            request.fee, CURRENCY,
        )
        _history(request, "payment_refused", _t(_(
            "payment_refused",
            default="Online payment ${id} refused: ${amount} ${currency} "
            "paid, ${fee} EUR due.",
            mapping={"id": payment.id, "amount": payment.amount,
                     "currency": payment.currency, "fee": request.fee},
        )))
        return "refused"
    if not is_held(request):
        # Cancelled meanwhile, or paid twice: the money goes back (once:
        # the provider's idempotency key, and the ids kept here).
        if payment.id in (getattr(request, "refunded_ids", ()) or ()):
            return "refunded"
        request.refunded_ids = tuple(getattr(request, "refunded_ids", ()) or ()) + (
            payment.id,)
        refund_id = provider.refund(payment.id, payment.amount, request.reference)
        _history(request, "payment_refunded", _t(_(
            "payment_refunded_late",
            default="Online payment ${id} received for a request that no "
            "longer waits for it: refunded (${refund}).",
            mapping={"id": payment.id, "refund": refund_id},
        )), public=True)
        logger.warning("Payment %s of %s refunded: the request does not wait for it",
                       payment.id, request.reference)
        return "refunded"
    request.payment_record = {
        "provider": provider.name,
        "id": payment.id,
        "method": payment.method,
        "amount": str(payment.amount),
        "currency": payment.currency,
        "date": engine.now(),
        "refund": None,
    }
    engine.mark_paid(request, source="online", bank_reference=payment.id)
    system_transition(request, "confirm_payment")
    release(request)
    logger.info("Payment %s of %s confirmed", payment.id, request.reference)
    return "paid"


def release(request) -> None:
    """The receipt and the agents' notice held since the submission."""
    from ville.eguichet.events import RequestSubmittedEvent
    from ville.eguichet.formaction import action_for
    from ville.eguichet.validation import form_fields
    from zope.event import notify
    from zope.globalrequest import getRequest

    form = engine.procedure(request)
    if form is None:
        return
    action = action_for(form, getRequest())
    notify(RequestSubmittedEvent(request, form, form_fields(form), action, getRequest()))


def refundable(request) -> bool:
    record = getattr(request, "payment_record", None)
    return bool(record) and not record.get("refund") and api.content.get_state(
        obj=request, default=None) in ("rejected", "cancelled")


def refund(request, actor=None) -> str:
    """Refund a request's online payment (an agent, after a reject)."""
    provider = providers.get_provider()
    record = dict(request.payment_record)
    refund_id = provider.refund(record["id"], Decimal(record["amount"]), request.reference)
    record["refund"] = {"id": refund_id, "date": engine.now(), "actor": actor}
    request.payment_record = record
    request.reindexObject(idxs=["eguichet_payment_method"])  # the row metadata
    _history(request, "refund", _t(_(
        "payment_refund_done",
        default="Your payment of ${amount} EUR was refunded.",
        mapping={"amount": record["amount"]},
    )), public=True)
    from ville.eguichet import messages

    from zope.globalrequest import getRequest

    messages.send_transition_mail(
        request, getRequest(), _t(_("Payment refunded")),
        _t(_("payment_refund_mail", default="Your payment of ${amount} EUR was "
             "refunded to the account or card it came from.",
             mapping={"amount": record["amount"]})),
    )
    return refund_id


def expiry_due(request, now, config) -> bool:
    if not is_held(request):
        return False
    hours = int(config.get("payment", {}).get("online_hours") or 48)
    since = (request.state_dates or {}).get(AWAITING)
    return since is not None and now - since >= timedelta(hours=hours)


EXPIRED_COMMENT = _(
    "comment_payment_expired",
    default="Your request was cancelled: its payment was not received within "
    "${hours} hours. You may submit a new request at any time.",
)


def expire(request, config) -> None:
    hours = int(config.get("payment", {}).get("online_hours") or 48)
    system_transition(request, "expire_payment", _t(_(EXPIRED_COMMENT, mapping={"hours": hours})))
