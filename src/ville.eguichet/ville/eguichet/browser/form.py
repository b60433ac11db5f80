"""easyform's form with an anti-spam honeypot on forms open to anonymous."""

from collective.easyform.browser.view import EasyFormForm
from collective.easyform.browser.view import EasyFormFormWrapper
from plone import api
from ville.eguichet import _
from ville.eguichet import exc
from ville.eguichet import submission
from ville.eguichet.action import form_answer
from ville.eguichet.browser import eidform
from ville.eguichet.browser import autosave
from ville.eguichet.browser import drafts
from ville.eguichet.browser import formpage
from ville.eguichet.browser import formsteps
from ville.eguichet.browser import summary
from ville.eguichet.browser.login_hint import LoginHint
from ville.eguichet.formaction import action_for
from ville.eguichet.validation import HONEYPOT
from z3c.form import button
from z3c.form import field
from zope.i18n import translate
from zope.schema import TextLine


HONEYPOT_STYLE = (
    "<style>.eguichet-hp{position:absolute!important;left:-10000px!important;"
    "width:1px;height:1px;overflow:hidden}</style>"
)


class EGuichetForm(EasyFormForm):
    buttons = EasyFormForm.buttons.copy()
    handlers = EasyFormForm.handlers.copy()

    @button.buttonAndHandler(
        _("draft_button", default="Continue later"),
        name="draft",
        condition=lambda form: drafts.wants_draft(form),
    )
    def handleDraft(self, action):
        drafts.save_draft(self)

    def _action(self):
        return action_for(self.context, self.request)

    def _wants_honeypot(self):
        action = self._action()
        return action is not None and action.allow_anonymous

    def update(self):
        eidform.before_update(self)
        super().update()
        if (
            self.widgets
            and self.widgets.errors
            and "formErrorsMessage" not in self.__dict__  # no form-level message
            and self.status == self.formErrorsMessage
        ):
            self.status = ""  # the error summary says it (formpage)
        action = self._action()
        if (
            action is not None
            and not action.allow_anonymous
            and not self.thanksPage
            and api.user.is_anonymous()
        ):
            self.status = translate(
                _("Please log in to submit this form."), context=self.request
            )

    def updateFields(self):
        super().updateFields()
        if not self.thanksPage:
            formpage.apply_conditions(self, self.fields)
        if self.thanksPage or not self._wants_honeypot() or HONEYPOT in self.fields:
            return
        trap = TextLine(
            __name__=HONEYPOT,
            title=_("Leave this field empty"),
            required=False,
        )
        trap.setTaggedValue("css_class", "eguichet-hp")
        self.fields += field.Fields(trap)

    def updateWidgets(self, prefix=None):
        super().updateWidgets(prefix)
        formpage.describe_conditions(self)
        summary.prefill(self)
        widget = self.widgets.get(HONEYPOT) if self.widgets else None
        if widget is not None:
            widget.klass = (widget.klass or "") + " eguichet-hp"
            widget.autocomplete = "off"
        eidform.lock_widgets(self)

    def extractData(self, setErrors=True):
        data, errors = super().extractData(setErrors=setErrors)
        errors = formpage.refine_widget_errors(self, errors, data)
        if setErrors:
            self.widgets.errors = errors
        return data, errors

    # No pat-autofocus: the page opens at its top, with the login hint and
    # the form's introduction in view (plone.app.z3cform's default put the
    # focus on the first field, a radio button about 1,400 px down). With
    # errors, the error summary takes the focus (eguichet-form.js).
    enable_autofocus = False

    def updateActions(self):
        super().updateActions()
        if "submit" in self.actions and self._action() is not None:
            # The button leads to the summary step, where the request is sent.
            self.actions["submit"].title = translate(
                _("summary_check_button", default="Continue"),
                context=self.request,
            )

    def processActions(self, fields):
        # The service's checks (who, how often, the honeypot) before any
        # action of the form runs: refused, no mailer runs either.
        try:
            submission.admit(self.context, fields, self.request)
        except (exc.SubmissionError, exc.TooManyRequests, exc.Trapped) as error:
            return form_answer(self.context, error, self.request)
        fields.pop(HONEYPOT, None)
        if self._action() is not None and not summary.confirmed(self.request):
            # "Vérifier ma demande" first: checked and kept, not sent.
            return summary.to_summary(self, fields)
        return super().processActions(fields)

    def header_injection(self):
        injected = super().header_injection() or ""
        if self._wants_honeypot():
            injected += HONEYPOT_STYLE
        return injected


class EGuichetFormView(EasyFormFormWrapper):
    form = EGuichetForm

    def update(self):
        super().update()
        if isinstance(self.contents, str):
            self.contents = formpage.page_additions(
                self.form_instance
            ) + formsteps.group(
                formpage.mark_invalid_fields(self.contents, self.form_instance),
                self.form_instance,
            )
            self.contents = formpage.keep_pending_token(self.contents, self.request)
            self.contents = autosave.status_box(self.form_instance) + self.contents
        hint = LoginHint(self.context, self.request)()
        if hint and isinstance(self.contents, str):
            self.contents = hint + self.contents
