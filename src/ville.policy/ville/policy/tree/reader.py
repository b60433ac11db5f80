"""Reading and checking ``tree.yaml`` (see :mod:`ville.policy.tree`):
nothing here touches a site. :func:`load` returns plain data for
:func:`ville.policy.tree.build.apply`, or raises one ProfileError line
naming the file and the field."""

from pathlib import Path
from ville.core.profilefile import ProfileError
from ville.core.profilefile import read_yaml
from ville.policy.profilefile import Fields
from ville.policy.tree.dates import read_date

import re


TREE_FILE = "tree.yaml"
ID = re.compile(r"^[a-z0-9][a-z0-9-]*$")
STATES = ("private", "pending", "published", "archived")
ROLES = ("Contributor", "Editor", "Reviewer", "Reader")
CONTENT_TYPES = {
    "Document": None,
    "News Item": None,
    "Event": None,
    "Link": None,
    "Procedure": "ville.policy.content.procedure.IProcedure",
    "PublicService": "ville.policy.content.procedure.IPublicService",
    "Roadwork": "ville.policy.content.roadwork.IRoadwork",
    "Shop": "ville.policy.content.shop.IShop",
    "CommercialPremises": "ville.policy.content.premises.ICommercialPremises",
    "QuickAccess": "ville.policy.content.quickaccess.IQuickAccess",
    "Alert": "ville.policy.content.quickaccess.IAlert",
}
# Fields of stock types a profile may set.
STOCK_FIELDS = {
    "Event": {"start": "datetime", "end": "datetime", "whole_day": "bool",
              "location": "text", "contact_name": "text", "contact_email": "text",
              "contact_phone": "text", "event_url": "text"},
    "Link": {"remoteUrl": "text"},
    "Document": {},
    "News Item": {},
}
FIXED_VOCABULARIES = {
    "ville.policy.roadwork_impacts": "RoadworkImpactsVocabulary",
    "ville.policy.roadwork_operators": "RoadworkOperatorsVocabulary",
    "ville.policy.procedure_categories": "ProcedureCategoriesVocabulary",
    "ville.policy.premises_kinds": "PremisesKindsVocabulary",
    "ville.policy.premises_availability": "PremisesAvailabilityVocabulary",
    "ville.policy.energy_classes": "EnergyClassesVocabulary",
    "ville.policy.alert_severities": "AlertSeveritiesVocabulary",
    "ville.policy.weekdays": "WeekdaysVocabulary",
}


TOP_KEYS = ("villages", "shop_categories", "sections", "quick_access", "content")
SECTION_KEYS = ("id", "title", "description", "layout", "exclude_from_nav",
                "local_roles", "minisite", "children")
BUTTON_KEYS = ("title", "description", "icon", "url", "express")
ITEM_KEYS = ("type", "path", "id", "title", "description", "text", "image", "state",
             "effective", "expires", "exclude_from_nav", "fields")


def _only(fields, allowed):
    """Refuse unknown keys: a typo must not silently drop part of the tree."""
    for key in fields.mapping:
        if key not in allowed:
            raise fields.error(key, f"is not known (expected one of {', '.join(allowed)})")


def _schema(type_name):
    dotted = CONTENT_TYPES[type_name]
    if dotted is None:
        return None
    module, _, name = dotted.rpartition(".")
    return getattr(__import__(module, fromlist=[name]), name)


def _choices(field, shop_categories):
    from ville.policy import vocabularies

    vocab = getattr(field, "vocabularyName", None)
    if vocab == "ville.policy.shop_categories":
        return [token for token, _ in shop_categories]
    if vocab == "ville.policy.icons":
        return vocabularies.icon_names()
    if vocab in FIXED_VOCABULARIES:
        return [value for value, _ in getattr(vocabularies, FIXED_VOCABULARIES[vocab]).items]
    return None


def _field_value(fields, name, field, shop_categories):
    """Check one schema field of a content item; return the value to store."""
    from z3c.relationfield.schema import RelationChoice
    from zope import schema

    raw = fields.mapping.get(name)
    if isinstance(field, RelationChoice):
        path = fields.text(name)
        if not path.startswith("/"):
            raise fields.error(name, "must be a path of the site like /ma-commune/services/x")
        return ("relation", path)
    if isinstance(field, schema.Datetime):
        return read_date(fields, name, with_time=True)
    if isinstance(field, schema.Date):
        return read_date(fields, name)
    if isinstance(field, schema.Bool):
        if not isinstance(raw, bool):
            raise fields.error(name, "must be true or false")
        return raw
    if isinstance(field, (schema.Int, schema.Float)):
        kind = int if isinstance(field, schema.Int) else float
        if isinstance(raw, bool) or not isinstance(raw, (int, float)):
            raise fields.error(name, "must be a number")
        return kind(raw)
    if isinstance(field, schema.Dict):
        section = fields.section(name)
        keys = _choices(field.key_type, shop_categories) if isinstance(
            field.key_type, schema.Choice
        ) else None
        for key in section.mapping:
            if keys is not None and key not in keys:
                raise section.error(key, f"is not one of {', '.join(keys)}")
        return {key: section.text(key) for key in section.mapping}
    if isinstance(field, schema.Choice):
        choices = _choices(field, shop_categories)
        value = fields.text(name)
        if choices is not None and value not in choices:
            raise fields.error(name, f"must be one of {', '.join(choices)}")
        return value
    if field.__class__.__name__ in ("NamedBlobImage", "NamedImage"):
        return ("image", fields.file(name, required=True))
    value = fields.text(name)
    if field.constraint is not None and not getattr(field.constraint, "__name__", "") == "<lambda>":
        try:
            field.constraint(value)
        except Exception:
            raise fields.error(name, "is not valid") from None
    return value


def _load_item(item, shop_categories, allowed_types=None):
    _only(item, ITEM_KEYS)
    type_name = item.choice("type", tuple(allowed_types or CONTENT_TYPES))
    path = item.text("path", required=False, default="/")
    if not path.startswith("/"):
        raise item.error("path", "must start with /")
    data = {
        "type": type_name,
        "path": path.rstrip("/") or "/",
        "id": item.text("id", required=False),
        "title": item.text("title"),
        "description": item.text("description", required=False),
        "text": item.text("text", required=False),
        "image": item.file("image"),
        "state": item.choice("state", STATES, default="published"),
        "effective": read_date(item, "effective", with_time=True),
        "expires": read_date(item, "expires", with_time=True),
        "exclude_from_nav": bool(item.mapping.get("exclude_from_nav", False)),
        "fields": {},
    }
    if data["id"] and not ID.match(data["id"]):
        raise item.error("id", "must be lowercase letters, digits and dashes")
    fields = item.section("fields", required=False)
    schema_iface = _schema(type_name)
    if schema_iface is not None:
        from zope.schema import getFieldsInOrder

        known = dict(getFieldsInOrder(schema_iface))
        for name, field in known.items():
            if field.required and name not in fields.mapping and name != "image":
                if field.default is None and getattr(field, "defaultFactory", None) is None:
                    raise fields.error(name, "is missing")
        for name in fields.mapping:
            if name not in known:
                raise fields.error(name, f"is not a field of {type_name}")
            data["fields"][name] = _field_value(fields, name, known[name], shop_categories)
    else:
        stock = STOCK_FIELDS.get(type_name, {})
        for name in fields.mapping:
            kind = stock.get(name)
            if kind is None:
                raise fields.error(name, f"is not a field of {type_name}")
            if kind == "datetime":
                data["fields"][name] = read_date(fields, name, with_time=True)
            elif kind == "bool":
                data["fields"][name] = bool(fields.mapping[name])
            else:
                data["fields"][name] = fields.text(name)
    return data


def _load_section(section, parent, sections):
    _only(section, SECTION_KEYS)
    section_id = section.text("id")
    if not ID.match(section_id):
        raise section.error("id", "must be lowercase letters, digits and dashes")
    path = f"{parent.rstrip('/')}/{section_id}"
    roles = {}
    local = section.section("local_roles", required=False)
    for group in local.mapping:
        value = local.mapping[group]
        if not isinstance(value, list) or not all(role in ROLES for role in value):
            raise local.error(group, f"must be a list of roles among {', '.join(ROLES)}")
        roles[str(group)] = list(value)
    minisite = section.mapping.get("minisite")
    minisite_data = None
    if minisite:
        mini = section.section("minisite")
        minisite_data = {"title": mini.text("title", required=False),
                         "logo": mini.file("logo")}
    sections.append(
        {
            "path": path,
            "id": section_id,
            "title": section.text("title"),
            "description": section.text("description", required=False),
            "layout": section.text("layout", required=False),
            "exclude_from_nav": bool(section.mapping.get("exclude_from_nav", False)),
            "local_roles": roles,
            "minisite": minisite_data,
        }
    )
    for child in section.items("children"):
        _load_section(child, path, sections)


def load(profile_dir) -> dict:
    """Read and check ``tree.yaml``; return {} when the profile has none."""
    from ville.policy.vocabularies import parse_categories

    path = Path(profile_dir) / TREE_FILE
    if not path.exists():
        return {}
    root = Fields(path, read_yaml(path))
    _only(root, TOP_KEYS)
    villages = root.mapping.get("villages") or []
    if not isinstance(villages, list) or not all(isinstance(v, str) for v in villages):
        raise root.error("villages", "must be a list of names")
    raw_categories = root.mapping.get("shop_categories") or []
    if not isinstance(raw_categories, list):
        raise root.error("shop_categories", "must be a list of 'id|Label' lines")
    try:
        shop_categories = _parse_categories(raw_categories) if raw_categories else []
    except ValueError as error:
        raise root.error("shop_categories", str(error)) from None
    from ville.policy.vocabularies import DEFAULT_SHOP_CATEGORIES

    categories_for_check = shop_categories or parse_categories(DEFAULT_SHOP_CATEGORIES)
    sections = []
    for section in root.items("sections"):
        _load_section(section, "/", sections)
    known = {section["path"] for section in sections} | {"/"}
    buttons = []
    for button in root.items("quick_access"):
        from ville.policy import vocabularies

        _only(button, BUTTON_KEYS)
        icon = button.text("icon")
        if icon not in vocabularies.icon_names():
            raise button.error("icon", f"must be one of {', '.join(vocabularies.icon_names())}")
        url = button.text("url")
        if not url.startswith(("/", "https://", "http://")):
            raise button.error("url", "must be a path like /travaux or an https:// address")
        buttons.append(
            {
                "title": button.text("title"),
                "description": button.text("description", required=False),
                "icon": icon,
                "url": url,
                "express": bool(button.mapping.get("express", False)),
            }
        )
    content = []
    # Items are created in file order: a container or a relation target must
    # be a section or an item (with an id) listed before.
    for item in root.items("content"):
        data = _load_item(item, categories_for_check)
        village = data["fields"].get("village")
        if villages and village is not None and village not in villages:
            raise ProfileError(
                f"{path}: field '{item.prefix}fields.village' must be one of the "
                f"villages: {', '.join(villages)}"
            )
        if data["path"] not in known:
            raise item.error(
                "path", f"names no section or earlier item of the tree: {data['path']}"
            )
        for name, value in data["fields"].items():
            if isinstance(value, tuple) and value[0] == "relation" and value[1] not in known:
                raise ProfileError(
                    f"{path}: field '{item.prefix}fields.{name}' names no section or "
                    f"earlier item of the tree: {value[1]}"
                )
        content.append((item, data))
        if data["id"]:
            known.add(f"{data['path'].rstrip('/')}/{data['id']}")
    return {
        "file": str(path),
        "profile_dir": str(Path(profile_dir)),
        "villages": villages,
        "shop_categories": [f"{token}|{label}" for token, label in shop_categories],
        "sections": sections,
        "quick_access": buttons,
        "content": [data for _, data in content],
    }


def _parse_categories(lines):
    result = []
    for line in lines:
        if not isinstance(line, str) or "|" not in line:
            raise ValueError(f"line {line!r} must look like 'food|Alimentation'")
        token, _, label = line.partition("|")
        token, label = token.strip(), label.strip()
        if not ID.match(token) or not label:
            raise ValueError(f"line {line!r} must look like 'food|Alimentation'")
        result.append((token, label))
    return result


