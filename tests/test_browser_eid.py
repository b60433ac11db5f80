"""The eID / itsme login in a real browser (Debian's Chromium through
Playwright) on the Péruwelz site served by a real WSGI server, against the
test OpenID Connect provider on loopback: the eID button, the provider's
page, back on the site logged in, a criminal-record extract for oneself
(download: eID required) with the number locked, seen by the agent as
``eid``."""

from contextlib import ExitStack
from plone import api
from plone.app.testing import FunctionalTesting
from plone.testing import Layer
from tests.browser.helpers import BrowserTestCase
from tests.layers import SITE_FIXTURE
from tests.test_browser_eguichet_forms import CitizenFormBase
from plone.testing.zope import WSGI_SERVER_FIXTURE

import re
import time
import transaction


FORM = "/e-guichet/extrait-de-casier-judiciaire"
AGENT, PASSWORD = "agent-casier", "Un-mot-de-passe-2026"


class ProviderLayer(Layer):
    def setUp(self):
        from ville.eguichet import testprovider

        self._stack = ExitStack()
        self["provider"], self["issuer"] = self._stack.enter_context(testprovider.running())

    def tearDown(self):
        self._stack.close()


EID_SITE_SERVER = FunctionalTesting(
    bases=(SITE_FIXTURE, WSGI_SERVER_FIXTURE, ProviderLayer(name="OIDCProvider")),
    name="VilleSite:EidServer",
)


class TestEidInBrowser(BrowserTestCase):
    layer = EID_SITE_SERVER
    level = 2  # Chromium and two servers

    def setUp(self):
        super().setUp()
        from ville.eguichet import fas

        fas.configure(self.portal, self.layer["issuer"], "ville-peruwelz", "secret")
        api.user.create(email="agent@peruwelz.example", username=AGENT, password=PASSWORD)
        api.group.add_user(groupname="agents-eguichet", username=AGENT)
        transaction.commit()

    def test_eid_login_then_criminal_record_for_oneself(self):
        page = self.page
        self.open(FORM)
        self.assertTrue(page.locator("#eguichet-eid-login").is_visible())
        started = time.perf_counter()
        with page.expect_navigation():
            page.click("#eguichet-eid-login")
        self.assertTrue(page.url.startswith(self.layer["issuer"]), page.url)
        with page.expect_navigation(url=re.compile(re.escape(self.base + FORM))):
            page.click("button[name='sub'][value='marie']")
        print(f"\n  eID login round trip in Chromium: "
              f"{(time.perf_counter() - started) * 1000:.0f} ms", end=" ")
        number = page.locator("[name='form.widgets.national_number']")
        self.assertEqual(number.input_value(), "85.07.30-***.**")
        self.assertIsNotNone(number.get_attribute("readonly"))
        self.assertEqual(page.locator("[name='form.widgets.first_name']").input_value(), "Marie")
        self.assertNotIn("85073003328", page.content())
        for name, value in {
            "email": "marie.dupont@example.be", "phone": "069 12 34 56",
            "street": "Rue Neuve 1", "postal_code": "7600", "city": "Péruwelz",
            "copies": "1",
        }.items():
            CitizenFormBase.to_step_of(self, page, name)  # the form's steps
            page.fill(f"[name='form.widgets.{name}']", value)
        for name, value in {"delivery": "download", "model": "595",
                            "purpose": "employment"}.items():
            CitizenFormBase.to_step_of(self, page, name)
            field = page.locator(
                f"[name='form.widgets.{name}'], [name='form.widgets.{name}:list']"
            ).first
            if field.evaluate("e => e.tagName") == "SELECT":
                field.select_option(value)
            else:
                page.check(f"[name^='form.widgets.{name}'][value='{value}']")
        CitizenFormBase.submit(self, page)  # "Continuer" on the last step
        # "Vérifier ma demande": the number stays masked, then "Envoyer ma demande".
        self.assertIn("@@eguichet-verifier", page.url)
        self.assertIn("85.07.30-***.**", page.locator("#content").inner_text())
        self.assertNotIn("85073003328", page.content())
        with page.expect_navigation():
            page.click("[name='form.buttons.confirm']")
        found = re.search(r"EG-\d{8}-[0-9A-Z]{6}", page.content())
        self.assertIsNotNone(found, page.locator("#content").inner_text()[:1000])
        # The agent sees the request's identity level.
        agent = self.new_context().new_page()
        self.login(AGENT, PASSWORD, agent)
        agent.goto(f"{self.base}/eguichet-demandes/{found.group(0)}")
        level = agent.locator(".eguichet-identity-level strong")
        self.assertEqual(level.get_attribute("data-level"), "eid")
