"""Msgids of the request engine (Python and templates), for the test that
every one has a French translation. Not a test module."""

from pathlib import Path

import ast
import re


PACKAGE = Path(__file__).resolve().parent.parent
EXCLUDED = ("documents", "tests")


def _sources(suffix):
    for path in sorted(PACKAGE.rglob(f"*{suffix}")):
        parts = path.relative_to(PACKAGE).parts
        if parts[0] in EXCLUDED or path.name == "municipality.py":
            continue
        yield path


def python_msgids():
    found = set()
    for path in _sources(".py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name)
                and node.func.id == "_"
                and node.args
                and isinstance(node.args[0], ast.Constant)
                and isinstance(node.args[0].value, str)
            ):
                found.add(node.args[0].value)
    return found


_TRANSLATE = re.compile(
    r"<(\w+)[^>]*?\si18n:translate=\"\"[^>]*>(.*?)</\1>", re.S
)
_ATTRIBUTES = re.compile(r'i18n:attributes="([^"]+)"')


def template_msgids():
    found = set()
    for path in list(_sources(".pt")) + list(_sources(".xml")):
        text = path.read_text(encoding="utf-8")
        for _tag, content in _TRANSLATE.findall(text):
            if "<" in content:
                continue
            msgid = " ".join(content.split())
            if msgid:
                found.add(msgid)
        if path.suffix == ".xml":
            for match in re.finditer(r'<property name="(title|description)" i18n:translate="">([^<]+)<', text):
                found.add(match.group(2).strip())
            for match in re.finditer(r'title="([^"]+)"[^>]*i18n:attributes="title"', text):
                found.add(match.group(1))
    return found


def workflow_msgids():
    path = PACKAGE / "profiles/default/workflows/eguichet_request_workflow/definition.xml"
    text = path.read_text(encoding="utf-8")
    return set(re.findall(r'<(?:state|transition)[^>]* title="([^"]+)"', text))


def all_msgids():
    return python_msgids() | template_msgids() | workflow_msgids()


def po_entries(path):
    """msgid -> msgstr of a .po file (simple parser: one-line strings)."""
    entries, msgid, msgstr, key = {}, None, None, None
    for line in Path(path).read_text(encoding="utf-8").splitlines() + [""]:
        if line.startswith("msgid "):
            if msgid is not None:
                entries[msgid] = msgstr
            msgid, msgstr, key = ast.literal_eval(line[6:]), "", "id"
        elif line.startswith("msgstr "):
            msgstr, key = ast.literal_eval(line[7:]), "str"
        elif line.startswith('"') and key:
            if key == "id":
                msgid += ast.literal_eval(line)
            else:
                msgstr += ast.literal_eval(line)
        elif not line.strip() and msgid is not None:
            entries[msgid] = msgstr
            msgid, key = None, None
    return entries
