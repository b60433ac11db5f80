"""A request's answers as the citizen reads them: on the summary step, the
tracking page and the PDF receipt alike (choices by their titles, national
numbers masked, files by name and size, empty answers left out)."""

from ville.eguichet import _
from ville.eguichet.privacy import masked_values
from zope.globalrequest import getRequest
from zope.i18n import translate


def _term_title(field, value, context):
    """The title of ``value`` in a Choice field's vocabulary, else None."""
    from zope.schema.interfaces import IChoice

    if field is None or not IChoice.providedBy(field):
        return None
    try:
        vocabulary = field.bind(context).vocabulary if context is not None else field.vocabulary
        term = vocabulary.getTerm(value)
    except Exception:
        return None
    title = getattr(term, "title", None)
    return translate(title, context=getRequest()) if title else None


def format_value(value, field=None, context=None) -> str:
    """A submitted value as text (choices by their titles, files by name)."""
    if value is None:
        return ""
    if hasattr(value, "filename") and hasattr(value, "getSize"):
        return value.filename or "fichier"
    if isinstance(value, (list, tuple, set, frozenset)):
        item_field = getattr(field, "value_type", None)
        return ", ".join(format_value(v, item_field, context) for v in value)
    title = _term_title(field, value, context)
    if title:
        return title
    if isinstance(value, bool):
        return translate(_("yes") if value else _("no"), context=getRequest())
    if hasattr(value, "strftime"):
        return value.strftime("%d/%m/%Y")
    return str(value)


def file_size(size: int) -> str:
    """``12 Ko`` / ``1,4 Mo`` as written in French."""
    if size < 1024 * 1024:
        return f"{max(1, round(size / 1024))} Ko"
    return f"{size / 1048576:.1f} Mo".replace(".", ",")


def display(value, field=None, form=None) -> str:
    if hasattr(value, "filename") and hasattr(value, "getSize"):
        return f"{value.filename or 'fichier'} ({file_size(value.getSize())})"
    return format_value(value, field, form)


def answer_rows(values: dict, fields, form, http_request, sensitive=None) -> list:
    """``[{"name", "label", "value"}]`` in the form's field order.

    ``fields``: the form's ``(id, field)`` pairs; ``sensitive``: the ids to
    mask (None: those of the site's registry)."""
    masked = masked_values(values, fields=sensitive)
    rows = []
    for name, field in fields:
        value = masked.get(name)
        if value in (None, "", [], ()):
            continue
        rows.append(
            {
                "name": name,
                "label": translate(field.title, context=http_request),
                "value": display(value, field, form),
            }
        )
    return rows


def request_rows(request, http_request) -> list:
    """The rows of a stored e-guichet request (its form's fields when the
    form still exists, else the stored ids)."""
    from ville.eguichet.engine import procedure
    from ville.eguichet.privacy import sensitive_fields_of
    from ville.eguichet.validation import form_fields

    form = procedure(request)
    try:
        pairs = form_fields(form) if form is not None else []
    except Exception:  # a broken model: the stored ids
        pairs = []
    pairs = pairs or [(name, None) for name in request.values]
    sensitive = sensitive_fields_of(request)
    rows = []
    masked = masked_values(request.values, fields=sensitive)
    for name, field in pairs:
        value = masked.get(name)
        if value in (None, "", [], ()):
            continue
        label = translate(field.title, context=http_request) if field else name
        rows.append({"name": name, "label": label, "value": display(value, field, form)})
    return rows
