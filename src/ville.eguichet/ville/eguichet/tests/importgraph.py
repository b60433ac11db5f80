"""The import graph of ville.eguichet, drawn from the source with ``ast``.

Every ``import`` counts, at any level (module top, functions, methods):
a function-level import still ties the two modules together. Run it as a
script to print the edges, the circles and the modules over 400 lines::

    .venv/bin/python -m ville.eguichet.tests.importgraph [--dot]
"""

from pathlib import Path

import ast
import sys


PACKAGE = "ville.eguichet"
ROOT = Path(__file__).resolve().parent.parent  # ville/eguichet
MAX_LINES = 400


def modules(root=ROOT, package=PACKAGE) -> dict:
    """Dotted module name -> path, tests excluded (they may import anything)."""
    found = {}
    for path in sorted(root.rglob("*.py")):
        relative = path.relative_to(root)
        if "tests" in relative.parts:
            continue
        parts = list(relative.with_suffix("").parts)
        if parts[-1] == "__init__":
            parts = parts[:-1]
        found[".".join([package, *parts])] = path
    return found


def _absolute(name, level, current, is_package):
    """The absolute name of a (possibly relative) import."""
    if not level:
        return name
    base = current.split(".")
    if not is_package:
        base = base[:-1]
    base = base[: len(base) - (level - 1)]
    return ".".join(base + ([name] if name else []))


def imported_names(path, current) -> set:
    """Every module name ``path`` imports (``from a import b`` gives a.b
    and a: b may be a module or a name in a)."""
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    is_package = path.name == "__init__.py"
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = _absolute(node.module or "", node.level, current, is_package)
            names.add(base)
            names.update(f"{base}.{alias.name}" for alias in node.names)
    return names


def graph(root=ROOT, package=PACKAGE) -> dict:
    """module -> set of modules of the package it imports. An import of
    ``a.b.c`` counts as one of ``a.b.c`` (its parents' ``__init__`` run
    too, but hold no code of ours that imports back)."""
    known = modules(root, package)
    edges = {}
    for name, path in known.items():
        targets = set()
        for imported in imported_names(path, name):
            # The deepest known module the name designates.
            candidate = imported
            while candidate and candidate not in known:
                candidate = candidate.rpartition(".")[0]
            if candidate and candidate != name and candidate != package:
                targets.add(candidate)
        edges[name] = targets
    return edges


def circles(edges: dict) -> list:
    """The strongly connected components of more than one module (Tarjan)."""
    index, low, stack, on_stack, found = {}, {}, [], set(), []
    counter = [0]

    def visit(node):
        index[node] = low[node] = counter[0]
        counter[0] += 1
        stack.append(node)
        on_stack.add(node)
        for target in sorted(edges.get(node, ())):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(edges):
        if node not in index:
            visit(node)
    return found


def is_view_module(name, package=PACKAGE) -> bool:
    """Modules of a ``browser`` package: the views."""
    return "browser" in name[len(package) + 1:].split(".")


def views_imported_from_below(edges: dict, package=PACKAGE) -> list:
    """(importer, view module) where a module outside browser/ imports one."""
    return sorted(
        (source, target)
        for source, targets in edges.items()
        if not is_view_module(source, package)
        for target in targets
        if is_view_module(target, package)
    )


def long_modules(root=ROOT, package=PACKAGE, limit=MAX_LINES) -> list:
    return sorted(
        (name, count)
        for name, path in modules(root, package).items()
        if (count := len(path.read_text(encoding="utf-8").splitlines())) > limit
    )


def main(argv=None):
    argv = sys.argv[1:] if argv is None else argv
    edges = graph()
    short = lambda name: name[len(PACKAGE) + 1:] or PACKAGE  # noqa: E731
    if "--dot" in argv:
        print("digraph eguichet {")
        for source in sorted(edges):
            for target in sorted(edges[source]):
                print(f'  "{short(source)}" -> "{short(target)}";')
        print("}")
        return 0
    for source in sorted(edges):
        print(f"{short(source)} -> {', '.join(sorted(map(short, edges[source]))) or '-'}")
    problems = 0
    for component in circles(edges):
        problems += 1
        print("CIRCLE:", " <-> ".join(map(short, component)))
    for source, target in views_imported_from_below(edges):
        problems += 1
        print(f"VIEW IMPORTED FROM BELOW: {short(source)} -> {short(target)}")
    for name, count in long_modules():
        problems += 1
        print(f"OVER {MAX_LINES} LINES: {short(name)} ({count})")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
