"""``make backup``, ``make restore``, ``make backup-verify`` for the site of
``make run`` (FileStorage ``$VAR_DIR/filestorage/Data.fs`` and
``$VAR_DIR/blobstorage``); the cluster's variant is ``deploy/backup.py``.

    python -m ville_site.backup_cli backup [--full]
    python -m ville_site.backup_cli restore [--at 2026-11-30-10-00-00]
    python -m ville_site.backup_cli verify

Settings (environment): BACKUP_DIR (default ``$VAR_DIR/backups``),
BACKUP_KEEP_DAYS (30: older backups are deleted, so that data the GDPR
retention erased leaves the backups within that period), BACKUP_FULL_DAYS
(7: a full backup at least that often, incremental ones in between),
BACKUP_KEEP_FULL (0: no limit on the number of full backups kept).
"""

from pathlib import Path
from ville_site.backup import backup_filestorage
from ville_site.backup import BackupError
from ville_site.backup import lock_backups
from ville_site.backup import prune
from ville_site.backup import Target
from ville_site.restore import restore_filestorage
from ville_site.restore import verify

import argparse
import os
import subprocess
import sys


ROOT = Path(__file__).resolve().parent.parent

RETENTION_CONF = """\
%define INSTANCE {folder}
instancehome $INSTANCE
clienthome {folder}
<zodb_db main>
  <filestorage>
    path {data_fs}
    blob-dir {blob_dir}
    pack-keep-old false
  </filestorage>
  mount-point /
</zodb_db>
"""


def _days(environ, name, default) -> int:
    value = (environ.get(name) or str(default)).strip()
    if not value.isdigit():
        raise BackupError(f"{name}={value!r} is not a number of days")
    return int(value)


def policy(environ=None) -> dict:
    """The retention settings of backups, from the environment."""
    environ = os.environ if environ is None else environ
    keep_days = _days(environ, "BACKUP_KEEP_DAYS", 30)
    if keep_days < 1:
        raise BackupError("BACKUP_KEEP_DAYS must be at least 1")
    return {"keep_days": keep_days,
            "full_days": max(1, _days(environ, "BACKUP_FULL_DAYS", 7)),
            "keep_full": _days(environ, "BACKUP_KEEP_FULL", 0)}


def site_target(environ=None) -> Target:
    """The FileStorage of ``make run`` (VAR_DIR) and its backup folder."""
    from ville_site.settings import from_environ

    environ = os.environ if environ is None else environ
    var = from_environ(environ).var
    backup_dir = Path(environ.get("BACKUP_DIR") or var / "backups").resolve()
    return Target(backup_dir=backup_dir, data_fs=var / "filestorage" / "Data.fs",
                  blob_dir=var / "blobstorage", **policy(environ))


def apply_retention(zope_conf: Path, site_id: str, out=print) -> str:
    """The project's GDPR retention (``make retention``'s command) on the
    restored data, before any instance serves it."""
    result = subprocess.run(
        [sys.executable, "-m", "ville.eguichet.documents.retention_cli",
         "--config", str(zope_conf), "--site", site_id],
        capture_output=True, text=True, cwd=ROOT)
    if result.returncode:
        lines = (result.stderr or result.stdout).strip().splitlines() or ["?"]
        raise BackupError(f"restored, but the GDPR retention failed ({lines[-1]}): run "
                          "`make retention` before the site serves again")
    text = result.stdout.strip()
    out("GDPR retention applied to the restored data (make retention), before "
        "the site serves again:")
    for line in text.splitlines():
        out(f"  {line}")
    return text


def retention_conf(folder: Path, data_fs: Path, blob_dir: Path) -> Path:
    """A zope.conf opening the restored FileStorage directly (the ZEO
    server's files, while no server runs)."""
    path = folder / "zope.conf"
    path.write_text(RETENTION_CONF.format(folder=folder, data_fs=data_fs,
                                          blob_dir=blob_dir), encoding="utf-8")
    return path


def restore_site(at=None, environ=None, out=print) -> dict:
    from ville_site import instance
    from ville_site.settings import from_environ

    environ = os.environ if environ is None else environ
    target = site_target(environ)
    lock = lock_backups(target)
    try:
        point = restore_filestorage(target, at, out=out)
    finally:
        lock.close()
    settings = from_environ(environ)
    instance.write(settings)  # the zope.conf `make run` and `make retention` use
    point["retention"] = apply_retention(
        settings.instance_dir / "etc" / "zope.conf", settings.site_id, out=out)
    out("the site may start again: make run")
    return point


def backup_site(full=False, environ=None, out=print):
    target = site_target(environ)
    lock = lock_backups(target)
    try:
        stamp = backup_filestorage(target, full=full, out=out)
        prune(target, out=out)
    finally:
        lock.close()
    return stamp


def parse(argv):
    parser = argparse.ArgumentParser(prog="backup", description=__doc__.split("\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    backup = commands.add_parser("backup", help="full or incremental backup")
    backup.add_argument("--full", action="store_true", help="force a full backup")
    restore = commands.add_parser("restore", help="restore the latest or AT")
    restore.add_argument("--at", default=None, help="UTC, YYYY-MM-DD-HH-MM-SS")
    commands.add_parser("verify", help="check the latest backup")
    return parser.parse_args(argv)


def main(argv=None) -> int:
    args = parse(sys.argv[1:] if argv is None else argv)
    try:
        if args.command == "backup":
            backup_site(full=args.full)
        elif args.command == "restore":
            restore_site(at=args.at or None)
        else:
            verify(site_target())
    except (BackupError, ValueError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
