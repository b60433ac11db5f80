"""Erased files leave the disk: blob emptied, then the database packed
(a real FileStorage with a blob directory, as a site runs it)."""

from pathlib import Path
from plone.namedfile.file import NamedBlobFile
from ville.eguichet.documents.retention import erase_blob
from ville.eguichet.documents.purge import pack
from ville.eguichet.documents.testing import DOCUMENTS_INTEGRATION_TESTING
from ZODB import DB
from ZODB.FileStorage import FileStorage

import shutil
import tempfile
import time
import transaction
import unittest


SECRET = b"%PDF-1.4 procuration signee par Marie Dupont 85073003328"


def files_containing(directory, data):
    return [
        path
        for path in Path(directory).rglob("*")
        if path.is_file() and data in path.read_bytes()
    ]


class TestBlobsOnDisk(unittest.TestCase):
    # For plone.namedfile's storages; the database below is our own, with
    # its own transaction manager, so the layer's site is not touched.
    layer = DOCUMENTS_INTEGRATION_TESTING

    def setUp(self):
        self.dir = tempfile.mkdtemp()
        self.addCleanup(shutil.rmtree, self.dir)
        storage = FileStorage(f"{self.dir}/Data.fs", blob_dir=f"{self.dir}/blobs")
        self.db = DB(storage)
        self.addCleanup(self.db.close)
        self.tm = transaction.TransactionManager()
        self.connection = self.db.open(transaction_manager=self.tm)
        self.addCleanup(self.connection.close)
        self.root = self.connection.root()

    def test_erased_and_packed_blob_is_gone_from_disk(self):
        self.root["file"] = NamedBlobFile(data=SECRET, filename="procuration.pdf")
        self.tm.commit()
        self.assertTrue(files_containing(self.dir, b"Marie Dupont"))

        erase_blob(self.root["file"])
        del self.root["file"]
        self.tm.commit()
        # Still on disk: ZODB keeps the old revision for undo.
        self.assertTrue(files_containing(f"{self.dir}/blobs", b"Marie Dupont"))

        time.sleep(0.01)
        pack(self.db)
        self.assertEqual(files_containing(f"{self.dir}/blobs", b"Marie Dupont"), [])
        self.assertEqual(files_containing(self.dir, b"85073003328"), [])
