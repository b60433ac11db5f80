"""Abuse limits on the real WSGI server (waitress): submissions per account
and per address (REST and HTML form), failed logins (login form, @login,
HTTP Basic), self-registrations, tracking-link replies and uploads. Over a
limit: 429 with Retry-After, a French message, nothing stored, a WARNING
line. A citizen's normal day never meets them; EGUICHET_RATE_LIMITS=off
switches them off."""

from base64 import b64encode
from plone import api
from plone.app.testing import setRoles
from plone.app.testing import TEST_USER_ID
from ville.eguichet import api as eguichet
from ville.eguichet import ratelimit
from ville.eguichet.testing import VILLE_EGUICHET_SERVER_TESTING
from ville.eguichet.tests import base
from zope.testbrowser.browser import Browser

import io
import requests
import transaction
import unittest
import ZPublisher.HTTPRequest


PDF_B64 = b64encode(base.PDF).decode()


class Base(unittest.TestCase):
    layer = VILLE_EGUICHET_SERVER_TESTING

    def setUp(self):
        self.portal = self.layer["portal"]
        base.make_users(self.portal)
        self.form = base.make_form(self.portal)
        self.anon_form = base.make_form(self.portal, id="anonyme", anonymous=True)
        self.store = eguichet.get_store()
        # A French site, as the municipalities' are.
        api.portal.set_registry_record("plone.available_languages", ["fr"])
        api.portal.set_registry_record("plone.default_language", "fr")
        transaction.commit()
        self.site = f"http://localhost:{self.layer['port']}/plone"
        ratelimit.COUNTERS.clear()
        self.assertTrue(ratelimit.ENABLED, "limits are on unless switched off")
        # As a started instance with `trusted-proxy 127.0.0.1`: the tests
        # speak for several client addresses through X-Forwarded-For.
        self._trusted = list(ZPublisher.HTTPRequest.trusted_proxies)
        ZPublisher.HTTPRequest.trusted_proxies[:] = ["127.0.0.1"]

    def tearDown(self):
        ZPublisher.HTTPRequest.trusted_proxies[:] = self._trusted
        ratelimit.COUNTERS.clear()

    def limits(self, **counts):
        for name, count in counts.items():
            api.portal.set_registry_record(f"ville.eguichet.limit_{name}", count)
        transaction.commit()

    def post(self, url, data, user=None, address="198.51.100.7", password=None):
        headers = {"Accept": "application/json", "X-Forwarded-For": address,
                   "Accept-Language": "fr"}
        auth = (user, password or base.PASSWORD) if user else None
        return requests.post(url, json=data, headers=headers, auth=auth, timeout=60)

    def submit(self, user=base.CITIZEN, address="198.51.100.7", form=None, **values):
        form = form or self.form
        return self.post(
            f"{form.absolute_url().replace('http://nohost/plone', self.site)}"
            "/@eguichet-submit",
            base.valid_data(**values),
            user=user,
            address=address,
        )

    def count(self):
        self.store._p_jar.sync()
        return len(self.store.objectIds())

    def assert_refused(self, response, french):
        self.assertEqual(response.status_code, 429, response.text[:500])
        self.assertGreater(int(response.headers["Retry-After"]), 0)
        self.assertIn(french, response.text)


class TestSubmissions(Base):
    def test_rest_submissions_per_account(self):
        self.limits(submissions_per_account=3, submissions_per_address=100)
        for _ in range(3):
            self.assertEqual(self.submit().status_code, 201)
        with self.assertLogs("ville.eguichet", level="WARNING") as logs:
            response = self.submit()
        self.assert_refused(response, "veuillez patienter")
        error = response.json()["error"]
        self.assertEqual(error["type"], "TooManyRequests")
        self.assertEqual(self.count(), 3)  # nothing stored
        line = "\n".join(logs.output)
        self.assertIn("submissions_per_account", line)
        self.assertIn("account:citizen1", line)
        self.assertNotIn("@", line)
        # Another account from the same address is not concerned.
        self.assertEqual(self.submit(user=base.OTHER).status_code, 201)

    def test_rest_submissions_per_address(self):
        self.limits(submissions_per_account=100, submissions_per_address=2)
        self.assertEqual(self.submit(user=None, form=self.anon_form).status_code, 201)
        self.assertEqual(self.submit(user=base.OTHER).status_code, 201)
        with self.assertLogs("ville.eguichet", level="WARNING") as logs:
            response = self.submit(user=None, form=self.anon_form)
        self.assert_refused(response, "patienter")
        self.assertEqual(self.count(), 2)
        line = "\n".join(logs.output)
        self.assertIn("submissions_per_address", line)
        self.assertIn("address-hash:", line)
        self.assertNotIn("198.51.100.7", line)
        self.assertNotIn("marie@example.org", line)
        # Another address is served.
        response = self.submit(user=None, form=self.anon_form, address="203.0.113.9")
        self.assertEqual(response.status_code, 201)

    def html_submit(self, address):
        browser = Browser(wsgi_app=None)
        browser.raiseHttpErrors = False
        browser.addHeader("X-Forwarded-For", address)
        browser.addHeader("Accept-Language", "fr")
        browser.open(f"{self.site}/anonyme")
        for name, value in base.valid_data(copies="1").items():
            browser.getControl(name=f"form.widgets.{name}").value = value
        browser.getControl(name="form.buttons.submit").click()
        base.confirm_summary(browser)
        return browser

    def test_html_form_over_the_limit_shows_the_form_again(self):
        self.limits(submissions_per_address=1)
        first = self.html_submit("192.0.2.10")
        self.assertIn("@@eguichet-merci", first.url)
        with self.assertLogs("ville.eguichet", level="WARNING"):
            second = self.html_submit("192.0.2.10")
        self.assertEqual(second.headers["status"].split()[0], "429")
        self.assertGreater(int(second.headers["Retry-After"]), 0)
        self.assertIn("patienter", second.contents)
        # The form is shown again, with what the citizen typed.
        self.assertEqual(second.getControl(name="form.widgets.last_name").value, "Dupont")
        self.assertEqual(self.count(), 1)

    def test_uploads_per_account(self):
        self.limits(uploads_per_account=2, uploads_per_address=100)
        attachment = {"data": PDF_B64, "encoding": "base64",
                      "filename": "piece.pdf", "content-type": "application/pdf"}
        for _ in range(2):
            self.assertEqual(self.submit(attachment=attachment).status_code, 201)
        with self.assertLogs("ville.eguichet", level="WARNING") as logs:
            response = self.submit(attachment=attachment)
        self.assert_refused(response, "fichiers")
        self.assertIn("uploads_per_account", "\n".join(logs.output))
        self.assertEqual(self.count(), 2)
        # Without a file, the request still goes.
        self.assertEqual(self.submit().status_code, 201)


class TestReplies(Base):
    def anonymous_request(self):
        response = self.submit(user=None, form=self.anon_form)
        self.assertEqual(response.status_code, 201)
        return response.json()

    def ask_info(self, reference):
        setRoles(self.portal, TEST_USER_ID, ["Manager"])
        self.store._p_jar.sync()
        request = self.store[reference]
        api.content.transition(request, transition="take")
        api.portal.get_tool("portal_workflow").doActionFor(
            request, "ask_info", comment="Une pièce manque."
        )
        transaction.commit()

    def reply(self, tracking_url, address="198.51.100.20"):
        session = requests.Session()
        url = tracking_url.replace("http://nohost/plone", self.site)
        session.headers.update({"X-Forwarded-For": address, "Accept-Language": "fr"})
        page = session.get(url, timeout=60)
        token = page.text.split('name="_authenticator" value="')[1].split('"')[0]
        return session.post(
            url,
            data={"comment": "Voici la pièce.", "_authenticator": token},
            files={"files": ("piece.pdf", io.BytesIO(base.PDF), "application/pdf")},
            allow_redirects=False,
            timeout=60,
        )

    def test_tracking_replies_per_address(self):
        self.limits(replies_per_address=2, submissions_per_address=100)
        created = [self.anonymous_request() for _ in range(3)]
        for item in created:
            self.ask_info(item["reference"])
        for item in created[:2]:
            self.assertEqual(self.reply(item["tracking_url"]).status_code, 302)
        with self.assertLogs("ville.eguichet", level="WARNING") as logs:
            response = self.reply(created[2]["tracking_url"])
        self.assert_refused(response, "réponses")
        self.assertIn("replies_per_address", "\n".join(logs.output))
        self.store._p_jar.sync()
        request = self.store[created[2]["reference"]]
        self.assertEqual(api.content.get_state(request), "awaiting_citizen")
        self.assertEqual(request.citizen_files, [])
        # From another address, the reply goes.
        self.assertEqual(self.reply(created[2]["tracking_url"], "203.0.113.4").status_code, 302)


class TestLogins(Base):
    def form_login(self, password, address):
        browser = Browser(wsgi_app=None)
        browser.raiseHttpErrors = False
        browser.addHeader("X-Forwarded-For", address)
        browser.addHeader("Accept-Language", "fr")
        browser.open(f"{self.site}/login")
        browser.getControl(name="__ac_name").value = base.CITIZEN
        browser.getControl(name="__ac_password").value = password
        browser.getControl(name="buttons.login").click()
        return browser

    def test_login_form(self):
        self.limits(login_failures_per_address=2)
        for _ in range(2):
            browser = self.form_login("wrong", "192.0.2.30")
            self.assertEqual(browser.headers["status"].split()[0], "200")
            self.assertIn("__ac_password", browser.contents)
        with self.assertLogs("ville.eguichet", level="WARNING") as logs:
            browser = self.form_login(base.PASSWORD, "192.0.2.30")
        # Even the right password is not checked while over the limit.
        self.assertEqual(browser.headers["status"].split()[0], "429")
        self.assertGreater(int(browser.headers["Retry-After"]), 0)
        self.assertIn("connexions", browser.contents)
        self.assertNotIn("__ac=", browser.headers.get("Set-Cookie", ""))
        line = "\n".join(logs.output)
        self.assertIn("login_failures_per_address", line)
        self.assertNotIn(base.CITIZEN, line)
        # Another address logs in.
        browser = self.form_login(base.PASSWORD, "192.0.2.31")
        self.assertEqual(browser.headers["status"].split()[0], "200")
        self.assertIn("__ac", str(browser.cookies.keys()))

    def rest_login(self, password, address):
        return self.post(
            f"{self.site}/@login",
            {"login": base.CITIZEN, "password": password},
            address=address,
        )

    def test_rest_login(self):
        self.limits(login_failures_per_address=2)
        self.assertEqual(self.rest_login(base.PASSWORD, "192.0.2.40").status_code, 200)
        for _ in range(2):
            self.assertEqual(self.rest_login("wrong", "192.0.2.40").status_code, 401)
        with self.assertLogs("ville.eguichet", level="WARNING"):
            response = self.rest_login(base.PASSWORD, "192.0.2.40")
        self.assert_refused(response, "connexions")
        self.assertNotIn("token", response.json())

    def basic(self, password, address):
        return requests.get(
            f"{self.site}/@@mes-demandes",
            auth=(base.CITIZEN, password),
            headers={"X-Forwarded-For": address, "Accept-Language": "fr"},
            allow_redirects=False,
            timeout=60,
        )

    def test_basic_authentication(self):
        self.limits(login_failures_per_address=2)
        # Right passwords are not counted, however many.
        for _ in range(5):
            self.assertEqual(self.basic(base.PASSWORD, "192.0.2.50").status_code, 200)
        for _ in range(2):
            self.assertNotEqual(self.basic("wrong", "192.0.2.50").status_code, 200)
        with self.assertLogs("ville.eguichet", level="WARNING"):
            response = self.basic(base.PASSWORD, "192.0.2.50")
        self.assert_refused(response, "connexions")
        self.assertEqual(self.basic(base.PASSWORD, "192.0.2.51").status_code, 200)


class TestRegistrations(Base):
    def setUp(self):
        super().setUp()
        api.portal.set_registry_record("plone.enable_self_reg", True)
        transaction.commit()

    def register(self, number, address="192.0.2.60"):
        return self.post(
            f"{self.site}/@users",
            {"username": f"new{number}", "email": f"new{number}@example.org",
             "fullname": f"New {number}"},
            address=address,
        )

    def test_registrations_per_address(self):
        self.limits(registrations_per_address=2)
        for number in range(2):
            response = self.register(number)
            self.assertEqual(response.status_code, 201, response.text)
        with self.assertLogs("ville.eguichet", level="WARNING") as logs:
            response = self.register(2)
        self.assert_refused(response, "comptes")
        self.assertIn("registrations_per_address", "\n".join(logs.output))
        self.portal._p_jar.sync()
        self.assertIsNone(api.user.get(username="new2"))
        self.assertEqual(self.register(3, address="192.0.2.61").status_code, 201)

    def html_register(self, number, address):
        browser = Browser(wsgi_app=None)
        browser.raiseHttpErrors = False
        browser.addHeader("X-Forwarded-For", address)
        browser.open(f"{self.site}/@@register")
        browser.getControl(name="form.widgets.fullname").value = f"Web {number}"
        browser.getControl(name="form.widgets.username").value = f"web{number}"
        browser.getControl(name="form.widgets.email").value = f"web{number}@example.org"
        browser.getControl(name="form.buttons.register").click()
        return browser

    def test_registration_form(self):
        self.limits(registrations_per_address=1)
        self.html_register(1, "192.0.2.62")
        self.portal._p_jar.sync()
        self.assertIsNotNone(api.user.get(username="web1"))
        with self.assertLogs("ville.eguichet", level="WARNING"):
            browser = self.html_register(2, "192.0.2.62")
        self.assertEqual(browser.headers["status"].split()[0], "429")
        self.assertIn("comptes", browser.contents)
        self.portal._p_jar.sync()
        self.assertIsNone(api.user.get(username="web2"))


class TestNormalDayAndSwitch(Base):
    def test_a_citizens_day_never_meets_the_defaults(self):
        # The defaults of the registry (eguichet.yaml may change them).
        self.assertEqual(ratelimit.limit_count("submissions_per_account"), 10)
        session = requests.Session()
        headers = {"X-Forwarded-For": "192.0.2.70", "Accept": "application/json"}
        # A typo in the password, then the right one.
        response = session.post(f"{self.site}/@login", headers=headers,
                                json={"login": base.CITIZEN, "password": "typo"})
        self.assertEqual(response.status_code, 401)
        response = session.post(f"{self.site}/@login", headers=headers,
                                json={"login": base.CITIZEN, "password": base.PASSWORD})
        self.assertEqual(response.status_code, 200)
        headers["Authorization"] = f"Bearer {response.json()['token']}"
        attachment = {"data": PDF_B64, "encoding": "base64",
                      "filename": "piece.pdf", "content-type": "application/pdf"}
        url = f"{self.site}/acte/@eguichet-submit"
        # A few requests, two of them with a file; a validation error.
        answers = [
            session.post(url, headers=headers, json=base.valid_data(attachment=attachment)),
            session.post(url, headers=headers, json=base.valid_data(copies=9)),
            session.post(url, headers=headers, json=base.valid_data(attachment=attachment)),
            session.post(url, headers=headers, json=base.valid_data()),
        ]
        self.assertEqual([a.status_code for a in answers], [201, 400, 201, 201])
        for _ in range(20):  # reading the own requests, many times
            self.assertEqual(
                session.get(f"{self.site}/@eguichet-requests", headers=headers).status_code,
                200,
            )
        self.assertEqual(self.count(), 3)
        # Counted: the requests and the files (account and address), the typo.
        self.assertEqual(len(ratelimit.COUNTERS), 5)

    def test_switched_off(self):
        self.limits(submissions_per_account=1, login_failures_per_address=1)
        try:
            self.assertFalse(ratelimit.read_environ({"EGUICHET_RATE_LIMITS": "off"}))
            for _ in range(3):
                self.assertEqual(self.submit().status_code, 201)
                self.assertIn(
                    TestLogins.basic(self, "wrong", "192.0.2.80").status_code, (302, 401)
                )
            self.assertEqual(TestLogins.basic(self, base.PASSWORD, "192.0.2.80").status_code,
                             200)
        finally:
            self.assertTrue(ratelimit.read_environ({}))
        # Back on: nothing was counted while off.
        self.assertEqual(self.submit().status_code, 201)
        self.assertEqual(self.submit().status_code, 429)
