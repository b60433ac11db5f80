"""Backups of the site's data: repozo for the FileStorage, a snapshot of the
blob directory per backup, a bounded retention of both.

Layout of a backup folder (``BACKUP_DIR``, default ``$VAR_DIR/backups``),
the same as collective.recipe.backup's with ``blob_timestamps``::

    filestorage/2026-11-30-10-00-00.fs        full backup (repozo)
    filestorage/2026-11-30-22-00-00.deltafs   incremental backup (repozo)
    filestorage/*.dat, *.index                repozo's checksums, the index
    blobstorage/blobstorage.2026-11-30-10-00-00/blobstorage/   its blobs

A blob snapshot holds hard links to the files of the previous snapshot that
did not change (blob files are immutable: one file per object and
transaction id), and copies of the new ones: each snapshot is a complete
blob directory, and costs the disk only what changed.

Consistency while the site writes: repozo copies the FileStorage up to its
last committed transaction. ZODB writes a transaction's blob files into the
blob directory before the transaction is committed in Data.fs, and never
changes a blob file afterwards (a new revision is a new file). The blob
snapshot, taken right after repozo, therefore holds every blob of the state
repozo saved (and perhaps a few of later transactions, which that state never
names).

Restoring and checking: :mod:`ville_site.restore`; the command line and the
settings: :mod:`ville_site.backup_cli`.
"""

from dataclasses import dataclass
from datetime import datetime
from datetime import timedelta
from datetime import timezone
from pathlib import Path

import os
import re
import shutil
import subprocess
import sys
import time


STAMP_FORMAT = "%Y-%m-%d-%H-%M-%S"  # repozo's file names and -D, in UTC
STAMP = re.compile(r"^(\d{4}-\d\d-\d\d-\d\d-\d\d-\d\d)\.(fs|deltafs)z?$")
SNAPSHOT_PREFIX = "blobstorage."
# Inside a snapshot, the blob directory under its own name (what rsync of
# collective.recipe.backup writes): blobstorage.<stamp>/blobstorage/
INNER = "blobstorage"
# Data.fs.lock, taken by the process that serves the FileStorage (make run,
# bin/instance, the ZEO server).
SKIPPED_IN_BLOBS = {"tmp"}


class BackupError(Exception):
    """Something the operator must fix; one clear line."""


@dataclass
class Target:
    """What one backup folder backs up."""

    backup_dir: Path
    data_fs: Path | None = None  # the FileStorage (None: RelStorage)
    blob_dir: Path | None = None
    keep_days: int = 30
    full_days: int = 7
    keep_full: int = 0  # 0: no count limit, only keep_days

    @property
    def repository(self) -> Path:
        return self.backup_dir / "filestorage"

    @property
    def snapshots(self) -> Path:
        return self.backup_dir / "blobstorage"

    def snapshot(self, stamp: str) -> Path:
        return self.snapshots / f"{SNAPSHOT_PREFIX}{stamp}"

    def snapshot_blobs(self, stamp: str) -> Path:
        """The blob directory of the snapshot of ``stamp``."""
        return self.snapshot(stamp) / INNER


def parse_stamp(stamp: str) -> datetime:
    try:
        return datetime.strptime(stamp, STAMP_FORMAT).replace(tzinfo=timezone.utc)
    except ValueError:
        raise BackupError(
            f"{stamp!r} is not a date as repozo writes it (UTC): "
            "YYYY-MM-DD-HH-MM-SS, e.g. 2026-11-30-10-00-00") from None


def now_stamp() -> str:
    return datetime.now(timezone.utc).strftime(STAMP_FORMAT)


def repozo_command() -> list:
    """repozo of the virtualenv (it comes with ZODB), or its module."""
    script = Path(sys.executable).parent / "repozo"
    if script.exists():
        return [str(script)]
    return [sys.executable, "-m", "ZODB.scripts.repozo"]


def run(command, what) -> str:
    result = subprocess.run([str(c) for c in command], capture_output=True, text=True)
    if result.returncode:
        lines = (result.stderr or result.stdout).strip().splitlines() or ["?"]
        raise BackupError(f"{what} failed: {lines[-1]}")
    return result.stdout + result.stderr


def backups(repository: Path) -> list:
    """[(stamp, kind)] of repozo's files, oldest first; kind 'full' or 'incr'."""
    found = []
    if repository.is_dir():
        for path in repository.iterdir():
            match = STAMP.match(path.name)
            if match:
                found.append((match.group(1), "full" if match.group(2) == "fs" else "incr"))
    return sorted(found)


def chains(entries: list) -> list:
    """Backups grouped by full backup: [[(stamp, kind), ...], ...]."""
    grouped = []
    for stamp, kind in entries:
        if kind == "full" or not grouped:
            grouped.append([])
        grouped[-1].append((stamp, kind))
    return grouped


def snapshot_stamps(target: Target) -> list:
    if not target.snapshots.is_dir():
        return []
    return sorted(p.name[len(SNAPSHOT_PREFIX):] for p in target.snapshots.iterdir()
                  if p.is_dir() and p.name.startswith(SNAPSHOT_PREFIX)
                  and not p.name.endswith(".partial"))


def same_file(one: os.stat_result, other: os.stat_result) -> bool:
    return one.st_size == other.st_size and int(one.st_mtime) == int(other.st_mtime)


def snapshot_blobs(source: Path, destination: Path, previous: Path | None) -> dict:
    """Copy the blob directory ``source`` to ``destination``, hard-linking
    the files unchanged since the ``previous`` snapshot. Written under a
    ``.partial`` name, renamed when complete."""
    outer = destination.with_name(destination.name + ".partial")
    if outer.exists():
        shutil.rmtree(outer)
    partial = outer / INNER
    counts = {"files": 0, "linked": 0, "copied": 0, "bytes_copied": 0}
    for folder, dirs, files in os.walk(source):
        relative = Path(folder).relative_to(source)
        if relative == Path("."):
            dirs[:] = [d for d in dirs if d not in SKIPPED_IN_BLOBS]
        (partial / relative).mkdir(parents=True, exist_ok=True)
        for name in files:
            origin = Path(folder) / name
            target = partial / relative / name
            try:
                stat = origin.stat()
            except FileNotFoundError:  # removed by a pack meanwhile
                continue
            counts["files"] += 1
            old = previous / relative / name if previous else None
            if old is not None and old.is_file() and same_file(old.stat(), stat):
                os.link(old, target)
                counts["linked"] += 1
                continue
            try:
                shutil.copy2(origin, target)
            except FileNotFoundError:
                counts["files"] -= 1
                continue
            counts["copied"] += 1
            counts["bytes_copied"] += stat.st_size
    partial.mkdir(parents=True, exist_ok=True)
    partial.chmod(0o700)
    outer.rename(destination)
    return counts


def lock_backups(target: Target):
    """One backup or restore at a time in a backup folder."""
    import zc.lockfile

    target.backup_dir.mkdir(parents=True, exist_ok=True)
    try:
        return zc.lockfile.LockFile(str(target.backup_dir / ".backup.lock"))
    except zc.lockfile.LockError:
        raise BackupError(f"another backup or restore is using {target.backup_dir}") from None


def needs_full(target: Target, now: datetime) -> bool:
    full = [stamp for stamp, kind in backups(target.repository) if kind == "full"]
    if not full:
        return True
    age = now - parse_stamp(full[-1])
    return age >= timedelta(days=min(target.full_days, target.keep_days))


def backup_filestorage(target: Target, full=False, out=print) -> str | None:
    """repozo -B, then the blob snapshot of the same point. Returns the new
    backup's stamp (None when nothing changed since the last one)."""
    if target.data_fs is None or not target.data_fs.is_file():
        raise BackupError(f"no FileStorage at {target.data_fs}: nothing to back up")
    target.repository.mkdir(parents=True, exist_ok=True)
    before = set(backups(target.repository))
    # repozo names a backup by the second it starts (UTC): one started in
    # the second of the last would share its name, and the blob snapshot
    # its folder. Wait for the next second (at most one).
    latest = max((stamp for stamp, _kind in before), default="")
    while now_stamp() == latest:
        time.sleep(0.1)
    full = full or needs_full(target, datetime.now(timezone.utc))
    command = [*repozo_command(), "-B", "-r", target.repository, "-f", target.data_fs]
    run(command + (["-F"] if full else ["-Q"]), "repozo")
    new = sorted(set(backups(target.repository)) - before)
    if not new:
        out(f"nothing changed since the last backup ({sorted(before)[-1][0]})")
        return None
    stamp, kind = new[-1]
    size = sum(p.stat().st_size for p in target.repository.glob(f"{stamp}.*"))
    out(f"{'full' if kind == 'full' else 'incremental'} backup {stamp}: "
        f"{target.data_fs} -> {target.repository} ({size} bytes)")
    if target.blob_dir is not None:
        out(describe_snapshot(target, stamp, snapshot_after(target, stamp)))
    return stamp


def snapshot_after(target: Target, stamp: str) -> dict:
    target.snapshots.mkdir(parents=True, exist_ok=True)
    earlier = [s for s in snapshot_stamps(target) if s < stamp]
    previous = target.snapshot_blobs(earlier[-1]) if earlier else None
    if not target.blob_dir.is_dir():
        target.blob_dir.mkdir(parents=True)
    return snapshot_blobs(target.blob_dir, target.snapshot(stamp), previous)


def describe_snapshot(target, stamp, counts) -> str:
    return (f"blobs {stamp}: {counts['files']} files -> {target.snapshot(stamp)} "
            f"({counts['copied']} copied, {counts['bytes_copied']} bytes; "
            f"{counts['linked']} hard-linked to the previous snapshot)")


def prune(target: Target, now: datetime | None = None, out=print) -> list:
    """Delete the backups past the retention: every chain (a full backup and
    its incrementals) whose full backup is older than ``keep_days``, and
    beyond the ``keep_full`` newest chains; never the newest chain. Also the
    blob snapshots and dumps of the deleted stamps. Returns the stamps."""
    now = now or datetime.now(timezone.utc)
    limit = now - timedelta(days=target.keep_days)
    grouped = chains(backups(target.repository))
    doomed = []
    for index, chain in enumerate(grouped[:-1]):
        too_old = parse_stamp(chain[0][0]) < limit
        too_many = target.keep_full and index < len(grouped) - target.keep_full
        if too_old or too_many:
            doomed.extend(stamp for stamp, _kind in chain)
    kept = {stamp for chain in grouped for stamp, _ in chain} - set(doomed)
    for stamp in doomed:
        for path in target.repository.glob(f"{stamp}.*"):
            path.unlink()
    # snapshots (and RelStorage dumps) of no kept backup, older than the limit
    others = [s for s in snapshot_stamps(target) if s not in kept]
    oldest_kept = min(kept) if kept else None
    for stamp in others:
        if (oldest_kept and stamp < oldest_kept) or parse_stamp(stamp) < limit:
            if stamp != (snapshot_stamps(target) or [None])[-1]:
                shutil.rmtree(target.snapshot(stamp))
                doomed.append(stamp)
    if doomed:
        out(f"retention of backups ({target.keep_days} days): deleted "
            f"{len(set(doomed))} backup(s), the oldest {min(doomed)}")
    return sorted(set(doomed))
