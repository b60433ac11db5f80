"""Backups of a FileStorage and its blobs (ville_site.backup, restore):
taken while writes happen they restore to a consistent state; blob
snapshots share the unchanged files; the retention of backups; a restore
refuses running data."""

from datetime import datetime
from datetime import timedelta
from datetime import timezone
from pathlib import Path
from ville_site.backup import backup_filestorage
from ville_site.backup import BackupError
from ville_site.backup import backups
from ville_site.backup import prune
from ville_site.backup import STAMP_FORMAT
from ville_site.backup import Target
from ville_site.restore import read_all
from ville_site.restore import restore_filestorage
from ville_site.restore import verify

import shutil
import tempfile
import threading
import time
import unittest


def open_db(data_fs, blob_dir):
    from ZODB.DB import DB
    from ZODB.FileStorage import FileStorage

    data_fs.parent.mkdir(parents=True, exist_ok=True)
    return DB(FileStorage(str(data_fs), blob_dir=str(blob_dir)))


class Writer(threading.Thread):
    """Commits a record and a blob every few milliseconds until stopped;
    ``committed`` lists the keys whose commit returned."""

    def __init__(self, database):
        super().__init__(daemon=True)
        self.database = database
        self.committed = []
        self.stopping = threading.Event()

    def run(self):
        import transaction
        from BTrees.OOBTree import OOBTree
        from ZODB.blob import Blob

        manager = transaction.TransactionManager()
        connection = self.database.open(manager)
        root = connection.root()
        if "requests" not in root:
            root["requests"] = OOBTree()
            manager.commit()
        number = 0
        while not self.stopping.is_set():
            key = f"EG-{number:06d}"
            blob = Blob(f"attachment of {key}".encode() * 50)
            root["requests"][key] = {"reference": key, "file": blob}
            manager.get().note(key)
            manager.commit()
            self.committed.append(key)
            number += 1
            time.sleep(0.002)
        connection.close()


class BackupCase(unittest.TestCase):
    def setUp(self):
        self.folder = Path(tempfile.mkdtemp(prefix="ville-backup-"))
        self.addCleanup(shutil.rmtree, self.folder, ignore_errors=True)
        self.target = Target(backup_dir=self.folder / "backups",
                             data_fs=self.folder / "var" / "filestorage" / "Data.fs",
                             blob_dir=self.folder / "var" / "blobstorage")
        self.lines = []

    def out(self, line):
        self.lines.append(line)


class TestBackupWhileWriting(BackupCase):
    def test_full_then_incremental_restore_consistently(self):
        database = open_db(self.target.data_fs, self.target.blob_dir)
        writer = Writer(database)
        writer.start()
        try:
            time.sleep(1)
            before_full = list(writer.committed)
            full = backup_filestorage(self.target, full=True, out=self.out)
            time.sleep(1)
            before_incremental = list(writer.committed)
            incremental = backup_filestorage(self.target, out=self.out)
        finally:
            writer.stopping.set()
            writer.join()
            database.close()
        self.assertEqual([k for _, k in backups(self.target.repository)], ["full", "incr"])
        self.assertGreater(len(before_full), 10)
        self.assertGreater(len(before_incremental), len(before_full))
        # the second snapshot links the blobs the first one copied
        self.assertIn("hard-linked", self.lines[-1])
        first = self.target.snapshot(full)
        second = self.target.snapshot(incremental)
        old = next(first.rglob("*.blob"))
        self.assertEqual(old.stat().st_ino,
                         (second / old.relative_to(first)).stat().st_ino)

        for stamp, expected in ((full, before_full), (incremental, before_incremental)):
            with self.subTest(stamp=stamp):
                shutil.rmtree(self.target.data_fs.parent)
                shutil.rmtree(self.target.blob_dir)
                restore_filestorage(self.target, at=stamp, out=self.out)
                counts = read_all(self.target.data_fs, self.target.blob_dir)
                self.assertGreater(counts["blobs"], len(expected) - 1)
                keys = self.stored_keys()
                # everything committed before the backup started is there,
                # with its file, and the state is a prefix of the commits
                self.assertLessEqual(set(expected), set(keys))
                self.assertEqual(keys, [f"EG-{n:06d}" for n in range(len(keys))])
        result = verify(self.target, out=self.out)
        self.assertEqual(result["stamp"], incremental)
        self.assertIn("all readable", self.lines[-1])

    def stored_keys(self):
        import transaction

        database = open_db(self.target.data_fs, self.target.blob_dir)
        try:
            manager = transaction.TransactionManager()
            requests = database.open(manager).root()["requests"]
            keys = list(requests.keys())
            for key in keys:
                with requests[key]["file"].open() as handle:
                    self.assertEqual(handle.read(), f"attachment of {key}".encode() * 50)
            manager.abort()
            return keys
        finally:
            database.close()


class TestBackupsInTheSameSecond(BackupCase):
    def test_each_backup_its_own_stamp_and_snapshot(self):
        # repozo names a backup by its second: two within one second (a
        # small site, a fast disk) shared a name, and the second blob
        # snapshot's folder could not be made.
        database = open_db(self.target.data_fs, self.target.blob_dir)
        writer = Writer(database)
        writer.start()
        try:
            time.sleep(0.3)
            stamps = [backup_filestorage(self.target, full=True, out=self.out)]
            for _ in range(2):
                time.sleep(0.05)
                stamps.append(backup_filestorage(self.target, out=self.out))
        finally:
            writer.stopping.set()
            writer.join()
            database.close()
        self.assertEqual(len(set(stamps)), 3, stamps)
        self.assertEqual(stamps, sorted(stamps))
        self.assertEqual([k for _, k in backups(self.target.repository)],
                         ["full", "incr", "incr"])
        for stamp in stamps:
            self.assertTrue(self.target.snapshot_blobs(stamp).is_dir(), stamp)
        self.assertEqual(verify(self.target, out=self.out)["stamp"], stamps[-1])

class TestRefusals(BackupCase):
    def test_restore_refuses_data_in_use(self):
        import transaction

        database = open_db(self.target.data_fs, self.target.blob_dir)
        self.addCleanup(database.close)
        with database.transaction() as connection:
            connection.root()["x"] = 1
        backup_filestorage(self.target, out=self.out)
        with self.assertRaises(BackupError) as caught:
            restore_filestorage(self.target, out=self.out)
        self.assertIn("is in use", str(caught.exception))
        transaction.abort()

    def test_no_backup_at_that_date(self):
        database = open_db(self.target.data_fs, self.target.blob_dir)
        database.close()
        backup_filestorage(self.target, out=self.out)
        with self.assertRaises(BackupError) as caught:
            restore_filestorage(self.target, at="2001-01-01-00-00-00", out=self.out)
        self.assertIn("no backup at or before 2001-01-01-00-00-00", str(caught.exception))
        with self.assertRaises(BackupError):
            restore_filestorage(self.target, at="yesterday", out=self.out)


class TestRetentionOfBackups(BackupCase):
    def make(self, days_ago, kind, now):
        stamp = (now - timedelta(days=days_ago)).strftime(STAMP_FORMAT)
        self.target.repository.mkdir(parents=True, exist_ok=True)
        suffix = "fs" if kind == "full" else "deltafs"
        (self.target.repository / f"{stamp}.{suffix}").write_bytes(b"x")
        (self.target.repository / f"{stamp}.dat").write_bytes(b"x")
        self.target.snapshot(stamp).mkdir(parents=True)
        return stamp

    def test_chains_older_than_keep_days_go(self):
        now = datetime(2026, 11, 30, 3, 0, tzinfo=timezone.utc)
        plan = [(45, "full"), (40, "incr"), (33, "full"), (29, "incr"), (26, "full"),
                (1, "incr")]
        stamps = [self.make(days, kind, now) for days, kind in plan]
        deleted = prune(self.target, now=now, out=self.out)
        # the chain whose full backup is 33 days old goes, incrementals included
        self.assertEqual(deleted, stamps[:4])
        self.assertEqual([s for s, _ in backups(self.target.repository)], stamps[4:])
        self.assertFalse(self.target.snapshot(stamps[3]).exists())
        self.assertTrue(self.target.snapshot(stamps[4]).exists())
        self.assertIn("deleted 4 backup(s)", self.lines[-1])

    def test_the_newest_chain_stays(self):
        now = datetime(2026, 11, 30, 3, 0, tzinfo=timezone.utc)
        stamp = self.make(90, "full", now)
        self.assertEqual(prune(self.target, now=now, out=self.out), [])
        self.assertEqual(backups(self.target.repository), [(stamp, "full")])


if __name__ == "__main__":
    unittest.main()
