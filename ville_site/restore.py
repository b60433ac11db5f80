"""Restoring a backup of :mod:`ville_site.backup`, and checking one.

A restore refuses while a process holds the FileStorage's lock
(``Data.fs.lock``: ``make run``, ``bin/instance``, the ZEO server); it
recovers the FileStorage with repozo (the latest state or the state at a
date, ``AT``, repozo's own format, UTC) and copies the blob snapshot of that
backup. The data it replaces is kept beside it (``Data.fs.before-restore``,
``blobstorage.before-restore``) until the next restore. Applying the GDPR
retention to the restored data, before the site serves again, is the
caller's step (:mod:`ville_site.backup_cli`).
"""

from pathlib import Path
from ville_site.backup import backups
from ville_site.backup import BackupError
from ville_site.backup import chains
from ville_site.backup import parse_stamp
from ville_site.backup import repozo_command
from ville_site.backup import run
from ville_site.backup import snapshot_stamps
from ville_site.backup import Target

import shutil
import tempfile


def holder(data_fs: Path):
    """The PID (text) of the process that has ``data_fs`` open, or None.
    Takes and releases the lock: nobody else may hold it meanwhile."""
    import zc.lockfile

    lock_path = Path(f"{data_fs}.lock")
    if not lock_path.parent.is_dir():
        return None
    try:
        lock = zc.lockfile.LockFile(str(lock_path))
    except zc.lockfile.LockError:
        try:
            return lock_path.read_text().strip() or "?"
        except OSError:
            return "?"
    lock.close()
    return None


def refuse_if_running(data_fs: Path):
    pid = holder(data_fs)
    if pid is not None:
        raise BackupError(
            f"{data_fs} is in use (PID {pid}): stop the site (make run, bin/instance "
            "or the cluster's ZEO server) before restoring; nothing was changed")


def choose(target: Target, at: str | None = None) -> dict:
    """The backup to restore: the latest, or the last one at or before
    ``at``. {stamp, full, incrementals, snapshot}."""
    entries = backups(target.repository)
    if at:
        limit = parse_stamp(at)
        entries = [(s, k) for s, k in entries if parse_stamp(s) <= limit]
    if not entries:
        where = f" at or before {at}" if at else ""
        raise BackupError(f"no backup{where} in {target.repository}")
    chain = chains(entries)[-1]
    stamp = chain[-1][0]
    point = {"stamp": stamp, "full": chain[0][0], "incrementals": len(chain) - 1,
             "snapshot": None}
    if target.blob_dir is not None:
        if stamp not in snapshot_stamps(target):
            raise BackupError(
                f"backup {stamp} has no blob snapshot {target.snapshot_blobs(stamp)}: "
                "restore an earlier date (AT=...)")
        point["snapshot"] = target.snapshot_blobs(stamp)
    return point


def recover_filestorage(target: Target, stamp: str, output: Path, verify=True):
    """repozo -R of the state of backup ``stamp`` into ``output``."""
    output.parent.mkdir(parents=True, exist_ok=True)
    command = [*repozo_command(), "-R", "-r", target.repository, "-o", output,
               "-D", stamp]
    run(command + (["-w"] if verify else []), "repozo (recover)")


def copy_blobs(snapshot: Path, destination: Path) -> int:
    """A real copy (the live blob directory shares no file with a backup)."""
    shutil.copytree(snapshot, destination, ignore=shutil.ignore_patterns("tmp"))
    destination.chmod(0o700)  # ZEO wants a private blob directory
    return sum(1 for p in destination.rglob("*") if p.is_file() and p.name != ".layout")


def set_aside(path: Path) -> Path | None:
    if not path.exists():
        return None
    aside = path.with_name(path.name + ".before-restore")
    if aside.is_dir():
        shutil.rmtree(aside)
    elif aside.exists():
        aside.unlink()
    path.rename(aside)
    return aside


def restore_filestorage(target: Target, at: str | None = None, out=print) -> dict:
    """Replace the FileStorage and its blobs by the backup's state."""
    refuse_if_running(target.data_fs)
    point = choose(target, at)
    staging = target.data_fs.with_name(target.data_fs.name + ".restoring")
    for leftover in target.data_fs.parent.glob(staging.name + "*"):
        leftover.unlink()
    recover_filestorage(target, point["stamp"], staging)
    refuse_if_running(target.data_fs)  # nobody started it meanwhile
    asides = []
    for suffix in ("", ".index", ".tmp", ".lock"):
        old = Path(f"{target.data_fs}{suffix}")
        if suffix == "":
            asides.append(set_aside(old))
        elif old.exists():
            old.unlink()
    staging.rename(target.data_fs)
    index = Path(f"{staging}.index")
    if index.exists():
        index.rename(Path(f"{target.data_fs}.index"))
    blobs = 0
    if point["snapshot"] is not None:
        asides.append(set_aside(target.blob_dir))
        blobs = copy_blobs(point["snapshot"], target.blob_dir)
    point.update(blobs=blobs, size=target.data_fs.stat().st_size,
                 asides=[str(a) for a in asides if a])
    out(f"restored backup {point['stamp']} (full {point['full']} + "
        f"{point['incrementals']} incremental(s)"
        + (f", state at {at}" if at else ", the latest") + f"): {target.data_fs} "
        f"({point['size']} bytes)" + (f", {blobs} blob files into {target.blob_dir}"
                                      if point["snapshot"] else ""))
    if point["asides"]:
        out("the data it replaced is kept until the next restore: "
            + ", ".join(point["asides"]))
    return point


def read_all(data_fs: Path, blob_dir: Path | None, out=None) -> dict:
    """Open a FileStorage read-only and load every object of its current
    state (and read every blob): {objects, blobs, blob_bytes}. Raises on
    the first unreadable object or missing blob."""
    from ZODB.blob import Blob
    from ZODB.DB import DB
    from ZODB.FileStorage import FileStorage

    import transaction

    storage = FileStorage(str(data_fs), read_only=True,
                          blob_dir=str(blob_dir) if blob_dir else None)
    database = DB(storage)
    counts = {"objects": 0, "blobs": 0, "blob_bytes": 0}
    try:
        manager = transaction.TransactionManager()
        connection = database.open(manager)
        for oid in list(storage._index.keys()):
            obj = connection.get(oid)
            obj._p_activate()
            counts["objects"] += 1
            if isinstance(obj, Blob):
                with obj.open("r") as handle:
                    while chunk := handle.read(1 << 20):
                        counts["blob_bytes"] += len(chunk)
                counts["blobs"] += 1
            if counts["objects"] % 5000 == 0:
                connection.cacheMinimize()
        manager.abort()
        connection.close()
    finally:
        database.close()
    return counts


def verify(target: Target, out=print) -> dict:
    """``make backup-verify``: repozo's verification of the latest backup
    (sizes and checksums), then its state restored into a temporary folder
    and every object and blob read, with the blobs of its snapshot."""
    point = choose(target)
    run([*repozo_command(), "-V", "-r", target.repository], "repozo (verify)")
    out(f"repozo: backup {point['stamp']} (full {point['full']} + "
        f"{point['incrementals']} incremental(s)): sizes and checksums correct")
    with tempfile.TemporaryDirectory(prefix="ville-verify-",
                                     dir=target.backup_dir) as folder:
        data_fs = Path(folder) / "Data.fs"
        recover_filestorage(target, point["stamp"], data_fs, verify=False)
        blob_dir = None
        if point["snapshot"] is not None:
            blob_dir = Path(folder) / "blobstorage"
            # hard links: the check reads the snapshot's own files
            shutil.copytree(point["snapshot"], blob_dir, copy_function=_link,
                            ignore=shutil.ignore_patterns("tmp"))
        counts = read_all(data_fs, blob_dir)
    out(f"read {counts['objects']} objects and {counts['blobs']} blobs "
        f"({counts['blob_bytes']} bytes) of backup {point['stamp']}: all readable")
    return {**point, **counts}


def _link(source, destination):
    import os

    os.link(source, destination)
