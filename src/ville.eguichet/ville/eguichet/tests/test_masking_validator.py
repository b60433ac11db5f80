"""Masking follows the field's validator, not its id: a field ``niss``
validated as a national (or BIS) number is masked in mails, exports, REST
and the citizen's pages, like ``national_number``."""

from collective.easyform.api import set_fields
from plone import api
from plone.app.testing import login
from plone.app.testing import logout
from plone.app.testing import setRoles
from plone.app.testing import TEST_USER_ID
from plone.app.testing import TEST_USER_NAME
from plone.restapi.interfaces import ISerializeToJson
from plone.supermodel import loadString
from ville.eguichet import api as eguichet
from ville.eguichet.testing import VILLE_EGUICHET_INTEGRATION_TESTING
from ville.eguichet.tests import base
from zope.component import getMultiAdapter

import unittest


MODEL = """<model xmlns="http://namespaces.plone.org/supermodel/schema"
  xmlns:easyform="http://namespaces.plone.org/supermodel/easyform">
  <schema>
    <field name="first_name" type="zope.schema.TextLine"><title>Prénom</title></field>
    <field name="last_name" type="zope.schema.TextLine"><title>Nom</title></field>
    <field name="email" type="zope.schema.TextLine"><title>E-mail</title></field>
    <field name="niss" type="zope.schema.TextLine"{validators}>
      <title>NISS</title>
    </field>
  </schema>
</model>"""
CLEAR = ("85073003328", "85.07.30-033.28", "033.28", "03328")
MASKED = "85.07.30-***.**"
BIS = "85473003317"  # a BIS number (month + 40)


class TestMaskingByValidator(unittest.TestCase):
    layer = VILLE_EGUICHET_INTEGRATION_TESTING

    def setUp(self):
        self.portal = self.layer["portal"]
        self.request = self.layer["request"]
        base.make_users(self.portal)
        self.mailhost = self.portal.MailHost
        self.mailhost.reset()

    def form(self, id, validated=True, anonymous=False):
        form = base.make_form(self.portal, id=id, anonymous=anonymous)
        setRoles(self.portal, TEST_USER_ID, ["Manager"])
        login(self.portal, TEST_USER_NAME)
        checks = ' easyform:validators="isBelgianNationalNumber"' if validated else ""
        set_fields(form, loadString(MODEL.format(validators=checks)).schema)
        setRoles(self.portal, TEST_USER_ID, ["Member"])
        return form

    def submit(self, form, user=base.CITIZEN, **data):
        login(self.portal, user) if user else logout()
        values = {
            "first_name": "Marie",
            "last_name": "Dupont",
            "email": "marie@example.org",
            "niss": "85.07.30-033.28",
        }
        values.update(data)
        return eguichet.submit(form, values, self.request)

    def assertMasked(self, text, where):
        self.assertIn(MASKED, text, where)
        for clear in CLEAR:
            self.assertNotIn(clear, text, where)

    def test_niss_masked_in_mail_export_rest_and_pages(self):
        form = self.form("niss-form")
        request, errors = self.submit(form)
        self.assertEqual(errors, {})
        self.assertEqual(request.values["niss"], "85.07.30-033.28")

        # The receipt and the agents' notice.
        mails = "\n".join(
            m.decode("utf-8") if isinstance(m, bytes) else m
            for m in self.mailhost.messages
        )
        self.assertIn(request.reference, mails)
        self.assertMasked(mails, "mail")

        # The agents' export (always masked).
        from ville.eguichet.browser.export import export_rows
        from ville.eguichet.query import search_requests

        login(self.portal, base.AGENT)
        header, rows = export_rows(search_requests(), self.request)
        [row] = [r for r in rows if request.reference in r]
        self.assertMasked(" ".join(map(str, row)), "export")

        # REST: masked for the owner, in clear for the agent only.
        login(self.portal, base.CITIZEN)
        data = getMultiAdapter((request, self.request), ISerializeToJson)()
        self.assertEqual(data["values"]["niss"], MASKED)
        login(self.portal, base.AGENT)
        data = getMultiAdapter((request, self.request), ISerializeToJson)()
        self.assertEqual(data["values"]["niss"], "85.07.30-033.28")

        # The request's page seen by its owner.
        login(self.portal, base.CITIZEN)
        html = request.restrictedTraverse("@@view")()
        self.assertIn(request.reference, html)
        self.assertMasked(html, "request page")

    def test_tracking_page_of_an_anonymous_request(self):
        form = self.form("niss-anonymous", anonymous=True)
        request, errors = self.submit(form, user=None, niss=BIS)
        self.assertEqual(errors, {})
        self.request.form.update(
            {"reference": request.reference, "token": request.tracking_token}
        )
        html = self.portal.restrictedTraverse("@@eguichet-suivi")()
        self.assertIn(request.reference, html)
        self.assertIn("85.47.30-***.**", html)
        self.assertNotIn(BIS, html)

    def test_masked_even_when_the_form_is_gone(self):
        form = self.form("niss-gone")
        request, errors = self.submit(form)
        setRoles(self.portal, TEST_USER_ID, ["Manager"])
        login(self.portal, TEST_USER_NAME)
        api.content.delete(obj=form, check_linkintegrity=False)
        login(self.portal, base.CITIZEN)
        data = getMultiAdapter((request, self.request), ISerializeToJson)()
        self.assertEqual(data["values"]["niss"], MASKED)

    def test_the_validator_refuses_what_is_not_a_national_number(self):
        # Per-field validation, as the HTML form and @eguichet-submit run it.
        from ville.eguichet.validation import validate_fields

        form = self.form("niss-check")
        data = {"first_name": "M", "last_name": "D", "email": "m@example.org"}
        for wrong in ("85073003329", "8507300332", "abc"):
            errors = validate_fields(form, dict(data, niss=wrong), self.request)
            self.assertIn("niss", errors, wrong)
        for right in ("85.07.30-033.28", BIS):
            self.assertEqual(
                validate_fields(form, dict(data, niss=right), self.request), {}
            )

    def test_without_the_validator_the_id_alone_masks_nothing(self):
        # Same id, no national-number validator: nothing says it is one
        # (the registry's ids, default national_number, still apply).
        form = self.form("niss-free", validated=False)
        request, errors = self.submit(form)
        self.assertEqual(errors, {})
        login(self.portal, base.CITIZEN)
        data = getMultiAdapter((request, self.request), ISerializeToJson)()
        self.assertEqual(data["values"]["niss"], "85.07.30-033.28")
