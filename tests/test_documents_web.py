"""The three civil-status documents on the assembled site (all add-ons and
the Péruwelz profile), through the web pages only (issue 5)."""

from plone import api
from tests.layers import SITE_FUNCTIONAL
from tests.layers import webtest_app
from ville.eguichet.documents.tests.walk import DocumentsWalk

import transaction
import unittest


class TestDocumentsOnTheSite(DocumentsWalk, unittest.TestCase):
    layer = SITE_FUNCTIONAL
    make_app = staticmethod(webtest_app)

    def test_procedure_pages_link_the_forms_and_the_desk(self):
        transaction.begin()
        for form in self.portal["e-guichet"].objectValues():
            if form.portal_type != "EasyForm":
                continue
            pages = [
                brain.getObject()
                for brain in api.content.find(
                    portal_type="Procedure", Title=form.Title()
                )
            ]
            self.assertEqual(len(pages), 1, form.Title())  # completed, not doubled
            page = pages[0]
            self.assertEqual(page.online_form.to_object, form)
            self.assertEqual(page.service.to_object.getId(), "etat-civil-population")
            self.assertIn("État civil / Population", page.description)
            self.assertIn("24 heures sur 24", page.description)
            self.assertIn("par exemplaire", page.cost)  # from the profile's fees
            response = self.app.get(page.absolute_url())
            self.assertIn(form.absolute_url_path(), response.text)

    def test_household_purposes_of_the_profile(self):
        from collective.easyform.api import get_schema

        form = self.portal["e-guichet"]["composition-de-menage"]
        self.assertEqual(
            [term.value for term in get_schema(form)["purpose"].vocabulary],
            [
                "school",
                "family_allowance",
                "employment",
                "pension",
                "cpas",
                "social_housing",
                "legal_aid",
                "bank_loan",
                "insurance",
                "other",
            ],
        )
