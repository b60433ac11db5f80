"""The pages of online payment (issue 15), kept apart from the other views
(small templates of their own, included by one line where they show):

- ``@@eguichet-paiement`` (portal): the return page the provider sends the
  citizen to (``reference`` and the payment's ``key`` only, no personal
  data). It asks the provider itself (the webhook may come later) and shows
  the outcome; failed, cancelled or expired: "Réessayer le paiement". A
  POST (``pay``) starts a new payment and goes to the provider: the retry
  link and the citizen's space's "Payer" button.
- the summary step's choice "Payer en ligne" / "Virement";
- the payment box of the request page (method, provider id, refund button)
  and of the citizen's space (what is owed, "Payer");
- ``@@eguichet-rembourser`` (a request, agents): refund a rejected paid
  request through the provider;
- ``@@eguichet-paiements-csv`` (the store, agents): the daily
  reconciliation export for the finance department.
"""

from plone import api
from plone.protect import CheckAuthenticator
from plone.protect.interfaces import IDisableCSRFProtection
from Products.Five.browser import BrowserView
from Products.Five.browser.pagetemplatefile import ViewPageTemplateFile
from ville.eguichet import _
from ville.eguichet import dates
from ville.eguichet import engine
from ville.eguichet.browser import common
from ville.eguichet.documents.fees import format_amount
from ville.eguichet.payment import provider as providers
from ville.eguichet.payment import service
from zope.i18n import translate
from zope.interface import alsoProvides

import csv
import io


METHOD_TITLES = {
    service.ONLINE: _("Online payment"),
    service.TRANSFER: _("Bank transfer"),
}
_fragment = ViewPageTemplateFile("templates/payment_fragments.pt")


class _Fragment(BrowserView):
    """A context for the fragments' macros."""


def _render(http_request, macro, **options):
    view = _Fragment(api.portal.get(), http_request)
    return _fragment(view, macro=macro, **options)


def method_title(request, http_request) -> str:
    method = getattr(request, "payment_method", None)
    if not method:
        return ""
    title = translate(METHOD_TITLES[method], context=http_request)
    record = getattr(request, "payment_record", None)
    if record and record.get("method"):
        title = f"{title} ({record['method']})"
    if record and record.get("refund"):
        title += " – " + translate(_("refunded"), context=http_request)
    return title


def method_filter(http_request) -> str:
    return _render(http_request, "filter", selected=http_request.form.get("payment_method") or "",
                   choices=[(key, translate(title, context=http_request))
                            for key, title in METHOD_TITLES.items()])


def payment_choice(fee, http_request) -> str:
    """The summary step's choice (a paying procedure, provider on)."""
    if not fee or not providers.enabled():
        return ""
    payment = _site_payment()
    return _render(http_request, "choice",
                   online_label=payment.get("online_label") or translate(
                       _("Pay online"), context=http_request),
                   transfer_label=payment.get("transfer_label") or translate(
                       _("Bank transfer"), context=http_request))


def _site_payment() -> dict:
    from ville.eguichet.documents.config import site_config

    return site_config()["payment"]


def pay_form(request, http_request) -> str:
    """The "Payer" button of a request waiting for its online payment."""
    if not service.is_held(request):
        return ""
    return _render(http_request, "pay", reference=request.reference,
                   key=request.payment_key, fee=format_amount(request.fee),
                   action=f"{api.portal.get().absolute_url()}/{service.RETURN_VIEW}")


def request_box(request, http_request) -> str:
    """Agents' request page: the payment's method, provider id, refund."""
    record = getattr(request, "payment_record", None)
    if not getattr(request, "payment_method", None):
        return ""
    return _render(
        http_request, "agent",
        method=method_title(request, http_request),
        record=record,
        refundable=service.refundable(request),
        action=f"{request.absolute_url()}/@@eguichet-rembourser",
        authenticator=api.portal.get().restrictedTraverse("@@authenticator").token(),
    )


class ReturnView(BrowserView):
    """``@@eguichet-paiement?reference=...&key=...``."""

    outcome = ""
    request_obj = None

    def _find(self):
        store = engine.get_store()
        reference = str(self.request.form.get("reference") or "")
        found = store.get(reference) if store is not None and reference else None
        if found is None or not service.check_key(found, self.request.form.get("key")):
            return None
        return found

    def __call__(self):
        alsoProvides(self.request, IDisableCSRFProtection)
        response = self.request.response
        response.setHeader("Cache-Control", "private, no-store")
        response.setHeader("Referrer-Policy", "no-referrer")
        with api.env.adopt_roles(["Manager"]):
            request = self._find()
            if request is None:
                response.setStatus(404)
                self.outcome = "unknown"
                return self.index()
            self.request_obj = request
            if self.request.method == "POST" and service.is_held(request):
                try:
                    url = service.start(request)
                except providers.ProviderUnavailable:
                    self.outcome = "unavailable"
                    return self.index()
                response.redirect(url)
                return ""
            self.outcome = self._settle(request)
        return self.index()

    def _settle(self, request):
        if self.request.form.get("error") == "unavailable" and not request.payment_ids:
            return "unavailable"
        state = api.content.get_state(obj=request)
        if service.is_held(request) and request.payment_ids:
            try:
                found = service.settle(request.payment_ids[-1])
            except providers.ProviderUnavailable:
                return "pending"
            if found in ("paid", "already"):
                return "paid"
            return found if found in providers.UNSUCCESSFUL else "pending"
        if request.paid:
            return "paid"
        return "cancelled" if state == "cancelled" else "pending"

    def reference(self):
        return self.request_obj.reference if self.request_obj is not None else ""

    def fee(self):
        request = self.request_obj
        return format_amount(request.fee) if request is not None and request.fee else ""

    def follow_url(self):
        from ville.eguichet.messages import citizen_url

        return citizen_url(self.request_obj) if self.request_obj is not None else ""

    def receipt_url(self):
        request = self.request_obj
        if request is None:
            return ""
        if request.anonymous:
            return (f"{api.portal.get().absolute_url()}/@@eguichet-recu?"
                    f"reference={request.reference}&token={request.tracking_token}")
        return f"{request.absolute_url()}/@@eguichet-recu"

    def retry(self):
        return self.outcome in providers.UNSUCCESSFUL + ("unavailable",) and (
            self.request_obj is not None and service.is_held(self.request_obj))

    def key(self):
        return self.request_obj.payment_key if self.request_obj is not None else ""


class RefundView(BrowserView):
    """POST ``@@eguichet-rembourser``: an agent refunds a rejected (or
    cancelled) request's online payment through the provider."""

    def __call__(self):
        CheckAuthenticator(self.request)
        if self.request.method != "POST":
            return self.request.response.redirect(self.context.absolute_url())
        if service.refundable(self.context):
            try:
                service.refund(self.context, api.user.get_current().getId())
                common.status(self.request, _("The payment was refunded."))
            except providers.ProviderUnavailable:
                common.status(self.request, _(
                    "payment_provider_down_refund",
                    default="The payment service cannot be reached: try the "
                    "refund again later."), "error")
        return self.request.response.redirect(self.context.absolute_url())


def reconciliation_rows(day, http_request) -> list:
    """The online payments and refunds of ``day`` (the town's calendar)."""
    rows = []
    catalog = api.portal.get_tool("portal_catalog")
    for brain in catalog.unrestrictedSearchResults(
        portal_type=engine.REQUEST_TYPE, eguichet_payment_method=service.ONLINE
    ):
        request = brain._unrestrictedGetObject()
        record = getattr(request, "payment_record", None)
        if not record or dates.local_day(record["date"]) != day:
            continue
        refund = record.get("refund")
        rows.append([
            dates.format_datetime(record["date"], "%Y-%m-%d %H:%M"),
            request.reference,
            request.procedure_title,
            record["amount"],
            record.get("method") or "",
            record["id"],
            refund["id"] if refund else "",
        ])
    return sorted(rows)


class ReconciliationView(BrowserView):
    """``@@eguichet-paiements-csv?date=YYYY-MM-DD`` (default: yesterday)."""

    def __call__(self):
        from datetime import date
        from datetime import timedelta

        try:
            day = date.fromisoformat(self.request.form.get("date") or "")
        except ValueError:
            day = dates.local_day(engine.now()) - timedelta(days=1)
        t = lambda msg: translate(msg, context=self.request)  # noqa: E731
        text = io.StringIO()
        writer = csv.writer(text, delimiter=";", lineterminator="\r\n")
        writer.writerow([t(_("Date")), t(_("Reference")), t(_("Procedure")),
                         t(_("Amount")), t(_("Method")), t(_("Provider id")),
                         t(_("Refunded"))])
        writer.writerows(reconciliation_rows(day, self.request))
        response = self.request.response
        response.setHeader("Cache-Control", "private, no-store")
        response.setHeader("Content-Type", "text/csv; charset=utf-8")
        response.setHeader(
            "Content-Disposition", f'attachment; filename="paiements-{day.isoformat()}.csv"')
        return ("\ufeff" + text.getvalue()).encode("utf-8")
