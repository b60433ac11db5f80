"""No import circle inside ville.policy: the graph is drawn from every import
statement of its modules, those inside functions included (a late import
hides a circle from Python, not from the next reader).

    python -m ville.policy.tests.test_imports    # prints the circles, if any
"""

from pathlib import Path

import ast
import sys
import tempfile
import unittest


PACKAGE = "ville.policy"
PACKAGE_DIR = Path(__file__).resolve().parent.parent


def module_names(package_dir: Path, package: str) -> dict:
    """{dotted module name: file} of a package folder (packages by __init__)."""
    names = {}
    for path in sorted(package_dir.rglob("*.py")):
        parts = list(path.relative_to(package_dir).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts = parts[:-1]
        names[".".join([package, *parts])] = path
    return names


def _imported(node, module: str, is_package: bool) -> list:
    """The dotted names one import statement may load."""
    if isinstance(node, ast.Import):
        return [alias.name for alias in node.names]
    base = node.module or ""
    if node.level:  # relative: from the module's package, up level - 1 more
        package = module.split(".") if is_package else module.split(".")[:-1]
        package = package[: len(package) - (node.level - 1)]
        base = ".".join(package + ([base] if base else []))
    # `from a import b` loads a.b when b is a module, else a itself
    return [f"{base}.{alias.name}" for alias in node.names] + [base]


def import_graph(package_dir: Path, package: str) -> dict:
    """{module: set of the package's modules it imports, anywhere in it}."""
    names = module_names(package_dir, package)
    graph = {}
    for module, path in names.items():
        tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
        edges = set()
        for node in ast.walk(tree):
            if not isinstance(node, (ast.Import, ast.ImportFrom)):
                continue
            candidates = _imported(node, module, path.name == "__init__.py")
            if isinstance(node, ast.ImportFrom):
                submodules = [name for name in candidates[:-1] if name in names]
                # names that are not modules come from the module itself
                if len(submodules) < len(candidates) - 1 and candidates[-1] in names:
                    submodules.append(candidates[-1])
                candidates = submodules
            edges.update(name for name in candidates if name in names and name != module)
        graph[module] = edges
    return graph


def circles(graph: dict) -> list:
    """The strongly connected groups of more than one module (Tarjan), sorted."""
    index, low, stack, on_stack, found = {}, {}, [], set(), []

    def visit(node):
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in graph.get(node, ()):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == node:
                    break
            if len(group) > 1:
                found.append(sorted(group))

    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(max(limit, 10 * len(graph) + 100))
    try:
        for node in sorted(graph):
            if node not in index:
                visit(node)
    finally:
        sys.setrecursionlimit(limit)
    return sorted(found)


class TestNoImportCircle(unittest.TestCase):
    def test_ville_policy_has_no_import_circle(self):
        graph = import_graph(PACKAGE_DIR, PACKAGE)
        self.assertIn("ville.policy.tree.reader", graph)
        self.assertIn("ville.policy.tree.schema", graph["ville.policy.tree.reader"])
        self.assertEqual(circles(graph), [])

    def test_a_circle_is_found_even_through_an_import_inside_a_function(self):
        with tempfile.TemporaryDirectory() as folder:
            package = Path(folder) / "pkg"
            (package / "sub").mkdir(parents=True)
            (package / "__init__.py").write_text("")
            (package / "sub" / "__init__.py").write_text("")
            (package / "a.py").write_text("from pkg.sub import b\n")
            (package / "sub" / "b.py").write_text(
                "def late():\n    from .. import c\n")
            (package / "c.py").write_text("import pkg.a\n")
            (package / "d.py").write_text("from pkg import a\n")
            graph = import_graph(package, "pkg")
        self.assertEqual(graph["pkg.sub.b"], {"pkg.c"})
        self.assertEqual(circles(graph), [["pkg.a", "pkg.c", "pkg.sub.b"]])


if __name__ == "__main__":
    found = circles(import_graph(PACKAGE_DIR, PACKAGE))
    for group in found:
        print(" <-> ".join(group))
    print(f"{len(found)} import circle(s) in {PACKAGE}")
    sys.exit(1 if found else 0)
