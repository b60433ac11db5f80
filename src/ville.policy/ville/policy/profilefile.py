"""The files of a municipality profile: YAML read with one clear error line,
and typed access to their fields (``file: field 'a.b' message``). Shared by
the readers of ville.policy's files (``municipality.yaml``, ``tree.yaml``)."""

from pathlib import Path

import re
import yaml


COLOR = re.compile(r"^#[0-9a-fA-F]{6}$")


class ProfileError(ValueError):
    """A municipality profile is missing, unreadable or has a bad field."""


def read_yaml(path: Path):
    """Return the parsed YAML file, or raise ProfileError naming the file."""
    if not path.is_file():
        raise ProfileError(f"{path}: file not found")
    try:
        with path.open(encoding="utf-8") as handle:
            return yaml.safe_load(handle)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f" line {mark.line + 1}" if mark else ""
        raise ProfileError(f"{path}{where}: not valid YAML") from None
    except ValueError as error:  # e.g. an impossible date such as 2026-02-30
        raise ProfileError(f"{path}: not valid YAML ({error})") from None


class Fields:
    """Typed access to one mapping of a profile file, with clear errors."""

    def __init__(self, path, mapping, prefix=""):
        self.path = path
        self.prefix = prefix
        if not isinstance(mapping, dict):
            where = f"'{prefix.rstrip('.')}'" if prefix else "the file"
            raise ProfileError(f"{path}: {where} must be a mapping of fields")
        self.mapping = mapping

    def error(self, name, message):
        return ProfileError(f"{self.path}: field '{self.prefix}{name}' {message}")

    def text(self, name, required=True, default=""):
        value = self.mapping.get(name)
        if value is None or value == "":
            if required:
                raise self.error(name, "is missing")
            return default
        if not isinstance(value, (str, int, float)) or isinstance(value, bool):
            raise self.error(name, "must be text")
        return str(value).strip()

    def choice(self, name, choices, default=None):
        value = self.text(name, required=default is None, default=default)
        if value not in choices:
            raise self.error(name, f"must be one of {', '.join(choices)}")
        return value

    def color(self, name, default):
        value = self.text(name, required=False, default=default)
        if not COLOR.match(value):
            raise self.error(name, "must be a colour like #004f7c")
        return value.lower()

    def file(self, name, required=False):
        value = self.text(name, required=required)
        if value and not (self.path.parent / value).is_file():
            raise self.error(name, f"names a missing file '{value}'")
        return value

    def section(self, name, required=True):
        value = self.mapping.get(name)
        if value is None and not required:
            value = {}
        elif value is None:
            raise self.error(name, "is missing")
        return Fields(self.path, value, f"{self.prefix}{name}.")

    def items(self, name):
        value = self.mapping.get(name) or []
        if not isinstance(value, list):
            raise self.error(name, "must be a list")
        return [
            Fields(self.path, item, f"{self.prefix}{name}[{index}].")
            for index, item in enumerate(value)
        ]
