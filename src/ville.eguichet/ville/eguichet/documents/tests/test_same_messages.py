"""One table of refused inputs, tried on both channels: the HTML form and
``@eguichet-submit`` refuse each with the same French message, the one the
rule table declares (naming the field and the fix), never a generic
constraint message."""

from lxml import html as lxml_html
from plone import api
from ville.eguichet.documents.testing import DOCUMENTS_FUNCTIONAL_TESTING
from ville.eguichet.documents.testing import webtest_app
from ville.eguichet.tests.base import through_summary
from webtest import Upload

import transaction
import unittest


CITIZEN = ("citoyenne", "Motdepasse-citoyenne-1")
CASIER = "extrait-de-casier-judiciaire"
HOUSEHOLD = "composition-de-menage"
BIRTH = "acte-de-naissance"
VALID = {
    "first_name": "Marie",
    "last_name": "Dupont",
    "national_number": "85.07.30-033.28",
    "birth_date": "1985-07-30",
    "email": "marie.dupont@example.be",
    "phone": "069 12 34 56",
    "street": "Rue Neuve 1",
    "postal_code": "7600",
    "city": "Péruwelz",
    "copies": "1",
    "delivery": "download",
}
SPECIFIC = {
    CASIER: {"model": "595", "purpose": "employment"},
    HOUSEHOLD: {"concerned": "self", "purpose": "school"},
    BIRTH: {
        "certificate_type": "extract",
        "relationship": "self",
        "purpose": "administrative",
    },
}

# form, changed answers, field refused, the French message expected.
CASES = [
    (CASIER, {"delivery": "email"}, "delivery",
     "Ce document ne peut pas être envoyé par e-mail : choisissez le "
     "téléchargement, le retrait au guichet ou l'envoi par la poste."),
    (HOUSEHOLD, {"delivery": "email"}, "delivery",
     "Ce document ne peut pas être envoyé par e-mail : choisissez le "
     "téléchargement, le retrait au guichet ou l'envoi par la poste."),
    (CASIER, {"model": "596.2", "purpose": "teaching"}, "model",
     "L'extrait modèle 596.2 (activités avec des mineurs) est délivré "
     "uniquement au guichet : veuillez vous présenter en personne avec "
     "votre carte d'identité."),
    (CASIER, {"model": "596.1", "purpose": "employment"}, "purpose",
     "Choisissez dans la liste un usage prévu pour ce document."),
    (HOUSEHOLD, {"concerned": "third_party"}, "proxy",
     "Pour le ménage d'une autre personne, joignez la procuration qu'elle a "
     "signée, avec une copie des deux cartes d'identité."),
    (BIRTH, {"relationship": "heir"}, "legitimate_interest",
     "La loi exige un intérêt légitime choisi dans la liste pour ce lien de "
     "parenté."),
    (HOUSEHOLD, {"national_number": "85073003329"}, "national_number",
     "Ce numéro de registre national n'est pas valable : vérifiez-le sur "
     "votre carte d'identité."),
    (HOUSEHOLD, {"first_name": ""}, "first_name",
     "Prénom : indiquez votre prénom."),
    (HOUSEHOLD, {"copies": "11"}, "copies",
     "Vous pouvez commander de 1 à 10 exemplaires."),
    (HOUSEHOLD, {"postal_code": "760"}, "postal_code",
     "Un code postal belge compte 4 chiffres, de 1000 à 9999."),
]


class TestSameMessagesOnBothChannels(unittest.TestCase):
    layer = DOCUMENTS_FUNCTIONAL_TESTING

    def setUp(self):
        self.portal = self.layer["portal"]
        self.url = self.portal.absolute_url()
        with api.env.adopt_roles(["Manager"]):
            api.user.create(
                username=CITIZEN[0], password=CITIZEN[1],
                email="marie.dupont@example.be",
            )
        transaction.commit()
        self.app = webtest_app(self.layer)
        self.app.authorization = ("Basic", CITIZEN)

    def answers(self, form_id, changes):
        values = dict(VALID, **SPECIFIC[form_id])
        values.update(changes)
        return values

    def html_errors(self, form_id, values) -> dict:
        page = self.app.get(f"{self.url}/e-guichet/{form_id}")
        form = page.forms["form"]
        for name, value in values.items():
            key = f"form.widgets.{name}"
            if f"{key}:list" in form.fields:
                key = f"{key}:list"
            form[key].force_value(value)
        response = form.submit("form.buttons.submit", status=200)
        tree = lxml_html.fromstring(response.text)
        errors = {}
        for box in tree.cssselect(".field.error"):
            name = box.get("data-fieldname", "").removeprefix("form.widgets.")
            message = box.cssselect(".invalid-feedback")
            errors[name] = message[0].text_content().strip() if message else ""
        return errors

    def rest_errors(self, form_id, values) -> dict:
        data = {k: v for k, v in values.items() if v != ""}
        data["copies"] = int(data["copies"])
        response = self.app.post_json(
            f"{self.url}/e-guichet/{form_id}/@eguichet-submit",
            data,
            headers={"Accept": "application/json"},
            status=400,
        )
        return {e["field"]: e["message"] for e in response.json["error"]["errors"]}

    def test_each_refusal_has_the_same_message_on_both_channels(self):
        for form_id, changes, field, expected in CASES:
            with self.subTest(form=form_id, changes=changes):
                values = self.answers(form_id, changes)
                html = self.html_errors(form_id, values)
                rest = self.rest_errors(form_id, values)
                self.assertEqual(html.get(field), expected, html)
                self.assertEqual(rest.get(field), expected, rest)
                for message in list(html.values()) + list(rest.values()):
                    self.assertNotIn("Contrainte", message)
        transaction.begin()
        self.assertEqual(len(self.portal["eguichet-demandes"].objectIds()), 0)

    def test_every_mistake_at_once_on_both_channels(self):
        # A field's own refusal and the table's refusal of another answer.
        values = self.answers(HOUSEHOLD, {"first_name": "", "postal_code": "760"})
        html = self.html_errors(HOUSEHOLD, values)
        rest = self.rest_errors(HOUSEHOLD, values)
        self.assertEqual(set(html), {"first_name", "postal_code"})
        self.assertEqual(html, rest)

    def test_an_answer_to_a_question_that_does_not_apply_is_not_kept(self):
        # A proxy uploaded, then "my household" chosen: not stored.
        page = self.app.get(f"{self.url}/e-guichet/{HOUSEHOLD}")
        form = page.forms["form"]
        for name, value in self.answers(HOUSEHOLD, {}).items():
            key = f"form.widgets.{name}"
            form[f"{key}:list" if f"{key}:list" in form.fields else key] = value
        form["form.widgets.proxy"] = Upload("proxy.pdf", b"%PDF-1.4\n%%EOF\n", "application/pdf")
        through_summary(form.submit("form.buttons.submit")).maybe_follow()
        transaction.begin()
        (request,) = self.portal["eguichet-demandes"].objectValues()
        self.assertIsNone(request.values["proxy"])
