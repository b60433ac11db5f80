"""The backup drill on the site of `make run` (issue 18): citizens keep
submitting requests with a signed proxy while `make backup` takes a full,
then an incremental backup; the data folder is destroyed; `make restore`
brings everything back (the GDPR retention applied), and the site serves
every request acknowledged before the backup with its file. A restore at the
date of the full backup gives exactly that backup's state, less what the
retention erases at once."""

from pathlib import Path
from tests.backupdrill import attachment
from tests.backupdrill import download
from tests.backupdrill import Load
from tests.backupdrill import rest
from tests.backupdrill import stored_references
from tests.servers import free_port
from tests.servers import ROOT
from tests.servers import Server

import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import unittest


ADMIN = ("admin", "drill-secret")


def make(target, env, *args, timeout=600):
    started = time.monotonic()
    result = subprocess.run(["make", "-s", target, *args], cwd=ROOT, env=env,
                            capture_output=True, text=True, timeout=timeout)
    result.seconds = time.monotonic() - started
    return result


class TestBackupDrill(unittest.TestCase):
    level = 2  # creates a site, starts it twice, backs up under load: minutes

    def setUp(self):
        self.folder = Path(tempfile.mkdtemp(prefix="ville-drill-"))
        self.addCleanup(shutil.rmtree, self.folder, ignore_errors=True)
        self.var = self.folder / "var"
        self.port = free_port()
        self.env = dict(
            os.environ, VAR_DIR=str(self.var), PORT=str(self.port),
            ADMIN_USER=ADMIN[0], ADMIN_PASSWORD=ADMIN[1], PROFILE="peruwelz",
            SITE_ID="Plone", EGUICHET_RATE_LIMITS="off",
            # another disk, as a town's backups should be
            BACKUP_DIR=str(self.folder / "backups"))
        self.site = f"http://localhost:{self.port}/Plone"

    def assertMade(self, result):
        self.assertEqual(result.returncode, 0, result.stdout + result.stderr)
        return result.stdout

    def start(self):
        server = Server(["make", "-s", "run"], self.env,
                        log_path=str(self.folder / "run.log")).start()
        self.addCleanup(server.stop)
        server.wait_until_serving(self.site)
        return server

    def test_drill(self):
        self.assertMade(make("instance", self.env))
        seeded = subprocess.run(
            [sys.executable, "-m", "tests.backupdrill", "seed",
             str(self.var / "instance" / "etc" / "zope.conf")],
            cwd=ROOT, env=self.env, capture_output=True, text=True, timeout=300)
        self.assertEqual(seeded.returncode, 0, seeded.stdout + seeded.stderr)
        old = re.search(r"^old (\S+)$", seeded.stdout, re.M).group(1)

        server = self.start()
        status, body = rest("POST", self.site, ADMIN,
                            {"@type": "Document", "id": "conseil-communal",
                             "title": "Conseil communal du 30 novembre"})
        self.assertEqual(status, 201, body)
        load = Load(self.site).start()
        try:
            load.wait_for(6)
            full_started = time.monotonic()
            full = make("backup", self.env, "FULL=1")
            full_ended = time.monotonic()
            full_out = self.assertMade(full)
            load.wait_for(len(load.acknowledged) + 6)
            incremental_started = time.monotonic()
            incremental = make("backup", self.env)
            incremental_ended = time.monotonic()
            incremental_out = self.assertMade(incremental)
            load.wait_for(len(load.acknowledged) + 2)
        finally:
            load.stop()
        server.stop()
        self.assertEqual(load.failures, [])
        self.assertIn("full backup", full_out)
        self.assertIn("incremental backup", incremental_out)
        self.assertIn("hard-linked to the previous snapshot", incremental_out)
        full_stamp = re.search(r"full backup (\S+):", full_out).group(1)
        # the guarantee: what was acknowledged before a backup started is in
        # it (so all acknowledged before the full backup ended are in the
        # incremental one); what came later may be, or not.
        in_full = load.before(full_started)
        in_latest = load.before(incremental_started)
        ended_before_full = load.before(full_ended)
        self.assertLessEqual(ended_before_full, in_latest)
        # sent after the full backup ended: not in it. (A request sent
        # before may be acknowledged after it ended and be in it: its
        # answer waits for the after-commit work, the receipt's PDF.)
        after_full = {item for item in load.acknowledged if load.sent[item[1]] > full_ended}
        self.assertGreater(len(in_full), 0)
        self.assertGreater(len(in_latest), len(in_full))

        verified = self.assertMade(make("backup-verify", self.env))
        self.assertIn("all readable", verified)

        shutil.rmtree(self.var)  # the lost disk
        restored = make("restore", self.env)
        restored_out = self.assertMade(restored)
        self.assertIn("restored backup", restored_out)
        self.assertIn("GDPR retention applied", restored_out)
        self.assertIn(f"{old}\tanonymise\t", restored_out)

        server = self.start()
        for reference, number in sorted(in_latest):
            status, body = rest("GET", f"{self.site}/eguichet-demandes/{reference}", ADMIN)
            self.assertEqual(status, 200, f"{reference}: {body}")
            status, data = download(self.site, body, ADMIN)
            self.assertEqual((status, data), (200, attachment(number)), reference)
        status, body = rest("GET", f"{self.site}/conseil-communal", ADMIN)
        self.assertEqual((status, body.get("title")), (200, "Conseil communal du 30 novembre"))
        status, body = rest("GET", f"{self.site}/eguichet-demandes/{old}", ADMIN)
        self.assertEqual((status, body["requester_name"], body["values"].get("proxy")),
                         (200, "", None))
        server.stop()
        figures = {
            "acknowledged": len(load.acknowledged), "in_full": len(in_full),
            "in_latest": len(in_latest), "full_s": round(full.seconds, 1),
            "incremental_s": round(incremental.seconds, 1),
            "restore_s": round(restored.seconds, 1)}
        print(f"\n  backup drill (make run): {figures}", file=sys.stderr)
        self.restore_at(full_stamp, in_full, after_full, old)

    def restore_at(self, stamp, in_full, after_full, old):
        """AT=<the full backup>: exactly its state, less the retention."""
        # what the full backup holds, recovered aside with repozo alone
        aside = self.folder / "aside" / "Data.fs"
        aside.parent.mkdir()
        recover = [str(Path(sys.executable).parent / "repozo"), "-R", "-r",
                   str(self.folder / "backups" / "filestorage"), "-D", stamp, "-o", str(aside)]
        subprocess.run(recover, check=True, capture_output=True)
        snapshot = self.folder / "backups" / "blobstorage" / f"blobstorage.{stamp}" / "blobstorage"
        expected = stored_references(aside, snapshot)

        result = make("restore", self.env, f"AT={stamp}")
        output = self.assertMade(result)
        self.assertIn(f"restored backup {stamp}", output)
        self.assertIn(f"state at {stamp}", output)
        found = stored_references(self.var / "filestorage" / "Data.fs",
                                  self.var / "blobstorage")
        self.assertEqual(set(found), set(expected))
        self.assertLessEqual({ref for ref, _ in in_full}, set(found))
        self.assertFalse({ref for _, ref, _ in after_full} & set(found))
        for reference, (anonymised, proxy) in found.items():
            if reference == old:
                self.assertEqual((expected[old][0], anonymised, proxy), (False, True, None))
            else:
                self.assertEqual((anonymised, proxy), expected[reference])


if __name__ == "__main__":
    unittest.main()
