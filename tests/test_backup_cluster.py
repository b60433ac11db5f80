"""Backups of the cluster (deploy/backup.py, `make backup CLUSTER=1`): the
drill on ZEO (repozo against the server's files while the instances write,
the data folder lost, restored, served again), and RelStorage's pg_dump /
pg_restore with the blobs."""

from pathlib import Path
from tests.backupdrill import attachment
from tests.backupdrill import download
from tests.backupdrill import Load
from tests.backupdrill import rest
from tests.clusterlib import free_ports
from tests.clusterlib import load_cluster_module
from tests.clusterlib import missing_binaries
from tests.clusterlib import require_tools
from tests.servers import ROOT
from tests.test_cluster_relstorage import PostgresLayer

import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import unittest


ADMIN = ("admin", "cluster-drill")


class TestZEODrill(unittest.TestCase):
    level = 2  # starts the cluster twice, backs up under load: minutes

    def setUp(self):
        require_tools(self, missing_binaries("varnishd", "haproxy") and (
            "varnishd or haproxy not installed (Debian packages varnish, haproxy)"))
        self.cluster = load_cluster_module()
        self.folder = Path(tempfile.mkdtemp(prefix="ville-zeo-drill-"))
        self.addCleanup(shutil.rmtree, self.folder, ignore_errors=True)
        zeo, one, two, lb, varnish = free_ports(5)
        self.env = {
            **os.environ, "CLUSTER_DIR": str(self.folder / "cluster"),
            "ZEO_PORT": str(zeo), "INSTANCE_PORTS": f"{one},{two}", "LB_PORT": str(lb),
            "VARNISH_PORT": str(varnish), "SITE_ID": "Plone", "ADMIN_USER": ADMIN[0],
            "ADMIN_PASSWORD": ADMIN[1], "EGUICHET_RATE_LIMITS": "off",
            "BACKUP_DIR": str(self.folder / "backups"),
        }
        self.site = f"http://127.0.0.1:{lb}/Plone"

    def start(self):
        result = subprocess.run([sys.executable, "deploy/cluster.py", "start"], cwd=ROOT,
                                env=self.env, capture_output=True, text=True, timeout=600)
        self.addCleanup(self.stop)
        self.assertEqual(result.returncode, 0, result.stdout + result.stderr)

    def stop(self):
        subprocess.run([sys.executable, "deploy/cluster.py", "stop"], cwd=ROOT,
                       env=self.env, capture_output=True, timeout=300)

    def make(self, target, *args):
        started = time.monotonic()
        result = subprocess.run(["make", "-s", target, "CLUSTER=1", *args], cwd=ROOT,
                                env=self.env, capture_output=True, text=True, timeout=600)
        self.assertEqual(result.returncode, 0, result.stdout + result.stderr)
        return result.stdout, time.monotonic() - started

    def test_drill(self):
        self.start()
        conf = self.folder / "cluster" / "instance1" / "etc" / "zope.conf"
        seeded = subprocess.run([sys.executable, "-m", "tests.backupdrill", "seed", str(conf)],
                                cwd=ROOT, env=self.env, capture_output=True, text=True,
                                timeout=300)
        self.assertEqual(seeded.returncode, 0, seeded.stdout + seeded.stderr)
        old = re.search(r"^old (\S+)$", seeded.stdout, re.M).group(1)

        load = Load(self.site).start()
        try:
            load.wait_for(6)
            full_started = time.monotonic()
            full_out, full_seconds = self.make("backup", "FULL=1")
            load.wait_for(len(load.acknowledged) + 6)
            incremental_started = time.monotonic()
            incremental_out, incremental_seconds = self.make("backup")
            load.wait_for(len(load.acknowledged) + 2)
        finally:
            load.stop()
        self.assertEqual(load.failures, [])
        self.assertIn("full backup", full_out)
        self.assertIn("incremental backup", incremental_out)
        in_latest = load.before(incremental_started)
        self.assertGreater(len(load.before(full_started)), 0)
        self.assertGreater(len(in_latest), len(load.before(full_started)))

        # the ZEO server holds Data.fs: a restore is refused, nothing changed
        refused = subprocess.run(["make", "-s", "restore", "CLUSTER=1"], cwd=ROOT,
                                 env=self.env, capture_output=True, text=True, timeout=300)
        self.assertNotEqual(refused.returncode, 0, refused.stdout)
        self.assertIn("is in use", refused.stderr)

        self.stop()
        shutil.rmtree(self.folder / "cluster" / "data")  # the lost disk
        started = time.monotonic()
        restored, _ = self.make("restore")
        restore_seconds = time.monotonic() - started
        self.assertIn("restored backup", restored)
        self.assertIn(f"{old}\tanonymise\t", restored)

        self.start()
        for reference, number in sorted(in_latest):
            status, body = rest("GET", f"{self.site}/eguichet-demandes/{reference}", ADMIN)
            self.assertEqual(status, 200, f"{reference}: {body}")
            status, data = download(self.site, body, ADMIN)
            self.assertEqual((status, data), (200, attachment(number)), reference)
        status, body = rest("GET", f"{self.site}/eguichet-demandes/{old}", ADMIN)
        self.assertEqual((status, body["requester_name"]), (200, ""))
        print(f"\n  backup drill (ZEO): {len(load.acknowledged)} acknowledged, "
              f"{len(in_latest)} checked; full {full_seconds:.1f} s, incremental "
              f"{incremental_seconds:.1f} s, restore {restore_seconds:.1f} s",
              file=sys.stderr)


class TestRelStorageBackup(unittest.TestCase):
    """pg_dump and the blob snapshot, pg_restore --clean and the blobs back,
    into the database the generated configuration uses."""

    layer = PostgresLayer
    level = 2

    def setUp(self):
        require_tools(self, self.layer.missing)

    def open(self, settings):
        import ZODB.config

        conf = (settings.instance_dir(1) / "etc" / "zope.conf").read_text()
        section = conf[conf.index("<zodb_db main>"):conf.index("</zodb_db>")]
        section = section.replace("<zodb_db main>", "<zodb>").replace("mount-point /", "")
        return ZODB.config.databaseFromString(f"%import relstorage\n{section}</zodb>\n")

    def test_dump_and_restore_with_blobs(self):
        import transaction
        from ZODB.blob import Blob

        cluster = load_cluster_module()
        from deploy import backup

        with tempfile.TemporaryDirectory(prefix="ville-rs-backup-") as folder:
            dsn = f"dbname='plone' user='plone' host='127.0.0.1' port='{self.layer.port}'"
            settings = cluster.ClusterSettings(directory=Path(folder), storage="relstorage",
                                               pg_dsn=dsn)
            cluster.generate(settings)
            environ = {"BACKUP_DIR": str(Path(folder) / "backups")}
            database = self.open(settings)
            try:
                with database.transaction() as connection:
                    connection.root()["demande"] = {"reference": "EG-1"}
                    connection.root()["piece"] = Blob(b"scan 1")
                lines = []
                stamp = backup.backup(settings, environ=environ, out=lines.append)
                self.assertIn("pg_dump", lines[0])
                time.sleep(1.1)  # the next stamp, a second later
                with database.transaction() as connection:
                    connection.root()["demande"] = {"reference": "EG-2"}
                    with connection.root()["piece"].open("w") as handle:
                        handle.write(b"scan 2")
            finally:
                database.close()
            backup.backup(settings, environ=environ, out=lines.append)
            shutil.rmtree(settings.blob_dir)
            point = backup.restore_relstorage(
                settings, backup.cluster_target(settings, environ), at=stamp,
                out=lines.append)
            self.assertEqual(point["stamp"], stamp)
            database = self.open(settings)
            try:
                manager = transaction.TransactionManager()
                root = database.open(manager).root()
                self.assertEqual(root["demande"], {"reference": "EG-1"})
                with root["piece"].open() as handle:
                    self.assertEqual(handle.read(), b"scan 1")
                manager.abort()
            finally:
                database.close()
            verified = backup.verify(settings, environ=environ, out=lines.append)
            self.assertGreaterEqual(verified["blobs"], 2)


if __name__ == "__main__":
    unittest.main()
