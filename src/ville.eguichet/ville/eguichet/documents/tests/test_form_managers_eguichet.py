"""The e-guichet managers on the e-guichet forms (issue 10, finding 2):
fields, the request action and mailers, never code; every routing change
audited. Split from test_form_managers.py, whose set-up it shares."""

from plone import api
from ville.eguichet import formsecurity
from ville.eguichet.documents.tests.test_form_managers import action_choices
from ville.eguichet.documents.tests.test_form_managers import actions_model
from ville.eguichet.documents.tests.test_form_managers import CITIZEN
from ville.eguichet.documents.tests.test_form_managers import COMMUNICATION
from ville.eguichet.documents.tests.test_form_managers import EG_MANAGER
from ville.eguichet.documents.tests.test_form_managers import FORM
from ville.eguichet.documents.tests.test_form_managers import FormManagersTestCase
from ville.eguichet.documents.tests.test_form_managers import MAILER
from ville.eguichet.documents.tests.test_form_managers import SAVER
from ville.eguichet.documents.tests.test_form_managers import SITE_ADMIN


class TestEGuichetManager(FormManagersTestCase):
    """E-guichet managers change fields, the request action and mailers;
    code and saved data stay with the Managers. Every routing change is
    audited."""

    def last_entries(self, count):
        self.sync()
        return [{k: e[k] for k in ("actor", "key", "old", "new")}
                for e in formsecurity.entries(self.form)[-count:]]

    def test_rest_patch_is_audited(self):
        self.as_user(EG_MANAGER)
        self.json("PATCH", FORM, {"actions_model": actions_model(group="agents-casier")},
                  status=204)
        self.assertEqual(self.last_entries(2), [
            {"actor": EG_MANAGER, "key": "agent_email",
             "old": "population@commune-test.be", "new": "agents@ville.example"},
            {"actor": EG_MANAGER, "key": "agent_group", "old": "", "new": "agents-casier"},
        ])
        count = len(formsecurity.entries(self.form))
        self.json("PATCH", FORM, {"title": "Extrait de casier"}, status=204)
        self.sync()
        self.assertEqual(len(formsecurity.entries(self.form)), count)

    def test_action_edit_form_is_audited(self):
        self.as_user(EG_MANAGER)
        page = self.app.get(f"{self.url}/{FORM}/actions/create_request/@@edit")
        form = page.forms["form"]
        form["form.widgets.agent_group"] = "agents-casier"
        form["form.widgets.agent_email"] = "casier@ville.example"
        form.submit("form.buttons.save", status=302)
        self.assertEqual(self.last_entries(2), [
            {"actor": EG_MANAGER, "key": "agent_email",
             "old": "population@commune-test.be", "new": "casier@ville.example"},
            {"actor": EG_MANAGER, "key": "agent_group", "old": "", "new": "agents-casier"},
        ])
        self.assertEqual(self.routing_of()["agent_group"], "agents-casier")

    def test_add_action_offers_the_request_action(self):
        self.as_user(EG_MANAGER)
        page = self.app.get(f"{self.url}/{FORM}/actions/@@add-action")
        self.assertEqual(action_choices(page), ["Mailer", "Create a request"])
        self.app.reset()
        self.app.authorization = ("Basic", ("admin", "secret"))
        page = self.app.get(f"{self.url}/{FORM}/actions/@@add-action")
        self.assertIn("Create a request", action_choices(page))
        self.assertGreater(len(action_choices(page)), 2)  # savers, scripts

    def test_field_edit_form_is_audited(self):
        """easyform's schema editor (``fields/<id>/@@edit``): its own event."""
        self.as_user(EG_MANAGER)
        page = self.app.get(f"{self.url}/{FORM}/fields/comments/@@edit")
        form = page.forms["edit-field-form"]
        form["form.widgets.title"] = "Vos remarques"
        form.submit("form.buttons.save", status=200)  # plone.schemaeditor's way
        [entry] = self.last_entries(1)
        self.assertEqual((entry["actor"], entry["key"]), (EG_MANAGER, "field:comments"))
        self.assertIn('translate="label_comments">Comments</title>', entry["old"])
        self.assertIn('translate="label_comments">Vos remarques</title>', entry["new"])
        self.assertNotIn("xmlns:marshal", entry["new"])

    def test_model_editors_are_audited(self):
        self.as_user(EG_MANAGER)
        source = actions_model(email="population@commune-test.be", group="",
                               extra=MAILER.format(email="copie@ville.example"))
        token = self.authenticator(f"{FORM}/actions/@@modeleditor")
        self.app.post(f"{self.url}/{FORM}/actions/@@modeleditor",
                      {"form.button.save": "1", "_authenticator": token,
                       "source": source}, status=200)
        entries = {e["key"]: e for e in self.last_entries(10)}
        self.assertEqual(entries["copie.recipient_email"]["new"], "copie@ville.example")
        self.assertEqual(entries["actions"]["new"],
                         "create_request (NoAttachmentCreateRequest), copie (Mailer)")
        self.assertEqual(entries["actions"]["actor"], EG_MANAGER)

        fields = self.form.fields_model.replace(
            "</schema>",
            '<field name="remarque" type="zope.schema.TextLine">'
            "<title>Remarque</title><required>False</required></field></schema>")
        token = self.authenticator(f"{FORM}/fields/@@modeleditor")
        self.app.post(f"{self.url}/{FORM}/fields/@@modeleditor",
                      {"form.button.save": "1", "_authenticator": token,
                       "source": fields}, status=200)
        [entry] = self.last_entries(1)
        self.assertEqual((entry["actor"], entry["key"], entry["old"]),
                         (EG_MANAGER, "field:remarque", ""))
        self.assertIn("<title>Remarque</title>", entry["new"])

    def test_code_and_saved_data_are_for_managers(self):
        before = self.routing_of()
        self.as_user(EG_MANAGER)
        self.json("PATCH", FORM, {"actions_model": actions_model(extra=SAVER)}, status=401)
        tales = self.form.fields_model.replace(
            'name="first_name"', 'name="first_name" '
            'easyform:TDefault="python:1" '
            'xmlns:easyform="http://namespaces.plone.org/supermodel/easyform"', 1)
        self.assertNotEqual(tales, self.form.fields_model)
        token = self.authenticator(f"{FORM}/fields/@@modeleditor")
        response = self.app.post(f"{self.url}/{FORM}/fields/@@modeleditor",
                                 {"form.button.save": "1", "_authenticator": token,
                                  "source": tales}, status=200)
        self.assertIn("Seul un administrateur du site peut modifier les scripts",
                      response.text)
        token = self.authenticator(f"{FORM}/actions/@@modeleditor")
        response = self.app.post(f"{self.url}/{FORM}/actions/@@modeleditor",
                                 {"form.button.save": "1", "_authenticator": token,
                                  "source": actions_model(extra=SAVER)}, status=200)
        self.assertIn("Seul un administrateur du site peut modifier les scripts",
                      response.text)
        self.app.get(f"{self.url}/{FORM}/@@saveddata", status=302)
        self.json("PATCH", FORM, {"savedDataStorage": {}}, status=401)
        self.assertEqual(self.routing_of(), before)
        self.assertNotIn("TDefault", self.form.fields_model)
        # A Manager may.
        self.app.reset()
        self.app.authorization = ("Basic", ("admin", "secret"))
        self.json("PATCH", FORM, {"actions_model": actions_model(extra=SAVER)}, status=204)
        self.assertIn("saver (SaveData)", self.routing_of()["actions"])

    def test_workflow_and_sharing(self):
        self.as_user(EG_MANAGER)
        self.json("POST", f"{FORM}/@workflow/retract", {}, status=200)
        self.sync()
        self.assertEqual(api.content.get_state(self.form), "private")
        self.app.get(f"{self.url}/{FORM}/@@sharing", status=302)
        self.as_user(SITE_ADMIN)
        self.app.get(f"{self.url}/{FORM}/@@sharing", status=200)

    def test_audit_page(self):
        self.as_user(EG_MANAGER)
        self.json("PATCH", FORM, {"actions_model": actions_model(group="agents-casier")},
                  status=204)
        page = self.app.get(f"{self.url}/{FORM}")
        self.assertIn(f"/{FORM}/@@eguichet-audit", page.text)
        page = self.app.get(f"{self.url}/{FORM}/@@eguichet-audit")
        self.assertIn("Journal des modifications", page.text)
        self.assertIn("Groupe des agents de cette démarche", page.text)
        self.assertIn("Chaque modification de la destination des demandes", page.text)
        self.assertIn("agents-casier", page.text)
        self.assertIn(EG_MANAGER, page.text)
        self.as_user(CITIZEN)
        page = self.app.get(f"{self.url}/{FORM}")
        self.assertNotIn("@@eguichet-audit", page.text)
        self.app.get(f"{self.url}/{FORM}/@@eguichet-audit", status=302)
        self.as_user(None)
        self.app.get(f"{self.url}/{FORM}/@@eguichet-audit", status=302)

    def test_new_forms_are_protected(self):
        """A form added under /e-guichet, or with the request action by a
        Manager elsewhere, is under the forms' workflow at once."""
        wtool = api.portal.get_tool("portal_workflow")
        self.as_user(EG_MANAGER)
        self.json("POST", "e-guichet", {"@type": "EasyForm", "id": "permis",
                                        "title": "Permis",
                                        "actions_model": actions_model(group="urbanisme")},
                  status=201)
        self.app.reset()
        self.app.authorization = ("Basic", ("admin", "secret"))
        self.json("POST", "", {"@type": "EasyForm", "id": "terrasse", "title": "Terrasse",
                               "actions_model": actions_model(group="commerce")},
                  status=201)
        self.sync()
        for path, group in (("e-guichet/permis", "urbanisme"), ("terrasse", "commerce")):
            form = self.portal.unrestrictedTraverse(path)
            self.assertEqual(wtool.getChainFor(form), ("eguichet_form_workflow",))
            self.assertEqual(api.content.get_state(form), "private")
            audit = {e["key"]: e for e in formsecurity.entries(form)}
            self.assertEqual((audit["agent_group"]["old"], audit["agent_group"]["new"]),
                             ("", group))
            self.as_user(COMMUNICATION)
            self.json("PATCH", path, {"title": "Autre"}, status=401)
