"""ville.eguichet as released in 1.0.0 (commit cf20953), frozen for the
upgrade test (tests/test_upgrades.py).

``profile/`` is ``profiles/default`` of 1.0.0, with the registry records
that 1.0.0 declared through interfaces (``<records interface=...>``) written
out field by field, so that a later change of those interfaces does not
change this fixture. ``post_install`` is 1.0.0's
``setuphandlers.post_install`` with the ids, roles and permissions it used
copied here, for the same reason. Never edit this package to follow the
current code: it is what sites running 1.0.0 hold.

What this fixture cannot freeze: the python code the profile names (content
classes, schemas, indexers, the browser layer interface, the permissions
declared in ZCML) is the current one; the mail queue folder is the one of
the test process (``VILLE_MAIL_QUEUE`` or ``<clienthome>/mailqueue``).
"""

from App.config import getConfiguration
from plone import api
from plone.dexterity.utils import createContent
from plone.registry.interfaces import IRegistry
from zope.component import getUtility

import os


# engine.* and setuphandlers.STORE_PERMISSIONS of 1.0.0
STORE_ID = "eguichet-demandes"
STORE_TYPE = "EGuichetRequestStore"
AGENT_ROLE = "EGuichet Agent"
AGENTS_GROUP = "agents-eguichet"
STORE_PERMISSIONS = {
    "View": ("Manager", "Site Administrator", AGENT_ROLE),
    "Access contents information": (
        "Manager", "Site Administrator", AGENT_ROLE, "Authenticated",
    ),
    "List folder contents": ("Manager", "Site Administrator", AGENT_ROLE),
    "Add portal content": ("Manager",),
    "Modify portal content": ("Manager",),
    "Delete objects": ("Manager",),
}


# 1.0.0's <records interface=...> import gave these records the empty string
# of their fields' default; registry XML reads an empty <value> as None.
EMPTY_TEXT_RECORDS = (
    "ville.eguichet.agent_body",
    "ville.eguichet.agent_subject",
    "ville.eguichet.bic",
    "ville.eguichet.iban",
    "ville.eguichet.receipt_body",
    "ville.eguichet.receipt_subject",
    "ville.eguichet.transition_body",
    "ville.eguichet.transition_subject",
)


def restore_empty_texts():
    registry = getUtility(IRegistry)
    for name in EMPTY_TEXT_RECORDS:
        registry.records[name].value = ""


def ensure_store(portal):
    if STORE_ID not in portal.objectIds():
        store = createContent(STORE_TYPE, title="Demandes e-guichet")
        store.id = STORE_ID
        store.exclude_from_nav = True
        portal._setObject(STORE_ID, store)
    store = portal[STORE_ID]
    for permission, roles in STORE_PERMISSIONS.items():
        store.manage_permission(permission, roles=list(roles), acquire=False)
    store.reindexObject()


def ensure_agents_group():
    if api.group.get(groupname=AGENTS_GROUP) is None:
        api.group.create(
            groupname=AGENTS_GROUP,
            title="Agents e-guichet",
            description="Traitent les demandes de toutes les procédures de l'e-guichet.",
        )
    api.group.grant_roles(groupname=AGENTS_GROUP, roles=[AGENT_ROLE])


def enable_mail_queue(portal):
    mailhost = api.portal.get_tool("MailHost")
    if not getattr(mailhost, "smtp_queue", False):
        mailhost.smtp_queue = True
        configured = os.environ.get("VILLE_MAIL_QUEUE")
        clienthome = getattr(getConfiguration(), "clienthome", None) or "/tmp"
        mailhost.smtp_queue_directory = configured or os.path.join(
            clienthome, "mailqueue")
    for sub in ("cur", "new", "tmp"):
        os.makedirs(os.path.join(mailhost.smtp_queue_directory, sub), exist_ok=True)


def post_install(context):
    """1.0.0's post_install: request store, agents' group, mail queue."""
    restore_empty_texts()
    portal = api.portal.get()
    ensure_store(portal)
    ensure_agents_group()
    enable_mail_queue(portal)
