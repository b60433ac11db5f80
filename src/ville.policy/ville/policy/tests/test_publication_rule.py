"""The publication rule holds on every surface, for every role.

An item is public only when it and every ancestor up to the site are
published and within their dates. Each probe of an attacker (search with
``show_inactive``, ``@querystring-search`` granting ``showInactive`` to
Anonymous, a section's child by URL and REST, its file and image) answers as
for a private item to anonymous and a plain member, and answers to an
editor; at the date, with no edit, the probes turn public.
"""

from base64 import b64decode
from datetime import datetime
from datetime import timedelta
from DateTime import DateTime
from plone import api
from plone.app.testing import setRoles
from plone.app.testing import TEST_USER_ID
from plone.namedfile.file import NamedBlobFile
from plone.namedfile.file import NamedBlobImage
from ville.policy.dates import localize
from ville.policy.testing import VILLE_TREE_SERVER_TESTING
from ville.policy.tests.base import add_member
from ville.policy.tests.clock import frozen

import json
import requests
import transaction
import unittest


EDGE = localize(datetime(2031, 6, 15, 8, 0))
BEFORE = EDGE - timedelta(minutes=2)
AFTER = EDGE + timedelta(minutes=2)

PNG = b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGA"
    "hKmMIQAAAABJRU5ErkJggg=="
)
MEMBER = ("citoyen", "secret-password-123")
EDITOR = ("comm", "secret-password-123")


class PublicationRuleBase(unittest.TestCase):
    layer = VILLE_TREE_SERVER_TESTING

    def setUp(self):
        self.portal = self.layer["portal"]
        setRoles(self.portal, TEST_USER_ID, ["Manager"])
        news = self.portal["actualites"]
        self.item = self.published(news, "News Item", "embargo", "Quokkaword embargo")
        self.item.effective_date = DateTime(EDGE)
        self.item.reindexObject()
        self.section = self.published(self.portal, "Folder", "elections", "Élections")
        self.section.effective_date = DateTime(EDGE)
        self.section.reindexObject()
        self.child = self.published(self.section, "Document", "resultats",
                                    "Wombatword résultats")
        self.file = api.content.create(
            container=self.section, type="File", id="proces-verbal",
            title="Numbatword procès-verbal",
            file=NamedBlobFile(b"%PDF-1.4 secret", filename="pv.pdf",
                               contentType="application/pdf"),
        )
        self.image = api.content.create(
            container=self.section, type="Image", id="affiche",
            title="Affiche", image=NamedBlobImage(PNG, filename="affiche.png"),
        )
        self.private = api.content.create(
            container=self.portal, type="Folder", id="interne", title="Interne")
        self.inside = self.published(self.private, "Document", "note",
                                     "Dingoword note interne")
        api.user.create(username=MEMBER[0], email="citoyen@example.org",
                        password=MEMBER[1])
        setRoles(self.portal, TEST_USER_ID, ["Member"])
        transaction.commit()
        self.base = self.portal.absolute_url()

    def published(self, container, type_, id_, title):
        obj = api.content.create(container=container, type=type_, id=id_, title=title)
        api.content.transition(obj=obj, transition="publish")
        return obj

    def get(self, path, auth=None, json_api=False, **kw):
        url = path if path.startswith("http") else f"{self.base}/{path}"
        headers = {"Accept": "application/json" if json_api else "text/html"}
        return requests.get(url, headers=headers, auth=auth, allow_redirects=False,
                            timeout=30, **kw)

    def post(self, path, data, auth=None):
        return requests.post(
            f"{self.base}/{path}", data=json.dumps(data), auth=auth,
            headers={"Accept": "application/json", "Content-Type": "application/json"},
            allow_redirects=False, timeout=30,
        )

    def found(self, response, path):
        self.assertEqual(response.status_code, 200, response.text[:300])
        return any(i["@id"].endswith(path) for i in response.json()["items"])


class TestProbes(PublicationRuleBase):

    def searches(self, word, path, auth):
        """Where a catalog search finds ``path``: a set of channel names."""
        seen = set()
        query = f"SearchableText={word}&show_inactive=1&fullobjects=1"
        if self.found(self.get(f"@search?{query}", auth, json_api=True), path):
            seen.add("@search")
        if self.found(self.get(f"++api++/@search?{query}", auth), path):
            seen.add("++api++")
        criteria = {"query": [
            {"i": "SearchableText", "o": "plone.app.querystring.operation.string.contains",
             "v": word},
            {"i": "show_inactive", "o": "plone.app.querystring.operation.string.showInactive",
             "v": ["Anonymous", "Authenticated", "Member"]},
        ]}
        if self.found(self.post("@querystring-search", criteria, auth), path):
            seen.add("@querystring-search")
        page = self.get(f"@@search?SearchableText={word}&show_inactive=1", auth).text
        results = page[page.index('id="search-results"'):]  # not the navigation
        if f"{path}\"" in results or f"{path}/view\"" in results:
            seen.add("html-search")
        if path in self.get(f"@@ajax-search?SearchableText={word}", auth).text:
            seen.add("live-search")
        return seen

    def url(self, path, auth):
        seen = set()
        if self.get(path, auth).status_code == 200:
            seen.add("html")
        if self.get(path, auth, json_api=True).status_code == 200:
            seen.add("rest")
        return seen

    SEARCHES = {"@search", "++api++", "@querystring-search", "html-search", "live-search"}
    # Plone's search pages hide inactive items from staff too (they ask for
    # show_inactive=False): editors find them through the API and listings.
    STAFF_SEARCHES = {"@search", "++api++", "@querystring-search"}

    def test_scheduled_item(self):
        for auth in (None, MEMBER):
            with frozen(BEFORE):
                self.assertEqual(self.searches("Quokkaword", "/actualites/embargo", auth),
                                 set(), auth)
                self.assertEqual(self.url("actualites/embargo", auth), set(), auth)
            with frozen(AFTER):
                self.assertEqual(self.searches("Quokkaword", "/actualites/embargo", auth),
                                 self.SEARCHES, auth)
                self.assertEqual(self.url("actualites/embargo", auth), {"html", "rest"})
        with frozen(BEFORE):
            self.assertEqual(self.searches("Quokkaword", "/actualites/embargo", EDITOR),
                             self.STAFF_SEARCHES)
            self.assertEqual(self.url("actualites/embargo", EDITOR), {"html", "rest"})

    def test_child_of_a_scheduled_section(self):
        path = "elections/resultats"
        for auth in (None, MEMBER):
            with frozen(BEFORE):
                self.assertEqual(self.searches("Wombatword", f"/{path}", auth), set())
                self.assertEqual(self.url(path, auth), set(), auth)
                in_section = self.get("@search?path.query=/plone/elections", auth,
                                      json_api=True)
                self.assertEqual(in_section.json()["items_total"], 0)
            with frozen(AFTER):
                self.assertEqual(self.searches("Wombatword", f"/{path}", auth),
                                 self.SEARCHES)
                self.assertEqual(self.url(path, auth), {"html", "rest"})
                folder = self.get("elections", auth, json_api=True).json()
                self.assertTrue(any(i["@id"].endswith(f"/{path}") for i in folder["items"]))
        with frozen(BEFORE):
            self.assertEqual(self.searches("Wombatword", f"/{path}", EDITOR),
                             self.STAFF_SEARCHES)
            self.assertEqual(self.url(path, EDITOR), {"html", "rest"})
            folder = self.get("elections", EDITOR, json_api=True).json()
            self.assertTrue(any(i["@id"].endswith(f"/{path}") for i in folder["items"]))

    FILE_URLS = (
        "elections/proces-verbal/@@download/file",
        "elections/proces-verbal/@@display-file/file",
        "elections/proces-verbal",
        "elections/affiche/@@images/image/thumb",
        "elections/affiche/@@images/image",
        "elections/affiche/@@download/image",
    )

    def test_file_and_image_of_a_scheduled_section(self):
        for auth in (None, MEMBER):
            with frozen(BEFORE):
                for url in self.FILE_URLS:
                    self.assertIn(self.get(url, auth).status_code, (302, 401, 404), url)
                    self.assertIn(self.get(url, auth, json_api=True).status_code,
                                  (401, 404), url)
                self.assertEqual(
                    self.searches("Numbatword", "/elections/proces-verbal", auth), set())
            with frozen(AFTER):
                for url in self.FILE_URLS:
                    self.assertEqual(self.get(url, auth).status_code, 200, url)
                self.assertEqual(
                    self.searches("Numbatword", "/elections/proces-verbal", auth),
                    self.SEARCHES)
        with frozen(BEFORE):
            for url in self.FILE_URLS:
                self.assertEqual(self.get(url, EDITOR).status_code, 200, url)

    def test_collection_sitemap_and_rest_subresources(self):
        from gzip import decompress

        setRoles(self.portal, TEST_USER_ID, ["Manager"])
        collection = self.published(self.portal, "Collection", "selection", "Sélection")
        collection.query = [
            {"i": "SearchableText", "o": "plone.app.querystring.operation.string.contains",
             "v": "Wombatword"},
            {"i": "show_inactive", "o": "plone.app.querystring.operation.string.showInactive",
             "v": ["Anonymous"]},
        ]
        collection.reindexObject()
        setRoles(self.portal, TEST_USER_ID, ["Member"])
        transaction.commit()

        def seen(auth=None):
            found = set()
            if "/elections/resultats" in self.get("selection", auth).text:
                found.add("collection")
            sitemap = decompress(self.get("sitemap.xml.gz?page=1").content).decode()
            if "/elections/resultats<" in sitemap:
                found.add("sitemap")
            for sub in ("@workflow", "@history", "@breadcrumbs"):
                if self.get(f"elections/resultats/{sub}", auth,
                            json_api=True).status_code == 200:
                    found.add(sub)
            return found

        with frozen(BEFORE):
            self.assertEqual(seen(), set())
            self.assertEqual(seen(MEMBER) - {"sitemap"}, set())
        with frozen(AFTER):
            self.assertEqual(seen(), {"collection", "sitemap", "@workflow", "@breadcrumbs"})

    def test_published_page_of_a_private_section(self):
        path = "interne/note"
        for auth in (None, MEMBER):
            self.assertEqual(self.searches("Dingoword", f"/{path}", auth), set())
            self.assertEqual(self.url(path, auth), set())
        self.assertEqual(self.searches("Dingoword", f"/{path}", EDITOR), self.SEARCHES)
        self.assertEqual(self.url(path, EDITOR), {"html", "rest"})
        # Published: the page turns public with no edit of the page itself.
        setRoles(self.portal, TEST_USER_ID, ["Manager"])
        api.content.transition(obj=self.private, transition="publish")
        transaction.commit()
        self.assertEqual(self.searches("Dingoword", f"/{path}", None), self.SEARCHES)
        self.assertEqual(self.url(path, None), {"html", "rest"})
        # Retracted again: hidden again.
        api.content.transition(obj=self.private, transition="retract")
        transaction.commit()
        self.assertEqual(self.searches("Dingoword", f"/{path}", None), set())


class TestErrorPage(PublicationRuleBase):

    def assert_silent(self, response, *words):
        self.assertEqual(response.status_code, 404)
        self.assertIn("<title>", response.text)
        for word in words:
            self.assertNotIn(word, response.text)

    def test_404_of_a_scheduled_item_says_nothing_of_it(self):
        self.item.description = "Pangolinword description sous embargo"
        self.item.reindexObject()
        transaction.commit()
        with frozen(BEFORE):
            for auth in (None, MEMBER):
                response = self.get("actualites/embargo", auth)
                self.assert_silent(response, "Quokkaword", "Pangolinword")
                self.assertIn("Cette page semble ne pas exister", response.text)
                rest = self.get("actualites/embargo", auth, json_api=True)
                self.assertEqual(rest.status_code, 404)
                self.assertNotIn("Quokkaword", rest.text)
                self.assertNotIn("Pangolinword", rest.text)
                # A missing page of a scheduled section: nothing of the section.
                self.assert_silent(self.get("elections/nothing-here", auth), "Élections")
        with frozen(AFTER):
            self.assertIn("Quokkaword", self.get("actualites/embargo").text)


class TestWindowIndex(PublicationRuleBase):
    """The inherited window stays exact on a section's editorial events,
    and the child itself is never edited."""

    def anonymous_finds(self, word):
        from ville.policy.tests.base import anonymous

        catalog = api.portal.get_tool("portal_catalog")
        with anonymous():
            return len(catalog(SearchableText=word))

    def test_section_dates_changed(self):
        setRoles(self.portal, TEST_USER_ID, ["Manager"])
        self.assertEqual(self.anonymous_finds("Wombatword"), 0)
        self.section.effective_date = None
        self.section.reindexObject()
        self.assertEqual(self.anonymous_finds("Wombatword"), 1)
        self.section.expiration_date = DateTime() - 1
        self.section.reindexObject()
        self.assertEqual(self.anonymous_finds("Wombatword"), 0)
        self.assertEqual(self.anonymous_finds("Numbatword"), 0)

    def test_moved_in_and_out_of_a_scheduled_section(self):
        setRoles(self.portal, TEST_USER_ID, ["Manager"])
        api.content.move(source=self.child, target=self.portal["actualites"])
        self.assertEqual(self.anonymous_finds("Wombatword"), 1)
        api.content.move(source=self.portal["actualites"]["resultats"],
                         target=self.section)
        self.assertEqual(self.anonymous_finds("Wombatword"), 0)
        api.content.move(source=self.item, target=self.section)  # its own date stays
        self.section.effective_date = None
        self.section.reindexObject()
        self.assertEqual(self.anonymous_finds("Quokkaword"), 0)

    def test_nested_private_section(self):
        setRoles(self.portal, TEST_USER_ID, ["Manager"])
        inner = self.published(self.private, "Folder", "sous", "Sous")
        deep = self.published(inner, "Document", "profonde", "Koalaword profonde")
        self.assertEqual(self.anonymous_finds("Koalaword"), 0)
        api.content.transition(obj=self.private, transition="publish")
        self.assertEqual(self.anonymous_finds("Koalaword"), 1)
        api.content.transition(obj=inner, transition="retract")
        self.assertEqual(self.anonymous_finds("Koalaword"), 0)
        self.assertEqual(deep.review_state if hasattr(deep, "review_state") else
                         api.content.get_state(deep), "published")

    def test_one_range_term_replaces_effective_range(self):
        from ville.policy.catalog import restrict_query
        from ville.policy.tests.base import anonymous

        catalog = api.portal.get_tool("portal_catalog")
        with anonymous():
            query = restrict_query(catalog, {"SearchableText": "x", "show_inactive": 1})
        self.assertIn("ville_window", query)
        self.assertIs(query["show_inactive"], True)  # Plone adds no effectiveRange
        setRoles(self.portal, TEST_USER_ID, ["Manager"])
        query = restrict_query(catalog, {"SearchableText": "x"})
        self.assertNotIn("ville_window", query)
        query = restrict_query(catalog, {"SearchableText": "x", "show_inactive": False})
        self.assertIn("ville_window", query)


class TestEditorsSeeTheSchedule(PublicationRuleBase):

    def test_marker_on_a_scheduled_item_and_a_section_child(self):
        with frozen(BEFORE):
            for path in ("actualites/embargo", "elections/resultats"):
                page = self.get(path, EDITOR).text
                self.assertIn("Publication programmée le 15/06/2031 à 08:00", page, path)
        with frozen(AFTER):
            for auth in (None, EDITOR):
                self.assertNotIn("Publication programmée", self.get(
                    "actualites/embargo", auth).text)

    def test_marker_in_the_folder_listing(self):
        with frozen(BEFORE):
            page = self.get("actualites", EDITOR).text
            self.assertIn("Dans ce dossier, invisibles pour les visiteurs", page)
            self.assertIn("Publication programmée le 15/06/2031 à 08:00", page)
            for auth in (None, MEMBER):
                page = self.get("actualites", auth).text
                self.assertNotIn("Quokkaword", page)
                self.assertNotIn("Publication programmée", page)
        with frozen(AFTER):
            self.assertNotIn("Publication programmée", self.get("actualites", EDITOR).text)

    def test_marker_on_an_expired_item(self):
        setRoles(self.portal, TEST_USER_ID, ["Manager"])
        self.item.effective_date = None
        self.item.expiration_date = DateTime(EDGE)
        self.item.reindexObject()
        transaction.commit()
        with frozen(AFTER):
            page = self.get("actualites/embargo", EDITOR).text
            self.assertIn("Expiré depuis le 15/06/2031 à 08:00", page)
            self.assertEqual(self.get("actualites/embargo").status_code, 404)
        with frozen(BEFORE):
            self.assertNotIn("Expiré depuis", self.get("actualites/embargo", EDITOR).text)

    def test_page_of_scheduled_content_for_the_communication_group(self):
        with frozen(BEFORE):
            page = self.get("@@contenus-programmes", EDITOR)
            self.assertEqual(page.status_code, 200)
            self.assertIn("Quokkaword embargo", page.text)
            self.assertIn("Élections", page.text)
            self.assertIn("Publication programmée le 15/06/2031", page.text)
            self.assertIn("/@@contenus-programmes", self.get("", EDITOR).text)  # linked
            for auth in (None, MEMBER):
                self.assertNotEqual(self.get("@@contenus-programmes", auth).status_code, 200)
                self.assertNotIn("/@@contenus-programmes", self.get("", auth).text)
