"""Issue 10, findings 2 and 3 on the assembled site (ville.policy's groups
and workflow, the Péruwelz profile): the e-guichet forms belong to the
e-guichet managers; their JSON carries no routing."""

from plone import api
from tests.layers import SITE_FUNCTIONAL
from tests.layers import webtest_app
from ville.eguichet import formsecurity

import json
import transaction
import unittest


PASSWORD = "Motdepasse-solide-10"
FORM = "e-guichet/extrait-de-casier-judiciaire"
ACTIONS = """<model xmlns="http://namespaces.plone.org/supermodel/schema"><schema>
<field name="create_request" type="ville.eguichet.documents.action.NoAttachmentCreateRequest">
<title>Créer une demande</title><agent_group>{group}</agent_group></field>
</schema></model>"""


class TestEGuichetFormsOnTheSite(unittest.TestCase):
    layer = SITE_FUNCTIONAL

    def setUp(self):
        self.portal = self.layer["portal"]
        self.url = self.portal.absolute_url().replace("//nohost/", "//localhost/")
        with api.env.adopt_roles(["Manager"]):
            for user, group in (("paul", "communication"), ("marie", "redacteurs"),
                                ("gaelle", "eguichet-managers")):
                api.user.create(username=user, password=PASSWORD,
                                email=f"{user}@example.be")
                api.group.add_user(groupname=group, username=user)
        transaction.commit()
        self.app = webtest_app(self.layer)

    def call(self, user, method, path, body=None, status=None):
        self.app.reset()
        if user:
            self.app.authorization = ("Basic", (user, PASSWORD))
        headers = {"Accept": "application/json", "Content-Type": "application/json"}
        url = f"{self.url}/{path}"
        if method == "GET":
            return self.app.get(url, headers=headers, status=status)
        return getattr(self.app, method.lower())(
            url, params=json.dumps(body or {}), headers=headers, status=status)

    def test_group(self):
        group = api.group.get(groupname="eguichet-managers")
        self.assertEqual(group.getProperty("title"), "Gestionnaires e-guichet")

    def test_editorial_groups_cannot_route_requests(self):
        form = self.portal.unrestrictedTraverse(FORM)
        before = formsecurity.routing(form)
        for user in ("paul", "marie"):
            self.call(user, "PATCH", FORM, {"actions_model": ACTIONS.format(group=user)},
                      status=401)
            self.call(user, "POST", f"{FORM}/@workflow/retract", status=400)
            self.app.get(f"{self.url}/{FORM}/actions/@@modeleditor", status=302)
            self.app.get(f"{self.url}/{FORM}/actions/create_request/@@edit", status=302)
        transaction.begin()
        self.assertEqual(formsecurity.routing(form), before)
        self.assertEqual(api.content.get_state(form), "published")

    def test_eguichet_manager_routes_and_is_audited(self):
        self.call("gaelle", "PATCH", FORM,
                  {"actions_model": ACTIONS.format(group="agents-casier")}, status=204)
        transaction.begin()
        entry = formsecurity.entries(self.portal.unrestrictedTraverse(FORM))[-1]
        self.assertEqual((entry["actor"], entry["key"], entry["new"]),
                         ("gaelle", "agent_group", "agents-casier"))

    def test_form_json_for_visitors(self):
        for user in (None, "paul"):
            data = self.call(user, "GET", FORM, status=200).json
            for key in ("actions_model", "fields_model", "agent_email", "agent_group"):
                self.assertNotIn(key, data)
            self.assertNotIn("create_request", json.dumps(data))
            self.assertIn("national_number", [f["id"] for f in data["fields"]])
