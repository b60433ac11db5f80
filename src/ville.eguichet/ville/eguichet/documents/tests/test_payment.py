"""Online payment (issue 15) against a real WSGI server (8 threads), a real
SMTP sink on loopback and the fake Mollie (mollie-api-python's endpoint
pointed at it): paid, failed then tried again, expired, refused amounts,
the provider down, a refund after a reject, the finance export, and the
webhook ten times with the return page at the same moment."""

from contextlib import ExitStack
from datetime import timedelta
from plone import api
from ville.eguichet import engine
from ville.eguichet.documents import retention
from ville.eguichet.documents.testing import DOCUMENTS_SERVER_TESTING
from ville.eguichet.payment import fakemollie
from ville.eguichet.payment import provider
from ville.eguichet.tests import base
from ville.eguichet.tests.smtpsink import SMTPSink
from ville.eguichet.tests.test_eguichet_reliability import Base

import email
import os
import requests
import threading
import transaction


HOUSEHOLD = "e-guichet/composition-de-menage"
VALUES = {
    "first_name": "Marie", "last_name": "Dupont",
    "national_number": "85073003328", "birth_date": "1985-07-30",
    "email": "marie.dupont@example.be", "phone": "069 12 34 56",
    "street": "Rue Neuve 1", "postal_code": "7600", "city": "Péruwelz",
    "purpose": "other", "copies": 1, "delivery": "download", "concerned": "self",
}


class PaymentBase(Base):
    layer = DOCUMENTS_SERVER_TESTING

    def setUp(self):
        super().setUp()
        self.site = f"http://localhost:{self.layer['port']}/plone"
        self.form_url = f"{self.site}/{HOUSEHOLD}"
        self.stack = ExitStack()
        self.fake, endpoint = self.stack.enter_context(fakemollie.running())
        provider.configure(self.portal, "test_payments", self.site, endpoint)
        transaction.commit()
        self.sink = SMTPSink(self.smtp_port).start()

    def tearDown(self):
        self.stack.close()
        super().tearDown()

    def submit(self, method="online", **changes):
        response = self.post(dict(VALUES, payment_method=method, **changes))
        self.assertEqual(response.status_code, 201, response.text)
        return response.json()

    def request_of(self, reference):
        transaction.begin()
        store = engine.get_store(self.portal)
        store._p_jar.sync()
        return store[reference]

    def webhook(self, payment_id):
        # As Mollie posts it: a form, no Accept header.
        return requests.post(f"{self.site}/++api++/@eguichet-payment-webhook",
                             data={"id": payment_id}, timeout=60)

    def payment_id(self, answer):
        return answer["payment_url"].rsplit("/", 1)[1]

    def queued(self):
        """Messages in the maildir queue, not yet sent (or being sent)."""
        found = []
        for sub in ("new", "cur"):
            folder = os.path.join(self.queue, sub)
            found += os.listdir(folder) if os.path.isdir(folder) else []
        return found

    def actions(self, request):
        return [entry["action"] for entry in request.history]


class TestOnlinePayment(PaymentBase):
    def test_paid_webhook_ten_times_and_return_page_at_once(self):
        answer = self.submit()
        self.assertEqual(answer["review_state"], "awaiting_payment")
        self.assertTrue(answer["payment_url"].startswith(self.fake.base_url + "/checkout/tr_"))
        reference = answer["reference"]
        payment_id = self.payment_id(answer)
        created = self.fake.payments[payment_id]
        self.assertEqual(created["amount"], {"currency": "EUR", "value": "2.50"})
        self.assertEqual(created["metadata"], {"reference": reference})
        self.assertEqual(created["webhookUrl"],
                         f"{self.site}/++api++/@eguichet-payment-webhook")
        # No personal data in the URLs given to the provider.
        self.assertNotIn("Dupont", created["redirectUrl"] + created["webhookUrl"])
        # Nobody processes it yet: the mails wait for the payment (none
        # queued by the committed submission).
        self.assertEqual(self.queued() + self.sink.messages, [])
        request = self.request_of(reference)
        self.assertEqual(request.payment_method, "online")
        # A forged webhook changes nothing: the provider says "open"; a
        # made-up id is none of its payments.
        self.assertEqual(self.webhook(payment_id).status_code, 200)
        self.assertEqual(self.webhook("tr_madeup").json(), {"outcome": "unknown"})
        self.assertEqual(api.content.get_state(self.request_of(reference)), "awaiting_payment")
        self.fake.settle(payment_id, "paid", notify=False)
        return_url = created["redirectUrl"]
        barrier = threading.Barrier(11)
        results = []

        def call(kind):
            barrier.wait(timeout=30)
            if kind == "return":
                response = requests.get(return_url, timeout=60)
            else:
                response = self.webhook(payment_id)
            results.append((kind, response.status_code, response.text))

        threads = [threading.Thread(target=call, args=("webhook",)) for _ in range(10)]
        threads.append(threading.Thread(target=call, args=("return",)))
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(120)
        self.assertEqual(sorted(status for _kind, status, _text in results), [200] * 11)
        page = [text for kind, _status, text in results if kind == "return"][0]
        self.assertIn('data-outcome="paid"', page)
        request = self.request_of(reference)
        self.assertEqual(api.content.get_state(request), "submitted")
        self.assertEqual(self.actions(request).count("confirm_payment"), 1)
        self.assertEqual(request.payment_record["id"], payment_id)
        self.assertEqual(request.payment_record["method"], "bancontact")
        self.assertTrue(request.paid)
        # One receipt, one agents' notice, whatever the number of calls.
        self.wait_for_mails(2, 30)
        self.assertEqual(self.queued(), [])  # every call has committed
        recipients = sorted(message["to"][0] for message in self.sink.messages)
        self.assertEqual(recipients, ["<citizen1@example.org>", "<population@commune-test.be>"])
        # The agents see it paid online on the dashboard's filter.
        dashboard = requests.get(
            f"{self.site}/eguichet-demandes/@@eguichet-dashboard?payment_method=online",
            auth=(base.MANAGER, base.PASSWORD), timeout=60).text
        self.assertIn(reference, dashboard)
        transfer = requests.get(
            f"{self.site}/eguichet-demandes/@@eguichet-dashboard?payment_method=transfer",
            auth=(base.MANAGER, base.PASSWORD), timeout=60).text
        self.assertNotIn(reference, transfer)
        # The agent rejects it: the refund through the provider, mailed.
        transaction.begin()
        with api.env.adopt_roles(["Manager"]):
            api.content.transition(obj=self.request_of(reference), transition="reject",
                                   comment="Pas de ménage à cette adresse.")
        transaction.commit()
        session = requests.Session()
        session.auth = (base.MANAGER, base.PASSWORD)
        page = session.get(f"{self.site}/eguichet-demandes/{reference}", timeout=60).text
        self.assertIn("eguichet-rembourser", page)
        token = page.split('name="_authenticator" value="')[1].split('"')[0]
        response = session.post(f"{self.site}/eguichet-demandes/{reference}/@@eguichet-rembourser",
                                data={"_authenticator": token}, timeout=60)
        self.assertEqual(response.status_code, 200)
        self.assertEqual(len(self.fake.refunds), 1)
        request = self.request_of(reference)
        self.assertIn("refund", self.actions(request))
        self.assertTrue(request.payment_record["refund"]["id"].startswith("re_"))
        self.wait_for_mails(4, 30)  # the reject's mail and the refund's
        # The finance department's daily export.
        day = request.payment_record["date"]
        from ville.eguichet import dates

        csv = session.get(f"{self.site}/eguichet-demandes/@@eguichet-paiements-csv",
                          params={"date": dates.local_day(day).isoformat()}, timeout=60)
        self.assertEqual(csv.headers["Cache-Control"], "private, no-store")
        line = [row for row in csv.text.splitlines() if reference in row][0].split(";")
        self.assertEqual(line[1:], [reference, "Composition de ménage", "2.50", "bancontact",
                                    payment_id, request.payment_record["refund"]["id"]])

    def test_failed_retried_refused_expired_and_a_late_payment_refunded(self):
        answer = self.submit()
        reference, first = answer["reference"], self.payment_id(answer)
        self.fake.settle(first, "failed")  # the webhook is posted
        self.assertEqual(self.fake.webhooks, [(first, 200)])
        request = self.request_of(reference)
        self.assertEqual(api.content.get_state(request), "awaiting_payment")
        page = requests.get(self.fake.payments[first]["redirectUrl"], timeout=60)
        self.assertIn('data-outcome="failed"', page.text)
        self.assertIn("Réessayer le paiement", page.text)
        self.assertEqual(page.headers["Cache-Control"], "private, no-store")
        # "Réessayer": a new payment at the provider.
        retry = requests.post(f"{self.site}/@@eguichet-paiement", allow_redirects=False,
                              data={"reference": reference, "key": request.payment_key},
                              timeout=60)
        self.assertEqual(retry.status_code, 302)
        second = retry.headers["Location"].rsplit("/", 1)[1]
        self.assertNotEqual(second, first)
        # A wrong key shows nothing of the request.
        wrong = requests.get(f"{self.site}/@@eguichet-paiement",
                             params={"reference": reference, "key": "x"}, timeout=60)
        self.assertEqual(wrong.status_code, 404)
        # Paid, but not the fee (or not in euros): refused, logged, noted.
        self.fake.tamper(second, value="0.01")
        with self.assertLogs("ville.eguichet", "WARNING") as logged:
            self.fake.settle(second, "paid")
        self.assertIn("refused", "\n".join(logged.output))
        request = self.request_of(reference)
        self.assertEqual(api.content.get_state(request), "awaiting_payment")
        self.assertFalse(request.paid)
        self.assertEqual(self.actions(request)[-1], "payment_refused")
        self.fake.tamper(second, value="2.50", currency="USD")
        self.fake.post_webhook(second)
        self.assertEqual(api.content.get_state(self.request_of(reference)), "awaiting_payment")
        # 48 hours later (the profile's default), the system cancels it.
        transaction.begin()
        later = engine.now() + timedelta(hours=49)
        done = retention.run(self.portal, now=later)
        transaction.commit()
        self.assertIn((reference, "expire_payment"), [(a.reference, a.action) for a in done])
        request = self.request_of(reference)
        self.assertEqual(api.content.get_state(request), "cancelled")
        self.assertIsNone(request.history[-1]["actor"])
        messages = self.wait_for_mails(1, 30)
        self.assertEqual(len(messages), 1)
        text = base.mail_text(email.message_from_bytes(messages[0]["data"]))
        self.assertIn("48 heures", text)
        # Paid after all (the right amount), too late: refunded, once
        # however often notified.
        self.fake.tamper(second, currency="EUR")
        self.fake.post_webhook(second)
        self.fake.post_webhook(second)
        self.assertEqual(len(self.fake.refunds), 1)
        self.assertEqual(self.actions(self.request_of(reference)).count("payment_refunded"), 1)

    def test_provider_unreachable_then_the_transfer_as_today(self):
        provider.configure(self.portal, "test_payments", self.site, "http://localhost:9")
        transaction.commit()
        answer = self.submit()
        self.assertEqual(answer["review_state"], "awaiting_payment")
        self.assertIn("@@eguichet-paiement", answer["payment_url"])
        page = requests.get(answer["payment_url"], timeout=60).text
        self.assertIn("ne peut être joint", page)
        self.assertIn("Réessayer le paiement", page)
        self.assertEqual(api.content.get_state(self.request_of(answer["reference"])),
                         "awaiting_payment")
        # The transfer: submitted at once, mailed, as before.
        answer = self.submit(method="transfer")
        self.assertEqual(answer["review_state"], "submitted")
        self.assertNotIn("payment_url", answer)
        self.assertEqual(self.request_of(answer["reference"]).payment_method, "transfer")
        self.assertEqual(len(self.wait_for_mails(2, 30)), 2)

    def test_the_citizen_cancels_while_the_payment_waits(self):
        answer = self.submit()
        reference, payment_id = answer["reference"], self.payment_id(answer)
        url = answer["@id"].replace("http://localhost/", f"http://localhost:{self.layer['port']}/")
        # Another member may not cancel it; the agents do not cancel for a citizen.
        for user in (base.OTHER, base.AGENT):
            refused = requests.post(f"{url}/@workflow/cancel", auth=(user, base.PASSWORD),
                                    headers={"Accept": "application/json"}, timeout=60)
            self.assertGreaterEqual(refused.status_code, 400, user)
        self.assertEqual(api.content.get_state(self.request_of(reference)), "awaiting_payment")
        # The citizen changes their mind before paying: cancelled.
        cancelled = requests.post(f"{url}/@workflow/cancel", auth=(base.CITIZEN, base.PASSWORD),
                                  headers={"Accept": "application/json"}, timeout=60)
        self.assertEqual(cancelled.status_code, 200, cancelled.text)
        request = self.request_of(reference)
        self.assertEqual(api.content.get_state(request), "cancelled")
        self.assertEqual(self.actions(request)[-1], "cancel")
        # Paid at the provider all the same: refunded, and still cancelled.
        self.fake.settle(payment_id, "paid")
        self.assertEqual(len(self.fake.refunds), 1)
        request = self.request_of(reference)
        self.assertEqual(api.content.get_state(request), "cancelled")
        self.assertEqual(self.actions(request).count("payment_refunded"), 1)
