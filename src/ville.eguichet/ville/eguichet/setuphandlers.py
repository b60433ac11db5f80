from App.config import getConfiguration
from plone import api
from plone.base.interfaces import INonInstallable
from plone.dexterity.utils import createContent
from ville.eguichet import engine
from ville.eguichet import logger
from zope.interface import implementer

import os


STORE_PERMISSIONS = {
    "View": ("Manager", "Site Administrator", engine.AGENT_ROLE),
    # Not for members: they reach their own requests, never the store's
    # container methods (objectCount, objectIds...).
    "Access contents information": ("Manager", "Site Administrator", engine.AGENT_ROLE),
    "List folder contents": ("Manager", "Site Administrator", engine.AGENT_ROLE),
    "Add portal content": ("Manager",),
    "Modify portal content": ("Manager",),
    "Delete objects": ("Manager",),
    # Plone's toolbar (copy, URL management...) is staff chrome: requests
    # acquire this, their requesters do not see it.
    "Show Toolbar": ("Manager", "Site Administrator", engine.AGENT_ROLE),
}


@implementer(INonInstallable)
class HiddenProfiles:
    def getNonInstallableProfiles(self):
        """Hide the uninstall profile from the add-ons control panel."""
        return ["ville.eguichet:uninstall"]


def mail_queue_directory() -> str:
    """``VILLE_MAIL_QUEUE`` or ``<clienthome>/mailqueue``."""
    configured = os.environ.get("VILLE_MAIL_QUEUE")
    if configured:
        return configured
    clienthome = getattr(getConfiguration(), "clienthome", None) or "/tmp"
    return os.path.join(clienthome, "mailqueue")


def ensure_store(portal):
    store = engine.get_store(portal)
    if store is None:
        store = createContent(engine.STORE_TYPE, title="Demandes e-guichet")
        store.id = engine.STORE_ID
        store.exclude_from_nav = True
        portal._setObject(engine.STORE_ID, store)
        store = portal[engine.STORE_ID]
    for permission, roles in STORE_PERMISSIONS.items():
        store.manage_permission(permission, roles=list(roles), acquire=False)
    # The store only: requests carry their own permissions.
    store.reindexObject()
    return store


def ensure_agents_group():
    if api.group.get(groupname=engine.AGENTS_GROUP) is None:
        api.group.create(
            groupname=engine.AGENTS_GROUP,
            title="Agents e-guichet",
            description="Traitent les demandes de toutes les procédures de l'e-guichet.",
        )
    api.group.grant_roles(groupname=engine.AGENTS_GROUP, roles=[engine.AGENT_ROLE])


def ensure_managers_group():
    """The group whose members alone (with the site managers) change the
    e-guichet forms, hence who receives the requests."""
    from ville.eguichet import formsecurity

    if api.group.get(groupname=formsecurity.MANAGERS_GROUP) is None:
        api.group.create(
            groupname=formsecurity.MANAGERS_GROUP,
            title="Gestionnaires e-guichet",
            description="Modifient les formulaires de l'e-guichet : champs, "
            "destinataires des demandes, adresses des e-mails.",
        )
    api.group.grant_roles(
        groupname=formsecurity.MANAGERS_GROUP, roles=[formsecurity.MANAGER_ROLE]
    )


def enable_mail_queue(portal):
    """Mails wait in a maildir queue instead of failing the transaction
    when the SMTP server is down."""
    mailhost = api.portal.get_tool("MailHost")
    if not getattr(mailhost, "smtp_queue", False):
        mailhost.smtp_queue = True
        mailhost.smtp_queue_directory = mail_queue_directory()
    try:
        from ville.eguichet.mail import ensure_maildir

        ensure_maildir(mailhost.smtp_queue_directory)
    except OSError:
        logger.warning("Cannot create the mail queue %s", mailhost.smtp_queue_directory)
        logger.info("MailHost queue on, in %s", mailhost.smtp_queue_directory)


def post_install(context):
    portal = api.portal.get()
    ensure_store(portal)
    ensure_agents_group()
    ensure_managers_group()
    enable_mail_queue(portal)
    from ville.eguichet.accounts import install_login_throttle

    install_login_throttle(portal)


def uninstall(context):
    """Remove the store with every request in it, and the agents' role.

    The group ``agents-eguichet`` is kept (it may hold other roles)."""
    portal = api.portal.get()
    if engine.get_store(portal) is not None:
        logger.warning("Uninstall: deleting the request store %s", engine.STORE_ID)
        portal.manage_delObjects([engine.STORE_ID])
    group = api.group.get(groupname=engine.AGENTS_GROUP)
    if group is not None:
        api.group.revoke_roles(groupname=engine.AGENTS_GROUP, roles=[engine.AGENT_ROLE])
    record = portal.portal_registry.records.get("plone.types_not_searched")
    if record is not None:
        ours = (engine.REQUEST_TYPE, engine.STORE_TYPE)
        record.value = tuple(t for t in record.value or () if t not in ours)
    from ville.eguichet.accounts import uninstall_login_throttle
    from ville.eguichet.formsecurity import MANAGER_ROLE
    from ville.eguichet.formsecurity import MANAGERS_GROUP

    uninstall_login_throttle(portal)
    if api.group.get(groupname=MANAGERS_GROUP) is not None:
        api.group.revoke_roles(groupname=MANAGERS_GROUP, roles=[MANAGER_ROLE])
    ours = (engine.AGENT_ROLE, MANAGER_ROLE)
    roles = [r for r in getattr(portal, "__ac_roles__", ()) if r not in ours]
    portal.__ac_roles__ = tuple(roles)
