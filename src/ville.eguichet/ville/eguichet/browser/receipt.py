"""The PDF receipt, downloaded: ``<request>/@@eguichet-recu`` (the
requester, logged in, and the agents) and
``<portal>/@@eguichet-recu?reference=...&token=...`` (an anonymous
requester, from the confirmation page and the tracking page)."""

from Products.Five.browser import BrowserView
from urllib.parse import quote
from ville.eguichet.browser.citizen import TrackingView
from ville.eguichet.receipt import receipt_filename
from ville.eguichet.receipt import receipt_pdf
from zExceptions import NotFound


def send_pdf(request, http_request) -> bytes:
    data = receipt_pdf(request, http_request)
    response = http_request.response
    response.setHeader("Content-Type", "application/pdf")
    response.setHeader(
        "Content-Disposition",
        f"attachment; filename*=UTF-8''{quote(receipt_filename(request))}",
    )
    response.setHeader("Content-Length", str(len(data)))
    response.setHeader("Cache-Control", "private, no-store")
    response.setHeader("X-Robots-Tag", "noindex")
    return data


class RequestReceiptView(BrowserView):
    """The receipt of the request in context (who may view the request)."""

    def __call__(self):
        return send_pdf(self.context, self.request)


class TrackingReceiptView(TrackingView):
    """The receipt of an anonymous request, by its tracking link's token."""

    def __call__(self):
        request = self.lookup()
        if request is None:
            raise NotFound("No such request")
        self.request.response.setHeader("Referrer-Policy", "no-referrer")
        return send_pdf(request, self.request)
