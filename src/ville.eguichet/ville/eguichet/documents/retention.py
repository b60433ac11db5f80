"""GDPR retention of e-guichet requests.

Jobs run by ``make retention`` (see ``retention_cli``) or any cron:

- a criminal-record extract made ready is deleted 6 months later (it must
  not stay available longer, like on the federal platform);
- a request in a final state for longer than the profile's delay is
  anonymised: identity, national number, address, e-mail, phone, free text,
  files and comments are erased (in the object, its history and workflow
  history, the catalog and the blobs' content); the reference, procedure,
  dates, fee, payment and final state stay for statistics;
- a request left waiting for the citizen is reminded, then cancelled (the
  ``expire`` transition) if still left waiting: a request in
  ``awaiting_citizen`` (the agent asked a question) ``reminder_days`` after
  the question, a ``submitted`` request only when its fee is unpaid, after
  the profile's payment delay. A free or paid ``submitted`` request never
  expires: it waits for the agents, and a town's backlog must not cancel
  citizens' requests. The expiry comes ``expiry_days`` after the reminder;
  the cancelled request is then anonymised like any finished one;
- the mail queue (a maildir) is purged of the messages older than
  ``mail_queue_days``: undeliverable messages would keep names, addresses
  and tracking links forever (:mod:`.purge`, with the pack that leaves no
  old copy of erased data).

All are idempotent; ``dry_run`` only reports what would be done.
"""

from dataclasses import dataclass
from datetime import datetime
from datetime import timedelta
from datetime import timezone
from plone import api
from plone.namedfile.interfaces import INamed
from ville.eguichet import _
from ville.eguichet import messages
from ville.eguichet.documents import batches
from ville.eguichet.documents.config import int_setting as _setting
from ville.eguichet.documents.config import site_config
from ville.eguichet.documents.rules import CRIMINAL_RECORD
from ville.eguichet.payment import service as payment
from zope.globalrequest import getRequest
from zope.i18n import translate

import calendar
import logging


logger = logging.getLogger("ville.eguichet.retention")


# States after which nothing more happens to a request but its retention.
FINAL_STATES = ("ready", "closed", "rejected", "cancelled")
# States in which a request may be waiting for the citizen.
WAITING_STATES = ("submitted", "awaiting_citizen", "awaiting_payment")
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
    action: str  # "delete_document", "anonymise", "remind" or "expire"
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


WAITING_FOR_REPLY = _(
    "waiting_for_reply",
    default="the municipality's services asked you for information; "
    "please answer it from your request's page.",
)
WAITING_FOR_PAYMENT = _(
    "waiting_for_payment",
    default="its fee is not paid yet; your request is processed once the "
    "payment is received.",
)
REMINDED_COMMENT = _(
    "comment_reminded",
    default="Reminder sent: without a reply by ${deadline}, the request "
    "will be cancelled.",
)
EXPIRED_COMMENT = _(
    "comment_expired",
    default="Your request was cancelled: we received neither your reply nor "
    "your payment within ${days} days after the reminder. You may submit a "
    "new request at any time.",
)


def waiting_since(request, config):
    """``(since, delay_days, what)`` when ``request`` waits for the citizen,
    else None: since when, the delay before the reminder, and what is
    expected (a Message)."""
    state = api.content.get_state(obj=request, default=None)
    if state == "awaiting_citizen":
        since = _final_since(request, state)
        return since and (since, _setting("reminder_days", 15), WAITING_FOR_REPLY)
    if state == "submitted" and getattr(request, "fee", None) and not getattr(
        request, "paid", False
    ):
        since = _final_since(request, state) or _aware(
            getattr(request, "submitted", None)
        )
        days = int(config.get("payment", {}).get("days", 15))
        return since and (since, days, WAITING_FOR_PAYMENT)
    return None


def _reminded(request, since):
    """When the request was reminded while in its current wait, or None."""
    reminded = _aware(getattr(request, "reminded", None))
    return reminded if reminded is not None and reminded >= since else None


def reminder_due(request, now, config) -> datetime | None:
    """Since when ``request`` waits, when its reminder is due (not sent)."""
    waiting = waiting_since(request, config)
    if waiting is None:
        return None
    since, days, _what = waiting
    if _reminded(request, since) is not None:
        return None
    return since if now - since >= timedelta(days=days) else None


def expiry_due(request, now, config) -> datetime | None:
    """When the reminder was sent, if the expiry delay after it is over."""
    waiting = waiting_since(request, config)
    if waiting is None:
        return None
    reminded = _reminded(request, waiting[0])
    if reminded is None:
        return None
    days = _setting("expiry_days", 15)
    return reminded if now - reminded >= timedelta(days=days) else None


def remind(request, now, config) -> None:
    """Mail the citizen a reminder; record it in the request's history."""
    _since, _days, what = waiting_since(request, config)
    deadline = now + timedelta(days=_setting("expiry_days", 15))
    http_request = getRequest()
    language = _language()
    messages.send_reminder(
        request,
        http_request,
        translate(what, target_language=language),
        deadline,
    )
    history = list(getattr(request, "history", []))
    history.append(
        {
            "action": "remind",
            "state": api.content.get_state(obj=request, default=""),
            "actor": None,
            "time": now,
            "comment": translate(
                _(
                    REMINDED_COMMENT,
                    mapping={"deadline": deadline.strftime("%d/%m/%Y")},
                ),
                target_language=language,
            ),
            "public": True,
        }
    )
    request.history = history
    request.reminded = now


def expire(request) -> None:
    """Cancel a request left waiting (the ``expire`` transition, mailed to
    the citizen by the transition handler with this comment)."""
    comment = translate(
        _(EXPIRED_COMMENT, mapping={"days": _setting("expiry_days", 15)}),
        target_language=_language(),
    )
    api.content.transition(
        obj=request, transition="expire", comment=comment, public=True
    )


def iter_requests(portal, states=None):
    """Every request of the site (in ``states`` if given), whatever the
    current user may see."""
    catalog = api.portal.get_tool("portal_catalog")
    query = {"portal_type": "EGuichetRequest"}
    if states:
        query["review_state"] = list(states)
    return batches.objects(catalog.unrestrictedSearchResults(**query))


def run(portal, now=None, dry_run=False, requests=None) -> list[Action]:
    """Apply retention to every request; return what was (or would be) done."""
    now = now or datetime.now(timezone.utc)
    config = site_config(portal)
    done = []
    if requests is None:  # only final or waiting requests can be due
        requests = iter_requests(portal, FINAL_STATES + WAITING_STATES)
    if not dry_run:
        # Drafts and answers kept for the summary step, past their delay.
        from ville.eguichet import pending

        pending.purge(now)
    for request in batches.bounded(requests, dry_run):  # bounded memory
        if payment.expiry_due(request, now, config):
            done.append(Action(request.reference, "expire_payment", now))
            if not dry_run:
                payment.expire(request, config)
            continue
        reminded = expiry_due(request, now, config)
        if reminded is not None:
            done.append(Action(request.reference, "expire", reminded))
            if not dry_run:
                expire(request)
            continue  # anonymised after the retention delay, like others
        since = reminder_due(request, now, config)
        if since is not None:
            done.append(Action(request.reference, "remind", since))
            if not dry_run:
                remind(request, now, config)
            continue
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
