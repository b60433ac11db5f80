"""The profile creates the three forms with the contract field ids."""

from collective.easyform.api import get_schema
from plone import api
from ville.eguichet.documents.config import IDocumentForm
from ville.eguichet.documents.config import form_config
from ville.eguichet.documents.testing import DOCUMENTS_INTEGRATION_TESTING
from ville.eguichet.documents.testing import TEST_PROFILE

import unittest


COMMON = (
    "first_name",
    "last_name",
    "national_number",
    "birth_date",
    "email",
    "phone",
    "street",
    "postal_code",
    "city",
    "purpose",
    "copies",
    "delivery",
)


class TestForms(unittest.TestCase):
    layer = DOCUMENTS_INTEGRATION_TESTING

    def setUp(self):
        self.portal = self.layer["portal"]
        self.folder = self.portal["e-guichet"]

    def schema(self, form_id):
        return get_schema(self.folder[form_id])

    def test_three_forms_with_common_fields(self):
        for form_id in (
            "extrait-de-casier-judiciaire",
            "composition-de-menage",
            "acte-de-naissance",
        ):
            form = self.folder[form_id]
            self.assertEqual(form.portal_type, "EasyForm")
            self.assertTrue(IDocumentForm.providedBy(form))
            names = set(get_schema(form).names())
            self.assertTrue(set(COMMON) <= names, set(COMMON) - names)
            delivery = get_schema(form)["delivery"]
            self.assertEqual(
                [term.value for term in delivery.vocabulary],
                ["download", "counter", "post"],
            )

    def test_specific_fields(self):
        casier = self.schema("extrait-de-casier-judiciaire")
        self.assertEqual(
            [t.value for t in casier["model"].vocabulary], ["595", "596.1", "596.2"]
        )
        household = self.schema("composition-de-menage")
        self.assertEqual(
            [t.value for t in household["concerned"].vocabulary],
            ["self", "third_party"],
        )
        self.assertIn("proxy", household.names())
        self.assertEqual(
            [t.value for t in household["purpose"].vocabulary],
            [
                "school",
                "family_allowance",
                "employment",
                "pension",
                "cpas",
                "social_housing",
                "legal_aid",
                "bank_loan",
                "insurance",
                "other",
            ],
        )
        birth = self.schema("acte-de-naissance")
        self.assertEqual(
            [t.value for t in birth["certificate_type"].vocabulary],
            ["full_copy", "extract", "multilingual_extract"],
        )
        self.assertEqual(
            [t.value for t in birth["relationship"].vocabulary],
            [
                "self",
                "legal_representative",
                "spouse_or_cohabitant",
                "parent_or_child",
                "heir",
            ],
        )
        self.assertIn("legitimate_interest", birth.names())
        self.assertIn("proof", birth.names())

    def test_purpose_titles_show_the_fee(self):
        titles = {
            t.value: t.title
            for t in self.schema("composition-de-menage")["purpose"].vocabulary
        }
        self.assertIn("gratuit", titles["school"])
        self.assertIn("2,50 €", titles["bank_loan"])

    def test_form_page_shows_fees_desk_and_596_2_rule(self):
        form = self.folder["extrait-de-casier-judiciaire"]
        html = form.formPrologue.raw
        self.assertIn("7,00 €", html)
        self.assertIn("4,50 €", html)
        self.assertIn("État civil / Population", html)
        self.assertIn("596.2", html)
        self.assertIn("guichet", html)  # come to the desk in person
        self.assertIn("BE41 0630 1234 5610", html)

    def test_request_action_without_attachments(self):
        from ville.eguichet.action import find_action

        for form in self.folder.objectValues():
            action = find_action(form)
            self.assertIsNotNone(action, form.getId())
            self.assertFalse(action.attach_documents)
            self.assertFalse(action.allow_anonymous)
            self.assertEqual(action.agent_email, "population@commune-test.be")

    def test_actions_can_be_saved_again_by_easyform(self):
        # What easyform does when a manager edits an action.
        from collective.easyform.api import get_actions
        from collective.easyform.api import set_actions
        from ville.eguichet.action import find_action

        for form in self.folder.objectValues():
            if form.portal_type == "EasyForm":
                set_actions(form, get_actions(form))
                self.assertIsNotNone(find_action(form), form.getId())
                self.assertFalse(find_action(form).attach_documents)

    def test_config_stored_on_form(self):
        config = form_config(self.folder["composition-de-menage"])
        self.assertEqual(config["kind"], "household_composition")

    def test_apply_again_updates_without_duplicates(self):
        from ville.eguichet import municipality

        municipality.apply(self.portal, municipality.load(TEST_PROFILE))
        forms = [o for o in self.folder.objectValues() if o.portal_type == "EasyForm"]
        self.assertEqual(len(forms), 3)

    def test_no_procedure_type_no_pages(self):
        # ville.eguichet alone: no Procedure type, no pages, no error.
        self.assertNotIn("Procedure", api.portal.get_tool("portal_types"))
        self.assertFalse(
            [o for o in self.folder.objectValues() if o.portal_type == "Procedure"]
        )


class TestFrench(unittest.TestCase):
    layer = DOCUMENTS_INTEGRATION_TESTING

    def test_every_label_help_and_choice_is_translated(self):
        from zope.i18n import translate
        from zope.i18nmessageid import Message

        folder = self.layer["portal"]["e-guichet"]
        missing = []
        for form_id in (
            "extrait-de-casier-judiciaire",
            "composition-de-menage",
            "acte-de-naissance",
        ):
            for name, field in get_schema(folder[form_id]).namesAndDescriptions():
                texts = [field.title, field.description]
                vocabulary = getattr(field, "vocabulary", None)
                if (
                    vocabulary is not None and name != "purpose"
                ):  # purposes: profile data
                    texts += [term.title for term in vocabulary]
                for text in texts:
                    if not text:
                        continue
                    if not isinstance(text, Message):
                        missing.append(f"{form_id}.{name}: not a message: {text}")
                    elif translate(text, target_language="fr") == text.default:
                        missing.append(f"{form_id}.{name}: {text}")
        self.assertEqual(missing, [])
