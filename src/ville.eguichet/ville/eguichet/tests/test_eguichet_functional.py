"""Through the publisher: HTML form vs REST, tracking link, listings and
leaks, exports, honeypot, request page, @workflow."""

from base64 import b64encode
from io import BytesIO
from plone import api
from plone.app.testing import SITE_OWNER_NAME
from plone.app.testing import SITE_OWNER_PASSWORD
from plone.testing.zope import Browser
from ville.eguichet import api as eguichet
from ville.eguichet.testing import VILLE_EGUICHET_FUNCTIONAL_TESTING
from ville.eguichet.tests import base

import json
import transaction
import unittest


class Base(unittest.TestCase):
    layer = VILLE_EGUICHET_FUNCTIONAL_TESTING

    def setUp(self):
        self.portal = self.layer["portal"]
        self.app = self.layer["app"]
        base.make_users(self.portal)
        self.form = base.make_form(self.portal)
        self.anon_form = base.make_form(self.portal, id="anonyme", anonymous=True)
        self.store = eguichet.get_store()
        transaction.commit()

    def browser(self, user=None):
        browser = Browser(self.app)
        browser.handleErrors = False
        browser.raiseHttpErrors = False
        if user:
            password = SITE_OWNER_PASSWORD if user == SITE_OWNER_NAME else base.PASSWORD
            browser.addHeader("Authorization", f"Basic {user}:{password}")
        return browser

    def rest(self, method, url, user=None, data=None):
        browser = self.browser(user)
        browser.handleErrors = True
        browser.addHeader("Accept", "application/json")
        if method == "GET":
            browser.open(url)
        else:
            browser.post(url, json.dumps(data or {}), "application/json")
        status = int(browser.headers["status"].split()[0])
        body = browser.contents
        return status, (json.loads(body) if body else None)

    def requests(self):
        self.store._p_jar.sync()
        return list(self.store.objectValues())


class TestSubmission(Base):
    def fill_html(self, browser, data, upload=None):
        browser.open(self.form.absolute_url())
        for name, value in data.items():
            browser.getControl(name=f"form.widgets.{name}").value = str(value)
        if upload:
            browser.getControl(name="form.widgets.attachment").add_file(
                BytesIO(upload), "application/pdf", "piece.pdf"
            )
        browser.getControl(name="form.buttons.submit").click()
        base.confirm_summary(browser)

    def test_html_and_rest_give_the_same_request(self):
        browser = self.browser(base.CITIZEN)
        self.fill_html(browser, base.valid_data(), upload=base.PDF)
        self.assertIn("@@eguichet-merci?reference=", browser.url)
        self.assertNotIn("85073003328", browser.contents)
        [html_request] = self.requests()
        self.assertIn(html_request.reference, browser.contents)

        payload = dict(base.valid_data())
        payload["attachment"] = {
            "data": b64encode(base.PDF).decode(), "encoding": "base64",
            "filename": "piece.pdf", "content-type": "application/pdf",
        }
        status, body = self.rest(
            "POST", f"{self.form.absolute_url()}/@eguichet-submit", base.CITIZEN, payload
        )
        self.assertEqual(status, 201, body)
        self.assertEqual(body["review_state"], "submitted")
        rest_request = self.store[body["reference"]]
        self.assertEqual(body["@id"], rest_request.absolute_url())
        for request in (html_request, rest_request):
            self.assertEqual(request.requester, base.CITIZEN)
            self.assertEqual(request.procedure_uid, self.form.UID())
        plain = lambda r: {k: v for k, v in r.values.items() if k != "attachment"}  # noqa
        self.assertEqual(plain(html_request), plain(rest_request))
        for request in (html_request, rest_request):
            self.assertEqual(request.values["attachment"].data, base.PDF)
            self.assertEqual(request.values["attachment"].filename, "piece.pdf")

    def test_invalid_input_stores_nothing_on_both_paths(self):
        bad = base.valid_data(email="pas-un-email", copies=9, last_name="")
        browser = self.browser(base.CITIZEN)
        self.fill_html(browser, bad)
        self.assertNotIn("eguichet-merci", browser.url)
        import re
        self.assertEqual(len(re.findall(r'class="[^"]*invalid-feedback', browser.contents)), 3,
                         re.findall(r'invalid-feedback[^<]*<[^<]*', browser.contents))
        bad["copies"] = 9
        status, body = self.rest(
            "POST", f"{self.form.absolute_url()}/@eguichet-submit", base.CITIZEN, bad
        )
        self.assertEqual(status, 400)
        fields = sorted(e["field"] for e in body["error"]["errors"])
        self.assertEqual(fields, ["copies", "email", "last_name"])
        self.assertEqual(self.requests(), [])
        self.assertEqual(self.portal.MailHost.messages, [])

    def test_attachment_type_refused_on_both_paths(self):
        browser = self.browser(base.CITIZEN)
        browser.open(self.form.absolute_url())
        for name, value in base.valid_data().items():
            browser.getControl(name=f"form.widgets.{name}").value = str(value)
        browser.getControl(name="form.widgets.attachment").add_file(
            BytesIO(b"MZ\x90\x00binary"), "application/pdf", "x.pdf"
        )
        browser.getControl(name="form.buttons.submit").click()
        base.confirm_summary(browser)
        self.assertNotIn("eguichet-merci", browser.url)
        payload = dict(base.valid_data(), attachment={
            "data": b64encode(b"MZ\x90\x00binary").decode(), "encoding": "base64",
            "filename": "x.pdf", "content-type": "application/pdf"})
        status, body = self.rest(
            "POST", f"{self.form.absolute_url()}/@eguichet-submit", base.CITIZEN, payload
        )
        self.assertEqual(status, 400)
        self.assertEqual([e["field"] for e in body["error"]["errors"]], ["attachment"])
        self.assertEqual(self.requests(), [])

    def test_anonymous_needs_a_form_that_allows_it(self):
        browser = self.browser()
        browser.open(self.form.absolute_url())
        self.assertIn("Please log in to submit this form.", browser.contents)
        self.assertNotIn("eguichet-hp", browser.contents)
        for name, value in base.valid_data().items():
            browser.getControl(name=f"form.widgets.{name}").value = str(value)
        browser.getControl(name="form.buttons.submit").click()
        base.confirm_summary(browser)
        self.assertNotIn("eguichet-merci", browser.url)
        status, body = self.rest(
            "POST", f"{self.form.absolute_url()}/@eguichet-submit", None, base.valid_data()
        )
        self.assertEqual(status, 401)
        self.assertEqual(self.requests(), [])

    def test_honeypot(self):
        browser = self.browser()
        browser.open(self.anon_form.absolute_url())
        self.assertIn("eguichet-hp", browser.contents)
        for name, value in base.valid_data().items():
            browser.getControl(name=f"form.widgets.{name}").value = str(value)
        browser.getControl(name="form.widgets.eguichet_website").value = "http://spam.example"
        browser.getControl(name="form.buttons.submit").click()
        base.confirm_summary(browser)
        self.assertIn("eguichet-merci", browser.url)
        status, body = self.rest(
            "POST", f"{self.anon_form.absolute_url()}/@eguichet-submit", None,
            dict(base.valid_data(), eguichet_website="http://spam.example"),
        )
        self.assertEqual(status, 201)
        self.assertIn("reference", body)
        self.assertEqual(self.requests(), [])
        self.assertEqual(self.portal.MailHost.messages, [])
        # A human leaves it empty.
        browser = self.browser()
        browser.open(self.anon_form.absolute_url())
        for name, value in base.valid_data().items():
            browser.getControl(name=f"form.widgets.{name}").value = str(value)
        browser.getControl(name="form.buttons.submit").click()
        base.confirm_summary(browser)
        self.assertIn("eguichet-merci?reference=", browser.url)
        self.assertEqual(len(self.requests()), 1)


class TestTrackingAndLeaks(Base):
    def submit(self, form, user, **data):
        status, body = self.rest(
            "POST", f"{form.absolute_url()}/@eguichet-submit", user, base.valid_data(**data)
        )
        self.assertEqual(status, 201, body)
        return body

    def test_tracking_link_opens_one_request_read_only(self):
        first = self.submit(self.anon_form, None)
        second = self.submit(self.anon_form, None, last_name="Martin")
        self.assertIn("tracking_url", first)
        token = first["tracking_url"].split("token=")[1]
        self.assertGreaterEqual(len(token), 32)  # 24 random bytes, 192 bits
        receipt = self.portal.MailHost.messages[0].decode()
        self.assertIn("token=", receipt)
        browser = self.browser()
        browser.open(first["tracking_url"])
        self.assertEqual(browser.headers["status"].split()[0], "200")
        self.assertIn(first["reference"], browser.contents)
        self.assertIn("85.07.30-***.**", browser.contents)
        self.assertNotIn("85073003328", browser.contents)
        self.assertNotIn("eguichet-transition", browser.contents)
        portal_url = self.portal.absolute_url()
        for url in (
            f"{portal_url}/@@eguichet-suivi?reference={second['reference']}&token={token}",
            f"{portal_url}/@@eguichet-suivi?reference={first['reference']}"
            f"&token={token[:-1]}{'y' if token.endswith('x') else 'x'}",
            f"{portal_url}/@@eguichet-suivi?reference={first['reference']}",
        ):
            with self.subTest(url=url):
                with self.assertRaises(Exception):
                    browser.open(url)
        for url in (first["@id"], f"{first['@id']}/@@eguichet-file/documents/0",
                    f"{self.store.absolute_url()}/@@eguichet-dashboard"):
            browser = self.browser()
            with self.assertRaises(Exception):
                browser.open(url)

    def test_anonymous_requester_replies_through_the_tracking_link(self):
        first = self.submit(self.anon_form, None)
        other = self.submit(self.anon_form, None, last_name="Autre")
        for transition, comment in (("take", ""), ("ask_info", "Votre adresse ?")):
            self.rest("POST", f"{first['@id']}/@workflow/{transition}", base.AGENT, {"comment": comment})
            self.rest("POST", f"{other['@id']}/@workflow/{transition}", base.AGENT, {"comment": comment})
        browser = self.browser()
        browser.open(first["tracking_url"])
        self.assertIn("Votre adresse ?", browser.contents)
        browser.getControl(name="comment").value = "Rue de la Gare 1"
        browser.getControl(name="files").add_file(BytesIO(base.PDF), "application/pdf", "preuve.pdf")
        browser.getControl("Provide the information").click()
        request = self.store[first["reference"]]
        self.assertEqual(api.content.get_state(request), "in_progress")
        self.assertEqual(request.history[-1]["comment"], "Rue de la Gare 1")
        self.assertEqual(request.citizen_files[0].filename, "preuve.pdf")
        # The token of one request cannot answer for another.
        token = first["tracking_url"].split("token=")[1]
        browser = self.browser()
        browser.open(other["tracking_url"])
        browser.getControl(name="token").value = token
        browser.getControl(name="comment").value = "Usurpation"
        with self.assertRaises(Exception):
            browser.getControl("Provide the information").click()
        self.assertEqual(api.content.get_state(self.store[other["reference"]]), "awaiting_citizen")

    def test_rest_listing_per_person(self):
        mine = self.submit(self.form, base.CITIZEN)
        theirs = self.submit(self.form, base.OTHER)
        url = f"{self.portal.absolute_url()}/@eguichet-requests"
        status, body = self.rest("GET", url, None)
        self.assertEqual(status, 401)
        status, body = self.rest("GET", url, base.CITIZEN)
        self.assertEqual([i["reference"] for i in body["items"]], [mine["reference"]])
        self.assertEqual(body["items_total"], 1)
        status, body = self.rest("GET", url, base.EDITOR)
        self.assertEqual(body["items"], [])
        status, body = self.rest("GET", url, base.AGENT)
        self.assertEqual({i["reference"] for i in body["items"]},
                         {mine["reference"], theirs["reference"]})
        status, body = self.rest("GET", f"{url}?b_size=1&review_state=submitted", base.AGENT)
        self.assertEqual(body["items_total"], 2)
        self.assertEqual(len(body["items"]), 1)
        self.assertIn("next", body["batching"])
        status, body = self.rest("GET", f"{url}?q={theirs['reference']}", base.AGENT)
        self.assertEqual([i["reference"] for i in body["items"]], [theirs["reference"]])
        # A request's own URL: masked for its owner, refused to others.
        status, body = self.rest("GET", mine["@id"], base.CITIZEN)
        self.assertEqual(status, 200)
        self.assertEqual(body["values"]["national_number"], "85.07.30-***.**")
        status, body = self.rest("GET", mine["@id"], base.AGENT)
        self.assertEqual(body["values"]["national_number"], "85073003328")
        for user in (base.OTHER, base.EDITOR, None):
            status, body = self.rest("GET", mine["@id"], user)
            self.assertIn(status, (401, 403), user)
        # Nor through plone.restapi's search.
        search = f"{self.portal.absolute_url()}/@search?portal_type=EGuichetRequest"
        status, body = self.rest("GET", search, base.OTHER)
        self.assertEqual([i["@id"] for i in body["items"]], [theirs["@id"]])
        for user in (base.EDITOR, None):
            status, body = self.rest("GET", search, user)
            self.assertEqual(body["items_total"], 0, user)

    def test_workflow_through_rest(self):
        mine = self.submit(self.form, base.CITIZEN)
        status, body = self.rest("POST", f"{mine['@id']}/@workflow/take", base.CITIZEN, {})
        self.assertNotEqual(status, 200)
        status, body = self.rest("POST", f"{mine['@id']}/@workflow/take", base.AGENT, {"comment": "Je prends"})
        self.assertEqual(status, 200, body)
        status, body = self.rest("POST", f"{mine['@id']}/@workflow/ask_info", base.AGENT, {})
        self.assertEqual(status, 400)
        status, body = self.rest("POST", f"{mine['@id']}/@workflow/ask_info", base.AGENT,
                                 {"comment": "Quelle adresse ?"})
        self.assertEqual(status, 200)
        transition_mail = self.portal.MailHost.messages[-1].decode()
        self.assertIn("Quelle adresse ?", transition_mail.replace("=\n", ""))
        self.assertNotIn("85073003328", transition_mail)

    def test_sitemap_and_listings(self):
        mine = self.submit(self.form, base.CITIZEN)
        api.portal.set_registry_record("plone.enable_sitemap", True)
        transaction.commit()
        browser = self.browser()
        browser.open(f"{self.portal.absolute_url()}/sitemap.xml.gz")
        import gzip

        self.assertEqual(browser.headers["status"], "200 OK")
        body = browser._response.body
        sitemap = gzip.decompress(body) if body[:2] == b"\x1f\x8b" else body
        self.assertNotIn(mine["reference"].encode(), sitemap)
        self.assertNotIn(b"eguichet-demandes", sitemap)
        for user in (None, base.OTHER, base.EDITOR):
            browser = self.browser(user)
            for view in ("@@search", "@@ajax-search", "search_rss", "RSS"):
                for term in ("Dupont", mine["reference"]):
                    browser.open(f"{self.portal.absolute_url()}/{view}?SearchableText={term}")
                    body = browser._response.body
                    self.assertIn(browser.headers["status"][:3], ("200", "302"), (user, view))
                    self.assertNotIn(b"eguichet-demandes/", body, (user, view))
                    self.assertNotIn(mine["reference"].encode(), body.replace(
                        f"SearchableText={mine['reference']}".encode(), b""
                    ).replace(f'value="{mine["reference"]}"'.encode(), b"").replace(
                        f'text-muted">{mine["reference"]}'.encode(), b""), (user, view))
