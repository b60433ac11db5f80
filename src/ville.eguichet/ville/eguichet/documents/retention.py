"""GDPR retention of e-guichet requests.

Two jobs, run by ``make retention`` (see ``retention_cli``) or any cron:

- a criminal-record extract made ready is deleted 6 months later (it must
  not stay available longer, like on the federal platform);
- a request in a final state for longer than the profile's delay is
  anonymised: identity, national number, address, e-mail, phone, free text,
  files and comments are erased (in the object, its history and workflow
  history, the catalog and the blobs' content); the reference, procedure,
  dates, fee, payment and final state stay for statistics.

Both are idempotent; ``dry_run`` only reports what would be done.
"""

from dataclasses import dataclass
from datetime import datetime
from datetime import timezone
from plone import api
from plone.namedfile.interfaces import INamed
from ville.eguichet import _
from ville.eguichet.documents.config import site_config
from ville.eguichet.documents.rules import CRIMINAL_RECORD

from zope.i18n import translate

import calendar


# States after which nothing more happens to a request but its retention.
FINAL_STATES = ("ready", "closed", "rejected", "cancelled")
CRIMINAL_RECORD_MONTHS = 6
# Values that say nothing about a person: kept for statistics.
KEPT_VALUES = (
    "model",
    "purpose",
    "copies",
    "delivery",
    "concerned",
    "certificate_type",
    "relationship",
    "legitimate_interest",
)


@dataclass(frozen=True)
class Action:
    reference: str
    action: str  # "delete_document" or "anonymise"
    since: datetime

    def line(self) -> str:
        return f"{self.reference}\t{self.action}\t(since {self.since:%Y-%m-%d})"


def add_months(when: datetime, months: int) -> datetime:
    """The same day ``months`` later (the month's last day when shorter)."""
    month = when.month - 1 + months
    year, month = when.year + month // 12, month % 12 + 1
    day = min(when.day, calendar.monthrange(year, month)[1])
    return when.replace(year=year, month=month, day=day)


def _aware(when):
    if when is None:
        return None
    if hasattr(when, "asdatetime"):  # a Zope DateTime
        when = when.asdatetime()
    return when if when.tzinfo else when.replace(tzinfo=timezone.utc)


def _final_since(request, state):
    return _aware((getattr(request, "state_dates", None) or {}).get(state))


def erase_blob(value) -> None:
    """Overwrite a file's blob with nothing, so that no copy of its content
    stays reachable (a ZODB pack then drops the old revisions)."""
    blob = getattr(value, "_blob", None)
    if blob is not None:
        with blob.open("w") as handle:
            handle.write(b"")
    elif hasattr(value, "data"):
        value.data = b""


def _erase_files(values):
    for value in values:
        if INamed.providedBy(value):
            erase_blob(value)


def casier_document_due(request, now) -> datetime | None:
    """When the ready casier document of ``request`` is to be deleted, if it
    is still there and that time has come; else None."""
    if getattr(request, "document_kind", None) != CRIMINAL_RECORD:
        return None
    if not getattr(request, "documents", None):
        return None
    ready = _final_since(request, "ready")
    if ready is None:
        return None
    due = add_months(ready, CRIMINAL_RECORD_MONTHS)
    return ready if due <= now else None


DELETED_COMMENT = _(
    "comment_document_deleted",
    default="The extract was deleted 6 months after it was made available, "
    "as the law requires for criminal record extracts.",
)


def _language():
    return api.portal.get_registry_record("plone.default_language", default="fr")


def delete_documents(request, now) -> None:
    """Delete the documents delivered with a request (blobs emptied)."""
    _erase_files(request.documents)
    request.documents = []
    request.documents_deleted = now
    history = list(getattr(request, "history", []))
    history.append(
        {
            "action": "delete_document",
            "state": api.content.get_state(obj=request, default=""),
            "actor": None,
            "time": now,
            "comment": translate(DELETED_COMMENT, target_language=_language()),
            "public": True,
        }
    )
    request.history = history


def anonymisation_due(request, now, config) -> datetime | None:
    """The date of the final state when its retention delay is over."""
    if getattr(request, "anonymised", None):
        return None
    state = api.content.get_state(obj=request, default=None)
    if state not in FINAL_STATES:
        return None
    since = _final_since(request, state)
    if since is None:
        return None
    retention = config["retention"]
    days = (
        retention["third_party_days"]
        if getattr(request, "about_third_party", False)
        else retention["days"]
    )
    return since if (now - since).days >= days else None


def anonymise_request(request, now=None) -> None:
    """Erase everything personal of one request; keep what statistics need."""
    now = now or datetime.now(timezone.utc)
    values = dict(getattr(request, "values", {}) or {})
    _erase_files(values.values())
    request.values = {
        key: value
        for key, value in values.items()
        if key in KEPT_VALUES and not INamed.providedBy(value)
    }
    for name in ("documents", "citizen_files"):
        _erase_files(getattr(request, name, None) or [])
        setattr(request, name, [])
    requester = getattr(request, "requester", None)
    request.requester_name = ""
    request.requester_email = ""
    request.requester = None
    request.creators = ()
    for attribute in ("tracking_token", "tracking_token_hash"):
        if attribute in request.__dict__:
            setattr(request, attribute, None)
    request.history = [
        dict(
            entry,
            comment="",
            actor=None if entry.get("actor") == requester else entry.get("actor"),
        )
        for entry in getattr(request, "history", [])
    ]
    _anonymise_workflow_history(request, requester)
    if requester:
        request.manage_delLocalRoles([requester])
    if "_owner" in request.__dict__:
        del request._owner  # the store's owner is acquired instead
    request.anonymised = now
    request.reindexObject()
    request.reindexObjectSecurity()


def _anonymise_workflow_history(request, requester):
    history = getattr(request, "workflow_history", None)
    if not history:
        return
    for workflow_id, entries in list(history.items()):
        history[workflow_id] = tuple(
            dict(
                entry,
                comments="",
                actor="" if entry.get("actor") == requester else entry.get("actor"),
            )
            for entry in entries
        )


def pack(db) -> None:
    """Pack the database to now: the old revisions of erased blobs and
    records (still on disk until then) disappear. This also drops the undo
    history of the whole site, which is why the command asks for it."""
    import time

    # FileStorage keeps a copy of what a pack removes (Data.fs.old and the
    # blob directory's .old) unless told not to: that copy would keep the
    # erased data. (With ZEO, set pack-keep-old false on the server.)
    storage = db.storage
    keep_old = getattr(storage, "pack_keep_old", False)
    if keep_old:
        storage.pack_keep_old = False
    try:
        db.pack(time.time())
    finally:
        if keep_old:
            storage.pack_keep_old = keep_old


def iter_requests(portal, states=None):
    """Every request of the site (in ``states`` if given), whatever the
    current user may see."""
    catalog = api.portal.get_tool("portal_catalog")
    query = {"portal_type": "EGuichetRequest"}
    if states:
        query["review_state"] = list(states)
    for brain in catalog.unrestrictedSearchResults(**query):
        yield brain._unrestrictedGetObject()


def run(portal, now=None, dry_run=False, requests=None) -> list[Action]:
    """Apply retention to every request; return what was (or would be) done."""
    now = now or datetime.now(timezone.utc)
    config = site_config(portal)
    done = []
    if requests is None:  # only final requests can be due
        requests = iter_requests(portal, FINAL_STATES)
    for request in requests:
        ready = casier_document_due(request, now)
        if ready is not None:
            done.append(Action(request.reference, "delete_document", ready))
            if not dry_run:
                delete_documents(request, now)
        since = anonymisation_due(request, now, config)
        if since is not None:
            done.append(Action(request.reference, "anonymise", since))
            if not dry_run:
                anonymise_request(request, now)
    return done
