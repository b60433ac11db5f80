"""Who reads what of the e-guichet's requests, surface by surface (issue 10).

One fixture for the whole matrix (the assembled site, its users and a few
requests taken through the workflow), then each surface is asked by each
role through the Zope WSGI publisher: the exact status, and whether the
internal comment, the agent's user id and the national number are in the
answer.

Roles: anonymous, another citizen, the owner, an agent of another
procedure (a form's own agent group), an agent (agents-eguichet), a
communication officer, an editor, an e-guichet manager (group
eguichet-managers, no role on requests), a site administrator.
"""

from base64 import b64encode
from plone import api
from plone.app.testing import FunctionalTesting
from plone.app.testing import login
from plone.app.testing import logout
from plone.app.testing import PloneSandboxLayer
from tests.layers import SITE_FIXTURE
from tests.layers import webtest_app
from ville.eguichet import api as eguichet
from ville.eguichet.tests import base

import json
import transaction
import unittest


PASSWORD = "Matrice-secret-42"
OWNER = "alice.matrix"
OTHER = "bob.matrix"
AGENT = "agdupuis7"  # the agent's id: must never reach a citizen
PROC_AGENT = "agproc8"
COMM = "comm.matrix"
EDITOR = "redac.matrix"
EG_MANAGER = "egm.matrix"
SITE_ADMIN = "siteadm.matrix"
ANONYMOUS = None
PROC_GROUP = "agents-proc-b"
INTERNAL = "NOTE-INTERNE-7731 pieces a verifier"
INTERNAL_ANON = "NOTE-INTERNE-8842 suivi anonyme"
PUBLIC = "Votre document est pret 5519"
QUESTION = "Quelle est votre adresse 4417 ?"
NATIONAL_NUMBER = "85073003328"
MASKED = "85.07.30-***.**"

CITIZENS = (OTHER, OWNER)
NON_AGENTS = (ANONYMOUS, OTHER, OWNER, PROC_AGENT, COMM, EDITOR, EG_MANAGER)
ROLES = (ANONYMOUS, OTHER, OWNER, PROC_AGENT, AGENT, COMM, EDITOR, EG_MANAGER, SITE_ADMIN)
# Who may process every procedure (the request A, processed by agents-eguichet).
PROCESSORS = (AGENT, SITE_ADMIN)


class SecurityMatrixLayer(PloneSandboxLayer):
    """The site with three procedures and their requests, set up once."""

    defaultBases = (SITE_FIXTURE,)

    def setUpPloneSite(self, portal):
        from Products.CMFCore.indexing import processQueue
        from Products.CMFPlone.tests.utils import MockMailHost

        api.portal.set_registry_record("plone.email_from_address", "guichet@ville.example")
        real = portal.MailHost
        mock = MockMailHost("MailHost")
        mock.smtp_queue = getattr(real, "smtp_queue", False)
        mock.smtp_queue_directory = getattr(real, "smtp_queue_directory", "")
        portal.MailHost = mock
        if api.group.get(groupname="eguichet-managers") is None:
            # Created by another change of issue 10; no role on requests.
            api.group.create(groupname="eguichet-managers", title="Gestionnaires e-guichet")
        api.group.create(groupname=PROC_GROUP, title="Agents de la procédure B")
        for userid, group, roles in (
            (OWNER, None, []),
            (OTHER, None, []),
            (AGENT, "agents-eguichet", []),
            (PROC_AGENT, PROC_GROUP, []),
            (COMM, "communication", []),
            (EDITOR, "redacteurs", []),
            (EG_MANAGER, "eguichet-managers", []),
            (SITE_ADMIN, None, ["Site Administrator"]),
        ):
            api.user.create(
                username=userid, email=f"{userid}@example.org", password=PASSWORD,
                properties={"fullname": userid.split(".")[0].capitalize()},
            )
            if group:
                api.group.add_user(groupname=group, username=userid)
            if roles:
                api.user.grant_roles(username=userid, roles=roles)
        form_a = base.make_form(portal, id="proc-a")
        form_b = base.make_form(portal, id="proc-b", group=PROC_GROUP)
        form_c = base.make_form(portal, id="proc-c")
        form_anon = base.make_form(portal, id="proc-anon", anonymous=True)
        login(portal, base.TEST_USER_NAME)
        with api.env.adopt_roles(["Manager"]):
            api.content.transition(obj=form_c, to_state="private")
        wftool = api.portal.get_tool("portal_workflow")
        request = portal.REQUEST

        login(portal, OWNER)
        mine, _ = eguichet.submit(form_a, base.valid_data(), request)
        login(portal, OTHER)
        theirs, _ = eguichet.submit(form_b, base.valid_data(last_name="Autre"), request)
        private, _ = eguichet.submit(form_c, base.valid_data(last_name="Privé"), request)
        logout()
        tracked, _ = eguichet.submit(form_anon, base.valid_data(last_name="Anonyme"), request)

        login(portal, AGENT)
        # No "public" flag: internal, as a REST body without it.
        wftool.doActionFor(mine, "take", comment=INTERNAL)
        wftool.doActionFor(mine, "ask_info", comment=QUESTION)
        wftool.doActionFor(tracked, "take", comment=INTERNAL_ANON)
        wftool.doActionFor(tracked, "ask_info", comment=QUESTION)
        login(portal, OWNER)
        wftool.doActionFor(mine, "provide_info", comment="Rue de la Gare 1")
        login(portal, AGENT)
        wftool.doActionFor(mine, "mark_ready", comment=PUBLIC, public=True)
        logout()
        self["references"] = {
            "mine": mine.reference, "theirs": theirs.reference,
            "private": private.reference, "tracked": tracked.reference,
        }
        from ville.eguichet.messages import citizen_url

        self["tracking_url"] = citizen_url(tracked)
        processQueue()


SECURITY_MATRIX_FIXTURE = SecurityMatrixLayer()
SECURITY_MATRIX = FunctionalTesting(
    bases=(SECURITY_MATRIX_FIXTURE,), name="SecurityMatrix:Functional"
)


def auth(user):
    if user is None:
        return {}
    token = b64encode(f"{user}:{PASSWORD}".encode()).decode()
    return {"Authorization": f"Basic {token}"}


class MatrixBase(unittest.TestCase):
    layer = SECURITY_MATRIX
    maxDiff = None

    def setUp(self):
        self.portal = self.layer["portal"]
        self.app = webtest_app(self.layer)
        self.refs = self.layer["references"]
        self.store = eguichet.get_store(self.portal)
        self.portal_url = self.portal.absolute_url()
        self.store_url = self.store.absolute_url()
        self.mine_url = f"{self.store_url}/{self.refs['mine']}"

    def get(self, url, user, rest=False):
        headers = auth(user)
        if rest:
            headers["Accept"] = "application/json"
        return self.app.get(url, headers=headers, status="*", expect_errors=True)

    def post_json(self, url, user, data):
        headers = auth(user) | {"Accept": "application/json"}
        return self.app.post(
            url, json.dumps(data), headers=headers | {"Content-Type": "application/json"},
            status="*", expect_errors=True,
        )

    def assertOk(self, response, user=None):
        self.assertEqual(response.status_int, 200, f"{user}: {response.body[-1500:]!r}")

    def refused_html(self, user):
        """Plone's answer to who may not see a page: the login form for
        the anonymous, "insufficient privileges" for a member."""
        return 302

    def assertLeaks(self, text, user, internal, agent_id, national_number):
        for needle, expected in (
            (INTERNAL, internal), (AGENT, agent_id), (NATIONAL_NUMBER, national_number),
        ):
            with self.subTest(needle=needle, user=user):
                self.assertEqual(needle in text, expected, f"{needle} for {user}")

    def assertRefused(self, response, user, rest):
        expected = 401 if rest else self.refused_html(user)
        self.assertEqual(response.status_int, expected, f"{user}: {response.text[:300]}")
        self.assertNotIn(INTERNAL, response.text)
        self.assertNotIn(NATIONAL_NUMBER, response.text)


class TestRequestSurfaces(MatrixBase):
    """The request A of the owner: page, JSON, @workflow, @history."""

    def check_surface(self, url, rest, owner_sees_it=True, agent_number=False):
        for user in ROLES:
            with self.subTest(user=user, url=url):
                response = self.get(url, user, rest)
                if user in PROCESSORS:
                    self.assertOk(response, user)
                    self.assertLeaks(response.text, user, True, True, agent_number)
                elif user == OWNER and owner_sees_it:
                    self.assertEqual(response.status_int, 200, response.text[:300])
                    self.assertLeaks(response.text, user, False, False, False)
                    self.assertIn(QUESTION, response.text)
                else:
                    self.assertRefused(response, user, rest)

    def test_html_page(self):
        self.check_surface(self.mine_url, rest=False, agent_number=True)
        # The agent reads the number in clear on the page; the owner masked.
        self.assertIn(NATIONAL_NUMBER, self.get(self.mine_url, AGENT).text)
        self.assertIn(MASKED, self.get(self.mine_url, OWNER).text)

    def test_rest_get(self):
        self.check_surface(self.mine_url, rest=True, agent_number=True)
        body = self.get(self.mine_url, OWNER, rest=True).json
        self.assertEqual(body["values"]["national_number"], MASKED)
        self.assertEqual(self.get(self.mine_url, AGENT, rest=True).json[
            "values"]["national_number"], NATIONAL_NUMBER)

    def test_rest_workflow(self):
        self.check_surface(f"{self.mine_url}/@workflow", rest=True)
        body = self.get(f"{self.mine_url}/@workflow", OWNER, rest=True).json
        actors = {entry["actor"] for entry in body["history"]}
        self.assertEqual(actors, {OWNER, "Les services communaux"})
        self.assertEqual(body["state"]["id"], "ready")
        body = self.get(f"{self.mine_url}/@workflow", AGENT, rest=True).json
        self.assertIn(AGENT, {entry["actor"] for entry in body["history"]})

    def test_rest_history(self):
        self.check_surface(f"{self.mine_url}/@history", rest=True)
        body = self.get(f"{self.mine_url}/@history", OWNER, rest=True).json
        self.assertEqual(
            [entry["comments"] for entry in body],
            [PUBLIC, "Rue de la Gare 1", QUESTION, "", ""],
        )
        self.assertEqual(
            {entry["actor"]["fullname"] for entry in body},
            {OWNER, "Les services communaux"},
        )

    def test_plone_history_views(self):
        # Plone's popup (View): the owner's shows no agents' history.
        url = f"{self.mine_url}/@@contenthistorypopup"
        for user in ROLES:
            with self.subTest(user=user, url=url):
                response = self.get(url, user)
                if user in PROCESSORS + (OWNER,):
                    self.assertOk(response, user)
                    # Plone's viewlet shows DCWorkflow's history to who may
                    # review content site-wide: a site administrator.
                    seen = user == SITE_ADMIN
                    self.assertLeaks(response.text, user, seen, seen, False)
                else:
                    self.assertRefused(response, user, rest=False)
        # @@contenthistory (a view without a page's security) and
        # @@historyview (Modify portal content): no one's on a request.
        for url in (f"{self.mine_url}/@@contenthistory", f"{self.mine_url}/@@historyview"):
            for user in ROLES:
                with self.subTest(user=user, url=url):
                    self.assertRefused(self.get(url, user), user, rest=False)


class TestStoreProbes(MatrixBase):
    """Nothing under the store answers a non-agent but its own requests;
    someone else's reference and a made-up one give the same answer."""

    NAMES = (
        "objectCount", "objectIds", "objectValues", "contentValues", "getFolderContents",
        "objectItems", "getId", "Title", "folder_contents", "@@folder_contents",
        "EG-20200101-ZZZZZZ", "index_html", "view", "@@eguichet-dashboard",
        "?b_start=0", "@@eguichet-dashboard?b_start=50", "@@eguichet-bank-import",
    )

    # After a reference: someone else's answers as a made-up one.
    SUFFIXES = (
        "@workflow", "@history", "@@eguichet-file/documents/0", "@@eguichet-recu",
        "view", "@@view",
        "@@plone_portal_state", "plone_portal_state", "@@images", "images",
        "@@authenticator", "@@ploneform-macros", "@@search", "@@iterate_control",
        "@@contenthistorypopup", "@@sharing", "@@edit", "getId", "objectIds", "values",
        "@@getVocabulary?name=plone.app.vocabularies.Keywords", "RSS", "++api++",
    )

    # An agent of one procedure is an agent on the store: its dashboard and
    # Plone's folder contents, both listing only what the catalog lets it.
    AGENT_VIEWS = ("", "view", "@@eguichet-dashboard", "?b_start=0",
                   "@@eguichet-dashboard?b_start=50", "folder_contents", "@@folder_contents",
                   "@@eguichet-bank-import")

    def test_every_name_answers_like_someone_elses_request(self):
        for user in NON_AGENTS:
            foreign = self.refs["mine"] if user != OWNER else self.refs["theirs"]
            for rest in (False, True):
                reference = self.get(f"{self.store_url}/{foreign}", user, rest)
                self.assertRefused(reference, user, rest)
                for name in self.NAMES + ("",):
                    if user == PROC_AGENT and name in self.AGENT_VIEWS:
                        continue  # see test_dashboard
                    url = f"{self.store_url}/{name}" if name else self.store_url
                    with self.subTest(user=user, name=name, rest=rest):
                        response = self.get(url, user, rest)
                        self.assertEqual(response.status_int, reference.status_int,
                                         response.text[:300])
                        if rest:
                            self.assertEqual(response.json.keys(), reference.json.keys())
                            self.assertEqual(response.json["type"], reference.json["type"])
                for suffix in self.SUFFIXES:
                    with self.subTest(user=user, suffix=suffix, rest=rest):
                        made_up = self.get(f"{self.store_url}/EG-20200101-ZZZZZZ/{suffix}", user, rest)
                        theirs = self.get(f"{self.store_url}/{foreign}/{suffix}", user, rest)
                        self.assertEqual(made_up.status_int, theirs.status_int)
                        self.assertIn(made_up.status_int, (302, 401, 403))

    def test_agents_still_work_and_get_not_found_for_made_up_references(self):
        for user in PROCESSORS:
            self.assertEqual(self.get(f"{self.store_url}/EG-20200101-ZZZZZZ", user).status_int, 404)
            self.assertEqual(self.get(self.store_url, user).status_int, 200)
            self.assertEqual(self.get(f"{self.store_url}/objectCount", user).status_int, 404)
        self.assertEqual(self.get(self.mine_url, OWNER).status_int, 200)


class TestTransitionsFromTheWeb(MatrixBase):
    """The public flag through REST and HTML, files of the requester."""

    def submit(self, user=OWNER):
        login(self.portal, user)
        request, errors = eguichet.submit(
            self.portal["proc-a"], base.valid_data(), self.portal.REQUEST)
        logout()
        transaction.commit()
        return request

    def test_rest_public_flag(self):
        request = self.submit()
        url = request.absolute_url()
        for transition, body, public in (
            ("take", {"comment": "sans drapeau"}, False),
            ("ask_info", {"comment": "question", "public": False}, True),  # always public
        ):
            response = self.post_json(f"{url}/@workflow/{transition}", AGENT, body)
            self.assertEqual(response.status_int, 200, response.text)
            self.assertEqual(request.history[-1]["public"], public, transition)
            # DCWorkflow's record, for the agents, says the same.
            self.assertEqual(response.json["public"], public, transition)
        request2 = self.submit()
        url2 = request2.absolute_url()
        self.post_json(f"{url2}/@workflow/take", AGENT, {"comment": "interne", "public": False})
        self.assertFalse(request2.history[-1]["public"])
        self.post_json(f"{url2}/@workflow/mark_ready", AGENT, {"comment": "publique", "public": True})
        self.assertTrue(request2.history[-1]["public"])
        workflow = self.get(f"{url2}/@workflow", OWNER, rest=True).json
        comments = [entry["comments"] for entry in workflow["history"]]
        self.assertIn("publique", comments)
        self.assertNotIn("interne", comments)

    def html_transition(self, request, user, transition, public=None, upload=None):
        page = self.get(request.absolute_url(), user)
        self.assertEqual(page.status_int, 200)
        fields = [("transition", transition), ("comment", "un commentaire html")]
        found = page.html.find("input", {"name": "_authenticator"})
        if found is None:  # the requester's cancel is on its confirmation page
            found = self.get(f"{request.absolute_url()}/@@eguichet-annuler", user).html.find(
                "input", {"name": "_authenticator"})
        token = found["value"]
        fields.append(("_authenticator", token))
        if public:
            fields.append(("public", "1"))
        files = [("files", "piece.pdf", base.PDF)] if upload else []
        return self.app.post(
            f"{request.absolute_url()}/@@eguichet-transition", fields,
            upload_files=files, headers=auth(user), status="*", expect_errors=True,
        )

    def test_html_form_public_box(self):
        request = self.submit()
        page = self.get(request.absolute_url(), AGENT).text
        self.assertIn('name="public" value="1" checked="checked"', page)
        self.html_transition(request, AGENT, "take", public=False)
        request._p_jar.sync()
        self.assertFalse(request.history[-1]["public"])
        self.html_transition(request, AGENT, "mark_ready", public=True)
        request._p_jar.sync()
        self.assertTrue(request.history[-1]["public"])

    def test_requester_files_are_never_the_towns_documents(self):
        for transition in ("cancel",):
            request = self.submit()
            response = self.html_transition(request, OWNER, transition, upload=True)
            self.assertEqual(response.status_int, 302, response.text[:300])
            request._p_jar.sync()
            self.assertEqual(api.content.get_state(request), "cancelled")
            self.assertEqual(request.documents, [])
            self.assertEqual([f.filename for f in request.citizen_files], ["piece.pdf"])
        # An agent's transition still adds to the documents.
        request = self.submit()
        self.html_transition(request, AGENT, "take", upload=True)
        request._p_jar.sync()
        self.assertEqual([f.filename for f in request.documents], ["piece.pdf"])
        self.assertEqual(request.citizen_files, [])
