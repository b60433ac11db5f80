"""The summary step "Vérifier ma demande" through the web pages."""

from plone import api
from ville.eguichet.documents.testing import DOCUMENTS_FUNCTIONAL_TESTING
from ville.eguichet.documents.testing import webtest_app
from ville.eguichet.documents.tests.test_same_messages import CITIZEN
from ville.eguichet.documents.tests.test_same_messages import SPECIFIC
from ville.eguichet.documents.tests.test_same_messages import VALID
from webtest import Upload

import transaction
import unittest


HOUSEHOLD = "composition-de-menage"
PROXY = b"%PDF-1.4\n" + b"x" * 3000 + b"\n%%EOF\n"


def button_text(page, name) -> str:
    from lxml import html

    found = html.fromstring(page.text).xpath(f"//button[@name='{name}']")
    return found[0].text_content().strip() if found else ""


class Base(unittest.TestCase):
    layer = DOCUMENTS_FUNCTIONAL_TESTING

    def setUp(self):
        self.portal = self.layer["portal"]
        self.url = f"{self.portal.absolute_url()}/e-guichet/{HOUSEHOLD}"
        with api.env.adopt_roles(["Manager"]):
            api.user.create(
                username=CITIZEN[0], password=CITIZEN[1],
                email="marie.dupont@example.be",
            )
        transaction.commit()
        self.app = webtest_app(self.layer)
        self.app.authorization = ("Basic", CITIZEN)

    def fill(self, form, values):
        for name, value in values.items():
            key = f"form.widgets.{name}"
            form[f"{key}:list" if f"{key}:list" in form.fields else key] = value

    def stored(self):
        transaction.begin()
        return list(self.portal["eguichet-demandes"].objectValues())



class TestSummaryStep(Base):
    def test_check_change_and_send(self):
        page = self.app.get(self.url)
        form = page.forms["form"]
        self.assertEqual(button_text(page, "form.buttons.submit"), "Continuer")
        values = dict(VALID, **SPECIFIC[HOUSEHOLD])
        values.update(concerned="third_party", purpose="bank_loan")
        self.fill(form, values)
        form["form.widgets.proxy"] = Upload("procuration.pdf", PROXY, "application/pdf")
        response = form.submit("form.buttons.submit", status=302)
        self.assertIn("@@eguichet-verifier", response.headers["Location"])
        summary = response.follow()
        self.assertEqual(self.stored(), [])  # nothing sent yet
        text = summary.text
        self.assertIn("Vérifier ma demande", text)
        self.assertIn("85.07.30-***.**", text)
        self.assertNotIn("033.28", text)
        self.assertIn("Prêt bancaire", text)  # the choice by its title
        self.assertIn("procuration.pdf (3 Ko)", text)
        self.assertIn("2,50 €", text)
        self.assertGreaterEqual(text.count("Modifier"), 12)
        # "Modifier": the form again, answers kept; the file need not be
        # sent again.
        change = summary.click(href=r"#formfield-form-widgets-copies", index=0)
        form = change.forms["form"]
        self.assertEqual(form["form.widgets.first_name"].value, "Marie")
        self.assertEqual(form["form.widgets.concerned"].value, "third_party")
        form["form.widgets.copies"] = "2"
        summary = form.submit("form.buttons.submit", status=302).follow()
        self.assertIn("5,00 €", summary.text)
        self.assertIn("procuration.pdf", summary.text)
        # Someone else cannot see the kept answers.
        other = webtest_app(self.layer)
        other.get(summary.request.url, status=302)
        thanks = summary.forms["eguichet-confirm"].submit(
            "form.buttons.confirm", status=302
        ).follow()
        self.assertIn("Merci", thanks.text)
        (request,) = self.stored()
        self.assertEqual(request.values["copies"], 2)
        self.assertEqual(request.values["proxy"].filename, "procuration.pdf")
        # The kept answers are gone once sent.
        summary.forms["eguichet-confirm"].submit("form.buttons.confirm", status=302)
        self.assertEqual(len(self.stored()), 1)


class TestDrafts(Base):
    def test_continue_later_resume_after_a_new_login(self):
        page = self.app.get(self.url)
        form = page.forms["form"]
        self.assertEqual(button_text(page, "form.buttons.draft"), "Continuer plus tard")
        self.fill(form, {"first_name": "Marie", "concerned": "third_party"})
        form["form.widgets.proxy"] = Upload("procuration.pdf", PROXY, "application/pdf")
        space = form.submit("form.buttons.draft", status=302).follow()
        self.assertIn("Brouillons", space.text)
        self.assertIn("Reprendre", space.text)
        self.assertEqual(self.stored(), [])  # not a request
        # Another session of the same citizen.
        self.app = webtest_app(self.layer)
        self.app.authorization = ("Basic", CITIZEN)
        space = self.app.get(f"{self.portal.absolute_url()}/@@mes-demandes")
        resumed = space.click(description="Reprendre", index=0)
        form = resumed.forms["form"]
        self.assertEqual(form["form.widgets.first_name"].value, "Marie")
        values = dict(VALID, **SPECIFIC[HOUSEHOLD])
        values.update(concerned="third_party")
        self.fill(form, values)
        summary = form.submit("form.buttons.submit", status=302).follow()
        self.assertIn("procuration.pdf", summary.text)
        # Resumed: no longer a draft.
        space = self.app.get(f"{self.portal.absolute_url()}/@@mes-demandes")
        self.assertNotIn("Reprendre", space.text)
        # Anonymous visitors have no drafts.
        self.app.authorization = None
        self.assertNotIn("form.buttons.draft", self.app.get(self.url).text)

    def test_drafts_expire_with_their_files(self):
        from datetime import datetime
        from datetime import timedelta
        from datetime import timezone
        from ville.eguichet import pending
        from ville.eguichet.documents import retention

        page = self.app.get(self.url)
        form = page.forms["form"]
        form["form.widgets.proxy"] = Upload("procuration.pdf", PROXY, "application/pdf")
        form.submit("form.buttons.draft", status=302)
        transaction.begin()
        store = pending._store()
        (entry,) = store.values()
        proxy = entry["values"]["proxy"]
        later = datetime.now(timezone.utc) + timedelta(days=31)
        retention.run(self.portal, now=later)
        self.assertEqual(len(store), 0)
        self.assertEqual(proxy.data, b"")


class TestAnonymousSummaryBoundToItsBrowser(Base):
    """An anonymous form's kept answers open only in the browser that
    pressed "Continuer": the token in the URL and its cookie."""

    def test_the_token_without_the_cookie_shows_nothing(self):
        from ville.eguichet import pending
        from ville.eguichet.tests import base as engine_base

        engine_base.make_form(self.portal, id="anonyme", anonymous=True)
        transaction.commit()
        url = f"{self.portal.absolute_url()}/anonyme"
        citizen = webtest_app(self.layer)
        form = citizen.get(url).forms["form"]
        self.fill(form, {
            "first_name": "Marie", "last_name": "Dupont", "email": "marie@example.org",
            "national_number": "85073003328", "copies": "1",
        })
        response = form.submit("form.buttons.submit", status=302)
        location = response.headers["Location"]
        self.assertIn("@@eguichet-verifier?eguichet_pending=", location)
        (cookie,) = [
            value for name, value in response.headerlist
            if name == "Set-Cookie" and value.startswith(pending.COOKIE + "=")
        ]
        attributes = [part.strip().lower() for part in cookie.split(";")]
        self.assertIn("httponly", attributes)
        self.assertIn("samesite=lax", attributes)
        self.assertIn("path=/plone", attributes)
        self.assertNotIn("secure", attributes)  # http here; Secure over https
        summary = citizen.get(location, status=200)
        self.assertIn("Dupont", summary.text)
        # The same link in another browser: refused, nothing shown.
        other = webtest_app(self.layer)
        refused = other.get(location, status=403)
        self.assertIn("ne peuvent pas être affichées ici", refused.text)
        self.assertNotIn("Dupont", refused.text)
        self.assertNotIn("85.07.30", refused.text)
        self.assertEqual(refused.headers["Cache-Control"], "private, no-store")
        # Nor with a cookie of its own, nor through "Modifier" or a POST.
        other.set_cookie(pending.COOKIE, "x" * 43)
        other.get(location, status=403)
        token = location.split("eguichet_pending=")[1]
        change = other.get(f"{url}?eguichet_pending={token}")
        self.assertNotIn("Dupont", change.text)
        other.post(location, {"form.buttons.confirm": "1"}, status=403)
        self.assertEqual(self.stored(), [])
        # Its own browser still sends it.
        summary.forms["eguichet-confirm"].submit("form.buttons.confirm", status=302)
        self.assertEqual(len(self.stored()), 1)


class TestStepsWithoutJavaScript(Base):
    """The steps of a document's form as fieldsets on one page: in order,
    titled, every field in one; the progress indicator waits for the
    script (hidden); the one page still submits as before."""

    def test_steps_of_the_three_documents(self):
        from lxml import html

        expected = {
            HOUSEHOLD: [
                ("who", "Personne concernée", ["concerned", "concerned_person", "proxy"]),
                ("document", "Le document", ["purpose", "copies"]),
                ("delivery", "Réception", ["delivery", "comments"]),
            ],
            "extrait-de-casier-judiciaire": [
                ("document", "Le document", ["model", "purpose", "copies"]),
                ("delivery", "Réception", ["delivery", "comments"]),
            ],
            "acte-de-naissance": [
                ("who", "Personne concernée",
                 ["relationship", "concerned_person", "legitimate_interest", "proof"]),
                ("document", "Le document", ["certificate_type", "purpose", "copies"]),
                ("delivery", "Réception", ["delivery", "comments"]),
            ],
        }
        contact = ("contact", "Vos coordonnées", [
            "first_name", "last_name", "national_number", "birth_date",
            "email", "phone", "street", "postal_code", "city",
        ])
        for form_id, steps in expected.items():
            steps = steps + [contact]
            page = self.app.get(f"{self.portal.absolute_url()}/e-guichet/{form_id}")
            tree = html.fromstring(page.text)
            found = []
            for fieldset in tree.cssselect("form#form fieldset.eguichet-step"):
                fields = [
                    div.get("id").removeprefix("formfield-form-widgets-")
                    for div in fieldset.cssselect("div[id^='formfield-form-widgets-']")
                ]
                legend = fieldset.cssselect("legend")[0].text_content().strip()
                found.append((fieldset.get("data-step"), legend, fields))
            self.assertEqual(found, steps, form_id)
            (progress,) = tree.cssselect("nav#eguichet-progress")
            self.assertIsNotNone(progress.get("hidden"))
            self.assertEqual(
                [li.text_content() for li in progress.cssselect("ol > li")],
                [title for _name, title, _fields in steps],
            )
            self.assertEqual(
                progress.get("data-counter"), "Étape {n} sur {t} : {title}"
            )
        # A member's page carries the autosave status box.
        self.assertIn('id="eguichet-autosave"', page.text)


class TestAutosave(Base):
    """A member's draft saved as they go (the page's script posts the
    answers to @@eguichet-brouillon-auto): CSRF-checked, members only,
    one draft replaced at each save, listed with "Reprendre"."""

    def test_saved_as_they_go_members_only(self):
        from lxml import html
        from ville.eguichet import pending

        page = self.app.get(self.url)
        (box,) = html.fromstring(page.text).cssselect("#eguichet-autosave")
        self.assertEqual(box.get("role"), "status")
        url, authenticator = box.get("data-url"), box.get("data-authenticator")
        self.assertTrue(url.endswith("/@@eguichet-brouillon-auto"))
        answers = {"form.widgets.first_name": "Marie", "form.widgets.concerned:list": "third_party"}
        self.app.get(url, status=405)
        self.app.post(url, answers, status=403)  # no CSRF token
        saved = self.app.post(url, dict(answers, _authenticator=authenticator)).json
        self.assertTrue(saved["saved"])
        self.assertRegex(saved["message"], r"^Brouillon enregistré à \d\d:\d\d\.$")
        # The next save replaces the draft the page carries.
        saved = self.app.post(url, dict(
            answers, _authenticator=authenticator, eguichet_pending=saved["token"],
            **{"form.widgets.last_name": "Dupont"},
        )).json
        transaction.begin()
        (draft,) = pending.drafts(owner=CITIZEN[0])
        self.assertEqual(draft["token"], saved["token"])
        self.assertEqual(self.stored(), [])  # not a request
        space = self.app.get(f"{self.portal.absolute_url()}/@@mes-demandes")
        form = space.click(description="Reprendre", index=0).forms["form"]
        self.assertEqual(form["form.widgets.last_name"].value, "Dupont")
        self.assertEqual(form["form.widgets.concerned"].value, "third_party")
        # Never for anonymous visitors: no box, and the endpoint refuses.
        anonymous = webtest_app(self.layer)
        self.assertNotIn('id="eguichet-autosave"', anonymous.get(self.url).text)
        anonymous.post(url, dict(answers, _authenticator=authenticator), status=403)
