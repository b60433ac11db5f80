"""After a pack, no old copy of the database (Data.fs.old, the blob
directory's .old) keeps what the retention erased: a real FileStorage."""

from pathlib import Path
from ville.eguichet.documents import purge
from ville.eguichet.documents.testing import DOCUMENTS_INTEGRATION_TESTING
from ZODB.blob import Blob
from ZODB.DB import DB
from ZODB.FileStorage import FileStorage
from zope.event import notify
from zope.processlifetime import DatabaseOpenedWithRoot

import persistent.mapping
import shutil
import tempfile
import time
import transaction
import unittest


SECRET = b"SECRET-85073003328-marie.dupont@example.be"


def files_holding(folder: Path, needle: bytes):
    return sorted(
        str(path.relative_to(folder))
        for path in folder.rglob("*")
        if path.is_file() and needle in path.read_bytes()
    )


class TestPackKeepsNoOldCopy(unittest.TestCase):
    # The layer for the ZCML subscriber of IDatabaseOpenedWithRoot.
    layer = DOCUMENTS_INTEGRATION_TESTING

    def setUp(self):
        self.folder = Path(tempfile.mkdtemp(prefix="eguichet-pack-"))
        self.addCleanup(shutil.rmtree, self.folder, ignore_errors=True)
        # FileStorage's default keeps an old copy: as an instance whose
        # configuration does not say otherwise (buildout's recipe).
        self.storage = FileStorage(
            str(self.folder / "Data.fs"), blob_dir=str(self.folder / "blobs")
        )
        self.assertTrue(self.storage.pack_keep_old)
        self.db = DB(self.storage)
        self.addCleanup(self.db.close)
        self.tm = transaction.TransactionManager()
        self.connection = self.db.open(self.tm)
        self.addCleanup(self.connection.close)

    def write_then_erase(self):
        root = self.connection.root()
        root["request"] = persistent.mapping.PersistentMapping(
            {"national_number": SECRET.decode()}
        )
        root["blob"] = Blob(SECRET)
        self.tm.commit()
        root["request"]["national_number"] = ""
        with root["blob"].open("w") as handle:  # as erase_blob does
            handle.write(b"")
        self.tm.commit()
        self.assertTrue(files_holding(self.folder, SECRET))  # old revisions
        time.sleep(0.01)

    def test_zope_opening_the_database_turns_keep_old_off(self):
        notify(DatabaseOpenedWithRoot(self.db))
        self.assertFalse(self.storage.pack_keep_old)
        self.write_then_erase()
        self.db.pack(time.time())
        self.assertFalse((self.folder / "Data.fs.old").exists())
        self.assertFalse((self.folder / "blobs" / ".old").exists())
        # Only the commit buffer of this process still has the old bytes:
        # the retention's pack empties it (next test).
        self.assertEqual(files_holding(self.folder, SECRET), ["Data.fs.tmp"])

    def test_retention_pack_removes_an_earlier_old_copy(self):
        self.write_then_erase()
        self.db.pack(time.time())  # kept an old copy (keep-old on)
        self.assertTrue((self.folder / "Data.fs.old").exists())
        self.assertTrue(files_holding(self.folder, SECRET))
        self.storage.pack_keep_old = True
        purge.pack(self.db)
        self.assertTrue(self.storage.pack_keep_old)  # restored
        self.assertFalse((self.folder / "Data.fs.old").exists())
        self.assertFalse((self.folder / "blobs" / ".old").exists())
        self.assertEqual(files_holding(self.folder, SECRET), [])
