"""The documents through the web pages on a site with ville.eguichet alone."""

from ville.eguichet.documents.testing import DOCUMENTS_FUNCTIONAL_TESTING
from ville.eguichet.documents.testing import webtest_app
from ville.eguichet.documents.tests.walk import DocumentsWalk

import unittest


class TestDocumentsThroughTheWeb(DocumentsWalk, unittest.TestCase):
    layer = DOCUMENTS_FUNCTIONAL_TESTING
    make_app = staticmethod(webtest_app)
