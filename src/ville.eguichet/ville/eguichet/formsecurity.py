"""Separation of duties on the e-guichet forms, and their audit trail.

Who may change a form decides who receives the citizens' requests (the
request action's ``agent_group`` and ``agent_email``, a mailer's addresses),
so the forms of the e-guichet are changed only by the group
``eguichet-managers`` (role ``EGuichet Manager``) and the site managers:

- The ``/e-guichet`` folder and every form under it, or carrying the request
  action anywhere, provide ``IEGuichetProtected``; ``form_workflow_chain``
  gives them the workflow ``eguichet_form_workflow``, which maps on each of
  them every permission a change goes through (Modify portal content, which
  guards easyform's ``@@fields``, ``@@actions`` and model editors, ``@@edit``
  and REST PATCH; Delete objects, Copy or Move, Add portal content, Change
  local roles, easyform's own permissions), and guards publish/retract.
- ``check_and_record`` runs on every path that changes a form (its
  modification and move events, easyform's schema editors' event, our model
  editor views): it refuses a request action on a form of someone who may
  not manage forms, refuses changes to code-bearing settings (TALES, scripts,
  data savers) without easyform's permission for them, and appends what the
  change did to the routing to the form's audit trail.
"""

from AccessControl import getSecurityManager
from AccessControl import Unauthorized
from Acquisition import aq_inner
from Acquisition import aq_parent
from collective.easyform.api import get_actions
from collective.easyform.api import get_schema
from collective.easyform.config import EDIT_TALES_PERMISSION
from collective.easyform.interfaces import IActionExtender
from collective.easyform.interfaces import IActionFactory
from collective.easyform.interfaces import ICustomScript
from collective.easyform.interfaces import IEasyForm
from collective.easyform.interfaces import IFieldExtender
from collective.easyform.interfaces import IMailer
from collective.easyform.interfaces import ISaveData
from datetime import datetime
from datetime import timezone
from DateTime import DateTime
from lxml import etree
from persistent.list import PersistentList
from persistent.mapping import PersistentMapping
from plone import api
from plone.autoform.interfaces import WRITE_PERMISSIONS_KEY
from plone.base.interfaces import IWorkflowChain
from plone.supermodel import serializeSchema
from plone.supermodel.interfaces import IFieldExportImportHandler
from Products.CMFCore.interfaces import IWorkflowTool
from Products.CMFPlone.workflow import ToolWorkflowChain
from ville.eguichet import _
from ville.eguichet import logger
from ville.eguichet.interfaces import ICreateRequestAction
from ville.eguichet.interfaces import IEGuichetForm
from ville.eguichet.interfaces import IEGuichetProtected
from ville.eguichet.interfaces import IEGuichetSection
from zope.annotation.interfaces import IAnnotations
from zope.component import adapter
from zope.component import queryUtility
from zope.i18n import translate
from zope.interface import alsoProvides
from zope.interface import implementer
from zope.security.interfaces import IPermission
from zope.schema import getFieldsInOrder


MANAGERS_GROUP = "eguichet-managers"
MANAGER_ROLE = "EGuichet Manager"
FORM_WORKFLOW = "eguichet_form_workflow"
MANAGE_FORMS = "ville.eguichet.ManageForms"
AUDIT_KEY = "ville.eguichet.audit"
# The settings of the request action that decide where requests go.
ROUTING = (
    # ``identity`` replaced ``allow_anonymous`` (older entries keep that key).
    "agent_group", "agent_email", "identity", "attach_documents", "validators",
)
# Mailer settings that send a submission somewhere.
MAILER_ADDRESSES = (
    "recipient_email", "recipient_name", "to_field", "cc_recipients",
    "bcc_recipients", "replyto_field",
)


# --- the workflow of the protected objects --------------------------------

@adapter(IEGuichetProtected, IWorkflowTool)
@implementer(IWorkflowChain)
def form_workflow_chain(context, workflow_tool):
    """``eguichet_form_workflow`` for the e-guichet's folder and forms (the
    type's chain when the workflow is not installed)."""
    if workflow_tool.getWorkflowById(FORM_WORKFLOW) is not None:
        return (FORM_WORKFLOW,)
    return ToolWorkflowChain(context, workflow_tool)


def protect(obj) -> None:
    """Put ``obj`` (the e-guichet folder or a form) under the forms' workflow,
    published if it was published, else private. Idempotent."""
    wtool = api.portal.get_tool("portal_workflow")
    workflow = wtool.getWorkflowById(FORM_WORKFLOW)
    state = wtool.getInfoFor(obj, "review_state", None)
    marker = IEGuichetForm if IEasyForm.providedBy(obj) else IEGuichetSection
    if not marker.providedBy(obj):
        alsoProvides(obj, marker)
    if workflow is None:
        return
    if wtool.getStatusOf(FORM_WORKFLOW, obj) is None:
        wtool.setStatusOf(FORM_WORKFLOW, obj, {
            "review_state": "published" if state == "published" else "private",
            "action": None,
            "actor": api.user.get_current().getId(),
            "time": DateTime(),
            "comments": "",
        })
    workflow.updateRoleMappingsFor(obj)
    obj.reindexObject(idxs=["review_state", "allowedRolesAndUsers", "object_provides"])


def in_section(obj) -> bool:
    """Whether ``obj`` is inside the e-guichet folder."""
    parent = aq_parent(aq_inner(obj))
    while parent is not None:
        if IEGuichetSection.providedBy(parent):
            return True
        parent = aq_parent(aq_inner(parent))
    return False


def may_manage_forms(obj) -> bool:
    return bool(getSecurityManager().checkPermission(_title(MANAGE_FORMS), obj))


def _title(permission_id: str) -> str:
    permission = queryUtility(IPermission, name=permission_id)
    return permission.title if permission is not None else permission_id


# --- what a form routes, and what code it carries -------------------------

def _is_request_action(action) -> bool:
    return ICreateRequestAction.providedBy(action)


def carries_request_action(form, actions=None) -> bool:
    actions = actions if actions is not None else get_actions(form)
    return any(_is_request_action(a) for _n, a in getFieldsInOrder(actions))


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "oui" if value else "non"
    if isinstance(value, (list, tuple, set)):
        return ", ".join(str(v) for v in value)
    return str(value)


def _elements(model_xml: str):
    if not model_xml:
        return []
    parser = etree.XMLParser(resolve_entities=False, remove_pis=True)
    try:
        root = etree.fromstring(model_xml.encode("utf-8"), parser=parser)
    except etree.XMLSyntaxError:
        return []
    return [e for e in root.iter() if etree.QName(e).localname == "field"
            and etree.QName(e.getparent()).localname == "schema"]


def _canonical(element) -> str:
    copy = etree.fromstring(etree.tostring(element))
    for node in copy.iter():
        if node.text is not None and not node.text.strip():
            node.text = None
        if node.tail is not None and not node.tail.strip():
            node.tail = None
    etree.cleanup_namespaces(copy)
    return etree.tostring(copy, encoding="unicode")


def routing(form, fields_schema=None, actions_schema=None) -> dict:
    """``{key: text}``: the request action's routing, the actions and the
    mailers' addresses, and each field of the form (its model)."""
    actions = actions_schema if actions_schema is not None else get_actions(form)
    fields = fields_schema if fields_schema is not None else get_schema(form)
    found = {}
    names = []
    for name, action in getFieldsInOrder(actions):
        names.append(f"{name} ({type(action).__name__})")
        if _is_request_action(action) and "agent_group" not in found:
            for key in ROUTING:
                found[key] = _text(getattr(action, key, None))
        if IMailer.providedBy(action):
            for key in MAILER_ADDRESSES:
                found[f"{name}.{key}"] = _text(getattr(action, key, None))
    found["actions"] = ", ".join(names)
    for element in _elements(serializeSchema(fields)):
        found[f"field:{element.get('name')}"] = _canonical(element)
    return found


def _tales_names() -> set:
    names = set()
    for iface in (IFieldExtender, IActionExtender, IMailer, ICustomScript, ISaveData):
        for base in iface.__iro__:
            permissions = base.queryDirectTaggedValue(WRITE_PERMISSIONS_KEY) or {}
            names.update(n for n, p in permissions.items() if p == EDIT_TALES_PERMISSION)
    return names


def _action_permission(type_name: str) -> str:
    """The permission needed to add or change an action of this type."""
    handler = queryUtility(IFieldExportImportHandler, name=type_name)
    klass = getattr(handler, "klass", None)
    if klass is not None and ICreateRequestAction.implementedBy(klass):
        return MANAGE_FORMS
    factory = queryUtility(IActionFactory, name=type_name)
    if factory is not None and getattr(factory, "permission", None):
        return factory.permission
    return "cmf.ManagePortal"


def code(form, fields_schema=None, actions_schema=None) -> dict:
    """``{permission id: [...]}``: what of the models needs which permission
    to change (TALES expressions; each action by its type's permission)."""
    actions = actions_schema if actions_schema is not None else get_actions(form)
    fields = fields_schema if fields_schema is not None else get_schema(form)
    return code_of_models(serializeSchema(fields), serializeSchema(actions))


def code_of_models(fields_xml: str, actions_xml: str) -> dict:
    tales = _tales_names()
    result = {}
    for kind, model in (("field", fields_xml), ("action", actions_xml)):
        for element in _elements(model):
            name = element.get("name")
            for node in element.iter():
                if not isinstance(node.tag, str):
                    continue
                for attr, value in node.attrib.items():
                    if etree.QName(attr).localname in tales and value:
                        result.setdefault(EDIT_TALES_PERMISSION, []).append(
                            f"{kind}:{name}@{etree.QName(attr).localname}={value}"
                        )
                local = etree.QName(node).localname
                if node is not element and local in tales and (node.text or "").strip():
                    result.setdefault(EDIT_TALES_PERMISSION, []).append(
                        f"{kind}:{name}/{local}={node.text.strip()}"
                    )
            if kind == "action":
                permission = _action_permission(element.get("type"))
                result.setdefault(permission, []).append(_canonical(element))
    return {key: sorted(value) for key, value in result.items()}


def default_code() -> dict:
    """What easyform's own default models carry (a new form's starting
    point: its default ``replyto`` field has a TALES default)."""
    from collective.easyform import config

    return code_of_models(config.FIELDS_DEFAULT, config.ACTIONS_DEFAULT)


# --- the audit trail -------------------------------------------------------

def _storage(form, create=True):
    annotations = IAnnotations(form)
    storage = annotations.get(AUDIT_KEY)
    if storage is None and create:
        storage = annotations[AUDIT_KEY] = PersistentMapping(
            {"routing": None, "code": None, "entries": PersistentList()}
        )
    return storage


def entries(form) -> list:
    """The audit entries of a form, oldest first: dicts with ``time``
    (aware UTC datetime), ``actor``, ``key``, ``old`` and ``new``."""
    storage = _storage(form, create=False)
    return list(storage["entries"]) if storage is not None else []


def _refuse(message):
    raise Unauthorized(translate(message, context=api.env.getRequest()))


def _carries_request_action_xml(actions_xml: str) -> bool:
    for element in _elements(actions_xml):
        handler = queryUtility(IFieldExportImportHandler, name=element.get("type") or "")
        klass = getattr(handler, "klass", None)
        if klass is not None and ICreateRequestAction.implementedBy(klass):
            return True
    return False


def check_models(form, fields_xml: str, actions_xml: str) -> None:
    """Raise ``Unauthorized`` with a French message if the current user may
    not give ``form`` these models: an e-guichet form (or one that would
    carry the request action) is changed only by who may manage forms, and
    code (TALES, scripts, data savers) only by who holds easyform's
    permission for it."""
    protected = IEGuichetProtected.providedBy(form) or in_section(form)
    if not protected and not _carries_request_action_xml(actions_xml):
        return
    if not may_manage_forms(form):
        _refuse(_("Only the e-guichet managers may change the e-guichet forms."))
    storage = _storage(form, create=False)
    stored = storage["code"] if storage is not None else None
    old_code = stored if stored is not None else default_code()
    for permission, items in code_of_models(fields_xml, actions_xml).items():
        if not set(items) - set(old_code.get(permission, ())):
            continue  # nothing added nor changed (removing code is no risk)
        if not getSecurityManager().checkPermission(_title(permission), form):
            _refuse(_("Only a site manager may change scripts, TALES expressions "
                      "and data savers of an e-guichet form."))


def check_and_record(form, fields_schema=None, actions_schema=None) -> list:
    """Check that the current user may make the change just made to
    ``form`` (``check_models``) and write it to the audit trail. Returns
    the new entries.

    Raises ``Unauthorized`` (the transaction is then aborted) when the
    change is not theirs to make.
    """
    actions = actions_schema if actions_schema is not None else get_actions(form)
    fields = fields_schema if fields_schema is not None else get_schema(form)
    fields_xml, actions_xml = serializeSchema(fields), serializeSchema(actions)
    protected = IEGuichetProtected.providedBy(form) or in_section(form)
    if not protected and not _carries_request_action_xml(actions_xml):
        return []
    check_models(form, fields_xml, actions_xml)
    storage = _storage(form)
    new_code = code_of_models(fields_xml, actions_xml)
    new = routing(form, fields, actions)
    old = storage["routing"] or {}
    added = []
    actor = api.user.get_current().getId() or "?"
    when = datetime.now(timezone.utc)
    for key in sorted(set(new) | set(old)):
        if new.get(key, "") != old.get(key, ""):
            entry = {"time": when, "actor": actor, "key": key,
                     "old": old.get(key, ""), "new": new.get(key, "")}
            storage["entries"].append(entry)
            added.append(entry)
    storage["routing"] = new
    storage["code"] = new_code
    if added:
        logger.info("Form %s: %s changed by %s", form.absolute_url_path(),
                    ", ".join(e["key"] for e in added), actor)
    if not IEGuichetForm.providedBy(form):
        protect(form)
    return added


# --- event subscribers -----------------------------------------------------

def form_moved(form, event):
    """A form added, pasted or moved: under the e-guichet, or carrying the
    request action, it becomes protected (its maker must manage forms)."""
    if event.newParent is None:
        return
    if (IEGuichetProtected.providedBy(form) or in_section(form)
            or carries_request_action(form)):
        check_and_record(form)
        protect(form)


def form_modified(form, event):
    check_and_record(form)


def fields_schema_modified(context, event):
    """easyform's ``@@fields`` editors (the model is saved by easyform's own
    subscriber, maybe after us: read the schema being edited)."""
    check_and_record(context.aq_parent, fields_schema=context.schema)


def actions_schema_modified(context, event):
    check_and_record(context.aq_parent, actions_schema=context.schema)
