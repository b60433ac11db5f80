"""The hand-written field reader of ``tree.yaml`` (:class:`Fields`), the
policy's own until that file gets a pydantic schema.

The reader of profile files (YAML read, pydantic validation, the one-line
``ProfileError``) is the shared one of ville.core
(:mod:`ville.core.profilefile`); ``tree.yaml``'s errors use the same
wording: ``file: field 'a.b[0].c' message``.
"""

from ville.core.profilefile import ProfileError


__all__ = ("Fields", "ProfileError")


class Fields:
    """Typed access to one mapping of a profile file, with clear errors
    (the hand-written reader of ``tree.yaml``)."""

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
