"""The document forms' rows of `make bench` (issue 21): submissions per
second of each real document form of the municipality profile by 8
logged-in citizens, against the 3-field procedure (bench/bench_form.py) in
the same run.

- the household composition and the birth certificate: members logged in
  with a password (HTTP Basic);
- the criminal record extract requires an eID / itsme login: each client
  logs in once through the real OpenID Connect flow against the test
  provider on loopback (ville.eguichet.testprovider, started here; the
  instance's OIDC_* settings point at it), one demo citizen per client,
  then posts with its session's cookies.

Each submission is the whole path: validation, fees and structured
communication, the request stored and indexed, the mails queued; the
member's PDF receipt is drawn by the PDF worker process after the answer
(ville.eguichet.pdfworker). "lost" counts submissions acknowledged with 201
and not found afterwards.
"""

from contextlib import ExitStack

import json

from harness import ADMIN
from harness import DURATION
from harness import MEMBER
from harness import NA
from harness import creations
from harness import fmt
from harness import log
from harness import ratio
from tests.clusterlib import http


COMMON = {
    "first_name": "Marie", "last_name": "Dupont",
    "national_number": "85073003328", "birth_date": "1985-07-30",
    "email": "marie.dupont@example.be", "phone": "069 12 34 56",
    "street": "Rue Neuve 1", "postal_code": "7600", "city": "Péruwelz",
    "copies": 1, "delivery": "download",
}
FORMS = (
    ("Household composition", "/e-guichet/composition-de-menage",
     {"concerned": "self", "purpose": "school"}, "password"),
    ("Birth certificate (extract)", "/e-guichet/acte-de-naissance",
     {"certificate_type": "extract", "relationship": "self", "purpose": "administrative"},
     "password"),
    ("Criminal record extract (eID login)", "/e-guichet/extrait-de-casier-judiciaire",
     {"model": "595", "purpose": "employment"}, "eid"),
)
BASELINE_ROW = "E-guichet 3-field procedure alone, 8 clients (submissions/s)"
TARGET = 15  # submissions per second with 8 clients, 0 lost
CLIENTS = 8
# Seconds of submissions per row: at about 20/s, BENCH_DURATION's 5 s are
# some 100 submissions, and runs of the same code differed by up to 2x.
SECONDS = max(DURATION, 15)


def citizens(count=CLIENTS) -> dict:
    """Demo citizens of the provider, each with a valid national number."""
    from stdnum.be import nn

    users = {}
    for number in range(count):
        base = f"850730{101 + 2 * number:03d}"
        check = 97 - int(base) % 97
        national = f"{base}{check:02d}"
        assert nn.is_valid(national), national
        users[f"citoyen{number}"] = {
            "egovNRN": national, "givenName": f"Citoyen{number}", "surname": "Banc",
            "mail": f"citoyen{number}@example.be", "prefLanguage": "fr",
        }
    return users


def start(stack: ExitStack, project) -> None:
    """Start the test OpenID Connect provider in this process and point the
    project's instance at it (its environment, read when the site is set
    up)."""
    from ville.eguichet import testprovider

    provider, issuer = stack.enter_context(testprovider.running(users=citizens()))
    project.env.update({
        "OIDC_ISSUER": issuer, "OIDC_CLIENT_ID": "ville-bench",
        "OIDC_CLIENT_SECRET": "bench-secret", "AUTHLIB_INSECURE_TRANSPORT": "1",
    })
    project.oidc_provider = provider


def eid_session(site, form_url, sub):
    """A requests session logged in through the eID flow as ``sub``."""
    import requests

    session = requests.Session()
    start = session.get(f"{site}/@@eid-login", params={"came_from": form_url},
                        allow_redirects=False, timeout=60)
    if start.status_code != 302:
        raise RuntimeError(f"@@eid-login: HTTP {start.status_code}")
    chosen = session.post(start.headers["Location"], data={"sub": sub},
                          allow_redirects=False, timeout=60)
    if chosen.status_code != 302:
        raise RuntimeError(f"provider: HTTP {chosen.status_code}")
    back = session.get(chosen.headers["Location"], allow_redirects=False, timeout=60)
    if back.status_code not in (302, 303):
        raise RuntimeError(f"@@eid-callback: HTTP {back.status_code} {back.text[:80]!r}")
    return session


def _round(site, form_url, values, identity):
    if identity == "eid":
        # The provider sends the citizen back to the site's public address
        # (localhost): the session's cookies are that host's.
        local = site.replace("127.0.0.1", "localhost")
        origin = local.split("/Plone", 1)[0]
        form_url = form_url.replace("127.0.0.1", "localhost")
        people = citizens()
        sessions = [eid_session(local, form_url, sub) for sub in people]
        # A request about oneself carries the eID's identity.
        own = [dict(values, national_number=person["egovNRN"],
                    first_name=person["givenName"], last_name=person["surname"],
                    email=person["mail"]) for person in people.values()]
        first = sessions[0].post(
            f"{form_url}/@eguichet-submit", data=json.dumps(own[0]),
            headers={"Accept": "application/json", "Content-Type": "application/json"},
            timeout=60,
        )
        if first.status_code != 201:
            raise RuntimeError(f"HTTP {first.status_code} {first.text[:120]!r}")

        def submit(number, count):
            answer = sessions[number].post(
                f"{form_url}/@eguichet-submit", data=json.dumps(own[number]),
                headers={"Accept": "application/json", "Content-Type": "application/json"},
                timeout=60,
            )
            # Its @id as the other rows' (Host: localhost, no port).
            return answer.status_code, answer.text.replace(origin, "http://localhost")
    else:
        def submit(number, count):
            status, _, body = http(f"{form_url}/@eguichet-submit", "POST", values,
                                   auth=MEMBER)
            return status, body
        # The form's first submission (its templates and vocabularies
        # compiled, its objects loaded) is not measured, as for the eID form.
        status, body = submit(0, 0)
        if status != 201:
            raise RuntimeError(f"HTTP {status} {body[:120]!r}")
    return creations(site, "", submit=submit, clients=CLIENTS, seconds=SECONDS)


def rows(project, baseline) -> list:
    """One row per document form, against ``baseline`` (the 3-field
    procedure's result of the same run)."""
    result = []
    for title, path, specific, identity in FORMS:
        name = (f"E-guichet document form: {title}, 8 clients logged in "
                f"(vs the 3-field procedure, submissions/s)")
        form_url = f"{project.url}{path}"
        values = dict(COMMON, **specific)
        log(f"e-guichet document form: {title}")
        try:
            if identity == "eid" and getattr(project, "oidc_provider", None) is None:
                raise RuntimeError("the test OpenID Connect provider is not started")
            row = _round(project.url, form_url, values, identity)
        except Exception as error:  # noqa: BLE001 - reported in the row
            result.append((name, f"{NA} ({error})", fmt(baseline), None, ""))
            continue
        if not row["created"]:
            status, _, body = http(f"{form_url}/@eguichet-submit", "POST", values,
                                   auth=MEMBER)
            row = {"na": f"HTTP {status} {body[:80]!r}"}
            target = ""
        else:
            ok = row["rps"] >= TARGET and not row["lost"] and not row["errors"]
            target = (f"target >= {TARGET}/s, 0 lost: " + ("met" if ok else "MISSED"))
        result.append((name, fmt(row), fmt(baseline), ratio(row, baseline), target))
    return result


def three_field(site, bench_form) -> tuple:
    """The 3-field procedure (bench/bench_form.py), 8 clients: its result
    (the caller puts it against stock's REST creation)."""
    values = {"first_name": "Marie", "last_name": "Dupont", "email": "marie@example.org"}
    if not bench_form.startswith("/"):
        return {"na": bench_form.replace("not available: ", "")}
    form_url = f"{site}{bench_form}"
    status, _, body = http(f"{form_url}/@eguichet-submit", "POST", values, auth=ADMIN)
    if status != 201:
        return {"na": f"POST <form>/@eguichet-submit: HTTP {status} {body[:80]!r}"}

    def submit(number, count):
        st, _, bd = http(f"{form_url}/@eguichet-submit", "POST", values, auth=ADMIN)
        return st, bd
    return creations(site, "", submit=submit)


def run_alone(work):
    """BENCH_ONLY=documents: the 3-field procedure and the document forms
    alone on a fresh project site: (rows, the rows they replace)."""
    from harness import fresh_project

    with fresh_project(work, start, "bench_form.py") as (project, (bench_form,)):
        log("e-guichet submissions, 8 clients (3-field procedure)")
        baseline = three_field(project.url, bench_form)
        result = [(BASELINE_ROW, fmt(baseline), NA, None, "")] + rows(project, baseline)
    return result, ("E-guichet document form", BASELINE_ROW)
