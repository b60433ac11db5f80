"""Separation of duties on the e-guichet forms (issue 10, finding 2) and the
form's REST answer (finding 3), through the real publisher.

A communication officer (Reviewer site-wide, editor of published content)
and an editor may change the e-guichet forms by no path; an e-guichet
manager changes fields, the request action and mailers, never code; every
change of the routing is in the form's audit trail.
"""

from plone import api
from ville.eguichet import formsecurity
from ville.eguichet.documents.testing import DOCUMENTS_FUNCTIONAL_TESTING
from ville.eguichet.documents.testing import webtest_app

import json
import re
import transaction
import unittest


PASSWORD = "Motdepasse-solide-10"
COMMUNICATION = "communicante"
REDACTEUR = "redacteur"
EG_MANAGER = "gestionnaire"
SITE_ADMIN = "administratrice"
CITIZEN = "citoyen"
FORM = "e-guichet/extrait-de-casier-judiciaire"
ROUTING_KEYS = ("agent_email", "agent_group", "validators", "actions_model",
                "fields_model", "allow_anonymous", "attach_documents")

ACTIONS_TO_ME = """<model xmlns="http://namespaces.plone.org/supermodel/schema">
  <schema>
    <field name="create_request" type="ville.eguichet.documents.action.NoAttachmentCreateRequest">
      <title>Créer une demande</title>
      <agent_email>{email}</agent_email>
      <agent_group>{group}</agent_group>
    </field>
  </schema>
</model>"""

MAILER = """
    <field name="copie" type="collective.easyform.actions.Mailer">
      <title>Copie</title>
      <recipient_email>{email}</recipient_email>
    </field>"""

SAVER = """
    <field name="saver" type="collective.easyform.actions.SaveData">
      <title>Sauvegarde</title>
    </field>"""


def actions_model(email="agents@ville.example", group="agents-casier", extra=""):
    model = ACTIONS_TO_ME.format(email=email, group=group)
    return model.replace("  </schema>", extra + "\n  </schema>")


def action_choices(page):
    """The action types the "add action" page offers (their tokens)."""
    return re.findall(r'<option id="form-widgets-factory-\d+" value="([^"]+)"', page.text)


class FormManagersTestCase(unittest.TestCase):
    layer = DOCUMENTS_FUNCTIONAL_TESTING

    def setUp(self):
        self.portal = self.layer["portal"]
        # The site as the test client reaches it.
        self.url = self.portal.absolute_url().replace("//nohost/", "//localhost/")
        with api.env.adopt_roles(["Manager"]):
            for group, roles in (
                ("communication", ["Contributor", "Editor", "Reader", "Reviewer"]),
                ("redacteurs", ["Contributor", "Editor", "Reader"]),
            ):
                api.group.create(groupname=group)
                api.group.grant_roles(groupname=group, roles=roles)
            for user, group in (
                (COMMUNICATION, "communication"),
                (REDACTEUR, "redacteurs"),
                (EG_MANAGER, formsecurity.MANAGERS_GROUP),
                (SITE_ADMIN, None),
                (CITIZEN, None),
            ):
                api.user.create(username=user, password=PASSWORD,
                                email=f"{user}@example.be")
                if group:
                    api.group.add_user(groupname=group, username=user)
            api.user.grant_roles(username=SITE_ADMIN, roles=["Site Administrator"])
        transaction.commit()
        self.app = webtest_app(self.layer)

    # helpers

    @property
    def form(self):
        return self.portal.unrestrictedTraverse(FORM)

    def as_user(self, user):
        self.app.reset()
        if user is not None:
            self.app.authorization = ("Basic", (user, PASSWORD))

    def json(self, method, path, body=None, status=None):
        headers = {"Accept": "application/json", "Content-Type": "application/json"}
        url = f"{self.url}/{path}" if path else self.url
        params = json.dumps(body) if body is not None else ""
        if method == "GET":
            return self.app.get(url, headers=headers, status=status)
        return getattr(self.app, method.lower())(
            url, params=params, headers=headers, status=status
        )

    def authenticator(self, path):
        page = self.app.get(f"{self.url}/{path}")
        match = re.search(r'name="_authenticator" value="([^"]+)"', page.text)
        self.assertIsNotNone(match, page.text[:500])
        return match.group(1)

    def sync(self):
        transaction.begin()
        self.portal._p_jar.sync()

    def routing_of(self):
        self.sync()
        return formsecurity.routing(self.form)


class TestInstall(FormManagersTestCase):
    def test_group_and_workflow(self):
        group = api.group.get(groupname="eguichet-managers")
        self.assertEqual(group.getProperty("title"), "Gestionnaires e-guichet")
        self.assertIn("EGuichet Manager", api.group.get_roles(groupname="eguichet-managers"))
        wtool = api.portal.get_tool("portal_workflow")
        for obj in (self.portal["e-guichet"], self.form):
            self.assertEqual(wtool.getChainFor(obj), ("eguichet_form_workflow",))
            self.assertEqual(api.content.get_state(obj), "published")

    def test_permissions_of_a_form(self):
        from AccessControl.Permission import Permission

        def roles(permission):
            return set(Permission(permission, (), self.form).getRoles())

        managers = {"Manager", "Site Administrator", "EGuichet Manager"}
        for permission in ("Modify portal content", "Delete objects", "Copy or Move",
                           "collective.easyform: Add Mailers",
                           "collective.easyform: Edit Mail Addresses"):
            self.assertEqual(roles(permission), managers, permission)
        for permission in ("Change local roles", "Sharing page: Delegate roles"):
            self.assertEqual(roles(permission), {"Manager", "Site Administrator"})
        for permission in ("collective.easyform: Add Data Savers",
                           "collective.easyform: Add Custom Scripts",
                           "collective.easyform: Edit TALES Fields",
                           "collective.easyform: Edit Python Fields",
                           "collective.easyform: Download Saved Input"):
            self.assertEqual(roles(permission), {"Manager"}, permission)
        self.assertEqual(roles("View"), {"Anonymous"})


class TestOutsidersRefused(FormManagersTestCase):
    """A communication officer and an editor change the forms by no path."""

    HTML_PAGES = ("@@edit", "actions", "actions/@@modeleditor", "actions/@@add-action",
                  "fields", "fields/@@modeleditor", "fields/@@add-field",
                  "actions/create_request/@@edit", "fields/national_number/@@edit",
                  "@@sharing", "@@eguichet-audit", "@@saveddata", "object_rename", "delete_confirmation")

    def assertUnchanged(self, before):
        self.assertEqual(self.routing_of(), before)
        self.assertEqual(api.content.get_state(self.form), "published")

    def test_html_pages_refused(self):
        for user in (COMMUNICATION, REDACTEUR):
            self.as_user(user)
            for page in self.HTML_PAGES:
                response = self.app.get(f"{self.url}/{FORM}/{page}", status=302)
                self.assertIn("require_login", response.headers["Location"], (user, page))

    def test_html_posts_refused(self):
        before = self.routing_of()
        for user in (COMMUNICATION, REDACTEUR):
            self.as_user(user)
            posts = {
                "actions/@@modeleditor": {"form.button.save": "1",
                                          "source": actions_model(group=user)},
                "fields/@@modeleditor": {"form.button.save": "1",
                                         "source": self.form.fields_model.replace(
                                             "national_number", "niss")},
                "actions/create_request/@@edit": {
                    "form.widgets.agent_group": "communication",
                    "form.buttons.save": "Enregistrer"},
                "@@sharing": {"entries.id:records": "communication",
                              "entries.type:records": "group",
                              "entries.role_Editor:records": "True",
                              "form.button.Save": "1"},
            }
            token = self.authenticator(FORM)
            for page in ("content_status_modify?workflow_action=retract",
                         "object_cut", "object_copy", "object_delete", "object_rename"):
                response = self.app.get(f"{self.url}/{FORM}/{page}",
                                        {"_authenticator": token}, status=302)
                if page.startswith("content_status_modify"):  # "not allowed"
                    self.assertEqual(response.headers["Location"], f"{self.url}/{FORM}")
                else:
                    self.assertIn("require_login", response.headers["Location"], page)
            for page, data in posts.items():
                response = self.app.post(f"{self.url}/{FORM}/{page}", data, status=302)
                self.assertIn("require_login", response.headers["Location"], (user, page))
        self.assertUnchanged(before)
        self.assertNotIn("communication", dict(self.form.get_local_roles()))

    def test_rest_refused(self):
        before = self.routing_of()
        for user in (COMMUNICATION, REDACTEUR):
            self.as_user(user)
            self.json("PATCH", FORM, {"actions_model": actions_model(group=user)}, status=401)
            self.json("PATCH", FORM, {"title": "Autre"}, status=401)
            self.json("POST", f"{FORM}/@workflow/retract", {}, status=400)
            self.json("POST", f"{FORM}/@sharing",
                      {"entries": [{"id": user, "type": "user",
                                    "roles": {"Editor": True}}]}, status=403)
            self.json("DELETE", FORM, status=401)
            self.json("POST", "e-guichet",
                      {"@type": "EasyForm", "id": "copie", "title": "Copie"}, status=401)
            self.json("POST", "e-guichet",
                      {"@type": "Folder", "id": "dossier", "title": "Dossier"}, status=401)
            # plone.restapi's @copy answers an object one may not copy with
            # OFS's CopyError as a 500 (its own behaviour for any content).
            response = self.json("POST", "@copy", {"source": f"{self.url}/{FORM}"},
                                 status=500)
            self.assertEqual(response.json["type"], "CopyError")
            self.json("POST", "@move", {"source": f"{self.url}/{FORM}"}, status=403)
        self.assertUnchanged(before)
        self.assertEqual(self.portal["e-guichet"].objectIds().count("copie"), 0)
        local_roles = dict(self.form.get_local_roles())
        self.assertNotIn(COMMUNICATION, local_roles)
        self.assertNotIn(REDACTEUR, local_roles)
        self.assertNotIn("copy_of_extrait-de-casier-judiciaire", self.portal.objectIds())

    def test_no_request_action_on_a_form_elsewhere(self):
        """Their own new form may not receive requests: not by REST at
        creation, not by PATCH, not by the actions' model editor, and the
        "add action" page does not offer it."""
        self.as_user(COMMUNICATION)
        self.json("POST", "", {"@type": "EasyForm", "id": "piege", "title": "Piège",
                               "actions_model": actions_model(group=COMMUNICATION)},
                  status=401)
        self.sync()
        self.assertNotIn("piege", self.portal.objectIds())
        self.json("POST", "", {"@type": "EasyForm", "id": "sondage", "title": "Sondage"},
                  status=201)
        self.json("PATCH", "sondage", {"actions_model": actions_model(group=COMMUNICATION)},
                  status=401)
        token = self.authenticator("sondage/actions/@@modeleditor")
        response = self.app.post(
            f"{self.url}/sondage/actions/@@modeleditor",
            {"form.button.save": "1", "_authenticator": token,
             "source": actions_model(group=COMMUNICATION)},
            status=200,
        )
        self.assertIn("Seuls les gestionnaires de l&#x27;e-guichet peuvent modifier",
                      response.text.replace("&#39;", "&#x27;").replace("'", "&#x27;"))
        page = self.app.get(f"{self.url}/sondage/actions/@@add-action")
        self.assertIn("Mailer", action_choices(page))
        self.assertNotIn("Create a request", action_choices(page))
        self.sync()
        self.assertFalse(formsecurity.carries_request_action(self.portal["sondage"]))
        # Their own form without the request action stays theirs to edit.
        self.json("PATCH", "sondage", {"title": "Sondage des habitants"}, status=204)


class TestFormJson(FormManagersTestCase):
    """``GET <form>`` in JSON: 200 with the public fields, no routing."""

    def test_public_answer(self):
        for user in (None, CITIZEN, COMMUNICATION):
            self.as_user(user)
            data = self.json("GET", FORM, status=200).json
            for key in ROUTING_KEYS + ("savedDataStorage", "thanksPageOverride",
                                       "headerInjection"):
                self.assertNotIn(key, data, (user, key))
            text = json.dumps(data)
            self.assertNotIn("population@commune-test.be", text)
            self.assertNotIn("create_request", text)
            self.assertEqual(data["title"], "Extrait de casier judiciaire")
            self.assertIs(data["login_required"], True)
            fields = {f["id"]: f for f in data["fields"]}
            self.assertEqual(fields["national_number"]["title"],
                             "Numéro de registre national")
            self.assertTrue(fields["national_number"]["required"])
            self.assertEqual(fields["national_number"]["type"], "TextLine")
            self.assertIn("national_number", data["schema"]["properties"])
            self.assertIn("national_number", data["schema"]["required"])
            choices = [f for f in data["fields"] if f["choices"]]
            self.assertTrue(choices)
            self.assertTrue(all(c["title"] for f in choices for c in f["choices"]))

    def test_managers_get_the_models(self):
        self.as_user(EG_MANAGER)
        data = self.json("GET", FORM, status=200).json
        self.assertIn("population@commune-test.be", data["actions_model"])
        self.assertIn("national_number", data["fields_model"])
        self.assertNotIn("savedDataStorage", data)


class TestUpgrade(FormManagersTestCase):
    def test_existing_site(self):
        """A site made before: forms under the type's workflow, no group,
        no audit. The upgrade protects them, keeps them published and
        records their routing."""
        from plone.app.testing import SITE_OWNER_NAME
        from plone.app.testing import login
        from ville.eguichet.interfaces import IEGuichetForm
        from ville.eguichet.interfaces import IEGuichetSection
        from ville.eguichet.upgrades.w10_managers import upgrade
        from zope.annotation.interfaces import IAnnotations
        from DateTime import DateTime
        from zope.interface import noLongerProvides

        wtool = api.portal.get_tool("portal_workflow")
        folder = self.portal["e-guichet"]
        login(self.layer["app"], SITE_OWNER_NAME)
        api.group.delete(groupname="eguichet-managers")
        for obj in [folder, *folder.objectValues()]:
            noLongerProvides(obj, IEGuichetForm)
            noLongerProvides(obj, IEGuichetSection)
            obj.workflow_history.pop("eguichet_form_workflow", None)
            wtool.setStatusOf("simple_publication_workflow", obj, {
                "review_state": "published", "action": "publish",
                "actor": SITE_OWNER_NAME, "time": DateTime(), "comments": ""})
            IAnnotations(obj).pop(formsecurity.AUDIT_KEY, None)
            for workflow in wtool.getWorkflowsFor(obj):
                workflow.updateRoleMappingsFor(obj)
        self.assertEqual(wtool.getChainFor(self.form), ("simple_publication_workflow",))
        self.assertEqual(formsecurity.entries(self.form), [])

        upgrade(self.portal.portal_setup)

        self.assertIsNotNone(api.group.get(groupname="eguichet-managers"))
        for obj in (folder, self.form):
            self.assertEqual(wtool.getChainFor(obj), ("eguichet_form_workflow",))
            self.assertEqual(api.content.get_state(obj), "published")
        roles = {r["name"] for r in self.form.rolesOfPermission("Modify portal content")
                 if r["selected"]}
        self.assertEqual(roles, {"Manager", "Site Administrator", "EGuichet Manager"})
        audit = {e["key"]: e for e in formsecurity.entries(self.form)}
        self.assertEqual((audit["agent_email"]["old"], audit["agent_email"]["new"]),
                         ("", "population@commune-test.be"))
        self.assertEqual(audit["agent_email"]["actor"], SITE_OWNER_NAME)
