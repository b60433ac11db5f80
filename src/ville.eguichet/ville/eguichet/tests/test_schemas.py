"""A form's schema parsed once per model and thread (schemas.form_schema):
the same schema for the same model, handed out with the caller's form as
easyform's context; a changed model parsed again; each thread its own."""

from collective.easyform.api import CONTEXT_KEY
from collective.easyform.api import get_schema
from plone.supermodel import serializeSchema
from ville.eguichet.schemas import form_schema
from ville.eguichet.testing import VILLE_EGUICHET_INTEGRATION_TESTING
from ville.eguichet.tests import base
from zope.schema import getFieldNames

import threading
import unittest


class TestFormSchema(unittest.TestCase):
    layer = VILLE_EGUICHET_INTEGRATION_TESTING

    def setUp(self):
        self.portal = self.layer["portal"]
        self.form = base.make_form(self.portal, id="schema-form")
        self.copy = base.make_form(self.portal, id="schema-copy")

    def test_parsed_once_with_the_callers_form_as_context(self):
        first = form_schema(self.form)
        self.assertIs(form_schema(self.form), first)
        self.assertEqual(getFieldNames(first), getFieldNames(get_schema(self.form)))
        # The same model in another form: its own schema and context.
        self.assertEqual(self.copy.fields_model, self.form.fields_model)
        other = form_schema(self.copy)
        self.assertIsNot(other, first)
        self.assertIs(other.queryTaggedValue(CONTEXT_KEY), self.copy)
        self.assertIs(form_schema(self.form).queryTaggedValue(CONTEXT_KEY), self.form)

    def test_a_changed_model_is_parsed_again(self):
        before = form_schema(self.form)
        self.form.fields_model = self.form.fields_model.replace(
            "</schema>",
            '<field name="extra" type="zope.schema.TextLine"><title>En plus</title>'
            "</field></schema>",
        )
        after = form_schema(self.form)
        self.assertIsNot(after, before)
        self.assertIn("extra", getFieldNames(after))
        self.assertIn("extra", serializeSchema(after))

    def test_each_thread_its_own_schema(self):
        mine = form_schema(self.form)
        theirs = []
        thread = threading.Thread(target=lambda: theirs.append(form_schema(self.form)))
        thread.start()
        thread.join()
        self.assertIsNot(theirs[0], mine)
        self.assertEqual(getFieldNames(theirs[0]), getFieldNames(mine))
