"""A fake Mollie on loopback, for the tests and ``make run`` with
``PAYMENT_DEMO=1``: the part of Mollie's payments API v2 that
mollie-api-python uses here (create and get a payment, create a refund;
Bearer keys ``test_...``), and a checkout page of its own where a test (or
a person) chooses the outcome: paid, failed, canceled or expired. Then, as
Mollie does, it POSTs ``id=tr_...`` to the payment's webhook URL (in the
background) and sends the browser to its redirect URL.

Tests steer it: :meth:`FakeMollie.settle` (the outcome without the page),
:meth:`FakeMollie.tamper` (another amount or currency, as a forged or
broken payment would have), ``webhooks`` (what was posted back).

Run: ``python -m ville.eguichet.payment.fakemollie [port]``.
"""

from contextlib import contextmanager
from ville.eguichet import loopback
from datetime import datetime
from datetime import timezone
from decimal import Decimal
from html import escape
from http.server import BaseHTTPRequestHandler
from http.server import ThreadingHTTPServer
from urllib.parse import parse_qs

import json
import secrets
import sys
import threading
import urllib.request


OUTCOMES = ("paid", "failed", "canceled", "expired")
METHODS = {"bancontact": "Bancontact", "creditcard": "Carte de crédit"}


def _now():
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


class FakeMollie:
    def __init__(self):
        self.payments = {}
        self.refunds = []
        self.webhooks = []  # (payment id, HTTP status of the site's answer)
        self.base_url = ""
        self.lock = threading.Lock()

    # --- the API -----------------------------------------------------------

    def create(self, data: dict) -> dict:
        payment_id = "tr_" + secrets.token_hex(5)
        payment = {
            "resource": "payment",
            "id": payment_id,
            "mode": "test",
            "createdAt": _now(),
            "status": "open",
            "amount": dict(data["amount"]),
            "description": data.get("description", ""),
            "method": None,
            "metadata": data.get("metadata") or {},
            "redirectUrl": data.get("redirectUrl"),
            "webhookUrl": data.get("webhookUrl"),
            "profileId": "pfl_fake",
            "_links": {
                "self": {"href": f"{self.base_url}/v2/payments/{payment_id}",
                         "type": "application/hal+json"},
                "checkout": {"href": f"{self.base_url}/checkout/{payment_id}",
                             "type": "text/html"},
            },
        }
        with self.lock:
            self.payments[payment_id] = payment
        return payment

    def refund(self, payment_id: str, data: dict, key: str = "") -> dict | None:
        with self.lock:
            for refund in self.refunds:
                if key and refund["_key"] == key:
                    return refund  # Mollie's idempotency: the same refund
            payment = self.payments.get(payment_id)
            if payment is None or payment["status"] != "paid":
                return None
            amount = Decimal(data["amount"]["value"])
            refunded = Decimal(payment.get("amountRefunded", {}).get("value", "0"))
            payment["amountRefunded"] = {
                "currency": payment["amount"]["currency"],
                "value": f"{refunded + amount:.2f}",
            }
            refund = {
                "resource": "refund", "id": "re_" + secrets.token_hex(5),
                "amount": dict(data["amount"]), "status": "pending",
                "paymentId": payment_id, "createdAt": _now(),
                "description": data.get("description", ""), "_key": key,
            }
            self.refunds.append(refund)
        return refund

    # --- what the tests (or the checkout page) decide ----------------------

    def settle(self, payment_id: str, outcome: str, method="bancontact",
               notify=True) -> None:
        """Give the payment its outcome; post the webhook (``notify``)."""
        with self.lock:
            payment = self.payments[payment_id]
            payment["status"] = outcome
            if outcome == "paid":
                payment["method"] = method
                payment["paidAt"] = _now()
                payment["amountRefunded"] = {
                    "currency": payment["amount"]["currency"], "value": "0.00"}
            else:
                payment[f"{outcome}At"] = _now()
        if notify:
            self.post_webhook(payment_id)

    def tamper(self, payment_id: str, **amount) -> None:
        with self.lock:
            self.payments[payment_id]["amount"].update(amount)

    def post_webhook(self, payment_id: str) -> int:
        """POST ``id=<payment id>`` to the webhook URL, as Mollie does."""
        url = self.payments[payment_id]["webhookUrl"]
        request = urllib.request.Request(
            url, data=f"id={payment_id}".encode(), method="POST",
            headers={"Content-Type": "application/x-www-form-urlencoded"},
        )
        try:
            with urllib.request.urlopen(request, timeout=60) as response:
                status = response.status
        except urllib.error.HTTPError as error:
            status = error.code
        except Exception:
            status = 0
        self.webhooks.append((payment_id, status))
        return status


def _page(payment: dict) -> str:
    amount = f"{payment['amount']['value']} {payment['amount']['currency']}"
    labels = {"paid": "Payer", "failed": "Échec du paiement",
              "canceled": "Annuler", "expired": "Laisser expirer"}
    buttons = "".join(
        f'<button type="submit" name="status" value="{outcome}" '
        f'id="outcome-{outcome}">{labels[outcome]}</button> '
        for outcome in OUTCOMES
    )
    methods = "".join(
        f'<option value="{key}">{escape(title)}</option>' for key, title in METHODS.items()
    )
    return (
        '<!DOCTYPE html><html lang="fr"><head><meta charset="utf-8">'
        "<title>Paiement (fournisseur de test)</title></head><body><main>"
        "<h1>Paiement (fournisseur de test)</h1>"
        f"<p>{escape(payment['description'])}</p>"
        f'<p>Montant : <strong id="amount">{escape(amount)}</strong></p>'
        '<form method="post"><label for="method">Moyen de paiement</label> '
        f'<select id="method" name="method">{methods}</select><p>{buttons}</p>'
        "</form></main></body></html>"
    )


def handler_for(fake: FakeMollie):
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args):
            pass

        def _json(self, status, body):
            data = json.dumps(body).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/hal+json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def _error(self, status, title, detail):
            self._json(status, {"status": status, "title": title, "detail": detail})

        def _authorized(self):
            auth = self.headers.get("Authorization", "")
            if not auth.startswith("Bearer test_"):
                self._error(401, "Unauthorized Request", "Missing or invalid test API key")
                return False
            return True

        def _body(self):
            length = int(self.headers.get("Content-Length") or 0)
            return self.rfile.read(length) if length else b""

        def do_GET(self):
            path = self.path.split("?")[0]
            if path.startswith("/checkout/"):
                payment = fake.payments.get(path.rsplit("/", 1)[1])
                if payment is None:
                    return self._html(404, "<p>Paiement inconnu</p>")
                return self._html(200, _page(payment))
            if path.startswith("/v2/payments/") and self._authorized():
                payment = fake.payments.get(path.rsplit("/", 1)[1])
                if payment is None:
                    return self._error(404, "Not Found", "No payment exists with this token.")
                return self._json(200, payment)

        def do_POST(self):
            path = self.path.split("?")[0]
            body = self._body()
            if path.startswith("/checkout/"):
                payment_id = path.rsplit("/", 1)[1]
                form = {k: v[0] for k, v in parse_qs(body.decode()).items()}
                payment = fake.payments.get(payment_id)
                if payment is None or form.get("status") not in OUTCOMES:
                    return self._html(400, "<p>Demande invalide</p>")
                fake.settle(payment_id, form["status"], form.get("method") or "bancontact",
                            notify=False)
                # Mollie calls the webhook on its own, not before the browser.
                threading.Thread(
                    target=fake.post_webhook, args=(payment_id,), daemon=True
                ).start()
                self.send_response(303)
                self.send_header("Location", payment["redirectUrl"])
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            if not self._authorized():
                return
            data = json.loads(body or b"{}")
            if path == "/v2/payments":
                if not (data.get("amount") and data.get("redirectUrl")):
                    return self._error(422, "Unprocessable Entity", "amount and redirectUrl are required")
                return self._json(201, fake.create(data))
            if path.startswith("/v2/payments/") and path.endswith("/refunds"):
                refund = fake.refund(path.split("/")[3], data,
                                     self.headers.get("Idempotency-Key", ""))
                if refund is None:
                    return self._error(422, "Unprocessable Entity", "The payment cannot be refunded")
                return self._json(201, refund)
            self._error(404, "Not Found", "Unknown resource")

        def _html(self, status, html):
            data = html.encode()
            self.send_response(status)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

    return Handler


@contextmanager
def running(port=0):
    """(fake, API endpoint) served on localhost in a thread."""
    fake = FakeMollie()
    server = ThreadingHTTPServer(("localhost", port), handler_for(fake))
    server.daemon_threads = True
    with loopback.serving(server) as url:
        fake.base_url = url
        yield fake, url


def main(argv=None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    port = int(argv[0]) if argv else 9401
    fake = FakeMollie()
    server = ThreadingHTTPServer(("localhost", port), handler_for(fake))
    fake.base_url = f"http://localhost:{port}"
    print(f"Fake Mollie: {fake.base_url} (MOLLIE_API_KEY=test_demo)", flush=True)
    server.serve_forever()
    return 0


if __name__ == "__main__":
    sys.exit(main())
