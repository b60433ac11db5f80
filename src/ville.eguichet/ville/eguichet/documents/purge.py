"""What outlives the requests' retention elsewhere than in the requests:
the mail queue (a maildir of messages not yet delivered) and the copies
the ZODB keeps of erased data until packed. Run by ``retention_cli``
after :func:`ville.eguichet.documents.retention.run`."""

from datetime import timedelta
from plone import api
from ville.eguichet.documents.config import int_setting

import logging
import os


# The retention job's logger: its lines read as one job's.
logger = logging.getLogger("ville.eguichet.retention")


def mail_queue_directory() -> str | None:
    """The maildir of the site's MailHost queue (None when there is none)."""
    from ville.eguichet.setuphandlers import mail_queue_directory as default

    mailhost = api.portal.get_tool("MailHost")
    directory = getattr(mailhost, "smtp_queue_directory", None) or default()
    return directory if os.path.isdir(directory) else None


def queued_at(entry) -> float:
    """When a message was queued: the timestamp that starts its maildir name
    (``1764500000.1234.host.5678``, also after ``.sending-`` or
    ``.rejected-``); zope.sendmail touches the file at each attempt, so its
    mtime says when it was last retried. The mtime for other names."""
    name = entry.name
    for prefix in (".sending-", ".rejected-"):
        name = name.removeprefix(prefix)
    stamp = name.split(".", 1)[0]
    if stamp.isdigit():
        return float(stamp)
    return entry.stat().st_mtime


def purge_mail_queue(now, dry_run=False) -> int:
    """Delete the queued messages older than ``mail_queue_days`` (whatever
    their state: new, being retried, rejected); return how many."""
    directory = mail_queue_directory()
    if directory is None:
        return 0
    days = int_setting("mail_queue_days", 30)
    limit = (now - timedelta(days=days)).timestamp()
    count = 0
    for sub in ("new", "cur", "tmp"):
        folder = os.path.join(directory, sub)
        if not os.path.isdir(folder):
            continue
        for entry in os.scandir(folder):
            if entry.is_file() and queued_at(entry) < limit:
                count += 1
                if not dry_run:
                    os.unlink(entry.path)
    if not dry_run:
        logger.info(
            "mail queue %s: %d message(s) older than %d days deleted",
            directory, count, days,
        )
    return count


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
    remove_old_copies(storage)


def remove_old_copies(storage) -> None:
    """Delete the copies an earlier pack kept (``Data.fs.old``, the blob
    directory's ``.old``): they still hold what was erased since. Empty the
    FileStorage's commit buffer (``Data.fs.tmp``) too: each commit
    overwrites it from its start, so it keeps the tail of any larger
    transaction written since the process started (there is no public API
    for it; done under the storage's commit lock, between transactions)."""
    import shutil

    buffer = getattr(storage, "_tfile", None)
    lock = getattr(storage, "_commit_lock", None)
    if buffer is not None and lock is not None:
        lock.acquire()
        try:
            buffer.seek(0)
            buffer.truncate()
        finally:
            lock.release()

    name = getattr(storage, "_file_name", None)
    if name and os.path.isfile(f"{name}.old"):
        os.remove(f"{name}.old")
    blob_dir = getattr(storage, "blob_dir", None)
    if blob_dir and os.path.isdir(os.path.join(blob_dir, ".old")):
        shutil.rmtree(os.path.join(blob_dir, ".old"))


def no_old_copy_on_pack(event) -> None:
    """When Zope opens its database: a FileStorage keeps no old copy when
    packed, whatever the configuration (buildout's plone.recipe.zope2instance
    has no pack-keep-old option; make run and the cluster's ZEO set
    ``pack-keep-old false`` in their configuration). ``pack_keep_old`` is
    the storage's documented constructor option, set here after the fact."""
    storage = getattr(event.database, "storage", None)
    if hasattr(storage, "pack_keep_old"):
        storage.pack_keep_old = False
