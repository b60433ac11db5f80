"""The schema of ``tree.yaml`` (pydantic models), read by the one reader of
profile files (:func:`ville.core.profilefile.read`): errors read
``file: field 'a.b[0].c' message``.

The shape of the file is declared by :class:`Tree` and its parts; what
depends on the rest of the file is checked by :meth:`Tree._links` once the
shape is valid, in file order: the ``fields:`` of each item against its
content type (:mod:`ville.policy.tree.fields`), its village, and the section
or earlier item its ``path`` and relations name.
"""

from pydantic import AfterValidator
from pydantic import BaseModel
from pydantic import BeforeValidator
from pydantic import ConfigDict
from pydantic import model_validator
from pydantic import ValidationInfo
from typing import Annotated
from ville.core.profilefile import FieldError
from ville.core.profilefile import File
from ville.core.profilefile import RequiredText
from ville.core.profilefile import Text
from ville.policy.tree.dates import When
from ville.policy.tree.fields import CONTENT_TYPES
from ville.policy.tree.fields import content_fields
from ville.policy.tree.fields import flag

import re


ID = re.compile(r"^[a-z0-9][a-z0-9-]*$")
STATES = ("private", "pending", "published", "archived")
ROLES = ("Contributor", "Editor", "Reviewer", "Reader")
CATEGORY = "must look like 'food|Alimentation'"


def _one_of(choices, default=None):
    def check(value):
        value = value or default
        if value not in choices:
            raise ValueError(f"must be one of {', '.join(choices)}")
        return value

    return AfterValidator(check)


def _id(value):
    if value and not ID.match(value):
        raise ValueError("must be lowercase letters, digits and dashes")
    return value


def _list(value):
    return [] if value is None else value


def _mapping(value):
    return {} if value is None else value


def _villages(value):
    value = value or []
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ValueError("must be a list of names")
    return value


def _categories(value):
    """'id|Label' lines -> [(id, label)]."""
    value = value or []
    if not isinstance(value, list):
        raise ValueError("must be a list of 'id|Label' lines")
    result = []
    for line in value:
        token, _, label = line.partition("|") if isinstance(line, str) else ("", "", "")
        token, label = token.strip(), label.strip()
        if not ID.match(token) or not label:
            raise ValueError(f"line {line!r} {CATEGORY}")
        result.append((token, label))
    return result


def _roles(value):
    if not isinstance(value, dict):
        return value  # refused by the type: must be a mapping of fields
    for group, roles in value.items():
        if not isinstance(roles, list) or not all(role in ROLES for role in roles):
            raise FieldError(f"must be a list of roles among {', '.join(ROLES)}", group)
    return {str(group): list(roles) for group, roles in value.items()}


def _icon(value):
    from ville.policy import vocabularies

    if value not in vocabularies.icon_names():
        raise ValueError(f"must be one of {', '.join(vocabularies.icon_names())}")
    return value


def _url(value):
    if not value.startswith(("/", "https://", "http://")):
        raise ValueError("must be a path like /travaux or an https:// address")
    return value


def _container(value):
    value = value or "/"
    if not value.startswith("/"):
        raise ValueError("must start with /")
    return value.rstrip("/") or "/"


def _items(model):
    """A list of ``model`` (absent or empty: none)."""
    return Annotated[list[model], BeforeValidator(_list)]


Flag = Annotated[bool, BeforeValidator(flag)]
Id = Annotated[Text, AfterValidator(_id)]


class Part(BaseModel):
    # A typo must not silently drop part of the tree: unknown keys are
    # refused, naming the known ones.
    model_config = ConfigDict(extra="forbid")

    @model_validator(mode="before")
    @classmethod
    def _known_keys(cls, data):
        if isinstance(data, dict):
            for key in data:
                if key not in cls.model_fields:
                    raise FieldError(
                        f"is not known (expected one of {', '.join(cls.model_fields)})", key
                    )
        return data


class MiniSite(BaseModel):
    title: Text = ""
    logo: File = ""


class Section(Part):
    id: Annotated[RequiredText, AfterValidator(_id)]
    title: RequiredText
    description: Text = ""
    layout: Text = ""
    exclude_from_nav: Flag = False
    local_roles: Annotated[
        dict[str, list[str]], BeforeValidator(_roles), BeforeValidator(_mapping)
    ] = {}
    # Absent, empty or false: the section is no mini-site.
    minisite: Annotated[MiniSite | None, BeforeValidator(lambda value: value or None)] = None
    children: _items("Section") = []

    def flat(self, parent="/"):
        """This section and its children (depth first) as the dicts
        :func:`ville.policy.tree.build.apply` creates."""
        path = f"{parent.rstrip('/')}/{self.id}"
        yield {
            "path": path,
            "id": self.id,
            "title": self.title,
            "description": self.description,
            "layout": self.layout,
            "exclude_from_nav": self.exclude_from_nav,
            "local_roles": self.local_roles,
            "minisite": self.minisite.model_dump() if self.minisite else None,
        }
        for child in self.children:
            yield from child.flat(path)


class Button(Part):
    title: RequiredText
    description: Text = ""
    icon: Annotated[RequiredText, AfterValidator(_icon)]
    url: Annotated[RequiredText, AfterValidator(_url)]
    express: Flag = False


class Item(Part):
    type: Annotated[RequiredText, _one_of(tuple(CONTENT_TYPES))]
    # The container: a section or an earlier item of the tree.
    path: Annotated[Text, AfterValidator(_container)] = "/"
    id: Id = ""
    title: RequiredText
    description: Text = ""
    text: Text = ""
    image: File = ""
    state: Annotated[Text, _one_of(STATES, default="published")] = "published"
    effective: When = None
    expires: When = None
    exclude_from_nav: Flag = False
    # The content type's fields, checked by Tree._links.
    fields: Annotated[dict, BeforeValidator(_mapping)] = {}


class Tree(Part):
    """The schema of ``tree.yaml``."""

    villages: Annotated[list[str], BeforeValidator(_villages)] = []
    shop_categories: Annotated[
        list[tuple[str, str]], BeforeValidator(_categories)
    ] = []
    sections: _items(Section) = []
    quick_access: _items(Button) = []
    content: _items(Item) = []

    def flat_sections(self) -> list:
        return [data for section in self.sections for data in section.flat()]

    @model_validator(mode="after")
    def _links(self, info: ValidationInfo):
        """Check what depends on the rest of the file, in file order: each
        item's fields (which become the values to store), then its village,
        container and relations; a container or a relation target must be a
        section or an item (with an id) listed before."""
        from ville.policy.vocabularies import DEFAULT_SHOP_CATEGORIES
        from ville.policy.vocabularies import parse_categories

        categories = self.shop_categories or parse_categories(DEFAULT_SHOP_CATEGORIES)
        folder = (info.context or {}).get("folder")
        known = {section["path"] for section in self.flat_sections()} | {"/"}
        for index, item in enumerate(self.content):
            at = ("content", index)
            try:
                item.fields = content_fields(item.type, item.fields, categories, folder)
            except FieldError as error:
                raise FieldError(str(error), *at, "fields", *error.at) from None
            village = item.fields.get("village")
            if self.villages and village is not None and village not in self.villages:
                raise FieldError(
                    f"must be one of the villages: {', '.join(self.villages)}",
                    *at, "fields", "village",
                )
            if item.path not in known:
                raise FieldError(
                    f"names no section or earlier item of the tree: {item.path}", *at, "path"
                )
            for name, value in item.fields.items():
                if isinstance(value, tuple) and value[0] == "relation" and value[1] not in known:
                    raise FieldError(
                        f"names no section or earlier item of the tree: {value[1]}",
                        *at, "fields", name,
                    )
            if item.id:
                known.add(f"{item.path.rstrip('/')}/{item.id}")
        return self
