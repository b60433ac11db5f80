"""The summary step of the HTML form: "Vérifier ma demande".

The form's button checks the answers (the fields' validators, the rule
table, the cross-field validators: nothing is stored yet) and keeps them
(:mod:`ville.eguichet.pending`); ``<form>/@@eguichet-verifier`` then shows
every answer (choices by title, national numbers masked, files by name and
size), the fee, a "Modifier" link per answer back to its question, and
"Envoyer ma demande", which submits through the form's actions (the
submission service) as before. ``@eguichet-submit`` (REST) has no summary:
one call, unchanged.

The payment choice of issue 15 goes in :meth:`SummaryView.payment_choice`.
"""

from plone import api
from plone.namedfile.interfaces import INamed
from plone.protect import CheckAuthenticator
from Products.Five.browser import BrowserView
from ville.eguichet import _
from ville.eguichet import pending
from ville.eguichet.answers import answer_rows
from ville.eguichet.formaction import action_for
from ville.eguichet.formrules import rules_for
from ville.eguichet.validation import form_fields
from ville.eguichet.validation import validate_submission
from zope.i18n import translate


CONFIRMED = "ville.eguichet.summary.confirmed"
TOKEN = "eguichet_pending"


def summary_url(form, token) -> str:
    return f"{form.absolute_url()}/@@eguichet-verifier?{TOKEN}={token}"


def to_summary(form_view, fields: dict):
    """The form's button, before any action runs: check, keep, show the
    summary. Returns easyform's errors, or None (redirected)."""
    form, request = form_view.context, form_view.request
    kept = pending.fetch(form, request.form.get(TOKEN)) or {}
    for name, value in kept.items():
        # A file sent before "Modifier" is kept unless replaced.
        if INamed.providedBy(value) and not fields.get(name):
            fields[name] = value
    table = rules_for(form)
    values = table.applicable(dict(fields)) if table is not None else dict(fields)
    errors = validate_submission(form, values, request, action_for(form, request))
    if errors:
        return errors
    if request.form.get(TOKEN):
        pending.discard(request.form.get(TOKEN))
    token = pending.stash(form, values)
    request.response.redirect(summary_url(form, token))
    return None


def confirmed(request) -> bool:
    return bool(getattr(request, "other", {}).get(CONFIRMED))


def prefill(form_view) -> None:
    """"Modifier": the form shown again with the kept answers."""
    from z3c.form.interfaces import IDataConverter

    request = form_view.request
    if request.method != "GET" or not request.form.get(TOKEN):
        return
    values = pending.fetch(form_view.context, request.form.get(TOKEN))
    for widget in (form_view.widgets or {}).values():
        field = getattr(widget, "field", None)
        value = (values or {}).get(getattr(field, "__name__", None))
        if value is None or INamed.providedBy(value):
            continue
        try:
            widget.value = IDataConverter(widget).toWidgetValue(value)
        except Exception:
            continue


def document_fee(form, values):
    """The fee of a document form's answers (None for other forms)."""
    from ville.eguichet.documents.config import form_config
    from ville.eguichet.documents.config import IDocumentForm
    from ville.eguichet.documents.fees import fee_for
    from ville.eguichet.documents.fees import format_amount

    if not IDocumentForm.providedBy(form):
        return None
    fee = fee_for(form_config(form), values)
    return format_amount(fee) if fee > 0 else None


class SummaryView(BrowserView):
    """``@@eguichet-verifier``: every answer, then "Envoyer ma demande"."""

    def token(self):
        return str(self.request.form.get(TOKEN) or "")

    def __call__(self):
        self.values = pending.fetch(self.context, self.token())
        if self.values is None:
            api.portal.show_message(
                _("summary_expired", default="Your answers were not kept: "
                  "please fill in the form again."),
                request=self.request,
                type="warning",
            )
            self.request.response.redirect(self.context.absolute_url())
            return ""
        self.request.response.setHeader("Cache-Control", "private, no-store")
        self.request.response.setHeader("Referrer-Policy", "no-referrer")
        self.errors = {}
        if self.request.method == "POST":
            return self.confirm()
        return self.index()

    def rows(self):
        form = self.context
        back = f"{form.absolute_url()}?{TOKEN}={self.token()}"
        rows = answer_rows(self.values, form_fields(form), form, self.request)
        for row in rows:
            row["edit_url"] = f"{back}#formfield-form-widgets-{row['name']}"
        return rows

    def fee(self):
        return document_fee(self.context, self.values)

    def payment_choice(self):
        """"Payer en ligne" / "Virement" on a paying procedure when online
        payment is on (browser/payment.py); the choice goes with "Envoyer
        ma demande" as ``payment_method``."""
        from ville.eguichet.browser.payment import payment_choice

        return payment_choice(self.fee(), self.request)

    def authenticator(self):
        return api.portal.get().restrictedTraverse("@@authenticator").token()

    def confirm(self):
        """Submit the kept answers through the form's actions."""
        from zope.component import getMultiAdapter

        CheckAuthenticator(self.request)
        self.request.other[CONFIRMED] = True
        # The form of the form's own view (browser.form.EGuichetForm).
        wrapper = getMultiAdapter((self.context, self.request), name="view")
        errors = wrapper.form_instance.processActions(dict(self.values))
        if errors:
            self.errors = {
                key: translate(message, context=self.request)
                for key, message in errors.items()
            }
            return self.index()
        pending.discard(self.token())
        return ""
