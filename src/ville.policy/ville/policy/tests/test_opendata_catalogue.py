"""The DCAT-AP catalogue (expanded with pyld), the links on the listing
pages, the "Données ouvertes" page, the licence from the municipality
profile, and the feeds' caching ruleset and purge paths."""

from pathlib import Path
from plone import api
from ville.policy.opendata.interfaces import CC_BY_4_0
from ville.policy.testing import TEST_PROFILE
from ville.policy.tests.base import anonymous
from ville.policy.tests.opendata_base import OpenDataCase

import json
import shutil
import tempfile
import unittest


DCAT = "http://www.w3.org/ns/dcat#"
DCT = "http://purl.org/dc/terms/"


def ids(node, key):
    return [value["@id"] for value in node.get(key, [])]


class TestCatalogue(OpenDataCase):
    def expanded(self):
        from pyld import jsonld

        body, response = self.feed(self.portal, "dcat.jsonld")
        self.assertTrue(response.getHeader("Content-Type").startswith(
            "application/ld+json"))
        return jsonld.expand(json.loads(body))

    def test_catalogue_datasets_and_distributions(self):
        nodes = self.expanded()
        by_type = {}
        for node in nodes:
            for type_ in node.get("@type", []):
                by_type.setdefault(type_, []).append(node)
        catalog, = by_type[DCAT + "Catalog"]
        self.assertEqual(ids(catalog, DCT + "license"), [CC_BY_4_0])
        datasets = by_type[DCAT + "Dataset"]
        self.assertEqual(len(catalog[DCAT + "dataset"]), len(datasets))
        site = self.portal.absolute_url()
        downloads = set()
        for dataset in datasets:
            self.assertEqual(ids(dataset, DCT + "publisher"), [f"{site}#publisher"])
            for key in (DCT + "title", DCT + "description", DCAT + "theme",
                        DCT + "accrualPeriodicity", DCAT + "distribution"):
                self.assertIn(key, dataset)
            for distribution in dataset[DCAT + "distribution"]:
                self.assertEqual(distribution["@type"], [DCAT + "Distribution"])
                self.assertEqual(ids(distribution, DCT + "license"), [CC_BY_4_0])
                self.assertIn(DCAT + "mediaType", distribution)
                downloads.update(ids(distribution, DCAT + "downloadURL"))
        self.assertEqual(downloads, {
            f"{site}/@@events.ics",
            f"{site}/travaux/@@roadworks.geojson",
            f"{site}/travaux/@@roadworks.ics",
            f"{site}/economie/annuaire-commercial/@@shops.csv",
            f"{site}/economie/annuaire-commercial/@@shops.geojson",
            f"{site}/economie/cellules-commerciales/@@premises.csv",
            f"{site}/economie/cellules-commerciales/@@premises.geojson",
        })
        publisher, = by_type["http://xmlns.com/foaf/0.1/Agent"]
        self.assertEqual(publisher["http://xmlns.com/foaf/0.1/name"][0]["@value"],
                         "Commune de Test")

    def test_a_private_listing_is_not_in_the_catalogue(self):
        api.content.transition(obj=self.portal["travaux"], transition="retract")
        downloads = json.dumps(self.expanded())
        self.assertNotIn("roadworks.geojson", downloads)
        self.assertIn("shops.csv", downloads)


class TestLinks(OpenDataCase):
    def assertShows(self, text, html, present=True):
        # no page dumps in failures: the text and a short message
        self.assertEqual(text in html, present, f"{text!r} in page: {not present}")

    def page(self, context, view):
        self.request.form.clear()
        with anonymous():
            return context.restrictedTraverse(view)()

    def test_listing_pages_link_their_feeds(self):
        for path, view, feeds in (
            ("travaux", "roadworks-listing", ("roadworks.geojson", "roadworks.ics")),
            ("economie/annuaire-commercial", "shop-directory",
             ("shops.csv", "shops.geojson")),
            ("economie/cellules-commerciales", "premises-listing",
             ("premises.csv", "premises.geojson")),
        ):
            folder = self.portal.unrestrictedTraverse(path)
            html = self.page(folder, view)
            for feed in feeds:
                url = f"{folder.absolute_url()}/@@{feed}"
                self.assertShows(f'<link rel="alternate" type=', html)
                self.assertShows(f'href="{url}"', html)
                self.assertEqual(html.count(url), 2, f"head and visible link: {feed}")
            self.assertShows('class="ville-opendata"', html)
            self.assertShows(">Données ouvertes</a>", html)

    def test_agenda_offers_a_webcal_subscription(self):
        section = self.events()
        html = self.page(section, "event_listing")
        feed = f"{section.absolute_url()}/@@events.ics"
        self.assertShows(f'type="text/calendar" title="Événements (iCalendar)" '
                         f'href="{feed}"', html)
        self.assertShows('href="webcal://' + feed.split("://", 1)[1] + '"', html)
        self.assertShows("S'abonner dans votre agenda", html)

    def test_other_pages_have_no_feed_links(self):
        html = self.page(self.portal["actualites"], "folder_listing")
        self.assertShows("ville-opendata", html, present=False)

    def test_open_data_page_documents_each_feed(self):
        page = api.content.create(container=self.portal, type="Folder",
                                  id="donnees-ouvertes", title="Données ouvertes")
        api.content.transition(obj=page, transition="publish")
        page.setLayout("open-data")
        html = self.page(page, "open-data")
        site = self.portal.absolute_url()
        for url in (f"{site}/@@events.ics", f"{site}/travaux/@@roadworks.geojson",
                    f"{site}/economie/cellules-commerciales/@@premises.csv",
                    f"{site}/dcat.jsonld", CC_BY_4_0):
            self.assertShows(url, html)
        # the listings' link leads there
        listing = self.page(self.portal["travaux"], "roadworks-listing")
        self.assertShows(f'href="{site}/donnees-ouvertes"', listing)


class TestCaching(OpenDataCase):
    def test_feeds_are_cached_as_the_listing_pages(self):
        from z3c.caching.registry import lookup

        for context, name in ((self.portal, "events.ics"), (self.portal, "dcat.jsonld"),
                              (self.portal["travaux"], "roadworks.geojson"),
                              (self.portal["travaux"], "roadworks.ics"),
                              (self.portal["economie"]["annuaire-commercial"],
                               "shops.csv")):
            view = context.restrictedTraverse(name)
            self.assertEqual(lookup(view), "plone.content.folderView", name)

    def test_a_change_purges_the_feeds_that_list_it(self):
        from z3c.caching.interfaces import IPurgePaths
        from zope.component import getAdapter

        self.roadworks()
        work = self.portal["travaux"]["egouttage-rue-haute"]
        paths = getAdapter(work, IPurgePaths, name="ville.opendata").getRelativePaths()
        self.assertEqual(paths, ["/plone/travaux/@@roadworks.geojson",
                                 "/plone/travaux/@@roadworks.ics"])
        section = self.events()
        event = section["fete-du-village"]
        paths = getAdapter(event, IPurgePaths, name="ville.opendata").getRelativePaths()
        self.assertEqual(paths, ["/plone/agenda/@@events.ics", "/plone/@@events.ics"])


class TestLicenceFromTheProfile(unittest.TestCase):
    def profile(self, extra):
        folder = Path(tempfile.mkdtemp())
        self.addCleanup(shutil.rmtree, folder)
        for name in ("municipality.yaml", "tree.yaml", "logo.png"):
            shutil.copy(TEST_PROFILE / name, folder / name)
        with open(folder / "municipality.yaml", "a", encoding="utf-8") as file:
            file.write(extra)
        return folder

    def test_default_and_chosen_licence(self):
        from ville.policy import municipality

        data = municipality.load(self.profile(""))
        self.assertEqual(data["open_data"]["licence"], CC_BY_4_0)
        data = municipality.load(self.profile(
            "open_data:\n  licence: https://creativecommons.org/publicdomain/zero/1.0/\n"
            "  licence_title: CC0 1.0\n"))
        self.assertEqual(data["open_data"], {
            "licence": "https://creativecommons.org/publicdomain/zero/1.0/",
            "licence_title": "CC0 1.0"})

    def test_a_licence_that_is_not_an_address_is_refused(self):
        from ville.core.profilefile import ProfileError
        from ville.policy import municipality

        with self.assertRaises(ProfileError) as raised:
            municipality.load(self.profile("open_data:\n  licence: libre\n"))
        self.assertIn("open_data.licence", str(raised.exception))


class TestUpgrade(OpenDataCase):
    def test_upgrade_creates_the_page_on_a_site_with_listings(self):
        from ville.policy.upgrades import w20_opendata

        w20_opendata.upgrade(self.portal.portal_setup)
        page = self.portal["donnees-ouvertes"]
        self.assertEqual(page.getLayout(), "open-data")
        self.assertEqual(api.content.get_state(page), "published")
        self.assertTrue(page.exclude_from_nav)
        self.assertEqual(api.portal.get_registry_record("ville.opendata.licence"),
                         CC_BY_4_0)
