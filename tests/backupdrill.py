"""Helpers of the backup drills (tests/test_backup_drill.py,
tests/test_backup_cluster.py): not a test module.

    python -m tests.backupdrill seed <zope.conf> [site id]

seeds a created site (stopped) with the drill's citizen account and one
request rejected 400 days ago, whose retention delay is over: the backups
keep it as it is, and the GDPR retention must anonymise it when a backup is
restored. Prints ``old <reference>``.
"""

from base64 import b64encode
from concurrent.futures import ThreadPoolExecutor

import json
import sys
import threading
import time
import urllib.error
import urllib.request


CITIZEN = ("citoyen-drill", "drill-Passw0rd!")
PROXY = "/e-guichet/composition-de-menage"
IDENTITY = {
    "first_name": "Marie", "last_name": "Dupont", "national_number": "85073003328",
    "birth_date": "1985-07-30", "email": "marie.dupont@example.be",
    "phone": "069 12 34 56", "street": "Rue des Écoles 3", "postal_code": "7600",
    "city": "Péruwelz", "copies": 1, "delivery": "download",
}
PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def attachment(number: int) -> bytes:
    """The signed proxy of request ``number``: a PDF of some tens of kB."""
    return PDF + f"procuration {number} ".encode() * (2000 + number % 500)


def seed(zope_conf, site_id="Plone") -> str:
    from datetime import date
    from datetime import datetime
    from datetime import timedelta
    from datetime import timezone
    from plone import api
    from plone.namedfile.file import NamedBlobFile
    from ville_site.site import open_app
    from zope.component.hooks import setSite

    import transaction

    app = open_app(zope_conf)
    portal = app[site_id]
    setSite(portal)
    from ville.eguichet import api as eguichet

    user = api.user.get(username=CITIZEN[0]) or api.user.create(
        username=CITIZEN[0], password=CITIZEN[1], email="citoyen-drill@example.be",
        properties={"fullname": "Marie Dupont"})
    values = dict(IDENTITY, birth_date=date(1985, 7, 30), concerned="third_party",
                  purpose="bank_loan", concerned_person="Jean Ancien",
                  proxy=NamedBlobFile(data=attachment(0), filename="ancienne.pdf",
                                      contentType="application/pdf"))
    with api.env.adopt_user(user=user):
        request, errors = eguichet.submit(portal["e-guichet"]["composition-de-menage"],
                                          values, app.REQUEST)
    if errors:
        raise SystemExit(f"seed failed: {errors}")
    with api.env.adopt_roles(["Manager"]):
        api.content.transition(obj=request, transition="reject",
                               comment="Demande ancienne")
    dates = dict(request.state_dates)
    dates["rejected"] = datetime.now(timezone.utc) - timedelta(days=400)
    request.state_dates = dates
    transaction.commit()
    return request.reference


class Load:
    """Citizens submitting household compositions with a signed proxy
    through ``@eguichet-submit`` in ``threads`` threads, until stopped.
    ``acknowledged``: [(monotonic time of the 201, reference, number)];
    ``sent``: {reference: monotonic time the submission was sent}."""

    def __init__(self, site_url, threads=2, pause=0.05):
        self.site_url = site_url
        self.threads = threads
        self.pause = pause
        self.acknowledged = []
        self.sent = {}
        self.failures = []
        self.stopping = threading.Event()
        self.counter = 0
        self.lock = threading.Lock()
        self.pool = None

    def submit(self, number):
        data = dict(IDENTITY, concerned="third_party", purpose="bank_loan",
                    concerned_person=f"Personne {number}",
                    proxy={"data": b64encode(attachment(number)).decode(),
                           "encoding": "base64", "filename": f"procuration-{number}.pdf",
                           "content-type": "application/pdf"})
        status, body = rest("POST", f"{self.site_url}{PROXY}/@eguichet-submit",
                            CITIZEN, data)
        if status == 201:
            return body["reference"]
        raise AssertionError(f"submission {number}: {status} {str(body)[:300]}")

    def worker(self):
        while not self.stopping.is_set():
            with self.lock:
                self.counter += 1
                number = self.counter
            sent = time.monotonic()
            try:
                reference = self.submit(number)
            except Exception as error:  # kept, asserted by the test
                self.failures.append(str(error))
                time.sleep(0.5)
                continue
            self.acknowledged.append((time.monotonic(), reference, number))
            self.sent[reference] = sent
            time.sleep(self.pause)

    def start(self):
        self.pool = ThreadPoolExecutor(self.threads)
        for _ in range(self.threads):
            self.pool.submit(self.worker)
        return self

    def wait_for(self, count, timeout=120):
        deadline = time.monotonic() + timeout
        while len(self.acknowledged) < count:
            if time.monotonic() > deadline:
                raise AssertionError(f"{len(self.acknowledged)} requests acknowledged "
                                     f"in {timeout} s; failures: {self.failures[-3:]}")
            time.sleep(0.2)

    def stop(self):
        self.stopping.set()
        self.pool.shutdown(wait=True)

    def before(self, moment):
        return {(ref, number) for when, ref, number in self.acknowledged if when < moment}


def rest(method, url, auth=None, data=None, timeout=60, raw=False):
    """(status, JSON body or bytes)."""
    headers = {"Accept": "application/json"}
    body = None
    if data is not None:
        body = json.dumps(data).encode()
        headers["Content-Type"] = "application/json"
    if auth:
        token = b64encode(f"{auth[0]}:{auth[1]}".encode()).decode()
        headers["Authorization"] = f"Basic {token}"
    request = urllib.request.Request(url, data=body, headers=headers, method=method)
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            status, payload = response.status, response.read()
    except urllib.error.HTTPError as error:
        status, payload = error.code, error.read()
    if raw:
        return status, payload
    try:
        return status, json.loads(payload or b"null")
    except ValueError:
        return status, payload.decode("utf-8", "replace")


def download(site_url, request_json, auth) -> tuple:
    """(status, bytes) of a request's signed proxy, through ``site_url``."""
    url = request_json["values"]["proxy"]["download"]
    return rest("GET", site_url + url.split("/Plone", 1)[1], auth, raw=True)


def stored_references(data_fs, blob_dir, site_id="Plone") -> dict:
    """{reference: (anonymised?, proxy bytes or None)} of the request store
    of a FileStorage, opened read-only in this process."""
    from ZODB.DB import DB
    from ZODB.FileStorage import FileStorage

    import transaction

    database = DB(FileStorage(str(data_fs), read_only=True, blob_dir=str(blob_dir)))
    try:
        manager = transaction.TransactionManager()
        store = database.open(manager).root()["Application"][site_id]["eguichet-demandes"]
        found = {}
        # the BTree folder's own tree: no component registry in this process
        for reference, item in store._tree.items():
            proxy = (item.values or {}).get("proxy")
            found[reference] = (bool(getattr(item, "anonymised", None)),
                                proxy.data if proxy is not None else None)
        manager.abort()
        return found
    finally:
        database.close()


if __name__ == "__main__":
    if sys.argv[1:2] == ["seed"]:
        print(f"old {seed(*sys.argv[2:])}")
