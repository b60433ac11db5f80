"""Above an e-guichet form that needs an account: how to log in or register."""

from plone import api
from Products.Five.browser import BrowserView
from Products.Five.browser.pagetemplatefile import ViewPageTemplateFile
from urllib.parse import urlencode
from ville.eguichet.formaction import action_for


class LoginHint(BrowserView):
    """Rendered by the e-guichet form view above the form."""

    index = ViewPageTemplateFile("templates/login_hint.pt")

    def available(self):
        action = action_for(self.context, self.request)
        return (
            action is not None
            and not action.allow_anonymous
            and api.user.is_anonymous()
        )

    def login_url(self):
        query = urlencode({"came_from": self.context.absolute_url()})
        return f"{api.portal.get().absolute_url()}/login?{query}"

    def register_url(self):
        if not api.portal.get_registry_record("plone.enable_self_reg", default=False):
            return None
        query = urlencode({"came_from": self.context.absolute_url()})
        return f"{api.portal.get().absolute_url()}/@@register?{query}"

    def __call__(self):
        return self.index() if self.available() else ""
