"""Every transition by every role; who sees what (catalog, permissions)."""

from plone import api
from plone.app.testing import login
from plone.app.testing import logout
from Products.CMFCore.WorkflowCore import WorkflowException
from ville.eguichet import api as eguichet
from ville.eguichet.testing import VILLE_EGUICHET_INTEGRATION_TESTING
from ville.eguichet.tests import base

import email
import unittest


PATHS = {
    "submitted": [],
    "in_progress": ["take"],
    "awaiting_citizen": ["take", "ask_info"],
    "ready": ["take", "mark_ready"],
}
# transition -> (from state, users allowed); every other role is refused.
MATRIX = {
    "take": ("submitted", {base.AGENT, base.SITEADMIN, base.MANAGER}),
    "mark_ready": ("in_progress", {base.AGENT, base.SITEADMIN, base.MANAGER}),
    "close": ("ready", {base.AGENT, base.SITEADMIN, base.MANAGER}),
    "ask_info": ("in_progress", {base.AGENT, base.SITEADMIN, base.MANAGER}),
    "provide_info": ("awaiting_citizen", {base.CITIZEN}),
    "reject": ("submitted", {base.AGENT, base.SITEADMIN, base.MANAGER}),
    "cancel": ("submitted", {base.CITIZEN}),
}
TARGET = {
    "take": "in_progress", "mark_ready": "ready", "close": "closed",
    "ask_info": "awaiting_citizen", "provide_info": "in_progress",
    "reject": "rejected", "cancel": "cancelled",
}
ROLES = (base.AGENT, base.CITIZEN, base.OTHER, None, base.EDITOR, base.SITEADMIN, base.MANAGER)


class TestWorkflow(unittest.TestCase):
    layer = VILLE_EGUICHET_INTEGRATION_TESTING

    def setUp(self):
        self.portal = self.layer["portal"]
        self.request = self.layer["request"]
        base.make_users(self.portal)
        self.form = base.make_form(self.portal)
        self.wftool = api.portal.get_tool("portal_workflow")

    def new_request(self, state="submitted"):
        login(self.portal, base.CITIZEN)
        request, errors = eguichet.submit(self.form, base.valid_data(), self.request)
        self.assertEqual(errors, {})
        login(self.portal, base.AGENT)
        for transition in PATHS[state]:
            self.wftool.doActionFor(request, transition, comment="note")
        self.assertEqual(api.content.get_state(request), state)
        return request

    def as_user(self, user):
        login(self.portal, user) if user else logout()

    def test_matrix(self):
        for transition, (state, allowed) in MATRIX.items():
            for user in ROLES:
                with self.subTest(transition=transition, user=user):
                    request = self.new_request(state)
                    self.as_user(user)
                    available = [t["id"] for t in self.wftool.getTransitionsFor(request)]
                    if user in allowed:
                        self.assertIn(transition, available)
                        self.portal.MailHost.reset()
                        # Public: a comment without the flag is internal.
                        self.wftool.doActionFor(
                            request, transition, comment="Un commentaire", public=True
                        )
                        [sent] = self.portal.MailHost.messages
                        message = email.message_from_bytes(sent)
                        # the requester's account address (a member)
                        self.assertEqual(message["To"], "citizen1@example.org")
                        self.assertIn(
                            "Un commentaire", message.get_payload(decode=True).decode("utf-8")
                        )
                        self.assertEqual(api.content.get_state(request), TARGET[transition])
                        last = request.history[-1]
                        self.assertEqual(last["action"], transition)
                        self.assertEqual(last["actor"], user)
                        self.assertEqual(last["comment"], "Un commentaire")
                        self.assertIn(TARGET[transition], request.state_dates)
                    else:
                        self.assertNotIn(transition, available)
                        with self.assertRaises(WorkflowException):
                            self.wftool.doActionFor(request, transition, comment="x")
                        self.assertEqual(api.content.get_state(request), state)

    def test_comment_required(self):
        for transition, state in (("ask_info", "in_progress"), ("reject", "submitted")):
            request = self.new_request(state)
            self.as_user(base.AGENT)
            with self.assertRaises(WorkflowException):
                self.wftool.doActionFor(request, transition, comment="  ")
            self.assertEqual(api.content.get_state(request), state)
        request = self.new_request("awaiting_citizen")
        self.as_user(base.CITIZEN)
        with self.assertRaises(WorkflowException):
            self.wftool.doActionFor(request, "provide_info", comment="")

    def test_internal_comment_hidden_from_requester(self):
        request = self.new_request("in_progress")
        self.as_user(base.AGENT)
        self.wftool.doActionFor(request, "mark_ready", comment="Vu au guichet", public=False)
        self.assertFalse(request.history[-1]["public"])
        public = eguichet.public_history(request)
        self.assertEqual(public[-1]["comment"], "")
        self.assertNotIn("actor", public[-1])

    def test_who_sees_requests(self):
        request = self.new_request()
        catalog = api.portal.get_tool("portal_catalog")
        seen = {
            base.AGENT: True, base.CITIZEN: True, base.SITEADMIN: True,
            base.OTHER: False, None: False, base.EDITOR: False,
        }
        for user, visible in seen.items():
            with self.subTest(user=user):
                self.as_user(user)
                self.assertEqual(
                    bool(api.user.has_permission("View", obj=request)), visible
                )
                found = catalog(eguichet_reference=request.reference)
                self.assertEqual(len(found), 1 if visible else 0)
                # Never in the site search nor live search, not even for agents.
                search = self.portal.restrictedTraverse("@@search")
                results = search.results(query={"SearchableText": "Dupont"}, batch=False)
                self.assertEqual(
                    [r for r in results if r.portal_type == "EGuichetRequest"], []
                )
        self.as_user(base.EDITOR)
        self.assertFalse(api.user.has_permission("Modify portal content", obj=request))
        self.assertFalse(api.user.has_permission("ville.eguichet: Manage requests", obj=eguichet.get_store()))

    def test_agents_have_no_rights_on_site_content(self):
        self.as_user(base.AGENT)
        for permission in ("Modify portal content", "Add portal content", "Delete objects"):
            self.assertFalse(api.user.has_permission(permission, obj=self.form))
            self.assertFalse(api.user.has_permission(permission, obj=self.portal))

    def test_procedure_agent_group(self):
        with api.env.adopt_roles(["Manager"]):
            api.group.create(groupname="agents-etat-civil")
            api.user.create(username="clerk", email="clerk@example.org", password=base.PASSWORD)
            api.group.add_user(groupname="agents-etat-civil", username="clerk")
        other_form = base.make_form(self.portal, id="autre", group="agents-etat-civil")
        login(self.portal, base.CITIZEN)
        mine, _ = eguichet.submit(other_form, base.valid_data(), self.request)
        general = self.new_request()
        login(self.portal, "clerk")
        self.assertTrue(api.user.has_permission("View", obj=mine))
        self.assertIn("take", [t["id"] for t in self.wftool.getTransitionsFor(mine)])
        self.assertFalse(api.user.has_permission("View", obj=general))
        self.assertTrue(eguichet.is_agent(eguichet.get_store()))
        catalog = api.portal.get_tool("portal_catalog")
        refs = {b.getId for b in catalog(portal_type="EGuichetRequest")}
        self.assertEqual(refs, {mine.reference})
