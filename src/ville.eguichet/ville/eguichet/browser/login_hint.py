"""Above an e-guichet form that needs an account (or an eID login): how to
log in or register, and why."""

from plone import api
from Products.Five.browser import BrowserView
from Products.Five.browser.pagetemplatefile import ViewPageTemplateFile
from urllib.parse import urlencode
from ville.eguichet import identity
from ville.eguichet.formaction import action_for


class LoginHint(BrowserView):
    """Rendered by the e-guichet form view above the form."""

    index = ViewPageTemplateFile("templates/login_hint.pt")

    def required(self):
        """The level the citizen lacks: the action's, or the one a refused
        submission asked (the delivery chosen); None when enough."""
        action = action_for(self.context, self.request)
        if action is None:
            return None
        required = identity.highest(
            identity.action_level(action),
            self.request.other.get(identity.REFUSED_KEY),
        )
        level = identity.current_level(self.request)
        return required if identity.rank(level) < identity.rank(required) else None

    def available(self):
        return self.required() is not None

    def needs_eid(self):
        return self.required() == identity.EID

    def anonymous(self):
        return api.user.is_anonymous()

    def login_url(self):
        query = urlencode({"came_from": self.context.absolute_url()})
        return f"{api.portal.get().absolute_url()}/login?{query}"

    def register_url(self):
        if not api.portal.get_registry_record("plone.enable_self_reg", default=False):
            return None
        # Plone's registration form ends at its came_from: the page that
        # says what to do next (the password is chosen through the link
        # Plone mails), which then leads back to this form.
        portal_url = api.portal.get().absolute_url()
        created = f"{portal_url}/@@eguichet-compte-cree?" + urlencode(
            {"came_from": self.context.absolute_url()}
        )
        return f"{portal_url}/@@register?{urlencode({'came_from': created})}"

    def __call__(self):
        return self.index() if self.available() else ""
