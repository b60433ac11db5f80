"""What the documents need from the request engine, in one place."""

from plone import api
from ville.eguichet import _
from xml.sax.saxutils import escape
from zope.i18n import translate


ACTION_ID = "create_request"
ACTIONS_MODEL = """<?xml version="1.0" encoding="utf-8"?>
<model xmlns="http://namespaces.plone.org/supermodel/schema">
  <schema>
    <field name="{name}" type="{type}">
      <title>{title}</title>
      <identity>{identity}</identity>
      <agent_email>{agent_email}</agent_email>
      <attach_documents>{attach_documents}</attach_documents>
    </field>
  </schema>
</model>
"""


def action_type_name(klass=None) -> str:
    """The supermodel type name under which an action class is registered
    (found from its handler, so a rename in the engine does not break us)."""
    from plone.supermodel.interfaces import IFieldExportImportHandler
    from ville.eguichet.action import CreateRequest
    from zope.component import getUtilitiesFor

    klass = klass or CreateRequest
    for name, handler in getUtilitiesFor(IFieldExportImportHandler):
        if getattr(handler, "klass", None) is klass:
            return name
    raise LookupError(f"the easyform action {klass.__name__} is not registered")


def install_request_action(
    form, agent_email="", attach_documents=False, no_attachments=False,
    identity="password",
):
    """Give ``form`` the engine's "Créer une demande" action as its only
    action (no Mailer: the engine sends the receipt, with numbers masked).

    ``no_attachments``: the action that can never attach documents to
    e-mails (criminal record extracts). ``identity``: the level a citizen
    needs to submit (``none``, ``password``, ``eid``).
    """
    from ville.eguichet.documents.action import DocumentCreateRequest
    from ville.eguichet.documents.action import NoAttachmentCreateRequest

    klass = NoAttachmentCreateRequest if no_attachments else DocumentCreateRequest
    title = translate(
        _("Create a request"), target_language=api.portal.get_default_language()
    )
    form.actions_model = ACTIONS_MODEL.format(
        name=ACTION_ID,
        type=action_type_name(klass),
        title=escape(title),
        agent_email=escape(agent_email or ""),
        attach_documents=bool(attach_documents),
        identity=identity if identity in ("none", "password", "eid") else "password",
    )
    return find_action(form)


def find_action(form):
    from ville.eguichet.formaction import find_action as engine_find_action

    return engine_find_action(form)


def set_payment_settings(payment) -> None:
    """The engine's receipt shows the IBAN of its registry settings."""
    iban = " ".join(
        payment["iban"][i : i + 4] for i in range(0, len(payment["iban"]), 4)
    )
    for name, value in (("iban", iban), ("bic", payment.get("bic", ""))):
        try:
            api.portal.set_registry_record(f"ville.eguichet.{name}", value)
        except api.exc.InvalidParameterError:
            pass  # engine settings not installed (older engine)


RETENTION_SETTINGS = ("reminder_days", "expiry_days", "mail_queue_days")


def set_retention_settings(retention) -> None:
    """The delays of the retention job are the engine's registry settings
    (the control panel edits them afterwards)."""
    for name in RETENTION_SETTINGS:
        if name in retention:
            api.portal.set_registry_record(
                f"ville.eguichet.{name}", int(retention[name])
            )
