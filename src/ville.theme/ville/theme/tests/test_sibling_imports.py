"""ville.theme reaches its sibling add-ons only through the component
registry (see ``ville.testing.imports``)."""

from pathlib import Path
from ville.testing.imports import SiblingImportChecks

import unittest


class TestSiblingImports(SiblingImportChecks, unittest.TestCase):
    PACKAGE = "ville.theme"
    ROOT = Path(__file__).resolve().parent.parent
