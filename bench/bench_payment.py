"""The online payment's row of `make bench` (issue 15): submissions per
second of a paying document form (the household composition, "autre
usage") by 8 logged-in citizens, paid online through the fake Mollie
(the real mollie-api-python client pointed at a loopback provider) against
the same form paid by bank transfer, in the same run.

An online submission creates the request, moves it to awaiting_payment and
creates the payment at the provider before it answers (201 with its
payment_url). After the timed rounds every online payment is settled
"paid" at the fake provider and its webhook posted to the site, as Mollie
does: "lost" counts requests acknowledged and not found afterwards, and
the row says how many payments were confirmed (submitted) by the webhook.
"""

from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack

import json

from harness import MEMBER
from harness import NA
from harness import creations
from harness import fmt
from harness import log
from harness import ratio
from tests.clusterlib import http


FORM = "/e-guichet/composition-de-menage"
VALUES = {
    "first_name": "Marie", "last_name": "Dupont",
    "national_number": "85073003328", "birth_date": "1985-07-30",
    "email": "marie.dupont@example.be", "phone": "069 12 34 56",
    "street": "Rue Neuve 1", "postal_code": "7600", "city": "Péruwelz",
    "purpose": "other", "copies": 1, "delivery": "download", "concerned": "self",
}


def start(stack: ExitStack, project) -> None:
    """Start the fake Mollie in this process and point the project's
    instance at it (its environment, read when the site is set up)."""
    from ville.eguichet.payment import fakemollie

    fake, endpoint = stack.enter_context(fakemollie.running())
    project.env.update({
        "MOLLIE_API_KEY": "test_bench",
        "MOLLIE_API_ENDPOINT": endpoint,
        "PUBLIC_URL": project.url.replace("127.0.0.1", "localhost"),
    })
    project.fake_mollie = fake


def _round(base, form_url, method):
    def submit(number, count):
        status, _, body = http(f"{form_url}/@eguichet-submit", "POST",
                               dict(VALUES, payment_method=method), auth=MEMBER)
        return status, body
    return creations(base, "", submit=submit)  # counts the lost too


def rows(project):
    fake = getattr(project, "fake_mollie", None)
    form_url = f"{project.url}{FORM}"
    status, _, body = http(f"{form_url}/@eguichet-submit", "POST",
                           dict(VALUES, payment_method="online"), auth=MEMBER)
    name = ("E-guichet paying form (household composition, a fee), 8 clients: "
            "paid online (fake Mollie) vs bank transfer (submissions/s)")
    if fake is None or status != 201 or "payment_url" not in body:
        why = "fake Mollie not started" if fake is None else f"HTTP {status} {body[:80]!r}"
        return [(name, f"{NA} ({why})", NA, None, "")]
    log("e-guichet paying form: online, then transfer, then online (8 clients)")
    first = _round(project.url, form_url, "online")
    transfer = _round(project.url, form_url, "transfer")
    second = _round(project.url, form_url, "online")
    online = first if first["rps"] <= second["rps"] else second  # the slower round
    created = first["created"] + second["created"]
    origin = project.url.split("/Plone", 1)[0]
    online["lost"] = first["lost"] + second["lost"]
    online["errors"] = first["errors"] + second["errors"]
    confirmed = _confirm_all(fake, origin, created)
    ok = not online["lost"] and not transfer["lost"] and confirmed == len(created)
    target = (f"0 lost and every payment confirmed: {'met' if ok else 'MISSED'} "
              f"({confirmed} of {len(created)} confirmed by the webhook)")
    return [(name, fmt(online), fmt(transfer), ratio(online, transfer), target)]


def _get(origin, url):
    """GET a request's REST representation (its @id names the Host header's
    localhost, without the instance's port)."""
    path = url.split("/Plone", 1)[1]
    return http(f"{origin}/Plone{path}", auth=MEMBER, headers={"Accept": "application/json"})




def _confirm_all(fake, origin, created) -> int:
    """Settle every payment "paid" and post its webhook (8 at once);
    return how many requests reached `submitted`."""
    ids = [pid for pid, payment in list(fake.payments.items())
           if payment.get("status") == "open"]
    with ThreadPoolExecutor(8) as pool:  # settle() posts the webhook
        list(pool.map(lambda pid: fake.settle(pid, "paid"), ids))
    confirmed = 0
    for url in created:
        status, _, body = _get(origin, url)
        if status == 200 and json.loads(body).get("review_state") == "submitted":
            confirmed += 1
    return confirmed


def run_alone(work):
    """BENCH_ONLY=payment: this row alone on a fresh project site (the
    member of bench/fill_listing.py included): (rows, the rows they
    replace: none but its own)."""
    from harness import fresh_project

    with fresh_project(work, start) as (project, _):
        return rows(project), ()
