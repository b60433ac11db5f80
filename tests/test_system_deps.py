"""`make test` installs the Debian packages the tests need (.ci/apt.d) when
run as root, says in one line what to run otherwise; under CI a test whose
tool is missing fails instead of being skipped."""

from pathlib import Path
from tests.clusterlib import require_tools
from ville_site import systemdeps

import subprocess
import tempfile
import unittest


ROOT = Path(__file__).resolve().parent.parent
NO_SUCH_PACKAGE = "ville-no-such-package-xyz"


class Recorder:
    """apt-get as seen by ensure(): records the commands, answers with the
    exit statuses given (no package is really installed)."""

    def __init__(self, *statuses):
        self.statuses = list(statuses)
        self.commands = []

    def __call__(self, command, **kwargs):
        self.commands.append(command)
        assert kwargs["env"]["DEBIAN_FRONTEND"] == "noninteractive"
        return subprocess.CompletedProcess(command, self.statuses.pop(0))


class TestPackageLists(unittest.TestCase):
    def test_every_list_is_read_once_without_comments(self):
        with tempfile.TemporaryDirectory() as folder:
            Path(folder, "a.txt").write_text("# area a\nvarnish\nhaproxy  # balancer\n")
            Path(folder, "b.txt").write_text("chromium\n\nvarnish\n")
            Path(folder, "README").write_text("not a list\n")
            self.assertEqual(systemdeps.listed_packages(Path(folder)),
                             ["varnish", "haproxy", "chromium"])

    def test_the_project_lists_name_the_tools_of_the_tests(self):
        listed = set(systemdeps.listed_packages())
        for name in ("varnish", "haproxy", "chromium", "postgresql", "wrk",
                     "fonts-dejavu-core"):
            self.assertIn(name, listed)


class TestEnsure(unittest.TestCase):
    def setUp(self):
        if systemdeps.missing_packages(["dpkg"]) is None:
            require_tools(self, "dpkg-query not installed (a Debian machine)")

    def test_dpkg_tells_installed_from_missing(self):
        self.assertEqual(systemdeps.missing_packages(["dpkg", NO_SUCH_PACKAGE]),
                         [NO_SUCH_PACKAGE])

    def test_nothing_missing_runs_nothing(self):
        run = Recorder()
        self.assertEqual(systemdeps.ensure(["dpkg"], is_root=True, run=run), [])
        self.assertEqual(run.commands, [])

    def test_not_root_says_in_one_line_what_to_run(self):
        run = Recorder()
        with self.assertRaises(systemdeps.MissingPackages) as caught:
            systemdeps.ensure(["dpkg", NO_SUCH_PACKAGE], is_root=False, run=run)
        message = str(caught.exception)
        self.assertNotIn("\n", message)
        self.assertIn(f"sudo apt-get install --no-install-recommends {NO_SUCH_PACKAGE}",
                      message)
        self.assertEqual(run.commands, [])

    def test_root_installs_the_missing_ones_only(self):
        run = Recorder(0)
        installed = systemdeps.ensure(["dpkg", NO_SUCH_PACKAGE], is_root=True, run=run)
        self.assertEqual(installed, [NO_SUCH_PACKAGE])
        self.assertEqual(run.commands, [systemdeps.install_command([NO_SUCH_PACKAGE])])

    def test_root_refreshes_the_package_lists_once_when_install_fails(self):
        run = Recorder(100, 0, 0)
        systemdeps.ensure([NO_SUCH_PACKAGE], is_root=True, run=run)
        self.assertEqual(run.commands[1], ["apt-get", "update", "-qq"])
        self.assertEqual(run.commands[2], run.commands[0])
        run = Recorder(100, 0, 100)
        with self.assertRaises(systemdeps.MissingPackages) as caught:
            systemdeps.ensure([NO_SUCH_PACKAGE], is_root=True, run=run)
        self.assertIn(f"apt-get could not install: {NO_SUCH_PACKAGE}", str(caught.exception))


class TestMakeTest(unittest.TestCase):
    def test_make_test_and_test_fast_install_the_packages_first(self):
        for target in ("test", "test-fast"):
            result = subprocess.run(["make", "-n", target], cwd=ROOT, capture_output=True,
                                    text=True, env={"PATH": "/usr/bin:/bin"})
            lines = result.stdout.splitlines()
            setup = [n for n, line in enumerate(lines) if "-m ville_site.systemdeps" in line]
            runner = [n for n, line in enumerate(lines) if "zope-testrunner" in line]
            self.assertTrue(setup and runner, result.stdout + result.stderr)
            self.assertLess(setup[0], runner[0])


class TestRequireTools(unittest.TestCase):
    def test_a_missing_tool_skips_outside_ci_and_fails_under_ci(self):
        case = unittest.TestCase()
        with self.assertRaises(unittest.SkipTest):
            require_tools(case, "varnishd not installed", environ={})
        with self.assertRaises(unittest.SkipTest):
            require_tools(case, "varnishd not installed", environ={"CI": "false"})
        with self.assertRaises(case.failureException) as caught:
            require_tools(case, "varnishd not installed", environ={"CI": "true"})
        self.assertIn("varnishd not installed", str(caught.exception))

    def test_nothing_missing_neither_skips_nor_fails(self):
        require_tools(unittest.TestCase(), [], environ={"CI": "true"})
        require_tools(unittest.TestCase(), None, environ={"CI": "true"})
