"""easyform's form with an anti-spam honeypot on forms open to anonymous."""

from collective.easyform.browser.view import EasyFormForm
from collective.easyform.browser.view import EasyFormFormWrapper
from plone import api
from ville.eguichet import _
from ville.eguichet import dates
from ville.eguichet.action import find_action
from ville.eguichet.validation import HONEYPOT
from z3c.form import field
from zope.i18n import translate
from zope.schema import TextLine


HONEYPOT_STYLE = (
    "<style>.eguichet-hp{position:absolute!important;left:-10000px!important;"
    "width:1px;height:1px;overflow:hidden}</style>"
)


def fake_reference() -> str:
    from ville.eguichet import engine

    import secrets

    day = dates.local_day(engine.now()).strftime("%Y%m%d")
    suffix = "".join(secrets.choice(engine._ALPHABET) for _ in range(6))
    return f"EG-{day}-{suffix}"


class EGuichetForm(EasyFormForm):
    def _wants_honeypot(self):
        action = find_action(self.context)
        return action is not None and action.allow_anonymous

    def update(self):
        super().update()
        action = find_action(self.context)
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
        widget = self.widgets.get(HONEYPOT) if self.widgets else None
        if widget is not None:
            widget.klass = (widget.klass or "") + " eguichet-hp"
            widget.autocomplete = "off"

    def processActions(self, fields):
        if fields.get(HONEYPOT):
            # A bot: the usual thank-you with a made-up reference, no action
            # run, nothing stored.
            self.request.response.redirect(
                f"{self.context.absolute_url()}/@@eguichet-merci?reference={fake_reference()}"
            )
            return None
        fields.pop(HONEYPOT, None)
        # Over a limit, no action of the form runs (no mailer either).
        from ville.eguichet import action as actions
        from ville.eguichet import ratelimit

        try:
            ratelimit.check(self.request, actions.submission_limits(self.request))
            ratelimit.check(
                self.request,
                actions.upload_limits(self.request),
                actions.uploads(fields),
            )
        except ratelimit.TooManyRequests as error:
            return actions.over_limit(error, self.request)
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
        from ville.eguichet.browser.login_hint import LoginHint

        hint = LoginHint(self.context, self.request)()
        if hint and isinstance(self.contents, str):
            self.contents = hint + self.contents
