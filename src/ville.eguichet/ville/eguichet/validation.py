"""Validation shared by the HTML form and ``@eguichet-submit``.

``validate_fields`` runs the very z3c.form validators easyform registers for
each field (required, constraints, easyform's per-field validators and
TALES validator, file size); the HTML form runs them through its widgets.
``validate_submission`` then runs, on both paths, the attachment limits and
the cross-field ``IRequestValidator`` components.
"""

from collective.easyform.browser.view import EasyFormForm
from collective.easyform.fields import FieldExtenderValidator
from collective.easyform.interfaces import IFieldExtender
from collective.easyform.api import get_expression
from collective.easyform.validators import IFieldValidator
from plone import api
from plone.autoform.interfaces import IAutoExtensibleForm
from plone.namedfile.interfaces import INamed
from ville.eguichet import _
from ville.eguichet.formrules import rules_for
from ville.eguichet.schemas import form_schema
from ville.eguichet.interfaces import IRequestValidator
from z3c.form.interfaces import IValidator
from zope.component import queryMultiAdapter
from zope.component import queryUtility
from zope.component import subscribers
from zope.i18n import translate
from zope.interface import implementer
from zope.interface import Invalid
from zope.schema import getFieldsInOrder
from zope.schema.interfaces import ValidationError


HONEYPOT = "eguichet_website"
_MAGIC = {
    "application/pdf": (b"%PDF-",),
    "image/jpeg": (b"\xff\xd8\xff",),
    "image/png": (b"\x89PNG\r\n\x1a\n",),
}
_TYPE_NAMES = {"application/pdf": "PDF", "image/jpeg": "JPEG", "image/png": "PNG"}


def error_message(error, request) -> str:
    """A translated message for a zope.schema / zope.interface error."""
    if isinstance(error, ValidationError):
        message = error.doc()
        if not message or message == error.__class__.__doc__:
            message = error.__class__.__doc__ or str(error)
    elif isinstance(error, Invalid) and error.args:
        message = error.args[0]
    else:
        message = str(error)
    if isinstance(message, Exception):
        message = str(message)
    return translate(message, context=request)


def form_fields(form):
    """The (id, field) pairs a citizen fills in, as the HTML form shows them."""
    fields = []
    for name, field in getFieldsInOrder(form_schema(form)):
        extender = IFieldExtender(field, None)
        if extender is not None:
            if getattr(extender, "serverSide", False):
                continue
            enabled = getattr(extender, "TEnabled", None)
            if enabled and not get_expression(form, enabled):
                continue
        if field.readonly:
            continue
        fields.append((name, field))
    return fields


@implementer(IAutoExtensibleForm)
class _LessSpecificForm:
    """The form view as easyform's ``superAdapter`` shows it to find a
    field's own z3c.form validator: one interface less specific than
    ``IEasyFormForm``. easyform makes such a class for each field it
    validates, and the new class misses every adapter lookup cache (a
    tenth of a document form's submission); this one is made once."""

    def __init__(self, view):
        self.__view__ = view

    def __getattr__(self, item):
        return getattr(self.__view__, item)


def _validate_extended(form, request, base_view, field, value):
    """What easyform's ``FieldExtenderValidator.validate`` does: the field's
    own validator, then easyform's named validators and TALES validator."""
    own = queryMultiAdapter((form, request, base_view, field, None), IValidator)
    if own is not None:
        own.validate(value)
    extender = IFieldExtender(field)
    for name in getattr(extender, "validators", None) or ():
        method = queryUtility(IFieldValidator, name=name)
        result = method(value, REQUEST=request) if method else None
        if result:
            raise Invalid(result)
    expression = getattr(extender, "TValidator", None)
    if expression:
        try:
            error = get_expression(form, expression, value=value)
        except Exception as failure:
            raise Invalid(failure)
        if error:
            raise Invalid(error)


def validate_fields(form, data: dict, request, fields=None) -> dict:
    """Per-field validation through easyform's z3c.form validators
    (``fields``: the form's, when already computed)."""
    view = EasyFormForm(form, request)
    base_view = _LessSpecificForm(view)
    errors = {}
    for name, field in fields if fields is not None else form_fields(form):
        value = data.get(name, field.missing_value)
        validator = queryMultiAdapter((form, request, view, field, None), IValidator)
        try:
            if type(validator) is FieldExtenderValidator:
                _validate_extended(form, request, base_view, field, value)
            elif validator is not None:
                validator.validate(value)
            else:
                field.bind(form).validate(value)
        except (ValidationError, Invalid) as error:
            errors[name] = error_message(error, request)
    return errors


def check_attachment(value, request) -> str | None:
    """Size and type limits of the site for one uploaded file."""
    max_mb = api.portal.get_registry_record("ville.eguichet.max_file_size", default=10)
    allowed = api.portal.get_registry_record(
        "ville.eguichet.allowed_file_types", default=list(_MAGIC)
    ) or list(_MAGIC)
    size = value.getSize()
    if size > max_mb * 1024 * 1024:
        return translate(
            _(
                "The file is too big (${size} MB); at most ${max} MB.",
                mapping={"size": f"{size / 1048576:.1f}", "max": max_mb},
            ),
            context=request,
        )
    head = bytes(value.data[:16]) if size else b""
    detected = next(
        (kind for kind, magics in _MAGIC.items() if head.startswith(magics)), None
    )
    kind = detected or (value.contentType or "")
    if kind not in allowed or (kind in _MAGIC and detected != kind):
        names = ", ".join(_TYPE_NAMES.get(t, t) for t in allowed)
        return translate(
            _("This type of file is not accepted. Accepted: ${types}.", mapping={"types": names}),
            context=request,
        )
    if value.contentType != kind:
        value.contentType = kind
    return None


def request_validators(form, action=None):
    """The cross-field validators of a form: named utilities listed on its
    action, then subscription adapters of the form."""
    found = []
    for name in getattr(action, "validators", None) or ():
        utility = queryUtility(IRequestValidator, name=name.strip())
        if utility is not None:
            found.append(utility)
    found.extend(subscribers((form,), IRequestValidator))
    return found


def validate_submission(form, data: dict, request, action=None) -> dict:
    """Attachment limits, the form's rule table (:mod:`formrules`) and the
    cross-field validators. {field_id: message}."""
    errors = {}
    table = rules_for(form)
    if table is not None:
        for name, message in table.validate(data).items():
            errors[name] = translate(message, context=request)
    for name, value in data.items():
        if INamed.providedBy(value):
            message = check_attachment(value, request)
            if message:
                errors.setdefault(name, message)
    for validator in request_validators(form, action):
        for name, message in (validator(form, data) or {}).items():
            errors.setdefault(name, translate(message, context=request))
    return errors
