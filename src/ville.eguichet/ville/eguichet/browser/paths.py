"""The ways in: the agents' dashboard at the site root, who is an agent
(the header's link), the breadcrumb of the store for its readers, and
the requester's confirmation before cancelling."""

from plone import api
from Products.CMFPlone.browser.navigation import PhysicalNavigationBreadcrumbs
from Products.Five.browser import BrowserView
from ville.eguichet import _
from ville.eguichet import engine
from zExceptions import NotFound
from zExceptions import Unauthorized
from zope.component import getMultiAdapter
from zope.i18n import translate


def hide_public_columns(request):
    """Back-office and request pages: no public sidebars (events portlet)."""
    request.set("disable_plone.leftcolumn", True)
    request.set("disable_plone.rightcolumn", True)


class IsAgentView(BrowserView):
    """``@@eguichet-is-agent``: whether the current user processes
    requests (of every procedure or of one): the header shows the
    dashboard's link."""

    def __call__(self):
        if api.user.is_anonymous():
            return False
        store = engine.get_store()
        return store is not None and engine.is_agent(store)


class RootDashboardView(BrowserView):
    """``@@eguichet-dashboard`` at the site root: the store's dashboard
    (same page, same filters; its links lead to the store's)."""

    def __call__(self):
        store = engine.get_store()
        if store is None:
            raise NotFound("No request store")
        if not engine.is_agent(store):
            raise Unauthorized("Agents only")
        view = getMultiAdapter((store, self.request), name="eguichet-dashboard")
        return view()


class StoreBreadcrumbs(PhysicalNavigationBreadcrumbs):
    """The store in a request's breadcrumb: the dashboard for an agent, the
    citizen's space for the requester (the store itself is closed to
    requesters: "Privilèges insuffisants")."""

    def breadcrumbs(self):
        portal = api.portal.get()
        base = tuple(
            getMultiAdapter((portal, self.request), name="breadcrumbs_view").breadcrumbs()
        )
        if engine.is_agent(self.context):
            entry = {"absolute_url": f"{self.context.absolute_url()}/@@eguichet-dashboard",
                     "Title": translate(_("E-guichet requests"), context=self.request)}
        else:
            entry = {"absolute_url": f"{portal.absolute_url()}/@@mes-demandes",
                     "Title": translate(_("My requests"), context=self.request)}
        return base + (entry,)


class CancelView(BrowserView):
    """``<request>/@@eguichet-annuler``: what cancelling does, and a button
    that does it (a page, so that it works without JavaScript)."""

    def __call__(self):
        wftool = api.portal.get_tool("portal_workflow")
        if "cancel" not in [t["id"] for t in wftool.getTransitionsFor(self.context)]:
            self.request.response.redirect(self.context.absolute_url())
            return ""
        hide_public_columns(self.request)
        return self.index()


class AccountCreatedView(BrowserView):
    """``@@eguichet-compte-cree?came_from=<form>``: where the registration
    started from the e-guichet ends (Plone's registration form sends the
    citizen to its ``came_from``). Logged in: back to the form, with a
    message. Else (the address is confirmed by the link Plone mailed, which
    sets the password): what to do next, and the login that leads back to
    the form."""

    def came_from(self):
        portal_url = api.portal.get_tool("portal_url")
        url = str(self.request.form.get("came_from") or "")
        if not url or not portal_url.isURLInPortal(url):
            return api.portal.get().absolute_url()
        return url

    def password_mailed(self):
        return not api.portal.get_registry_record(
            "plone.enable_user_pwd_choice", default=False
        )

    def login_url(self):
        from urllib.parse import urlencode

        query = urlencode({"came_from": self.came_from()})
        return f"{api.portal.get().absolute_url()}/login?{query}"

    def __call__(self):
        self.request.response.setHeader("Cache-Control", "private, no-store")
        if not api.user.is_anonymous():
            api.portal.show_message(
                _("Your account is created: you are logged in."), request=self.request
            )
            self.request.response.redirect(self.came_from())
            return ""
        if self.password_mailed():
            message = _("Your account is created: open the link we sent you by e-mail.")
        else:
            message = _("Your account is created: log in to send your request.")
        api.portal.show_message(message, request=self.request)
        return self.index()
