"""The add-ons as another municipality gets them: built wheels, installed
(not editable) into a fresh virtualenv with the pinned Plone, in plain Plone
6.2 classic sites made without any profile of ours.

Every other test of the project runs on editable installs, which read the
source tree: a file or a dependency left out of a distribution is only seen
here. One ZODB holds four sites, made by tests/wheelsite/make_sites.py run by
the fresh virtualenv's python: ``policy``, ``theme`` and ``eguichet`` (each
add-on installed alone through GenericSetup: they do not need one another)
and ``all`` (the three). The fresh virtualenv's waitress serves them; the
tests talk HTTP to it, as a browser or a REST client would.
"""

from pathlib import Path
from tests.servers import free_port
from tests.servers import http
from tests.servers import ROOT
from tests.servers import Server
from tests.wheelsite import instance

import html
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import unittest


ADDONS = ("ville.policy", "ville.theme", "ville.eguichet")
# The sites make_sites.py makes, and the add-ons each one gets.
SITES = {
    "policy": {"ville.policy"},
    "theme": {"ville.theme"},
    "eguichet": {"ville.eguichet"},
    "all": set(ADDONS),
}
ADMIN = ("admin", "wheel-admin-1")
# The members make_sites.py creates in every site.
PASSWORD = "wheel-secret-1"
CITIZEN = ("citoyen", PASSWORD)
NEIGHBOUR = ("voisin", PASSWORD)
AGENT = ("agent", PASSWORD)


def run(command, timeout, cwd, env=None):
    result = subprocess.run(
        command, cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout
    )
    if result.returncode != 0:
        raise AssertionError(
            f"{' '.join(map(str, command))} failed ({result.returncode}):\n"
            f"{result.stdout[-3000:]}\n{result.stderr[-5000:]}"
        )
    return result


class TestInstalledWheels(unittest.TestCase):
    level = 2  # builds three wheels, installs the lock into a new virtualenv: minutes

    @classmethod
    def setUpClass(cls):
        cls.folder = Path(tempfile.mkdtemp(prefix="ville-wheels-"))
        try:
            cls.build_and_install()
            cls.make_sites()
            cls.start_server()
        except BaseException:
            cls.tearDownClass()
            raise

    @classmethod
    def tearDownClass(cls):
        server = getattr(cls, "server", None)
        if server is not None:
            server.stop()
        shutil.rmtree(cls.folder, ignore_errors=True)

    # -- setting up ------------------------------------------------------

    @classmethod
    def build_and_install(cls):
        dist = cls.folder / "dist"
        for addon in ADDONS:
            # As `make dist` does: an sdist, then the wheel built from the
            # unpacked sdist (what a package index serves), with the pinned
            # setuptools of the project's virtualenv (no build isolation).
            run([sys.executable, "-m", "build", "--no-isolation", "--outdir", str(dist),
                 str(ROOT / "src" / addon)], timeout=300, cwd=ROOT)
        cls.wheels = sorted(dist.glob("*.whl"))
        assert len(cls.wheels) == 3, cls.wheels
        # A clean environment: no PYTHONPATH, and a working directory outside
        # the repository, so that nothing of the source tree is importable.
        cls.env = {
            key: value for key, value in os.environ.items()
            if key not in ("PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV", "PYTHONSTARTUP")
        }
        cls.env["PIP_DISABLE_PIP_VERSION_CHECK"] = "1"
        venv = cls.folder / "venv"
        run([sys.executable, "-m", "venv", str(venv)], timeout=120, cwd=cls.folder,
            env=cls.env)
        cls.python = venv / "bin" / "python"
        # No byte-compiling of ~300 distributions: what is imported compiles.
        pip = [str(cls.python), "-m", "pip", "install", "--quiet", "--no-compile"]
        run(pip + ["-r", str(ROOT / "requirements.lock")], timeout=900,
            cwd=cls.folder, env=cls.env)
        run(pip + ["--no-deps"] + [str(w) for w in cls.wheels], timeout=300,
            cwd=cls.folder, env=cls.env)
        # The wheels' declared requirements are all in the lock.
        run([str(cls.python), "-m", "pip", "check"], timeout=120, cwd=cls.folder,
            env=cls.env)
        cls.site_packages = Path(run(
            [str(cls.python), "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"],
            timeout=60, cwd=cls.folder, env=cls.env,
        ).stdout.strip())

    @classmethod
    def make_sites(cls):
        cls.port = free_port()
        zope_conf = instance.write(cls.folder, cls.port)
        script = cls.folder / "make_sites.py"
        shutil.copy(Path(__file__).parent / "wheelsite" / "make_sites.py", script)
        cls.result = {}
        for site_id in SITES:
            result_path = cls.folder / f"{site_id}.json"
            run([str(cls.python), str(script), str(zope_conf), str(result_path), ADMIN[1],
                 site_id], timeout=600, cwd=cls.folder, env=cls.env)
            cls.result[site_id] = json.loads(result_path.read_text(encoding="utf-8"))

    @classmethod
    def start_server(cls):
        cls.server = Server(
            [str(cls.folder / "venv" / "bin" / "runwsgi"),
             str(cls.folder / "instance" / "etc" / "zope.ini")],
            env=cls.env, cwd=cls.folder, log_path=cls.folder / "server.log",
        ).start()
        cls.url = f"http://localhost:{cls.port}"
        cls.server.wait_until_serving(f"{cls.url}/policy", timeout=240)

    # -- helpers ---------------------------------------------------------

    def rest(self, method, url, auth=None, data=None):
        status, _, body = http(url, method=method, data=data, auth=auth,
                               accept="application/json")
        try:
            return status, json.loads(body)
        except ValueError:
            return status, body

    def page(self, url, auth=None):
        return http(url, auth=auth, accept="text/html")

    # -- the installation ------------------------------------------------

    def test_the_add_ons_come_from_the_wheels(self):
        wheel_names = {w.name.split("-")[0] for w in self.wheels}
        self.assertEqual(wheel_names, {"ville_policy", "ville_theme", "ville_eguichet"})
        for site_id, outcome in self.result.items():
            for module, path in outcome["modules"].items():
                self.assertTrue(
                    Path(path).is_relative_to(self.site_packages),
                    f"{module} imported from {path}, not from the fresh virtualenv",
                )
        self.assertFalse(list(self.site_packages.glob("__editable__*")))

    def test_each_add_on_installs_alone_and_with_the_others(self):
        for site_id, products in SITES.items():
            with self.subTest(site=site_id):
                outcome = self.result[site_id]
                self.assertIsNone(outcome["error"], f"site {site_id}:\n{outcome['error']}")
                installed = {p for p, done in outcome["installed"].items() if done}
                self.assertEqual(installed, products)

    # -- the theme -------------------------------------------------------

    def stylesheets(self, body):
        return [html.unescape(href) for href in
                re.findall(r'<link[^>]+href="([^"]+\.css[^"]*)"', body)]

    def test_the_theme_renders_the_home_page_with_its_css(self):
        for site_id in ("theme", "all"):
            with self.subTest(site=site_id):
                status, headers, body = self.page(f"{self.url}/{site_id}")
                self.assertEqual(status, 200, body[-2000:])
                # The Diazo theme's index.html (once missing from the wheel).
                self.assertIn('id="ville-header"', body)
                [css] = [href for href in self.stylesheets(body)
                         if "++plone++ville.theme/ville.css" in href]
                status, headers, stylesheet = http(css)
                self.assertEqual(status, 200, css)
                self.assertEqual(headers.get_content_type(), "text/css")
                self.assertIn("--ville-", stylesheet)

    def test_without_the_theme_the_site_keeps_barceloneta(self):
        for site_id in ("policy", "eguichet"):
            with self.subTest(site=site_id):
                status, _, body = self.page(f"{self.url}/{site_id}")
                self.assertEqual(status, 200)
                self.assertNotIn('id="ville-header"', body)
                self.assertFalse([h for h in self.stylesheets(body) if "ville.theme" in h])

    # -- a policy type ---------------------------------------------------

    def test_a_procedure_is_added_and_published(self):
        for site_id in ("policy", "all"):
            with self.subTest(site=site_id):
                status, item = self.rest("POST", f"{self.url}/{site_id}", ADMIN, {
                    "@type": "Procedure", "id": "permis", "title": "Permis de conduire",
                    "category": "permit", "cost": "30 €",
                })
                self.assertEqual(status, 201, item)
                self.assertEqual(item["review_state"], "private")
                url = item["@id"]
                self.assertEqual(url, f"{self.url}/{site_id}/permis")
                self.assertEqual(self.rest("GET", url)[0], 401)
                status, body = self.rest("POST", f"{url}/@workflow/publish", ADMIN)
                self.assertEqual(status, 200, body)
                self.assertEqual(body["review_state"], "published")
                status, item = self.rest("GET", url)
                self.assertEqual(status, 200, item)
                self.assertEqual(item["category"]["token"], "permit")
                status, _, body = self.page(url)
                self.assertEqual(status, 200)
                self.assertIn("Permis de conduire", body)

    def test_without_the_policy_there_is_no_procedure_type(self):
        status, body = self.rest("POST", f"{self.url}/theme", ADMIN, {
            "@type": "Procedure", "title": "Permis de conduire", "category": "permit",
        })
        self.assertEqual(status, 403, body)
        self.assertIn("No content type with the name 'Procedure'", body["error"]["message"])

    # -- the e-guichet ---------------------------------------------------

    def test_a_submission_reaches_the_agents(self):
        for site_id in ("eguichet", "all"):
            with self.subTest(site=site_id):
                site = f"{self.url}/{site_id}"
                status, body = self.rest("POST", f"{site}/acte/@eguichet-submit", CITIZEN, {
                    "first_name": "Marie", "last_name": "Dupont",
                    "email": "marie@example.org", "copies": 2,
                })
                self.assertEqual(status, 201, body)
                self.assertEqual(body["review_state"], "submitted")
                reference = body["reference"]

                status, listing = self.rest("GET", f"{site}/@eguichet-requests", AGENT)
                self.assertEqual(status, 200, listing)
                [item] = [i for i in listing["items"] if i["reference"] == reference]
                self.assertEqual(item["requester"], "citoyen")
                self.assertEqual(item["procedure"], "Acte de naissance")
                status, detail = self.rest("GET", item["@id"], AGENT)
                self.assertEqual(status, 200, detail)

                # Another member sees nothing of it; anonymous must log in.
                status, listing = self.rest("GET", f"{site}/@eguichet-requests", NEIGHBOUR)
                self.assertEqual(status, 200, listing)
                self.assertNotIn(reference, [i["reference"] for i in listing["items"]])
                self.assertIn(self.rest("GET", item["@id"], NEIGHBOUR)[0], (401, 403, 404))
                self.assertEqual(self.rest("GET", f"{site}/@eguichet-requests")[0], 401)

    def test_an_invalid_submission_is_refused_and_stores_nothing(self):
        site = f"{self.url}/eguichet"
        before = self.rest("GET", f"{site}/@eguichet-requests", AGENT)[1]["items_total"]
        status, body = self.rest("POST", f"{site}/acte/@eguichet-submit", CITIZEN, {
            "first_name": "Marie", "last_name": "Dupont", "email": "pas-un-courriel",
            "copies": 9,
        })
        self.assertEqual(status, 400, body)
        after = self.rest("GET", f"{site}/@eguichet-requests", AGENT)[1]["items_total"]
        self.assertEqual(after, before)
