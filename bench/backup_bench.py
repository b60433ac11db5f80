"""The backup scenario of `make bench` (issue 18): how long `make backup`,
`make backup-verify` and `make restore` take on generated data of a given
size, with ville_site.backup / restore (the code of the make targets).

BENCH_BACKUP_DATA_MB (Data.fs, default 1024) and BENCH_BACKUP_BLOBS_MB
(blobs of 1 MB, default 5120) set the size. The data is random (nothing
compresses), written by ZODB itself. The restore is timed without the GDPR
retention (the generated storage holds no site); the drills time it whole.
"""

from pathlib import Path

import os
import shutil
import time


DATA_MB = int(os.environ.get("BENCH_BACKUP_DATA_MB") or 1024)
BLOBS_MB = int(os.environ.get("BENCH_BACKUP_BLOBS_MB") or 5120)
RECORD = 64 * 1024  # bytes of one generated object


def generate(data_fs: Path, blob_dir: Path, data_mb: int, blobs_mb: int, start=0):
    """Add ``data_mb`` MB of objects and ``blobs_mb`` blobs of 1 MB."""
    import transaction
    from BTrees.OOBTree import OOBTree
    from persistent.mapping import PersistentMapping
    from ZODB.blob import Blob
    from ZODB.DB import DB
    from ZODB.FileStorage import FileStorage

    data_fs.parent.mkdir(parents=True, exist_ok=True)
    database = DB(FileStorage(str(data_fs), blob_dir=str(blob_dir)))
    try:
        manager = transaction.TransactionManager()
        root = database.open(manager).root()
        for name in ("records", "files"):
            if name not in root:
                root[name] = OOBTree()
        manager.commit()
        per_mb = (1024 * 1024) // RECORD
        for number in range(start * per_mb, (start + data_mb) * per_mb):
            root["records"][number] = PersistentMapping(data=os.urandom(RECORD))
            if number % (64 * per_mb) == 0:
                manager.commit()
        manager.commit()
        for number in range(start, start + blobs_mb):
            root["files"][number] = Blob(os.urandom(1024 * 1024))
            if number % 64 == 63:
                manager.commit()
        manager.commit()
    finally:
        database.close()


def timed(function, *args, **kwargs):
    started = time.monotonic()
    result = function(*args, **kwargs)
    return time.monotonic() - started, result


def rate(seconds, megabytes):
    return f"{seconds:.1f} s ({megabytes / seconds:.0f} MB/s)" if seconds else "?"


def run(work: Path, data_mb=DATA_MB, blobs_mb=BLOBS_MB, log=print) -> list:
    """Rows for bench/RESULTS.md: (scenario, figure, baseline, ratio)."""
    from ville_site.backup import backup_filestorage
    from ville_site.backup import Target
    from ville_site.restore import restore_filestorage
    from ville_site.restore import verify

    folder = work / "backup-bench"
    target = Target(backup_dir=folder / "backups", data_fs=folder / "var" / "Data.fs",
                    blob_dir=folder / "var" / "blobstorage")
    size = f"{data_mb:,} MB Data.fs + {blobs_mb:,} MB blobs"
    log(f"backup: generating {size}")
    seconds, _ = timed(generate, target.data_fs, target.blob_dir, data_mb, blobs_mb)
    log(f"backup: generated in {seconds:.0f} s")
    total = data_mb + blobs_mb
    full_s, _ = timed(backup_filestorage, target, full=True, out=log)
    more_data, more_blobs = max(1, data_mb // 100), max(1, blobs_mb // 100)
    extra = more_data + more_blobs
    generate(target.data_fs, target.blob_dir, more_data, more_blobs,
             start=data_mb + blobs_mb)
    incremental_s, _ = timed(backup_filestorage, target, out=log)
    verify_s, _ = timed(verify, target, out=log)
    restored = folder / "restored"
    restore_target = Target(backup_dir=target.backup_dir,
                            data_fs=restored / "Data.fs", blob_dir=restored / "blobstorage")
    restore_s, _ = timed(restore_filestorage, restore_target, out=log)
    inodes = {}  # a hard-linked file counts once
    for path in target.backup_dir.rglob("*"):
        if path.is_file() and not path.is_symlink():
            stat = path.stat()
            inodes[(stat.st_dev, stat.st_ino)] = stat.st_size
    disk = sum(inodes.values())
    shutil.rmtree(folder, ignore_errors=True)
    baseline = "(no stock equivalent)"
    return [
        (f"make backup, full: {size}", rate(full_s, total), baseline, None,
         f"measured {time.strftime('%Y-%m-%d %H:%M')}, {os.cpu_count()} shared cores"),
        (f"make backup, incremental after +{extra:,} MB (+1%)",
         rate(incremental_s, extra), baseline, None,
         "unchanged blobs hard-linked; both backups take "
         f"{disk / 1024 ** 2:,.0f} MB on disk"),
        (f"make backup-verify: {size} (every object and blob read)",
         rate(verify_s, total), baseline, None),
        (f"make restore (without the GDPR retention): {size}",
         rate(restore_s, total), baseline, None),
    ]
