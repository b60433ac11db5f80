"""The steps of the form page, from the form's rule table (``steps``).

The fields of each step go into a ``<fieldset class="eguichet-step">``
with its title as legend: without JavaScript every step shows, one after
the other, on one page that submits as before. The page's script
(``eguichet-form.js``) shows one step at a time with "Précédent" /
"Suivant" and the progress indicator ("Étape 2 sur 4", an ``<ol>`` with
``aria-current="step"``); the button to the summary shows on the last step.
Validation stays the server's, on the whole form: a step holding a field
in error opens first. A form without steps (or a short one) keeps one page.
"""

from html import escape
from lxml import html as lxml_html
from ville.eguichet import _
from ville.eguichet.formrules import rules_for
from ville.eguichet.validation import HONEYPOT
from zope.i18n import translate


PREFIX = "formfield-form-widgets-"
STYLE = (
    "<style>.eguichet-step{border:0;padding:0;margin:0 0 1rem;min-width:0}"
    ".eguichet-steps li[aria-current=step]{font-weight:700}"
    "</style>"
)


def _steps(form):
    table = rules_for(form.context)
    return table.steps if table is not None else ()


def progress(form, steps) -> str:
    """The progress indicator, hidden until the script runs."""
    def tr(message):
        return translate(message, context=form.request)

    items = "".join(
        f'<li data-step="{escape(step.name)}">{escape(tr(step.title))}</li>'
        for step in steps
    )
    # The language's own punctuation before the step's title (fr " : ").
    counter = tr(_("step_counter", default="Step ${number} of ${total}: ${title}",
                   mapping={"number": "{n}", "total": "{t}", "title": "{title}"}))
    return (
        f'<nav class="eguichet-progress" id="eguichet-progress" hidden '
        f'aria-label="{escape(tr(_("step_progress", default="Progress")))}" '
        f'data-counter="{escape(counter)}" '
        f'data-previous="{escape(tr(_("step_previous", default="Previous")))}" '
        f'data-next="{escape(tr(_("step_next", default="Next")))}">'
        f'<h2 class="eguichet-progress-count h5" tabindex="-1"></h2>'
        f'<ol class="eguichet-steps">{items}</ol></nav>{STYLE}'
    )


def group(contents: str, form) -> str:
    """``contents`` (the rendered form) with its fields in step fieldsets,
    the progress indicator before the form; unchanged without steps."""
    steps = _steps(form)
    if len(steps) < 2 or "<form" not in contents:
        return contents
    root = lxml_html.fragment_fromstring(contents, create_parent="div")
    wrappers = {
        element.get("id")[len(PREFIX):]: element
        for element in root.iter("div")
        if (element.get("id") or "").startswith(PREFIX)
    }
    placed = [name for step in steps for name in step.fields if name in wrappers]
    if not placed:
        return contents
    anchor = wrappers[placed[0]]
    parent = anchor.getparent()
    marker = lxml_html.Element("span")
    anchor.addprevious(marker)
    fieldsets = []
    for step in steps:
        names = [name for name in step.fields if name in wrappers]
        if not names:
            continue
        fieldset = lxml_html.Element("fieldset")
        fieldset.set("class", "eguichet-step")
        fieldset.set("data-step", step.name)
        fieldset.set("id", f"eguichet-step-{step.name}")
        legend = lxml_html.Element("legend")
        legend.set("class", "eguichet-step-title h3")
        legend.text = translate(step.title, context=form.request)
        fieldset.append(legend)
        for name in names:
            fieldset.append(wrappers[name])  # moved, with its tail
        fieldsets.append(fieldset)
    # Fields no step names (added by a form manager) go to the last step.
    for name, wrapper in wrappers.items():
        if name not in placed and name != HONEYPOT:
            fieldsets[-1].append(wrapper)
    for fieldset in fieldsets:
        marker.addprevious(fieldset)
    marker.drop_tree()
    rendered = lxml_html.tostring(root, encoding="unicode")
    shown = [step for step in steps if any(name in wrappers for name in step.fields)]
    return progress(form, shown) + rendered[len("<div>"):-len("</div>")]
