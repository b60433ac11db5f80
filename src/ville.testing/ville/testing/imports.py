"""An add-on reaches its siblings only through the component registry:
no import of a sibling add-on by name string (``import_module``,
``__import__``, a dotted name resolved at run time), and no plain import of
one that would fail when the sibling is absent (only ``try: ... except
ImportError`` guards are allowed). Each add-on's ``test_sibling_imports``
runs ``SiblingImportChecks`` on its own package."""

from pathlib import Path

import ast


ADDONS = ("ville.policy", "ville.theme", "ville.eguichet")
RESOLVERS = {"import_module", "__import__", "resolve", "resolveDottedName", "import_string"}
GUARDS = {"ImportError", "ModuleNotFoundError", "Exception"}


def names_sibling(text, siblings) -> bool:
    return isinstance(text, str) and any(
        text == sibling or text.startswith(sibling + ".") for sibling in siblings
    )


def _guarded_names(handler) -> set:
    kinds = handler.type
    if kinds is None:
        return {"Exception"}
    items = kinds.elts if isinstance(kinds, ast.Tuple) else [kinds]
    return {getattr(item, "id", getattr(item, "attr", "")) for item in items}


def problems(source: str, where: str, siblings) -> list:
    """``where:line: what`` for each forbidden use of a sibling."""
    found = []

    def visit(node, guarded):
        if isinstance(node, ast.Try):
            catches = any(_guarded_names(h) & GUARDS for h in node.handlers)
            for child in node.body:
                visit(child, guarded or catches)
            for child in node.handlers + node.orelse + node.finalbody:
                visit(child, guarded)
            return
        if isinstance(node, ast.Import) and not guarded:
            for alias in node.names:
                if names_sibling(alias.name, siblings):
                    found.append(f"{where}:{node.lineno}: import {alias.name}")
        if (isinstance(node, ast.ImportFrom) and not guarded
                and names_sibling(node.module, siblings)):
            found.append(f"{where}:{node.lineno}: from {node.module} import ...")
        if isinstance(node, ast.Call):
            func = node.func
            name = getattr(func, "id", None) or getattr(func, "attr", None)
            if name in RESOLVERS:
                for arg in list(node.args) + [k.value for k in node.keywords]:
                    if isinstance(arg, ast.Constant) and names_sibling(arg.value, siblings):
                        found.append(f"{where}:{node.lineno}: {name}({arg.value!r})")
        for child in ast.iter_child_nodes(node):
            visit(child, guarded)

    visit(ast.parse(source), False)
    return found


class SiblingImportChecks:
    """Mixin for a TestCase; ``PACKAGE`` names the add-on, ``ROOT`` its
    package folder (``ville/<name>``)."""

    PACKAGE = ""
    ROOT = None

    @property
    def siblings(self):
        return tuple(name for name in ADDONS if name != self.PACKAGE)

    def test_no_module_imports_a_sibling_by_name_or_unguarded(self):
        root = Path(self.ROOT)
        found = []
        for path in sorted(root.rglob("*.py")):
            if "tests" in path.relative_to(root).parts:
                continue
            found += problems(path.read_text(encoding="utf-8"),
                              str(path.relative_to(root)), self.siblings)
        self.assertEqual(found, [], "\n".join(found))

    def test_the_check_catches_what_it_forbids(self):
        sibling = self.siblings[0]
        for source in (
            f"from importlib import import_module\nimport_module({sibling + '.api'!r})\n",
            f"__import__({sibling!r}, fromlist=['x'])\n",
            f"import {sibling}.interfaces\n",
            f"from {sibling}.interfaces import IBrowserLayer\n",
            f"def view():\n    from {sibling} import api\n",
            f"try:\n    from {sibling} import api\nexcept KeyError:\n    api = None\n",
        ):
            self.assertTrue(problems(source, "m.py", self.siblings), source)
        for source in (
            f"try:\n    from {sibling} import api\nexcept ImportError:\n    api = None\n",
            f"from {self.PACKAGE} import _\n",
            "from zope.component import queryUtility\n",
        ):
            self.assertEqual(problems(source, "m.py", self.siblings), [], source)
