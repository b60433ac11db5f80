"""Abuse limits on accounts: failed logins and self-registrations per
client address.

Every way to log in (the login form, ``@login`` and HTTP Basic) hands the
login and password to PAS's authentication plugins: :class:`LoginThrottle`,
the first of them, refuses (429) a client address over its limit before any
password is checked, and counts a failed attempt (no other plugin nor the
Zope root's user folder accepts the password). Self-registration (the
registration form, ``POST @users`` as anonymous) creates a principal: its
event counts it per address, and refuses it over the limit.
"""

from AccessControl.class_init import InitializeClass
from plone import api
from Products.PluggableAuthService.interfaces.plugins import IAuthenticationPlugin
from Products.PluggableAuthService.plugins.BasePlugin import BasePlugin
from ville.eguichet import logger
from ville.eguichet import ratelimit
from zope.globalrequest import getRequest
from zope.interface import implementer


PLUGIN_ID = "eguichet_login_throttle"
_SWALLOWED = (NameError, AttributeError, KeyError, TypeError, ValueError)


def login_limits(request):
    return ratelimit.identities(request, None, "login_failures_per_address")


@implementer(IAuthenticationPlugin)
class LoginThrottle(BasePlugin):
    """Counts failed logins per client address; authenticates nobody."""

    meta_type = "Ville e-guichet login throttle"

    def __init__(self, id, title=None):
        self._setId(id)
        self.title = title

    def authenticateCredentials(self, credentials):
        login = credentials.get("login")
        password = credentials.get("password")
        if not ratelimit.ENABLED or not login or password is None:
            return None
        request = getRequest()
        if request is None:
            return None
        # PAS may see the same credentials twice in one request (@login: the
        # JWT plugin's extraction, then the service's authenticate).
        if ratelimit.seen(request, ("login", hash((login, password)))):
            return None
        pairs = login_limits(request)
        ratelimit.check(request, pairs)
        if not self._accepted(credentials, request):
            ratelimit.record(request, pairs)
        return None

    def _accepted(self, credentials, request) -> bool:
        """Whether another plugin, or the Zope root's user folder, takes
        these credentials."""
        pas = self._getPAS()
        for plugin_id, plugin in pas.plugins.listPlugins(IAuthenticationPlugin):
            if plugin_id == self.getId():
                continue
            try:
                found = plugin.authenticateCredentials(dict(credentials))
            except _SWALLOWED:
                continue
            if found and found[0] is not None:
                return True
        root = self.getPhysicalRoot().acl_users
        if root.aq_base is not pas.aq_base:
            try:
                if root.authenticate(credentials["login"], credentials["password"], request):
                    return True
            except _SWALLOWED:
                pass
        return False


InitializeClass(LoginThrottle)


def install_login_throttle(portal):
    """Add the plugin to the site's PAS, first of the authenticators."""
    pas = portal.acl_users
    if PLUGIN_ID not in pas.objectIds():
        pas._setObject(PLUGIN_ID, LoginThrottle(PLUGIN_ID, title="Login throttle"))
    plugins = pas.plugins
    if PLUGIN_ID not in plugins.listPluginIds(IAuthenticationPlugin):
        plugins.activatePlugin(IAuthenticationPlugin, PLUGIN_ID)
    while plugins.listPluginIds(IAuthenticationPlugin)[0] != PLUGIN_ID:
        plugins.movePluginsUp(IAuthenticationPlugin, [PLUGIN_ID])
    logger.info("Login throttle installed in %s", "/".join(pas.getPhysicalPath()))


def uninstall_login_throttle(portal):
    pas = portal.acl_users
    if PLUGIN_ID in pas.objectIds():
        pas._delObject(PLUGIN_ID)


def registration_created(event):
    """Count (and refuse over the limit) accounts created by anonymous
    visitors, per client address."""
    request = getRequest()
    if request is None or not ratelimit.ENABLED or not api.user.is_anonymous():
        return
    pairs = ratelimit.identities(request, None, "registrations_per_address")
    ratelimit.check(request, pairs)
    ratelimit.record(request, pairs, tag="registration")
