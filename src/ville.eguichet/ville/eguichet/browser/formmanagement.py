"""The forms' model editors, which easyform saves without an event, and the
audit trail page of a form."""

from AccessControl import Unauthorized
from collective.easyform.browser import actions
from collective.easyform.browser import fields
from collective.easyform.interfaces import IEasyForm
from DateTime import DateTime
from plone import api
from Products.Five import BrowserView
from Products.Five.browser.pagetemplatefile import ViewPageTemplateFile
from Products.statusmessages.interfaces import IStatusMessage
from ville.eguichet import _
from ville.eguichet import formsecurity
from zope.event import notify
from zope.lifecycleevent import Attributes
from zope.lifecycleevent import ObjectModifiedEvent


def _modified(form, attribute):
    notify(ObjectModifiedEvent(form, Attributes(IEasyForm, attribute)))


def _refused(view, form, fields_xml, actions_xml):
    """Check the new models before saving: a refusal is a French message
    on the editor rather than the "insufficient privileges" page."""
    try:
        formsecurity.check_models(form, fields_xml, actions_xml)
    except Unauthorized as error:
        IStatusMessage(view.request).addStatusMessage(str(error), "error")
        return True
    return False


class FieldsModelEditorView(fields.ModelEditorView):
    """``<form>/fields/@@modeleditor``: the change is checked and audited
    like any other (``formsecurity.check_and_record``)."""

    def save(self, source):
        form = self.context.aq_parent
        if _refused(self, form, source, form.actions_model or ""):
            return
        super().save(source)
        _modified(form, "fields_model")


class ActionsModelEditorView(actions.ModelEditorView):
    """``<form>/actions/@@modeleditor``, checked and audited likewise."""

    def save(self, source):
        form = self.context.aq_parent
        if _refused(self, form, form.fields_model or "", source):
            return
        super().save(source)
        _modified(form, "actions_model")


class AuditView(BrowserView):
    """``@@eguichet-audit``: who changed the form's routing, when, from what
    to what (newest first)."""

    index = ViewPageTemplateFile("templates/audit.pt")

    def __call__(self):
        return self.index()

    def label(self, key):
        labels = {
            "agent_group": _("Agent group of this procedure"),
            "agent_email": _("Agents' e-mail address"),
            "allow_anonymous": _("Accept anonymous requests"),
            "identity": _("Identity required"),
            "attach_documents": _(
                "Attach documents to the e-mail sent when a request is ready"
            ),
            "validators": _("Request validators"),
            "actions": _("Actions of the form"),
        }
        if key in labels:
            return labels[key]
        if key.startswith("field:"):
            return _("Field ${name}", mapping={"name": key[len("field:"):]})
        return key

    def entries(self):
        result = []
        for entry in reversed(formsecurity.entries(self.context)):
            result.append(dict(
                entry,
                label=self.label(entry["key"]),
                when=api.portal.get_localized_time(
                    datetime=DateTime(entry["time"]), long_format=True
                ),
            ))
        return result
