"""The content types: fields, validation, indexes."""

from datetime import date
from plone import api
from ville.policy.testing import VILLE_POLICY_INTEGRATION_TESTING
from ville.policy.tests.base import as_manager
from zope.schema import ValidationError

import unittest


class TestTypes(unittest.TestCase):
    layer = VILLE_POLICY_INTEGRATION_TESTING

    def setUp(self):
        self.portal = self.layer["portal"]
        as_manager(self.portal)

    def test_every_type_can_be_created_with_its_fields(self):
        roadwork = api.content.create(
            container=self.portal, type="Roadwork", title="Égouttage",
            location="Rue de la Station", village="Bury", start=date(2026, 3, 1),
            end=date(2026, 4, 30), impact="road_closed", operator="commune",
        )
        shop = api.content.create(
            container=self.portal, type="Shop", title="Boulangerie", category="food",
            phone="069 77 12 34",
        )
        premises = api.content.create(
            container=self.portal, type="CommercialPremises", title="Cellule",
            street="Rue Albert Ier 5", surface=80, kind="shop", rent=750,
            availability="available", contact="Ville",
        )
        service = api.content.create(
            container=self.portal, type="PublicService", title="État civil",
            opening_hours={"monday": "08:30-12:00"},
        )
        procedure = api.content.create(
            container=self.portal, type="Procedure", title="Carte d'identité",
            category="certificate",
        )
        button = api.content.create(
            container=self.portal, type="QuickAccess", title="Travaux",
            icon="roadworks", remoteUrl="/travaux", express=True,
        )
        alert = api.content.create(
            container=self.portal, type="Alert", title="Tempête", severity="danger",
        )
        for obj in (roadwork, shop, premises, service, procedure, button, alert):
            self.assertEqual(
                api.content.get_state(obj), "private", obj.portal_type
            )
        self.assertEqual(roadwork.village, "Bury")
        self.assertEqual(api.portal.get_tool("portal_catalog")(
            portal_type="Roadwork", village="Bury")[0].getObject(), roadwork)

    def test_phone_validation(self):
        from ville.policy.content.fields import check_phone
        from ville.policy.content.fields import normalize_phone

        self.assertEqual(normalize_phone("069 25 40 00"), "+32 69 25 40 00")
        self.assertEqual(normalize_phone("+33 1 42 68 53 00"), "+33 1 42 68 53 00")
        with self.assertRaises(ValidationError):
            check_phone("12")
        with self.assertRaises(ValidationError):
            check_phone("not a phone")

    def test_icons_vocabulary_lists_bundled_svgs(self):
        from zope.component import getUtility
        from zope.schema.interfaces import IVocabularyFactory

        vocabulary = getUtility(IVocabularyFactory, "ville.policy.icons")(self.portal)
        self.assertIn("roadworks", vocabulary)
        self.assertIn("cpas", vocabulary)

    def test_icon_resource_is_served(self):
        resource = self.portal.restrictedTraverse("++resource++ville.policy/icons/cpas.svg")
        self.assertIn(b"<svg", resource.GET() if hasattr(resource, "GET") else resource())

    def test_shop_categories_from_registry(self):
        from ville.policy.vocabularies import shop_categories

        self.assertIn(("food", "Alimentation"), shop_categories())
        api.portal.set_registry_record(
            "ville.policy.shop_categories", ["bio|Épicerie bio", "Librairie"]
        )
        self.assertEqual(
            shop_categories(), [("bio", "Épicerie bio"), ("librairie", "Librairie")]
        )

    def test_default_categories_set_once(self):
        from ville.policy.setuphandlers import post_install
        from ville.policy.vocabularies import DEFAULT_SHOP_CATEGORIES

        record = "ville.policy.shop_categories"
        self.assertEqual(
            tuple(api.portal.get_registry_record(record)), DEFAULT_SHOP_CATEGORIES
        )
        api.portal.set_registry_record(record, ["bio|Bio"])
        post_install(None)  # a re-install or an upgrade keeps the managers' list
        setup = api.portal.get_tool("portal_setup")
        setup.runImportStepFromProfile(
            "profile-ville.policy:default", "plone.app.registry", run_dependencies=False
        )
        self.assertEqual(api.portal.get_registry_record(record), ["bio|Bio"])

    def test_control_panel_edits_the_categories(self):
        from ville.policy.interfaces import IBrowserLayer
        from zope.interface import alsoProvides

        request = self.layer["request"]
        alsoProvides(request, IBrowserLayer)
        html = self.portal.restrictedTraverse("@@ville-shops-controlpanel")()
        self.assertIn("form.widgets.shop_categories", html)
        request.form.update({
            "form.widgets.shop_categories": "food|Alimentation\nbooks|Librairies",
            "form.buttons.save": "Enregistrer",
        })
        request.method = "POST"
        self.portal.restrictedTraverse("@@ville-shops-controlpanel")()
        self.assertEqual(
            api.portal.get_registry_record("ville.policy.shop_categories"),
            ["food|Alimentation", "books|Librairies"],
        )


class TestTranslations(unittest.TestCase):
    def test_compiled_catalogs_are_not_garbled(self):
        # pythongettext reads the first entry before the header's charset:
        # a non-ASCII first msgid would be stored garbled and never match.
        import gettext
        from pathlib import Path

        locales = Path(__file__).parent.parent / "locales" / "fr" / "LC_MESSAGES"
        for mo in locales.glob("*.mo"):
            with mo.open("rb") as handle:
                catalog = gettext.GNUTranslations(handle)._catalog
            garbled = [key for key in catalog if isinstance(key, str) and "\u00e2" in key]
            self.assertEqual(garbled, [], mo.name)


class TestFrench(unittest.TestCase):
    layer = VILLE_POLICY_INTEGRATION_TESTING

    def test_listing_strings_in_french(self):
        from zope.i18n import translate
        from ville.policy import _

        self.assertEqual(
            translate(_("${amount} € per month", mapping={"amount": 600}), target_language="fr"),
            "600 € par mois",
        )
