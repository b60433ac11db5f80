"""Optional push of the agenda's events to Wallonia's open data portal
(ODWB, on Opendatasoft) through its real-time push API, off by default.

``ODWB_PUSH_URL``: the real-time source address the portal gives for the
town's dataset (``https://<portal>/api/push/1.0/<dataset>/<source>/data/``);
``ODWB_PUSH_KEY``: its push key (sent as ``?pushkey=``). Both are read at
each change; without both nothing is queued.

When a transaction that changed events commits, one JSON batch per change
set is written to a folder queue (``$VAR_DIR/odwb-queue``, like the mails'
maildir: it survives a restart) and a background thread sends the batches
in order: a public event is pushed as a record (added or replaced by its
``uid``), an event that is no longer public (retracted, expired at its
edit, deleted) is sent to the source's ``delete/`` address. A failed push
(network, HTTP error) stays queued and is retried with a growing delay.
"""

from pathlib import Path
from plone.event.interfaces import IEventAccessor
from ville.policy.scheduling import closed_ancestors
from ville.policy.scheduling import is_inactive
from ville.policy.scheduling import is_public_by_permission

import json
import logging
import os
import threading
import time
import transaction
import urllib.error
import urllib.parse
import urllib.request
import uuid


logger = logging.getLogger("ville.policy.opendata.push")
FIRST_DELAY = 2.0  # seconds before the first retry, doubled each time
MAX_DELAY = 300.0
TIMEOUT = 30


def settings():
    """(url, key), or None when the push is off."""
    url = os.environ.get("ODWB_PUSH_URL", "").strip()
    key = os.environ.get("ODWB_PUSH_KEY", "").strip()
    return (url, key) if url and key else None


def queue_dir() -> Path:
    return Path(os.environ.get("VAR_DIR") or "var") / "odwb-queue"


def is_public(obj) -> bool:
    return (is_public_by_permission(obj) and not closed_ancestors(obj)
            and not is_inactive(obj))


def record(obj) -> dict:
    """The event as the dataset's record (its fields are the dataset's)."""
    from plone import api

    acc = IEventAccessor(obj)
    return {
        "uid": obj.UID(),
        "title": obj.title,
        "description": obj.description or "",
        "start": acc.start.isoformat() if acc.start else None,
        "end": acc.end.isoformat() if acc.end else None,
        "whole_day": bool(acc.whole_day),
        "recurrence": acc.recurrence or "",
        "location": acc.location or "",
        "url": obj.absolute_url(),
        "municipality": api.portal.get_registry_record(
            "ville.municipality.name", default="") or "",
    }


# Changes of the current transaction, written to the queue once committed.
_pending = threading.local()


def event_changed(obj, event=None):
    """Subscriber (workflow transition, edit, removal of an Event)."""
    if settings() is None:
        return
    from zope.lifecycleevent.interfaces import IObjectRemovedEvent

    removed = IObjectRemovedEvent.providedBy(event)
    changes = getattr(_pending, "changes", None)
    if changes is None or getattr(_pending, "txn", None) is not transaction.get():
        changes = _pending.changes = {}
        _pending.txn = transaction.get()
        transaction.get().addAfterCommitHook(_write_batch, args=(changes,))
    uid = obj.UID()
    if not removed and is_public(obj):
        changes[uid] = ("push", record(obj))
        obj._ville_odwb_pushed = True
    elif getattr(obj, "_ville_odwb_pushed", False):
        # Only what was pushed is deleted: nothing else is in the dataset.
        changes[uid] = ("delete", {"uid": uid})
        if not removed:
            obj._ville_odwb_pushed = False
    else:
        changes.pop(uid, None)


def _write_batch(committed, changes):
    if not committed or not changes:
        return
    folder = queue_dir()
    folder.mkdir(parents=True, exist_ok=True)
    for action in ("push", "delete"):
        records = [rec for act, rec in changes.values() if act == action]
        if not records:
            continue
        name = f"{time.time():.6f}-{uuid.uuid4().hex}-{action}.json"
        tmp = folder / f".{name}"
        tmp.write_text(json.dumps(records, ensure_ascii=False), encoding="utf-8")
        tmp.rename(folder / name)  # atomic: the sender never reads half a file
    Sender.wake()


def send(path: Path, url: str, key: str) -> None:
    """POST one batch; raises on any failure (the batch stays queued)."""
    if path.name.endswith("-delete.json"):
        url = url.rstrip("/") + "/delete/"
    target = f"{url}?{urllib.parse.urlencode({'pushkey': key})}"
    request = urllib.request.Request(
        target, data=path.read_bytes(), method="POST",
        headers={"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT) as response:
            if not 200 <= response.status < 300:
                raise OSError(f"HTTP {response.status}")
    except urllib.error.HTTPError as error:
        if 400 <= error.code < 500 and error.code not in (408, 429):
            # Refused as it is (schema, key): retrying cannot help.
            raise Rejected(f"HTTP {error.code}") from error
        raise


class Rejected(Exception):
    """The portal refused the batch itself (kept aside in ``rejected/``)."""


class Sender:
    """One background thread per process sending the queue in order."""

    _thread = None
    _event = threading.Event()
    _lock = threading.Lock()

    @classmethod
    def wake(cls):
        with cls._lock:
            if cls._thread is None or not cls._thread.is_alive():
                cls._thread = threading.Thread(
                    target=cls.run, name="ville-odwb-push", daemon=True)
                cls._thread.start()
        cls._event.set()

    @classmethod
    def run(cls):
        delay = FIRST_DELAY
        while True:
            cls._event.clear()
            config = settings()
            failed = False
            for path in sorted(queue_dir().glob("[0-9]*.json")) if config else ():
                try:
                    send(path, *config)
                except Rejected as error:
                    rejected = queue_dir() / "rejected"
                    rejected.mkdir(exist_ok=True)
                    path.rename(rejected / path.name)
                    logger.error("ODWB refused %s (%s): kept in %s", path.name,
                                 error, rejected)
                    continue
                except Exception as error:  # network or server: retried later
                    logger.warning("ODWB push of %s failed (%s): retry in %.0f s",
                                   path.name, error, delay)
                    failed = True
                    break
                path.unlink()
                logger.info("ODWB push of %s done", path.name)
            if failed:
                cls._event.wait(delay)
                delay = min(delay * 2, MAX_DELAY)
            else:
                delay = FIRST_DELAY
                cls._event.wait()


def process_started(event):
    """At start-up, send what an earlier run left in the queue."""
    if settings() is not None and any(queue_dir().glob("[0-9]*.json")):
        Sender.wake()
