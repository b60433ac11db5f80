"""Backups of the cluster (``make backup CLUSTER=1``, ``make restore
CLUSTER=1``, ``make backup-verify CLUSTER=1``), into ``BACKUP_DIR`` (default
``$CLUSTER_DIR/backups``), with the same retention as the site's
(ville_site.backup_cli: BACKUP_KEEP_DAYS, BACKUP_FULL_DAYS, BACKUP_KEEP_FULL).

- ZEO: repozo against the ZEO server's FileStorage (``data/filestorage``)
  while it runs, and the blob snapshot beside it (ville_site.backup).
  A restore needs the ZEO server stopped (it holds ``Data.fs.lock``).
- RelStorage: ``pg_dump`` (one consistent snapshot of the database, custom
  format) into ``relstorage/<stamp>.dump``, then the blob snapshot; a restore
  (instances stopped) runs ``pg_restore --clean`` into RELSTORAGE_DSN's
  database and copies the blobs back.

After a restore the GDPR retention runs on the restored data before any
instance serves it.

    python deploy/backup.py backup [--full] | restore [--at STAMP] | verify
"""

from pathlib import Path

import argparse
import shutil
import sys
import tempfile


ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # run as a script: python deploy/backup.py
    sys.path.insert(0, str(ROOT))

from deploy.processes import read_pid  # noqa: E402
from deploy.settings import ClusterSettings  # noqa: E402
from ville_site.backup import BackupError  # noqa: E402
from ville_site.backup import backup_filestorage  # noqa: E402
from ville_site.backup import lock_backups  # noqa: E402
from ville_site.backup import now_stamp  # noqa: E402
from ville_site.backup import parse_stamp  # noqa: E402
from ville_site.backup import prune  # noqa: E402
from ville_site.backup import run  # noqa: E402
from ville_site.backup import snapshot_after  # noqa: E402
from ville_site.backup import describe_snapshot  # noqa: E402
from ville_site.backup import snapshot_stamps  # noqa: E402
from ville_site.backup import Target  # noqa: E402
from ville_site.backup_cli import apply_retention  # noqa: E402
from ville_site.backup_cli import policy  # noqa: E402
from ville_site.backup_cli import retention_conf  # noqa: E402
from ville_site.restore import copy_blobs  # noqa: E402
from ville_site.restore import restore_filestorage  # noqa: E402
from ville_site.restore import set_aside  # noqa: E402
from ville_site.restore import verify as verify_filestorage  # noqa: E402


def cluster_target(settings: ClusterSettings, environ=None) -> Target:
    import os

    environ = os.environ if environ is None else environ
    backup_dir = Path(environ.get("BACKUP_DIR") or settings.directory / "backups").resolve()
    data_fs = (settings.data_dir / "filestorage" / "Data.fs"
               if settings.storage == "zeo" else None)
    return Target(backup_dir=backup_dir, data_fs=data_fs, blob_dir=settings.blob_dir,
                  **policy(environ))


def pg_tool(name) -> str:
    """A PostgreSQL client (the newest installed server version's first)."""
    for folder in sorted(Path("/usr/lib/postgresql").glob("*/bin"), reverse=True):
        if (folder / name).exists():
            return str(folder / name)
    found = shutil.which(name)
    if not found:
        raise BackupError(f"{name} is not installed (apt-get install postgresql-client)")
    return found


def dumps(target: Target) -> list:
    folder = target.backup_dir / "relstorage"
    return sorted(p.name[:-len(".dump")] for p in folder.glob("*.dump")) if folder.is_dir() else []


def backup_relstorage(settings, target, out=print) -> str:
    folder = target.backup_dir / "relstorage"
    folder.mkdir(parents=True, exist_ok=True)
    stamp = now_stamp()
    partial = folder / f"{stamp}.dump.partial"
    run([pg_tool("pg_dump"), "--format=custom", "--no-owner", "--file", partial,
         "--dbname", settings.pg_dsn], "pg_dump")
    partial.rename(folder / f"{stamp}.dump")
    out(f"pg_dump {stamp}: {folder / (stamp + '.dump')} "
        f"({(folder / (stamp + '.dump')).stat().st_size} bytes)")
    out(describe_snapshot(target, stamp, snapshot_after(target, stamp)))
    return stamp


def prune_relstorage(target, out=print) -> list:
    from datetime import datetime
    from datetime import timedelta
    from datetime import timezone

    limit = datetime.now(timezone.utc) - timedelta(days=target.keep_days)
    stamps = dumps(target)
    doomed = [s for s in stamps[:-1] if parse_stamp(s) < limit]
    if target.keep_full and len(stamps) > target.keep_full:
        doomed = sorted(set(doomed) | set(stamps[:-target.keep_full]))
    for stamp in doomed:
        (target.backup_dir / "relstorage" / f"{stamp}.dump").unlink()
        if target.snapshot(stamp).is_dir():
            shutil.rmtree(target.snapshot(stamp))
    if doomed:
        out(f"retention of backups ({target.keep_days} days): deleted "
            f"{len(doomed)} dump(s), the oldest {doomed[0]}")
    return doomed


def refuse_if_instances_run(settings):
    running = [f"instance{n}" for n in settings.instances
               if read_pid(settings, f"instance{n}")]
    if running:
        raise BackupError(f"{', '.join(running)} still run on this database: "
                          "make stop-cluster first; nothing was changed")


def restore_relstorage(settings, target, at=None, out=print) -> dict:
    refuse_if_instances_run(settings)
    stamps = [s for s in dumps(target) if not at or parse_stamp(s) <= parse_stamp(at)]
    if not stamps:
        raise BackupError(f"no dump{' at or before ' + at if at else ''} in "
                          f"{target.backup_dir / 'relstorage'}")
    stamp = stamps[-1]
    if stamp not in snapshot_stamps(target):
        raise BackupError(f"dump {stamp} has no blob snapshot {target.snapshot(stamp)}")
    run([pg_tool("pg_restore"), "--clean", "--if-exists", "--no-owner",
         "--single-transaction", "--dbname", settings.pg_dsn,
         target.backup_dir / "relstorage" / f"{stamp}.dump"], "pg_restore")
    aside = set_aside(settings.blob_dir)
    blobs = copy_blobs(target.snapshot_blobs(stamp), settings.blob_dir)
    out(f"restored dump {stamp} ({'state at ' + at if at else 'the latest'}) into "
        f"the database of RELSTORAGE_DSN, {blobs} blob files into {settings.blob_dir}"
        + (f"; the blobs it replaced are kept in {aside} until the next restore"
           if aside else ""))
    return {"stamp": stamp, "blobs": blobs}


def backup(settings, full=False, environ=None, out=print):
    target = cluster_target(settings, environ)
    lock = lock_backups(target)
    try:
        if settings.storage == "zeo":
            stamp = backup_filestorage(target, full=full, out=out)
            prune(target, out=out)
        else:
            stamp = backup_relstorage(settings, target, out=out)
            prune_relstorage(target, out=out)
    finally:
        lock.close()
    return stamp


def restore(settings, at=None, environ=None, out=print) -> dict:
    from deploy.config import generate

    target = cluster_target(settings, environ)
    lock = lock_backups(target)
    try:
        if settings.storage == "zeo":
            point = restore_filestorage(target, at, out=out)
        else:
            point = restore_relstorage(settings, target, at, out=out)
    finally:
        lock.close()
    generate(settings)
    with tempfile.TemporaryDirectory(prefix="ville-retention-") as folder:
        if settings.storage == "zeo":  # the server's files, opened directly
            from ville_site.instance import SITE_ZCML

            (Path(folder) / "etc").mkdir()
            (Path(folder) / "etc" / "site.zcml").write_text(SITE_ZCML)
            conf = retention_conf(Path(folder), target.data_fs, target.blob_dir)
        else:
            conf = settings.instance_dir(1) / "etc" / "zope.conf"
        point["retention"] = apply_retention(conf, settings.site_id, out=out)
    out("the cluster may start again: make run-cluster")
    return point


def verify(settings, environ=None, out=print) -> dict:
    target = cluster_target(settings, environ)
    if settings.storage == "zeo":
        return verify_filestorage(target, out=out)
    stamps = dumps(target)
    if not stamps:
        raise BackupError(f"no dump in {target.backup_dir / 'relstorage'}")
    listing = run([pg_tool("pg_restore"), "--list",
                   target.backup_dir / "relstorage" / f"{stamps[-1]}.dump"], "pg_restore --list")
    files = [p for p in target.snapshot_blobs(stamps[-1]).rglob("*.blob")]
    size = sum(len(p.read_bytes()) for p in files)
    out(f"dump {stamps[-1]}: {listing.count(' TABLE DATA ')} tables readable; "
        f"{len(files)} blobs ({size} bytes) readable")
    return {"stamp": stamps[-1], "blobs": len(files)}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="deploy/backup.py")
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("backup").add_argument("--full", action="store_true")
    commands.add_parser("restore").add_argument("--at", default=None)
    commands.add_parser("verify")
    args = parser.parse_args(sys.argv[1:] if argv is None else argv)
    try:
        settings = ClusterSettings.from_environ()
        if args.command == "backup":
            backup(settings, full=args.full)
        elif args.command == "restore":
            restore(settings, at=args.at or None)
        else:
            verify(settings)
    except BackupError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    except Exception as error:  # ClusterError and the like: one line
        print(f"error: {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
