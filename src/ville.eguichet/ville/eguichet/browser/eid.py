"""The eID / itsme login's pages (the flow's checks are
:mod:`ville.eguichet.fas`): ``@@eid-login`` (to the provider),
``@@eid-callback`` (its answer), ``@@eid-logout`` (the site's session, then
the provider's), Plone's logout ending the provider's session too after an
eID login, the button offered next to the password login, and the linking
of a password account to an eID (``@@eguichet-link-eid``)."""

from plone import api
from plone.app.layout.viewlets.common import ViewletBase
from plone.protect.interfaces import IDisableCSRFProtection
from Products.CMFPlone.browser.login.logout import LogoutView as PloneLogoutView
from Products.Five.browser import BrowserView
from Products.Five.browser.pagetemplatefile import ViewPageTemplateFile
from urllib.parse import urlencode
from ville.eguichet import _
from ville.eguichet import fas
from ville.eguichet import identity
from ville.eguichet import logger
from ville.eguichet.browser import eidmail
from zope.i18n import translate
from zope.interface import alsoProvides


def login_url(came_from=None, link=False) -> str:
    """The eID button's target, "" when the provider is not configured."""
    if not fas.configured():
        return ""
    query = {}
    if came_from:
        query["came_from"] = came_from
    if link:
        query["link"] = "1"
    base = f"{api.portal.get().absolute_url()}/@@eid-login"
    return base + (f"?{urlencode(query)}" if query else "")


def _came_from(value):
    portal_url = api.portal.get_tool("portal_url")
    if value and portal_url.isURLInPortal(value):
        return value
    return api.portal.get().absolute_url()


class LoginView(BrowserView):
    """``@@eid-login``: to the provider, with state, nonce and PKCE."""

    def __call__(self):
        response = self.request.response
        response.setHeader("Cache-Control", "no-store")
        came_from = _came_from(self.request.get("came_from"))
        link_to = None
        if self.request.get("link") and not api.user.is_anonymous():
            link_to = api.user.get_current().getId()
        try:
            url = fas.start(self.request, came_from, link_to)
        except fas.LoginRefused as refused:
            logger.warning("eID login could not start: %s", refused.reason)
            api.portal.show_message(
                translate(_("eid_unavailable", default="The eID / itsme login is "
                            "unavailable for now; please try again later."),
                          context=self.request),
                request=self.request, type="error",
            )
            return response.redirect(came_from)
        return response.redirect(url)


class CallbackView(BrowserView):
    """``@@eid-callback`` (the redirect URI): the provider's answer. The
    state checks it (the flow's CSRF token): the writes of a first login
    are allowed on this GET."""

    error_page = ViewPageTemplateFile("templates/eid_error.pt")
    message = ""

    def __call__(self):
        alsoProvides(self.request, IDisableCSRFProtection)
        response = self.request.response
        response.setHeader("Cache-Control", "no-store")
        flow = fas.read_flow(self.request)
        # The flow's cookie serves once, whatever happens.
        response.expireCookie(fas.FLOW_COOKIE, path="/")
        link_to = flow.get("link_to")
        if link_to and (
            api.user.is_anonymous() or api.user.get_current().getId() != link_to
        ):
            link_to = None
        try:
            claims = fas.fetch_identity(self.request, flow)
            user_id = fas.remember(fas.person_of(claims), self.request, link_to=link_to)
        except fas.LoginRefused as refused:
            logger.warning("eID login refused: %s", refused.reason)
            self._no_session()
            response.setStatus(401)
            self.message = translate(refused.message, context=self.request)
            return self.error_page()
        if link_to:
            api.portal.show_message(
                translate(_("eid_linked", default="Your eID identity is now linked "
                            "to your account."), context=self.request),
                request=self.request,
            )
        came_from = _came_from(flow.get("came_from"))
        if eidmail.needs_email(user_id):
            return response.redirect(eidmail.email_url(came_from))
        return response.redirect(came_from)

    def _no_session(self):
        response = self.request.response
        acl_users = api.portal.get_tool("acl_users")
        cookie = getattr(getattr(acl_users, "session", None), "cookie_name", "__ac")
        if api.user.is_anonymous():
            response.expireCookie(cookie, path="/")
        identity.clear_mark(self.request)

    def login_page(self):
        return f"{api.portal.get().absolute_url()}/login"


class ProviderLogoutView(BrowserView):
    """``@@eid-logout``: the site's session ends, then the provider's (its
    end-session endpoint), back to the site."""

    def __call__(self):
        portal = api.portal.get()
        identity.clear_mark(self.request)
        if not api.user.is_anonymous():
            api.portal.get_tool("portal_membership").logoutUser(self.request)
        response = self.request.response
        response.setHeader("Cache-Control", "no-store")
        end = fas.end_session_url(portal.absolute_url())
        return response.redirect(end or f"{portal.absolute_url()}/logged-out")


class LogoutView(PloneLogoutView):
    """Plone's logout; after an eID login, the provider's session ends too."""

    def __call__(self):
        if fas.configured() and identity.eid_session(self.request):
            portal = api.portal.get()
            return self.request.response.redirect(f"{portal.absolute_url()}/@@eid-logout")
        identity.clear_mark(self.request)
        return super().__call__()


class EidButton(BrowserView):
    """"Se connecter avec eID / itsme": on the login page and in the forms'
    login hint, only when the provider is configured."""

    index = ViewPageTemplateFile("templates/eid_button.pt")

    def url(self):
        came_from = self.request.get("came_from") or self.context.absolute_url()
        return login_url(came_from)

    def __call__(self):
        return self.index() if self.url() else ""


class EidLoginViewlet(ViewletBase):
    """The eID button above Plone's login form."""

    def render(self):
        button = EidButton(self.context, self.request)()
        if not button:
            return ""
        text = translate(_("eid_login_text", default="Citizens: log in with your "
                           "eID card or itsme (federal authentication service)."),
                         context=self.request)
        return f'<div class="eguichet-eid-login-page mb-3"><p>{text}</p>{button}</div>'


class LinkView(BrowserView):
    """``@@eguichet-link-eid``: a member logged in with a password proves
    the eID too, and both are one account (no merge by e-mail)."""

    index = ViewPageTemplateFile("templates/eid_link.pt")

    def linked(self):
        return bool(identity.national_number(api.user.get_current().getId()))

    def url(self):
        return login_url(f"{api.portal.get().absolute_url()}/@@eguichet-link-eid",
                         link=True)

    def __call__(self):
        return self.index()
