"""ville.policy offers the e-guichet its procedure pages through the
e-guichet's own ``IProcedurePages`` interface: a utility registered only when
ville.eguichet is installed, available only where ville.policy is."""

from plone import api
from plone.browserlayer.utils import unregister_layer
from ville.policy.testing import VILLE_POLICY_INTEGRATION_TESTING
from zope.component import queryUtility

import unittest


try:
    from ville.eguichet.documents.interfaces import IProcedurePages
except ImportError:  # the policy installs alone: nothing to offer then
    IProcedurePages = None


@unittest.skipIf(IProcedurePages is None, "ville.eguichet is not installed")
class TestProcedurePages(unittest.TestCase):
    layer = VILLE_POLICY_INTEGRATION_TESTING

    def setUp(self):
        self.portal = self.layer["portal"]
        self.pages = queryUtility(IProcedurePages)

    def test_the_policy_provides_the_pages(self):
        self.assertIsNotNone(self.pages)
        self.assertTrue(IProcedurePages.providedBy(self.pages))
        self.assertTrue(self.pages.available())

    def test_create_find_and_desk(self):
        with api.env.adopt_roles(["Manager"]):
            desk = api.content.create(
                container=self.portal, type="PublicService",
                id="etat-civil-population", title="État civil",
                opening_hours={"monday": "08:30-12:00"},
            )
            page = self.pages.create(self.portal, "extrait", "Extrait", "certificate")
        self.assertEqual(page.portal_type, "Procedure")
        self.assertEqual(page.category, "certificate")
        self.assertEqual(self.pages.find({"extrait"}, "Autre"), page)
        self.assertEqual(self.pages.find({"autre"}, "Extrait"), page)
        self.assertIsNone(self.pages.find({"autre"}, "Autre"))
        self.assertEqual(self.pages.desk("etat-civil-population"), desk)
        self.assertEqual(desk.opening_hours["monday"], "08:30-12:00")
        self.assertIsNone(self.pages.desk("absent"))

    def test_not_available_where_the_policy_is_not_installed(self):
        unregister_layer("ville.policy")
        self.assertFalse(self.pages.available())
