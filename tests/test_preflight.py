"""The errors a newcomer must get clearly: one line saying what and where,
a non-zero exit, nothing created."""

from contextlib import redirect_stderr
from pathlib import Path
from ville_site import preflight
from ville_site.settings import from_environ
from ville_site.settings import SettingsError

import io
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import unittest


ROOT = Path(__file__).resolve().parent.parent


def run_preflight(*args, **env):
    environ = {k: v for k, v in os.environ.items() if k not in ("PROFILE", "PORT")}
    environ.update(env)
    return subprocess.run(
        [sys.executable, "-m", "ville_site.preflight", *args],
        cwd=ROOT,
        env=environ,
        capture_output=True,
        text=True,
        timeout=60,
    )


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class TestPinFile(unittest.TestCase):
    def setUp(self):
        self.folder = Path(tempfile.mkdtemp())
        self.addCleanup(shutil.rmtree, self.folder)

    def write(self, text):
        path = self.folder / "requirements.lock"
        path.write_text(text, encoding="utf-8")
        return path

    def test_committed_lock_is_valid(self):
        self.assertGreater(preflight.check_lock(ROOT / "requirements.lock"), 200)

    def test_committed_lock_pins_plone_622_and_no_prerelease_layout(self):
        pins = dict(
            line.split("#")[0].strip().split("==")
            for line in (ROOT / "requirements.lock").read_text().splitlines()
            if line.split("#")[0].strip()
        )
        self.assertEqual(pins["products-cmfplone"], "6.2.2")
        self.assertEqual(pins["plone"], "6.2.2")
        self.assertNotRegex(pins["plone-app-layout"], r"[ab]\d|rc")

    def test_broken_line_names_file_and_line(self):
        path = self.write("zope==6.3\nplone.app.layout>=6\n")
        with self.assertRaises(preflight.PreflightError) as caught:
            preflight.check_lock(path)
        self.assertIn(f"{path}:2:", str(caught.exception))
        self.assertIn("plone.app.layout>=6", str(caught.exception))

    def test_prerelease_is_refused(self):
        path = self.write("plone-app-layout==7.0.0a6  # via plone\n")
        with self.assertRaises(preflight.PreflightError) as caught:
            preflight.check_lock(path)
        self.assertIn("pre-release", str(caught.exception))

    def test_missing_and_empty_files(self):
        with self.assertRaises(preflight.PreflightError):
            preflight.check_lock(self.folder / "nothing.lock")
        with self.assertRaises(preflight.PreflightError):
            preflight.check_lock(self.write("# nothing pinned\n"))

    def test_command_line_exits_non_zero_with_one_line(self):
        path = self.write("Products.CMFPlone\n")
        result = run_preflight("lock", str(path))
        self.assertEqual(result.returncode, 1)
        self.assertEqual(len(result.stderr.strip().splitlines()), 1)
        self.assertIn("requirements.lock:1", result.stderr)


class TestRunChecks(unittest.TestCase):
    def test_unknown_profile_lists_the_known_ones(self):
        result = run_preflight("run", PROFILE="atlantis", PORT=str(free_port()))
        self.assertEqual(result.returncode, 1)
        self.assertEqual(len(result.stderr.strip().splitlines()), 1)
        self.assertIn("unknown municipality profile 'atlantis'", result.stderr)
        self.assertIn("peruwelz", result.stderr)

    def test_port_in_use(self):
        with socket.socket() as busy:
            busy.bind(("127.0.0.1", 0))
            busy.listen()
            port = busy.getsockname()[1]
            result = run_preflight("run", PORT=str(port))
        self.assertEqual(result.returncode, 1)
        self.assertIn(f"port {port} on 127.0.0.1 is already in use", result.stderr)
        self.assertEqual(len(result.stderr.strip().splitlines()), 1)

    def test_default_profile_and_free_port_pass(self):
        result = run_preflight("run", PORT=str(free_port()))
        self.assertEqual(result.returncode, 0, result.stderr)

    def test_bad_port_setting(self):
        with self.assertRaises(SettingsError):
            from_environ({"PORT": "eighty"})
        with self.assertRaises(SettingsError):
            from_environ({"PORT": "70000"})


class TestMalformedProfile(unittest.TestCase):
    """A copy of the default profile, broken one field at a time."""

    def setUp(self):
        self.profiles = Path(tempfile.mkdtemp())
        self.addCleanup(shutil.rmtree, self.profiles)
        self.profile = self.profiles / "broken"
        shutil.copytree(ROOT / "profiles" / "peruwelz", self.profile)
        self.yaml = self.profile / "municipality.yaml"
        self.text = self.yaml.read_text(encoding="utf-8")

    def check(self, text):
        self.yaml.write_text(text, encoding="utf-8")
        result = run_preflight(
            "run",
            PROFILE="broken",
            PROFILES_DIR=str(self.profiles),
            PORT=str(free_port()),
        )
        self.assertEqual(result.returncode, 1, result.stdout)
        lines = result.stderr.strip().splitlines()
        self.assertEqual(len(lines), 1, result.stderr)
        self.assertIn("municipality.yaml", lines[0])
        return lines[0]

    def test_missing_name(self):
        line = self.check(self.text.replace("name: Ville de Péruwelz", "#"))
        self.assertIn("field 'name' is missing", line)

    def test_malformed_colour(self):
        line = self.check(self.text.replace('"#004f7c"', '"blue"', 1))
        self.assertIn("field 'look.primary_color' must be a colour", line)

    def test_missing_logo_file(self):
        (self.profile / "logo.svg").unlink()
        line = self.check(self.text)
        self.assertIn("field 'logo' names a missing file 'logo.svg'", line)

    def test_not_yaml(self):
        line = self.check(self.text + "\n  - : [unbalanced\n")
        self.assertIn("not valid YAML", line)

    def test_contact_missing_email(self):
        line = self.check(self.text.replace("  email: administration@peruwelz.be\n", ""))
        self.assertIn("field 'contact.email' is missing", line)

    def test_wrong_iban_check_number(self):
        line = self.check(self.text.replace("BE73 0910 0051 7260", "BE68 0910 0051 7234"))
        # One IBAN rule (ville.eguichet's, which prints it), one wording.
        self.assertIn("field 'contact.iban' must be a valid IBAN", line)

    def test_unknown_language(self):
        line = self.check(self.text.replace("language: fr", "language: es"))
        self.assertIn("field 'language' must be one of fr, nl, de", line)


class TestDefaultAdminPassword(unittest.TestCase):
    """admin/admin is refused on an address reachable from the network."""

    def test_loopback_addresses(self):
        for host in ("127.0.0.1", "127.0.1.1", "::1", "[::1]", "localhost"):
            self.assertTrue(preflight.is_loopback(host), host)
        for host in ("0.0.0.0", "::", "", "192.168.1.10", "ville.example"):
            self.assertFalse(preflight.is_loopback(host), host)

    def test_run_refuses_the_default_password_off_loopback(self):
        for env in ({}, {"ADMIN_PASSWORD": "admin"}, {"ADMIN_PASSWORD": ""}):
            result = run_preflight("run", HOST="0.0.0.0", PORT=str(free_port()), **env)
            self.assertEqual(result.returncode, 1, env)
            lines = result.stderr.strip().splitlines()
            self.assertEqual(len(lines), 1, result.stderr)
            self.assertIn("HOST=0.0.0.0", lines[0])
            self.assertIn("ADMIN_PASSWORD", lines[0])

    def test_run_accepts_a_real_password_or_loopback(self):
        result = run_preflight(
            "run", HOST="0.0.0.0", PORT=str(free_port()), ADMIN_PASSWORD="Xk9-long"
        )
        self.assertEqual(result.returncode, 0, result.stderr)
        result = run_preflight(
            "run", HOST="127.0.0.1", PORT=str(free_port()), ADMIN_PASSWORD="admin"
        )
        self.assertEqual(result.returncode, 0, result.stderr)

    def test_make_run_starts_nothing(self):
        var = tempfile.mkdtemp(prefix="ville-run-")
        self.addCleanup(shutil.rmtree, var, ignore_errors=True)
        environ = dict(
            os.environ, VAR_DIR=var, HOST="0.0.0.0", PORT=str(free_port()),
            ADMIN_USER="admin", ADMIN_PASSWORD="admin", PROFILE="peruwelz",
        )
        result = subprocess.run(
            ["make", "-s", "run"], cwd=ROOT, env=environ,
            capture_output=True, text=True, timeout=120,
        )
        self.assertNotEqual(result.returncode, 0)
        self.assertIn("error: HOST=0.0.0.0 is reachable from the network", result.stderr)
        self.assertEqual(os.listdir(var), [])

    def test_buildout_instance_refuses_then_applies_the_password(self):
        from AuthEncoding import pw_validate

        home = Path(tempfile.mkdtemp(prefix="ville-instance-"))
        self.addCleanup(shutil.rmtree, home, ignore_errors=True)
        for address in ("0.0.0.0:8080", "8080", "192.168.1.10:8080"):
            err = io.StringIO()
            with self.assertRaises(SystemExit) as caught, redirect_stderr(err):
                preflight.buildout_instance(home, address, {"ADMIN_PASSWORD": "admin"})
            self.assertEqual(caught.exception.code, 1)
            self.assertEqual(len(err.getvalue().strip().splitlines()), 1)
            self.assertIn("is reachable from the network", err.getvalue())
            self.assertFalse((home / "inituser").exists())
        preflight.buildout_instance(
            home, "0.0.0.0:8080", {"ADMIN_USER": "chef", "ADMIN_PASSWORD": "Xk9-long"}
        )
        name, encrypted = (home / "inituser").read_text().strip().split(":", 1)
        self.assertEqual(name, "chef")
        self.assertTrue(pw_validate(encrypted.encode(), b"Xk9-long"))
        self.assertNotIn("Xk9-long", encrypted)
        # On loopback the default stays usable (a developer's machine).
        preflight.buildout_instance(home, "127.0.0.1:8080", {})
        name, encrypted = (home / "inituser").read_text().strip().split(":", 1)
        self.assertTrue(pw_validate(encrypted.encode(), b"admin"))
