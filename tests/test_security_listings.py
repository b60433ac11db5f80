"""Who reads what of the e-guichet's requests in the listings (issue 10):
the citizen's space, the agents' dashboard and exports, search and REST
listings, for each role. Split from test_security_matrix.py, whose fixture
and ``MatrixBase`` it uses."""

from tests.test_security_matrix import AGENT
from tests.test_security_matrix import ANONYMOUS
from tests.test_security_matrix import COMM
from tests.test_security_matrix import EDITOR
from tests.test_security_matrix import EG_MANAGER
from tests.test_security_matrix import INTERNAL
from tests.test_security_matrix import INTERNAL_ANON
from tests.test_security_matrix import MatrixBase
from tests.test_security_matrix import NATIONAL_NUMBER
from tests.test_security_matrix import OTHER
from tests.test_security_matrix import OWNER
from tests.test_security_matrix import PROC_AGENT
from tests.test_security_matrix import PROCESSORS
from tests.test_security_matrix import PUBLIC
from tests.test_security_matrix import QUESTION
from tests.test_security_matrix import ROLES
from tests.test_security_matrix import SITE_ADMIN

import email


class TestListings(MatrixBase):
    """Searches, listings, the citizen space, exports, figures, dashboard."""

    def visible(self, user):
        """The references each role may list."""
        refs = self.refs
        return {
            ANONYMOUS: set(), OTHER: {refs["theirs"], refs["private"]},
            OWNER: {refs["mine"]}, PROC_AGENT: {refs["theirs"]},
            AGENT: set(refs.values()), SITE_ADMIN: set(refs.values()),
            COMM: set(), EDITOR: set(), EG_MANAGER: set(),
        }[user]

    def listed(self, text):
        return {ref for ref in self.refs.values() if ref in text}

    def test_search(self):
        for url in (
            f"{self.portal_url}/@search?portal_type=EGuichetRequest",
            f"{self.portal_url}/@search?path={self.store.absolute_url_path()}&b_size=100",
        ):
            for user in ROLES:
                with self.subTest(user=user, url=url):
                    response = self.get(url, user, rest=True)
                    self.assertOk(response, user)
                    self.assertEqual(self.listed(response.text), self.visible(user))
                    self.assertLeaks(response.text, user, False, False, False)

    def test_search_full_objects(self):
        # Each request through its serializer: all for agents, masked and
        # without internal comments or agents' ids for its owner.
        url = f"{self.portal_url}/@search?portal_type=EGuichetRequest&fullobjects=1&b_size=100"
        for user in ROLES:
            with self.subTest(user=user):
                response = self.get(url, user, rest=True)
                self.assertOk(response, user)
                self.assertEqual(self.listed(response.text), self.visible(user))
                seen = user in PROCESSORS
                # An agent of procedure B reads its request in clear.
                number = seen or user == PROC_AGENT
                self.assertLeaks(response.text, user, seen, seen, number)

    def test_querystring_search(self):
        query = {"query": [{"i": "portal_type", "o": "plone.app.querystring.operation.selection.any",
                            "v": ["EGuichetRequest"]}], "b_size": 100}
        for user in ROLES:
            with self.subTest(user=user):
                response = self.post_json(f"{self.portal_url}/@querystring-search", user, query)
                self.assertOk(response, user)
                self.assertEqual(self.listed(response.text), self.visible(user))
                self.assertLeaks(response.text, user, False, False, False)

    def test_rest_listing(self):
        url = f"{self.portal_url}/@eguichet-requests?b_size=100"
        for user in ROLES:
            with self.subTest(user=user):
                response = self.get(url, user, rest=True)
                if user is None:
                    self.assertEqual(response.status_int, 401)
                    continue
                self.assertOk(response, user)
                self.assertEqual(self.listed(response.text), self.visible(user))
                self.assertLeaks(response.text, user, False, False, False)
                procedures = {item["procedure"] for item in response.json["items"]}
                if user == PROC_AGENT:
                    self.assertEqual(procedures, {"Procédure proc-b"})

    def test_mes_demandes(self):
        url = f"{self.portal_url}/@@mes-demandes"
        for user in ROLES:
            with self.subTest(user=user):
                response = self.get(url, user)
                if user is None:
                    self.assertEqual(response.status_int, 302)
                    continue
                self.assertOk(response, user)
                own = {OWNER: {self.refs["mine"]},
                       OTHER: {self.refs["theirs"], self.refs["private"]}}.get(user, set())
                self.assertEqual(self.listed(response.text), own)
                self.assertLeaks(response.text, user, False, False, False)
        text = self.get(url, OWNER).text
        self.assertIn(QUESTION, text)
        self.assertIn(PUBLIC, text)

    def test_export(self):
        for kind in ("csv", "xlsx"):
            url = f"{self.store_url}/@@eguichet-export?format={kind}"
            for user in ROLES:
                with self.subTest(user=user, kind=kind):
                    response = self.get(url, user)
                    if user in PROCESSORS + (PROC_AGENT,):
                        self.assertOk(response, user)
                        if kind == "csv":
                            text = response.body.decode("utf-8")
                            self.assertEqual(self.listed(text), self.visible(user))
                            self.assertLeaks(text, user, False, False, False)
                            self.assertEqual("Procédure proc-a" in text, user != PROC_AGENT)
                    else:
                        self.assertRefused(response, user, rest=False)

    def test_statistics(self):
        url = f"{self.store_url}/@@eguichet-statistics"
        for user in ROLES:
            with self.subTest(user=user):
                response = self.get(url, user)
                if user in PROCESSORS + (PROC_AGENT,):
                    self.assertOk(response, user)
                    table = response.html.find(id="statistics-per-month").text
                    shown = {p for p in ("proc-a", "proc-b", "proc-c", "proc-anon")
                             if f"Procédure {p}\n" in table}
                    expected = {"proc-b"} if user == PROC_AGENT else {
                        "proc-a", "proc-b", "proc-c", "proc-anon"}
                    self.assertEqual(shown, expected)
                else:
                    self.assertRefused(response, user, rest=False)
        # On the site root, for who processes every procedure only.
        for user in ROLES:
            with self.subTest(user=user, root=True):
                response = self.get(f"{self.portal_url}/@@eguichet-statistics", user)
                if user in PROCESSORS:
                    self.assertOk(response, user)
                else:
                    self.assertRefused(response, user, rest=False)

    def test_dashboard(self):
        url = f"{self.store_url}/@@eguichet-dashboard"
        for user in ROLES:
            with self.subTest(user=user):
                response = self.get(url, user)
                if user in PROCESSORS + (PROC_AGENT,):
                    self.assertOk(response, user)
                    self.assertEqual(self.listed(response.text), self.visible(user))
                    self.assertLeaks(response.text, user, False, False, False)
                    options = {p for p in ("proc-a", "proc-b", "proc-c", "proc-anon")
                               if f">Procédure {p}</option>" in response.text}
                    expected = {"proc-b"} if user == PROC_AGENT else {
                        "proc-a", "proc-b", "proc-c", "proc-anon"}
                    self.assertEqual(options, expected)
                else:
                    self.assertRefused(response, user, rest=False)

    def test_tracking_page(self):
        url = self.layer["tracking_url"]
        for user in ROLES:
            with self.subTest(user=user):
                response = self.get(url, user)
                # The link is the credential, whoever holds it.
                self.assertOk(response, user)
                self.assertIn(QUESTION, response.text)
                self.assertNotIn(INTERNAL_ANON, response.text)
                self.assertLeaks(response.text, user, False, False, False)
        wrong = url[:-1] + ("x" if url[-1] != "x" else "y")
        self.assertEqual(self.get(wrong, None).status_int, 404)

    def test_mails_to_the_requesters(self):
        messages = [email.message_from_bytes(m) for m in self.portal.MailHost.messages]
        # The owner's mails go to its account's address, the anonymous
        # requester's to the typed one.
        to_citizens = [
            m for m in messages if m["To"] in ("marie@example.org", f"{OWNER}@example.org")
        ]
        self.assertGreaterEqual(len(to_citizens), 6)  # receipts and transitions
        texts = []
        for message in to_citizens:
            for part in message.walk():
                if part.get_content_type() == "text/plain":
                    texts.append(part.get_payload(decode=True).decode("utf-8"))
        text = "\n".join(texts)
        self.assertIn(QUESTION, text)
        self.assertIn(PUBLIC, text)
        for needle in (INTERNAL, INTERNAL_ANON, AGENT, NATIONAL_NUMBER):
            self.assertNotIn(needle, text)
