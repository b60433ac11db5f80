"""The add-on's import graph (drawn with ``ast``, imports at any level):
no circle among its modules, no view module imported from outside
``browser/``, no module over 400 lines. ``python -m
ville.eguichet.tests.importgraph`` prints the graph."""

from pathlib import Path
from ville.eguichet.tests import importgraph

import tempfile
import textwrap
import unittest


class TestImportGraph(unittest.TestCase):
    def test_no_circle(self):
        self.assertEqual(importgraph.circles(importgraph.graph()), [])

    def test_no_view_imported_from_below(self):
        self.assertEqual(importgraph.views_imported_from_below(importgraph.graph()), [])

    def test_no_module_over_400_lines(self):
        self.assertEqual(importgraph.long_modules(), [])

    def test_an_import_inside_a_function_counts(self):
        edges = importgraph.graph()
        # submission imports ratelimit at the top, formaction reads the
        # engine: both seen; and the graph sees what tests plant below.
        self.assertIn("ville.eguichet.engine", edges["ville.eguichet.formaction"])
        self.assertIn("ville.eguichet.ratelimit", edges["ville.eguichet.submission"])

    def package(self, files: dict) -> Path:
        root = Path(tempfile.mkdtemp()) / "pkg"
        self.addCleanup(__import__("shutil").rmtree, root.parent)
        for name, text in files.items():
            path = root / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(textwrap.dedent(text))
        return root

    def test_the_checks_fail_on_a_circle_and_on_a_view_below(self):
        root = self.package({
            "__init__.py": "",
            "engine.py": "def f():\n    from pkg.action import g\n",
            "action.py": "from pkg import engine\nfrom pkg.browser.form import h\n",
            "browser/__init__.py": "",
            "browser/form.py": "from . import helpers\n",
            "browser/helpers.py": "from ..engine import f\n",
        })
        edges = importgraph.graph(root, "pkg")
        # engine -> action (in a function) -> browser.form -> (relative)
        # browser.helpers -> (relative) engine: one circle of four.
        self.assertEqual(
            importgraph.circles(edges),
            [["pkg.action", "pkg.browser.form", "pkg.browser.helpers", "pkg.engine"]],
        )
        self.assertEqual(
            importgraph.views_imported_from_below(edges, "pkg"),
            [("pkg.action", "pkg.browser.form")],
        )
        # The same without the function-level import: no circle.
        (root / "engine.py").write_text("def f():\n    pass\n")
        edges = importgraph.graph(root, "pkg")
        self.assertEqual(importgraph.circles(edges), [])

    def test_long_modules_found(self):
        root = self.package({"__init__.py": "", "big.py": "x = 1\n" * 401})
        self.assertEqual(importgraph.long_modules(root, "pkg"), [("pkg.big", 401)])
