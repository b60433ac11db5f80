"""Browser-test plumbing: Debian's Chromium driven by Playwright for Python,
axe-core (from npm, see package.json) injected into pages, screenshots.

Never `playwright install`: the browser is /usr/bin/chromium (.ci/apt.d/theme.txt).
"""

from pathlib import Path

import atexit
import json
import shutil
import subprocess
import unittest


HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
AXE = HERE / "node_modules" / "axe-core" / "axe.min.js"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
SCREENSHOTS = ROOT / "screenshots"
TIMEOUT_MS = 20_000


def ensure_axe() -> Path:
    """axe-core from tests/browser/package-lock.json (`make browser-deps`
    installs it; this covers a bare zope-testrunner run). Offline once
    installed."""
    if not AXE.is_file():
        npm = shutil.which("npm")
        if npm is None:
            raise RuntimeError("npm is needed once to install axe-core (make browser-deps)")
        subprocess.run(
            [npm, "ci", "--no-audit", "--no-fund", "--loglevel=error"],
            cwd=HERE,
            check=True,
        )
    return AXE


_running = {}


def browser():
    """The Chromium shared by the browser tests, started on first use and
    stopped when the test process exits (zope.testrunner runs no class
    fixtures)."""
    if "browser" not in _running:
        from playwright.sync_api import sync_playwright

        if not Path(CHROMIUM).is_file():
            raise RuntimeError(f"{CHROMIUM} is missing: apt-get install chromium")
        ensure_axe()
        playwright = sync_playwright().start()
        _running["playwright"] = playwright
        _running["browser"] = playwright.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True
        )
        atexit.register(_stop)
    return _running["browser"]


def _stop():
    browser = _running.pop("browser", None)
    if browser is not None:
        browser.close()
        _running.pop("playwright").stop()


class BrowserTestCase(unittest.TestCase):
    """Pages in the shared Chromium; a fresh browser context (cookies,
    viewport) per test."""

    viewport = {"width": 1280, "height": 900}

    def setUp(self):
        self.portal = self.layer["portal"]
        self.base = f"http://localhost:{self.layer['port']}/{self.portal.getId()}"
        self.browser = browser()
        self.context = self.new_context()
        self.page = self.context.new_page()

    def tearDown(self):
        self.context.close()

    def new_context(self, **viewport):
        context = self.browser.new_context(
            viewport=viewport or self.viewport, locale="fr-BE", timezone_id="Europe/Brussels"
        )
        context.set_default_timeout(TIMEOUT_MS)
        # Nothing may come from elsewhere: fail any request that leaves the site.
        self.external_requests = getattr(self, "external_requests", [])
        context.route(
            lambda url: not url.startswith("http://localhost:"),
            self._refuse_external,
        )
        return context

    def _refuse_external(self, route):
        self.external_requests.append(route.request.url)
        route.abort()

    def open(self, path="", page=None):
        page = page or self.page
        response = page.goto(self.base + path, wait_until="load")
        self.assertIsNotNone(response)
        self.assertLess(response.status, 400, f"{path}: HTTP {response.status}")
        return response

    def login(self, user, password, page=None):
        page = page or self.page
        self.open("/login", page)
        page.fill("#__ac_name", user)
        page.fill("#__ac_password", password)
        with page.expect_navigation():
            page.click("button[name='buttons.login']")

    def axe_violations(self, page=None) -> list:
        """WCAG 2.1 A/AA violations that axe-core finds in the page."""
        page = page or self.page
        for frame in page.frames:
            frame.add_script_tag(path=str(AXE))
        result = page.evaluate(
            """async (tags) => {
                const r = await axe.run(document, {
                    runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']});
                return r.violations.map(v => ({
                    id: v.id, impact: v.impact, help: v.help,
                    nodes: v.nodes.slice(0, 5).map(n => n.target.join(' ') + ' :: '
                        + (n.failureSummary || '').replace(/\\s+/g, ' ').slice(0, 200))
                }));
            }""",
            AXE_TAGS,
        )
        return result

    def assertNoAxeViolations(self, what, page=None):
        violations = self.axe_violations(page)
        self.assertEqual(
            violations, [], f"{what}: axe WCAG 2.1 AA violations:\n"
            + json.dumps(violations, indent=1, ensure_ascii=False)
        )

    def screenshot(self, name, page=None):
        SCREENSHOTS.mkdir(exist_ok=True)
        path = SCREENSHOTS / f"{name}.png"
        page = page or self.page
        # load lazy images first
        page.evaluate("window.scrollTo(0, document.body.scrollHeight)")
        page.wait_for_load_state("networkidle")
        page.evaluate("window.scrollTo(0, 0)")
        page.screenshot(path=str(path), full_page=True)
        return path
