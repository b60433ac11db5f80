"""The eID / itsme login (FAS, OpenID Connect) against a real provider on
loopback (ville.eguichet.testprovider), through a real WSGI server: the
flow, what is refused, the identity levels of requests, HTML and REST."""

from contextlib import ExitStack
from plone import api
from plone.app.testing import FunctionalTesting
from plone.testing import Layer
from plone.testing.zope import WSGI_SERVER_FIXTURE
from urllib.parse import parse_qs
from urllib.parse import urlparse
from ville.eguichet import fas
from ville.eguichet import identity
from ville.eguichet import testprovider
from ville.eguichet.documents.config import form_config
from ville.eguichet.documents.config import set_form_config
from ville.eguichet.documents.testing import DOCUMENTS_FIXTURE
from ville.eguichet.tests import base as engine_base

import base64
import email
import hashlib
import re
import requests
import time
import transaction
import unittest


CASIER = "e-guichet/extrait-de-casier-judiciaire"
KEPT_NOTHING = "été conservé"  # "rien n'a été conservé": the site speaks French
USERS = dict(testprovider.USERS)
USERS["no-number"] = {"givenName": "Sans", "surname": "Numéro", "mail": "sans@example.be"}
USERS["bad-number"] = {"egovNRN": "85073003329", "givenName": "Faux", "surname": "Chiffre"}


class ProviderLayer(Layer):
    """The OpenID Connect provider on loopback, for the layer's tests."""

    def setUp(self):
        self._stack = ExitStack()
        self["provider"], self["issuer"] = self._stack.enter_context(
            testprovider.running(users=USERS)
        )

    def tearDown(self):
        self._stack.close()


PROVIDER_FIXTURE = ProviderLayer(name="OIDCProvider")
EID_SERVER_TESTING = FunctionalTesting(
    bases=(DOCUMENTS_FIXTURE, WSGI_SERVER_FIXTURE, PROVIDER_FIXTURE),
    name="EguichetDocuments:EidServer",
)


def casier_values(**changes):
    values = {
        "first_name": "Marie", "last_name": "Dupont",
        "national_number": "85073003328", "birth_date": "1985-07-30",
        "email": "marie.dupont@example.be", "phone": "069 12 34 56",
        "street": "Rue Neuve 1", "postal_code": "7600", "city": "Péruwelz",
        "copies": 1, "delivery": "download", "model": "595", "purpose": "employment",
    }
    values.update(changes)
    return values


class TestEidLogin(unittest.TestCase):
    layer = EID_SERVER_TESTING

    def setUp(self):
        self.provider, self.issuer = self.layer["provider"], self.layer["issuer"]
        self.portal = self.layer["portal"]
        self.site = f"http://localhost:{self.layer['port']}/plone"
        engine_base.make_users(self.portal)
        fas.configure(self.portal, self.issuer, "ville-test", "client-secret")
        form = self.portal.unrestrictedTraverse(CASIER)
        config = form_config(form)
        config["identity_by_delivery"] = {"download": "eid", "post": "eid"}
        set_form_config(form, config)
        transaction.commit()
        self.provider.faults.clear()
        self.provider.seen.clear()
        self.browser = requests.Session()

    # --- helpers ------------------------------------------------------------

    def login(self, sub="marie", browser=None, came_from=None):
        """The flow as a browser walks it; returns the callback's answer."""
        browser = browser or self.browser
        start = browser.get(
            f"{self.site}/@@eid-login",
            params={"came_from": came_from or f"{self.site}/{CASIER}"},
            allow_redirects=False,
        )
        self.assertEqual(start.status_code, 302, start.text[:300])
        authorize = start.headers["Location"]
        self.assertTrue(authorize.startswith(self.issuer), authorize)
        chosen = browser.post(authorize, data={"sub": sub}, allow_redirects=False)
        self.assertEqual(chosen.status_code, 302, chosen.text[:300])
        self.callback = chosen.headers["Location"]
        return browser.get(self.callback, allow_redirects=False)

    def submit(self, browser, values, form=CASIER):
        return browser.post(
            f"{self.site}/{form}/@eguichet-submit", json=values,
            headers={"Accept": "application/json"},
        )

    def as_agent(self, url):
        return requests.get(url, auth=(engine_base.AGENT, engine_base.PASSWORD),
                            headers={"Accept": "application/json"}).json()

    def password_browser(self):
        browser = requests.Session()
        browser.auth = (engine_base.CITIZEN, engine_base.PASSWORD)
        return browser

    def assertRefused(self, answer, text):
        self.assertEqual(answer.status_code, 401, answer.text[:300])
        self.assertIn("eid-error", answer.text)
        self.assertIn(text, answer.text)
        self.assertNotIn("__ac", answer.cookies)
        self.assertNotIn(identity.COOKIE, answer.cookies)
        # Still anonymous: a member's page is not shown.
        me = self.browser.get(f"{self.site}/@@eguichet-link-eid", allow_redirects=False)
        self.assertNotEqual(me.status_code, 200)

    # --- the flow -----------------------------------------------------------

    def test_login_round_trip_pkce_and_member(self):
        started = time.perf_counter()
        answer = self.login()
        elapsed = time.perf_counter() - started
        print(f"\n  eID login round trip on loopback: {elapsed * 1000:.0f} ms", end=" ")
        self.assertEqual(answer.status_code, 302, answer.text[:500])
        self.assertEqual(answer.headers["Location"], f"{self.site}/{CASIER}")
        self.assertIn("__ac", self.browser.cookies)
        # PKCE S256: the verifier sent with the code matches the challenge.
        authorize = next(s for s in self.provider.seen if s["path"] == "/oauth2/authorize")
        token = next(s for s in self.provider.seen if s["path"] == "/oauth2/token")
        self.assertEqual(authorize["args"]["code_challenge_method"], "S256")
        digest = hashlib.sha256(token["form"]["code_verifier"].encode()).digest()
        self.assertEqual(
            base64.urlsafe_b64encode(digest).decode().rstrip("="),
            authorize["args"]["code_challenge"],
        )
        self.assertIn("egovnrn", authorize["args"]["scope"].split())
        # The member: id from sub, never the number; the number protected.
        transaction.begin()
        key = identity.subject_key(self.issuer, "marie")
        user_id = identity.linked_user(key)
        self.assertEqual(user_id, identity.new_user_id(key))
        self.assertNotIn("85073003328", user_id)
        member = api.user.get(userid=user_id)
        self.assertEqual(member.getProperty("email"), "marie.dupont@example.be")
        self.assertEqual(member.getProperty("fullname"), "Marie Dupont")
        self.assertEqual(identity.national_number(user_id), "85073003328")
        self.assertNotIn("85073003328", str(member.getUser().getPropertysheet("mutable_properties").propertyItems()))
        # The form page: logged in, the number never in full.
        page = self.browser.get(f"{self.site}/{CASIER}")
        self.assertNotIn("85073003328", page.text)
        self.assertIn('value="85.07.30-***.**"', page.text)
        self.assertIn("eguichet-eid-locked", page.text)

    def test_warm_round_trip(self):
        self.login()  # discovery and keys now known
        times = []
        for _n in range(3):
            self.browser = requests.Session()
            started = time.perf_counter()
            self.assertEqual(self.login().status_code, 302)
            times.append(time.perf_counter() - started)
        print(f"\n  eID login round trip, warm: {min(times) * 1000:.0f}-"
              f"{max(times) * 1000:.0f} ms", end=" ")

    def test_password_account_links_its_eid(self):
        login = self.browser.post(f"{self.site}/login", data={
            "__ac_name": engine_base.CITIZEN, "__ac_password": engine_base.PASSWORD,
            "buttons.login": "Se connecter",
        }, allow_redirects=False)
        self.assertIn("__ac", self.browser.cookies, login.status_code)
        page = self.browser.get(f"{self.site}/@@eguichet-link-eid")
        self.assertIn("@@eid-login", page.text)
        start = self.browser.get(f"{self.site}/@@eid-login",
                                 params={"link": "1"}, allow_redirects=False)
        chosen = self.browser.post(start.headers["Location"], data={"sub": "lucas"},
                                   allow_redirects=False)
        answer = self.browser.get(chosen.headers["Location"], allow_redirects=False)
        self.assertEqual(answer.status_code, 302, answer.text[:300])
        transaction.begin()
        key = identity.subject_key(self.issuer, "lucas")
        self.assertEqual(identity.linked_user(key), engine_base.CITIZEN)
        self.assertEqual(identity.national_number(engine_base.CITIZEN), "17073003384")
        # The account keeps its address (no merge by e-mail either way).
        self.assertEqual(api.user.get(userid=engine_base.CITIZEN).getProperty("email"),
                         f"{engine_base.CITIZEN}@example.org")
        # An eID login of Lucas now opens the same account.
        self.browser = requests.Session()
        self.login("lucas")
        me = self.browser.get(f"{self.site}/@@eguichet-link-eid")
        self.assertIn("eguichet-eid-link", me.text)

    def test_login_without_mail_gives_and_confirms_an_address(self):
        import shutil
        import tempfile
        from ville.eguichet.tests.smtpsink import free_port
        from ville.eguichet.tests.smtpsink import SMTPSink

        # The real MailHost and its queue, to an SMTP server on loopback.
        queue, port = tempfile.mkdtemp(prefix="eid-mailqueue-"), free_port()
        real, mock = self.portal._original_MailHost, self.portal.MailHost
        api.portal.set_registry_record("plone.smtp_host", "localhost")
        api.portal.set_registry_record("plone.smtp_port", port)
        real.smtp_queue, real.smtp_queue_directory = True, queue
        self.portal.MailHost = real
        transaction.commit()
        sink = SMTPSink(port).start()
        try:
            answer = self.login("lucas")  # no mail claim
            self.assertEqual(answer.status_code, 302)
            self.assertIn("@@eguichet-eid-email", answer.headers["Location"])
            page = self.browser.get(answer.headers["Location"])
            token = page.text.split('name="_authenticator" value="', 1)[1].split('"', 1)[0]
            sent = self.browser.post(f"{self.site}/@@eguichet-eid-email", data={
                "email": "lucas.martin@example.be", "_authenticator": token})
            self.assertIn("eid-email-sent", sent.text)
            deadline = time.monotonic() + 30
            while not sink.messages and time.monotonic() < deadline:
                time.sleep(0.2)
            self.assertEqual(len(sink.messages), 1)
            message = email.message_from_bytes(sink.messages[0]["data"])
            self.assertEqual(message["To"], "lucas.martin@example.be")
            text = message.get_payload(decode=True).decode()
            link = re.search(r"http://\S+token=\S+", text)
            self.assertIsNotNone(link, text[:500])
            url = link.group(0)
            transaction.begin()
            user_id = identity.linked_user(identity.subject_key(self.issuer, "lucas"))
            self.assertEqual(api.user.get(userid=user_id).getProperty("email"), "")
            # Another account cannot use the link.
            self.assertEqual(requests.get(url, auth=(engine_base.CITIZEN, engine_base.PASSWORD)
                                          ).text.count("eid-email-error"), 1)
            confirmed = self.browser.get(url, allow_redirects=False)
            self.assertEqual(confirmed.status_code, 302, confirmed.text[:300])
            self.assertEqual(confirmed.headers["Location"], self.site)
            transaction.begin()
            self.assertEqual(api.user.get(userid=user_id).getProperty("email"),
                             "lucas.martin@example.be")
        finally:
            real._stopQueueProcessorThread()
            sink.stop()
            self.portal.MailHost = mock
            transaction.commit()
            shutil.rmtree(queue, ignore_errors=True)

    def test_replayed_callback_is_refused(self):
        self.assertEqual(self.login().status_code, 302)
        other = requests.Session()
        # Same state (and code) again, even with the flow's cookie copied.
        answer = other.get(self.callback, allow_redirects=False)
        self.assertEqual(answer.status_code, 401)
        self.assertNotIn("__ac", answer.cookies)

    def test_state_mismatch_is_refused(self):
        start = self.browser.get(f"{self.site}/@@eid-login", allow_redirects=False)
        chosen = self.browser.post(start.headers["Location"], data={"sub": "marie"},
                                   allow_redirects=False)
        url = chosen.headers["Location"]
        code = parse_qs(urlparse(url).query)["code"][0]
        answer = self.browser.get(f"{self.site}/@@eid-callback",
                                  params={"code": code, "state": "forged"},
                                  allow_redirects=False)
        self.assertRefused(answer, KEPT_NOTHING)

    def test_spoiled_tokens_are_refused(self):
        reasons = {
            "bad_signature": "ID token signature refused",
            "wrong_audience": "audience mismatch",
            "wrong_issuer": "issuer mismatch",
            "expired": "token expired",
            "other_nonce": "nonce mismatch",
        }
        for fault in testprovider.FAULTS:
            with self.subTest(fault=fault):
                self.browser = requests.Session()
                self.provider.faults = {fault}
                with self.assertLogs("ville.eguichet", "WARNING") as logs:
                    self.assertRefused(self.login(), KEPT_NOTHING)
                self.assertIn(f"eID login refused: {reasons[fault]}", "\n".join(logs.output))

    def test_missing_or_invalid_number_is_refused(self):
        self.assertRefused(self.login("no-number"), "numéro de registre national")
        self.browser = requests.Session()
        self.assertRefused(self.login("bad-number"), "pas valide")

    def test_logout_ends_the_provider_session(self):
        self.login()
        answer = self.browser.get(f"{self.site}/logout", allow_redirects=False)
        self.assertEqual(answer.headers["Location"], f"{self.site}/@@eid-logout")
        answer = self.browser.get(answer.headers["Location"], allow_redirects=False)
        self.assertTrue(answer.headers["Location"].startswith(
            f"{self.issuer}/oauth2/end_session?"), answer.headers["Location"])
        self.assertIn("post_logout_redirect_uri", answer.headers["Location"])

    # --- requests and their identity level ----------------------------------

    def test_eid_request_for_oneself(self):
        self.login()
        # Another number "for myself": refused.
        answer = self.submit(self.browser, casier_values(national_number="17073003384"))
        self.assertEqual(answer.status_code, 400, answer.text)
        self.assertEqual(answer.json()["error"]["errors"][0]["field"], "national_number")
        # Own number (names typed otherwise: the identity's are kept).
        answer = self.submit(self.browser, casier_values(first_name="Autre"))
        self.assertEqual(answer.status_code, 201, answer.text)
        request = self.as_agent(answer.json()["@id"])
        self.assertEqual(request["identity_level"], "eid")
        self.assertTrue(request["nn_from_identity"])
        self.assertEqual(request["values"]["first_name"], "Marie")
        items = self.as_agent(f"{self.site}/@eguichet-requests?identity_level=eid")["items"]
        self.assertEqual([i["identity_level"] for i in items], ["eid"])
        # The citizen does not see the level of its own request's JSON.
        mine = self.browser.get(answer.json()["@id"], headers={"Accept": "application/json"})
        self.assertIsNone(mine.json()["identity_level"])
        # Agents: the request page and the dashboard's filter.
        page = requests.get(answer.json()["@id"],
                            auth=(engine_base.AGENT, engine_base.PASSWORD))
        self.assertIn('data-level="eid"', page.text)
        export = requests.get(
            f"{self.site}/eguichet-demandes/@@eguichet-export?identity_level=password",
            auth=(engine_base.AGENT, engine_base.PASSWORD))
        self.assertNotIn("eid", export.text.split("\r\n", 1)[1])

    def test_password_account_download_refused_counter_accepted(self):
        browser = self.password_browser()
        answer = self.submit(browser, casier_values())
        self.assertEqual(answer.status_code, 403, answer.text)
        self.assertIn("eid", answer.json()["error"]["message"])
        answer = self.submit(browser, casier_values(delivery="post"))
        self.assertEqual(answer.status_code, 403, answer.text)
        answer = self.submit(browser, casier_values(delivery="counter"))
        self.assertEqual(answer.status_code, 201, answer.text)
        self.assertEqual(self.as_agent(answer.json()["@id"])["identity_level"], "password")

    def test_html_form_offers_eid_and_says_why(self):
        page = requests.get(f"{self.site}/{CASIER}")
        self.assertIn("eguichet-eid-login", page.text)
        self.assertIn("@@eid-login", page.text)
        login_page = requests.get(f"{self.site}/login")
        self.assertIn("eguichet-eid-login", login_page.text)
        # A password account choosing download: refused, the eID offered.
        browser = self.password_browser()
        form = browser.get(f"{self.site}/{CASIER}")
        token = form.text.split('name="_authenticator" value="', 1)[1].split('"', 1)[0]
        data = {f"form.widgets.{k}": str(v) for k, v in casier_values().items()}
        data["form.widgets.delivery:list"] = data.pop("form.widgets.delivery")
        data["form.widgets.model:list"] = data.pop("form.widgets.model")
        data["form.widgets.purpose:list"] = data.pop("form.widgets.purpose")
        data.update({"form.buttons.submit": "Envoyer", "_authenticator": token})
        answer = browser.post(f"{self.site}/{CASIER}", data=data)
        self.assertIn("eguichet-eid-why", answer.text)
        self.assertIn("eguichet-eid-login", answer.text)


class TestWithoutProvider(unittest.TestCase):
    layer = EID_SERVER_TESTING

    def test_no_button_nothing_breaks(self):
        site = f"http://localhost:{self.layer['port']}/plone"
        self.assertFalse(fas.configured())
        self.assertNotIn("eguichet-eid-login", requests.get(f"{site}/{CASIER}").text)
        self.assertNotIn("eguichet-eid-login", requests.get(f"{site}/login").text)
        answer = requests.get(f"{site}/@@eid-login", allow_redirects=False)
        self.assertEqual(answer.status_code, 302)
        self.assertFalse(answer.headers["Location"].startswith("http://localhost:1"))
