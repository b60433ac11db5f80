"""Upgrade of existing sites for the abuse limits (branch w10-abuse): the
new registry records (limits, max_files), the login throttle in PAS, and
self-registration confirming the e-mail address."""

from plone import api
from ville.eguichet.accounts import install_login_throttle


def upgrade(context):
    """``context`` is portal_setup."""
    context.runImportStepFromProfile("profile-ville.eguichet:default", "plone.app.registry")
    portal = api.portal.get()
    install_login_throttle(portal)
    if api.portal.get_registry_record("plone.enable_self_reg", default=False):
        # Plone then mails a link to choose the password: the address is
        # confirmed before the account can be used.
        api.portal.set_registry_record("plone.enable_user_pwd_choice", False)
