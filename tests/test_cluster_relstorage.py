"""The RelStorage/PostgreSQL variant of the scale-out deployment
(deploy/cluster.py relstorage-conf), against a throw-away PostgreSQL."""

from pathlib import Path
from tests.clusterlib import free_ports
from tests.clusterlib import load_cluster_module
from tests.clusterlib import require_tools

import os
import signal
import subprocess
import tempfile
import time
import unittest


def postgres_bin():
    """The directory of Debian's PostgreSQL server binaries, or None."""
    for candidate in sorted(Path("/usr/lib/postgresql").glob("*/bin"), reverse=True):
        if (candidate / "postgres").exists() and (candidate / "initdb").exists():
            return candidate
    return None


class PostgresLayer:
    """A throw-away PostgreSQL server on loopback, run as an unprivileged
    user (``postgres`` when the tests run as root), in a temporary folder."""

    __name__ = "PostgresLayer"
    __bases__ = ()
    missing = None

    @classmethod
    def _as_user(cls, command):
        if os.geteuid() == 0:
            return ["runuser", "-u", "postgres", "--", *map(str, command)]
        return [str(c) for c in command]

    @classmethod
    def setUp(cls):
        cls.bin = postgres_bin()
        if cls.bin is None:
            cls.missing = "PostgreSQL server not installed (Debian package postgresql)"
            return
        if os.geteuid() == 0:
            import pwd

            try:
                cls.user = pwd.getpwnam("postgres")
            except KeyError:
                cls.missing = "no 'postgres' user to run the server unprivileged"
                return
        cls.tmp = tempfile.TemporaryDirectory(prefix="ville-pg-")
        cls.data = Path(cls.tmp.name) / "data"
        cls.data.mkdir()
        Path(cls.tmp.name).chmod(0o755)
        if os.geteuid() == 0:
            os.chown(cls.data, cls.user.pw_uid, cls.user.pw_gid)
        cls.port = free_ports(1)[0]
        subprocess.run(cls._as_user([cls.bin / "initdb", "-D", cls.data, "-A", "trust",
                                     "-U", "plone", "--no-sync"]),
                       check=True, capture_output=True)
        cls.server = subprocess.Popen(
            cls._as_user([cls.bin / "postgres", "-D", cls.data, "-p", cls.port,
                          "-h", "127.0.0.1", "-k", cls.data, "-c", "fsync=off"]),
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
        deadline = time.monotonic() + 30
        while subprocess.run([cls.bin / "pg_isready", "-h", "127.0.0.1", "-p",
                              str(cls.port)], capture_output=True).returncode:
            if time.monotonic() > deadline:
                raise RuntimeError("PostgreSQL did not start")
            time.sleep(0.2)
        subprocess.run([cls.bin / "createdb", "-h", "127.0.0.1", "-p", str(cls.port),
                        "-U", "plone", "plone"], check=True, capture_output=True)

    @classmethod
    def tearDown(cls):
        if cls.missing:
            return
        os.killpg(cls.server.pid, signal.SIGTERM)  # "smart" shutdown of our server
        cls.server.wait(30)
        cls.tmp.cleanup()


class TestRelStorage(unittest.TestCase):
    """The RelStorage/PostgreSQL variant that deploy/cluster.py generates:
    two instances' storages on one database see each other's writes, and
    blobs go to the shared blob directory."""

    layer = PostgresLayer
    level = 2

    def setUp(self):
        require_tools(self, self.layer.missing)

    def test_generated_configuration_serves_two_instances(self):
        import ZODB.config
        import transaction
        from ZODB.blob import Blob

        cluster = load_cluster_module()
        with tempfile.TemporaryDirectory(prefix="ville-rs-") as folder:
            dsn = f"dbname='plone' user='plone' host='127.0.0.1' port='{self.layer.port}'"
            settings = cluster.ClusterSettings(directory=Path(folder), storage="relstorage",
                                               pg_dsn=dsn)
            cluster.generate(settings)
            databases = []
            for number in (1, 2):
                conf = (settings.instance_dir(number) / "etc" / "zope.conf").read_text()
                self.assertIn("<relstorage>", conf)
                # The storage part of the generated zope.conf, as ZODB reads it.
                section = conf[conf.index("<zodb_db main>"):conf.index("</zodb_db>")]
                section = section.replace("<zodb_db main>", "<zodb>").replace(
                    "mount-point /", "")
                databases.append(ZODB.config.databaseFromString(
                    f"%import relstorage\n{section}</zodb>\n"))
            one, two = databases
            try:
                manager = transaction.TransactionManager()
                root = one.open(manager).root()
                root["demande"] = {"reference": "EG-1"}
                root["piece"] = Blob(b"scan")
                manager.commit()
                other = transaction.TransactionManager()
                connection = two.open(other)
                self.assertEqual(connection.root()["demande"], {"reference": "EG-1"})
                with connection.root()["piece"].open() as blob:
                    self.assertEqual(blob.read(), b"scan")
                self.assertTrue(any(settings.blob_dir.rglob("*.blob")))
                other.abort()
            finally:
                one.close()
                two.close()
