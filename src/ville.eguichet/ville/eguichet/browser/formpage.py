"""The e-guichet form page, from the form's rule table (:mod:`formrules`).

- Conditional questions: each field with a condition gets easyform's
  ``depends_on`` (rendered as Plone's pat-depends, hidden until its
  condition holds) and the condition in words in its help text, for a page
  read without JavaScript.
- Errors that say what to do: the fields' own validators' messages replaced
  by the table's; an error summary at the top linking to each field (the
  GOV.UK pattern: focus lands on the field); ``aria-invalid`` and
  ``aria-describedby`` on the fields in error.

Kept apart from ``form.py`` so that the form class stays small.
"""

from html import escape
from pathlib import Path
from lxml import html as lxml_html
from ville.eguichet import _
from ville.eguichet.formrules import rules_for
from zope.i18n import translate


SCRIPT = (Path(__file__).parent / "static" / "eguichet-form.js").read_text()


def _raw(request, widget):
    value = request.form.get(widget.name)
    if isinstance(value, (list, tuple)):
        value = [v for v in value if v not in ("", "--NOVALUE--")]
        value = value[0] if len(value) == 1 else (value or None)
    return value


def raw_answers(form) -> dict:
    """Field id -> value as submitted (strings) for the form's widgets."""
    return {
        widget.field.__name__: _raw(form.request, widget)
        for widget in form.widgets.values()
        if getattr(widget, "field", None) is not None
    }


def apply_conditions(form, fields) -> None:
    """``depends_on`` and the condition in words on the conditional fields."""
    table = rules_for(form.context)
    if table is None:
        return
    for name, field in fields.items():
        rule = table.get(name)
        if rule is None or rule.when is None:
            continue
        field.field.setTaggedValue("depends_on", table.depends(name))
        field.field.setTaggedValue("ville_condition", rule.condition)


def describe_conditions(form) -> None:
    """The condition in words before the help text of conditional widgets."""
    for widget in form.widgets.values():
        field = getattr(widget, "field", None)
        condition = field.queryTaggedValue("ville_condition") if field else None
        if not condition:
            continue
        text = translate(condition, context=form.request)
        help_text = translate(field.description or "", context=form.request)
        widget.description = f"{text} {help_text}".strip()


def refine_widget_errors(form, errors, data=None) -> tuple:
    """The table's message for each field in error (same as over REST),
    and the table's refusals of the other answers, so that every mistake
    is said at once. Returns the errors (z3c.form error views)."""
    table = rules_for(form.context)
    if table is None or not errors:
        return errors
    answers = raw_answers(form)
    in_error = set()
    for snippet in errors:
        widget = getattr(snippet, "widget", None)
        field = getattr(widget, "field", None)
        if field is None:
            continue
        in_error.add(field.__name__)
        message = table.message_for(field.__name__, _raw(form.request, widget), answers)
        if message is not None:
            snippet.message = translate(message, context=form.request)
    values = {k: v for k, v in (data or {}).items() if k not in in_error}
    added = []
    widgets = {w.field.__name__: w for w in form.widgets.values() if getattr(w, "field", None)}
    for name, message in table.validate(values).items():
        widget = widgets.get(name)
        if name in in_error or widget is None:
            continue
        added.append(_error_view(form, widget, translate(message, context=form.request)))
    return tuple(errors) + tuple(added)


def _error_view(form, widget, message):
    from z3c.form.interfaces import IErrorViewSnippet
    from zope.component import getMultiAdapter
    from zope.schema.interfaces import ValidationError

    error = ValidationError()
    error.doc = lambda: message
    view = getMultiAdapter(
        (error, form.request, widget, widget.field, form, form.context),
        IErrorViewSnippet,
    )
    view.update()
    widget.error = view
    return view


def field_anchor(widget) -> str:
    """The id of the element a summary link leads to (first radio/checkbox)."""
    items = getattr(widget, "items", None)
    try:
        # A method in older z3c.form, a property (a list) in newer ones.
        items = list(items() if callable(items) else items or ())
    except Exception:
        items = []
    if items and items[0].get("id"):
        return items[0]["id"]
    return widget.id


def error_summary(form) -> str:
    """The GOV.UK error summary: a titled box, one link per field in error,
    in the form's order; empty when there is no error."""
    errors = [
        widget
        for widget in form.widgets.values()
        if getattr(widget, "error", None) is not None
    ]
    if not errors:
        return ""
    request = form.request
    title = translate(
        _("error_summary_title", default="There is a problem"), context=request
    )
    items = []
    for widget in errors:
        label = translate(widget.label or "", context=request)
        message = getattr(widget.error, "message", "") or ""
        items.append(
            f'<li><a href="#{escape(field_anchor(widget))}">'
            f"{escape(label)} : {escape(str(message))}</a></li>"
        )
    return (
        '<div class="eguichet-error-summary alert alert-danger" role="alert" '
        'tabindex="-1" aria-labelledby="eguichet-error-summary-title">'
        f'<h2 id="eguichet-error-summary-title" class="h4">{escape(title)}</h2>'
        f'<ul class="mb-0">{"".join(items)}</ul></div>'
    )


def mark_invalid_fields(contents: str, form) -> str:
    """``aria-invalid`` and ``aria-describedby`` (the message's id) on the
    inputs of the fields in error, in the rendered form."""
    widgets = [
        w for w in form.widgets.values() if getattr(w, "error", None) is not None
    ]
    if not widgets or not contents.strip():
        return contents
    root = lxml_html.fragment_fromstring(contents, create_parent="div")
    for widget in widgets:
        wrapper = root.get_element_by_id(f"formfield-{widget.id}", None)
        if wrapper is None:
            continue
        message_id = f"{widget.id}-error"
        feedback = wrapper.find_class("invalid-feedback")
        if feedback:
            feedback[0].set("id", message_id)
        for element in wrapper.iter("input", "select", "textarea"):
            if element.get("type") in ("hidden", "submit"):
                continue
            element.set("aria-invalid", "true")
            described = (element.get("aria-describedby") or "").split()
            if message_id not in described and feedback:
                element.set("aria-describedby", " ".join([message_id, *described]))
    rendered = lxml_html.tostring(root, encoding="unicode")
    return rendered[len("<div>") : -len("</div>")]


def page_additions(form) -> str:
    """What goes before the form: the error summary, the live region that
    announces questions as they appear, and the page's script."""
    prefix = translate(
        _("live_new_questions", default="New questions:"), context=form.request
    )
    live = (
        '<div class="visually-hidden" aria-live="polite" id="eguichet-live" '
        f'data-prefix="{escape(prefix)}"></div>'
    )
    return error_summary(form) + live + f"<script>{SCRIPT}</script>"


def keep_pending_token(contents: str, request) -> str:
    """Back from the summary ("Modifier"): the form posts the token of the
    kept answers, so that a file already sent need not be sent again."""
    token = str(request.form.get("eguichet_pending") or "")
    if not token or "</form>" not in contents:
        return contents
    hidden = f'<input type="hidden" name="eguichet_pending" value="{escape(token)}" />'
    return contents.replace("</form>", hidden + "</form>", 1)
