"""The commercial directory and the premises listing."""

from plone import api
from ville.policy.interfaces import IBrowserLayer
from ville.policy.testing import VILLE_TREE_INTEGRATION_TESTING
from ville.policy.tests.base import anonymous
from ville.policy.tests.base import as_manager
from zope.interface import alsoProvides

import unittest


class ListingCase(unittest.TestCase):
    layer = VILLE_TREE_INTEGRATION_TESTING

    def setUp(self):
        self.portal = self.layer["portal"]
        self.request = self.layer["request"]
        alsoProvides(self.request, IBrowserLayer)
        as_manager(self.portal)

    def add(self, container, type_name, publish=True, **fields):
        obj = api.content.create(container=container, type=type_name, **fields)
        if publish:
            api.content.transition(obj=obj, transition="publish")
        return obj

    def view(self, context, name, **form):
        self.request.form.clear()
        self.request.form.update(form)
        return context.restrictedTraverse(name)


class TestShopDirectory(ListingCase):
    def setUp(self):
        super().setUp()
        self.folder = self.portal["economie"]["annuaire-commercial"]
        for index in range(19):
            self.add(self.folder, "Shop", title=f"Boutique {index:02d}", category="services")
        self.add(self.folder, "Shop", title="Épicerie fine", category="food", city="Nord")
        self.add(self.folder, "Shop", title="Boulangerie", category="food")
        self.add(self.folder, "Shop", title="Zèbre café", category="horeca")
        self.add(self.folder, "Shop", title="Brouillon", category="food", publish=False)

    def test_paging_twenty_a_page(self):
        with anonymous():
            view = self.view(self.folder, "@@shop-directory")
            self.assertEqual(len(view.items()), 20)
            self.assertEqual(len(view.pages()), 2)
            view = self.view(self.folder, "@@shop-directory", b_start="20")
            self.assertEqual(len(view.items()), 2)

    def test_category_facets_with_counts(self):
        with anonymous():
            facets = self.view(self.folder, "@@shop-directory").facets()
        counts = {facet["id"]: facet["count"] for facet in facets}
        self.assertEqual(counts, {"food": 2, "horeca": 1, "services": 19})
        with anonymous():
            view = self.view(self.folder, "@@shop-directory", category="food")
            self.assertEqual([i["title"] for i in view.items()], ["Boulangerie", "Épicerie fine"])

    def test_text_search_and_a_to_z(self):
        with anonymous():
            view = self.view(self.folder, "@@shop-directory", q="boul")
            self.assertEqual([i["title"] for i in view.items()], ["Boulangerie"])
            view = self.view(self.folder, "@@shop-directory", letter="E")
            self.assertEqual([i["title"] for i in view.items()], ["Épicerie fine"])
            letters = {
                entry["letter"]: entry["url"]
                for entry in self.view(self.folder, "@@shop-directory").letters()
            }
        self.assertIsNotNone(letters["Z"])
        self.assertIsNone(letters["Q"])

    def test_markup_is_labelled_and_private_shops_hidden(self):
        with anonymous():
            html = self.view(self.folder, "@@shop-directory")()
        self.assertIn('<label for="ville-shops-q"', html)
        self.assertIn('class="ville-shops-list"', html)
        self.assertNotIn("Brouillon", html)
        self.assertNotIn("@@import-shops", html)
        html = self.view(self.folder, "@@shop-directory")()  # as Manager
        self.assertIn("@@import-shops", html)


class TestPremisesListing(ListingCase):
    def setUp(self):
        super().setUp()
        self.folder = self.portal["economie"]["cellules-commerciales"]
        for title, kind, surface, availability in (
            ("Petite boutique", "shop", 40, "available"),
            ("Grand commerce", "shop", 200, "option"),
            ("Bureau", "office", 60, "available"),
            ("Restaurant loué", "horeca", 120, "let"),
        ):
            self.add(self.folder, "CommercialPremises", title=title, street="Rue 1",
                     surface=surface, kind=kind, availability=availability, contact="Commune")

    def titles(self, **form):
        with anonymous():
            return [i["title"] for i in self.view(self.folder, "@@premises-listing", **form).items()]

    def test_available_or_under_option_only(self):
        self.assertEqual(self.titles(), ["Petite boutique", "Bureau", "Grand commerce"])

    def test_filter_by_kind_and_surface(self):
        self.assertEqual(self.titles(kind="shop"), ["Petite boutique", "Grand commerce"])
        self.assertEqual(self.titles(surface_min="50"), ["Bureau", "Grand commerce"])
        self.assertEqual(self.titles(surface_min="50", surface_max="100"), ["Bureau"])
        self.assertEqual(self.titles(kind="spaceship"), ["Petite boutique", "Bureau", "Grand commerce"])

    def test_markup(self):
        with anonymous():
            html = self.view(self.folder, "@@premises-listing")()
        for field_id in ("ville-premises-kind", "ville-premises-surface-min", "ville-premises-surface-max"):
            self.assertIn(f'<label for="{field_id}"', html)
        self.assertIn("Sous option", html)
