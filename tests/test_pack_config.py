"""The storages configured by `make run` (zope.conf) and by the cluster's
ZEO server (zeo.conf) pack without keeping Data.fs.old: opened from the
generated configuration, a real FileStorage packs and leaves no old copy of
erased data."""

from pathlib import Path
from string import Template
from ville_site import instance
from ville_site.settings import from_environ

import re
import shutil
import tempfile
import time
import transaction
import unittest


ROOT = Path(__file__).resolve().parent.parent
SECRET = b"SECRET-85073003328"


def filestorage_section(text: str) -> str:
    """The <filestorage> section of a zope.conf or zeo.conf."""
    match = re.search(r"<filestorage[^>]*>.*?</filestorage>", text, re.S)
    assert match, text
    return re.sub(r"<filestorage[^>]*>", "<filestorage>", match.group(0))


class Base(unittest.TestCase):
    def setUp(self):
        self.var = Path(tempfile.mkdtemp(prefix="ville-pack-"))
        self.addCleanup(shutil.rmtree, self.var, ignore_errors=True)
        (self.var / "filestorage").mkdir()
        (self.var / "blobstorage").mkdir()

    def pack_leaves_no_old_copy(self, section: str):
        from ZODB.config import storageFromString
        from ZODB.DB import DB

        storage = storageFromString(section)
        self.assertFalse(storage.pack_keep_old)
        db = DB(storage)
        try:
            tm = transaction.TransactionManager()
            connection = db.open(tm)
            connection.root()["secret"] = SECRET.decode()
            tm.commit()
            connection.root()["secret"] = ""
            tm.commit()
            time.sleep(0.01)
            db.pack(time.time())
            connection.close()
        finally:
            db.close()
        data = self.var / "filestorage" / "Data.fs"
        self.assertTrue(data.exists())
        self.assertFalse(Path(f"{data}.old").exists())
        self.assertNotIn(SECRET, data.read_bytes())


class TestMakeRunStorage(Base):
    def test_zope_conf_packs_without_old_copy(self):
        settings = from_environ({"VAR_DIR": str(self.var)})
        instance.write(settings)
        text = (self.var / "instance" / "etc" / "zope.conf").read_text()
        self.assertIn("pack-keep-old false", text)
        self.pack_leaves_no_old_copy(filestorage_section(text))


class TestClusterZeoStorage(Base):
    def test_zeo_conf_packs_without_old_copy(self):
        from ZEO.runzeo import ZEOOptions

        template = (ROOT / "deploy" / "templates" / "zeo.conf.in").read_text()
        for sub in ("run", "log"):
            (self.var / sub).mkdir()
        text = Template(template).substitute(
            host="127.0.0.1", zeo_port="0", run_dir=self.var / "run",
            data_dir=self.var, blob_dir=self.var / "blobstorage",
            log_dir=self.var / "log",
        )
        (self.var / "zeo.conf").write_text(text)
        # As runzeo reads it (deploy/cluster.py starts runzeo -C zeo.conf).
        options = ZEOOptions()
        options.realize(["-C", str(self.var / "zeo.conf")])
        self.assertFalse(options.storages[0].config.pack_keep_old)
        self.pack_leaves_no_old_copy(filestorage_section(text))
