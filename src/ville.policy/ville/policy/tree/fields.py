"""The ``fields:`` of a content item of ``tree.yaml``, checked against the
schema of its content type (the type's zope.schema fields, or the few
fields of stock types a profile may set).

:func:`content_fields` is called by the schema of ``tree.yaml``
(:mod:`ville.policy.tree.schema`) once the file's shape is valid: it raises
FieldError with the key path below ``fields:``, which the one reader of
profile files (:mod:`ville.core.profilefile`) turns into one line.
"""

from ville.core.profilefile import as_text
from ville.core.profilefile import FieldError
from ville.policy.tree.dates import parse_date


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


def flag(value):
    """A yes/no of the file: absent is False, anything but a boolean is
    refused."""
    if value is None:
        return False
    if not isinstance(value, bool):
        raise ValueError("must be true or false")
    return value


def _text(value, *at):
    """Required text (the readers' rule: "" or absent is missing)."""
    try:
        text = as_text(value)
    except ValueError as error:
        raise FieldError(str(error), *at) from None
    if not text:
        raise FieldError("is missing", *at)
    return text


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


def _dated(raw, name, with_time):
    try:
        return parse_date(raw, with_time=with_time)
    except ValueError as error:
        raise FieldError(str(error), name) from None


def _field_value(raw, name, field, shop_categories, folder):
    """Check one schema field of a content item; return the value to store."""
    from z3c.relationfield.schema import RelationChoice
    from zope import schema

    if isinstance(field, RelationChoice):
        path = _text(raw, name)
        if not path.startswith("/"):
            raise FieldError("must be a path of the site like /ma-commune/services/x", name)
        return ("relation", path)
    if isinstance(field, schema.Datetime):
        return _dated(raw, name, with_time=True)
    if isinstance(field, schema.Date):
        return _dated(raw, name, with_time=False)
    if isinstance(field, schema.Bool):
        if not isinstance(raw, bool):
            raise FieldError("must be true or false", name)
        return raw
    if isinstance(field, (schema.Int, schema.Float)):
        kind = int if isinstance(field, schema.Int) else float
        if isinstance(raw, bool) or not isinstance(raw, (int, float)):
            raise FieldError("must be a number", name)
        return kind(raw)
    if isinstance(field, schema.Dict):
        if raw is None:
            raise FieldError("is missing", name)
        if not isinstance(raw, dict):
            raise FieldError("must be a mapping of fields", name)
        keys = _choices(field.key_type, shop_categories) if isinstance(
            field.key_type, schema.Choice
        ) else None
        for key in raw:
            if keys is not None and key not in keys:
                raise FieldError(f"is not one of {', '.join(keys)}", name, key)
        return {key: _text(value, name, key) for key, value in raw.items()}
    if isinstance(field, schema.Choice):
        choices = _choices(field, shop_categories)
        value = _text(raw, name)
        if choices is not None and value not in choices:
            raise FieldError(f"must be one of {', '.join(choices)}", name)
        return value
    if field.__class__.__name__ in ("NamedBlobImage", "NamedImage"):
        filename = _text(raw, name)
        if folder is not None and not (folder / filename).is_file():
            raise FieldError(f"names a missing file '{filename}'", name)
        return ("image", filename)
    value = _text(raw, name)
    if field.constraint is not None and not getattr(field.constraint, "__name__", "") == "<lambda>":
        try:
            field.constraint(value)
        except Exception:
            raise FieldError("is not valid", name) from None
    return value


def content_fields(type_name, raw, shop_categories, folder=None) -> dict:
    """The values of an item's ``fields:`` for its content type.

    ``shop_categories`` are the ``(token, label)`` pairs the directory's
    category fields accept; ``folder`` is where image files are looked for.
    Raises FieldError with the key path below ``fields:``."""
    values = {}
    schema_iface = _schema(type_name)
    if schema_iface is not None:
        from zope.schema import getFieldsInOrder

        known = dict(getFieldsInOrder(schema_iface))
        for name, field in known.items():
            if field.required and name not in raw and name != "image":
                if field.default is None and getattr(field, "defaultFactory", None) is None:
                    raise FieldError("is missing", name)
        for name in raw:
            if name not in known:
                raise FieldError(f"is not a field of {type_name}", name)
            values[name] = _field_value(
                raw[name], name, known[name], shop_categories, folder
            )
        return values
    stock = STOCK_FIELDS.get(type_name, {})
    for name in raw:
        kind = stock.get(name)
        if kind is None:
            raise FieldError(f"is not a field of {type_name}", name)
        if kind == "datetime":
            values[name] = _dated(raw[name], name, with_time=True)
        elif kind == "bool":
            try:
                values[name] = flag(raw[name])
            except ValueError as error:
                raise FieldError(str(error), name) from None
        else:
            values[name] = _text(raw[name], name)
    return values

