"""The request action of the criminal-record form: never attaches documents.

By law a criminal-record extract may not travel as an e-mail attachment. The
engine's action has a setting for that, off by default; this subclass makes
it impossible to turn on, whatever a form manager does in the action's edit
form or in the actions model.
"""

from plone.supermodel.exportimport import BaseHandler
from ville.eguichet.action import CreateRequest


class NoAttachmentCreateRequest(CreateRequest):
    """ "Créer une demande" whose ready e-mail never carries the document."""

    @property
    def attach_documents(self):
        return False

    @attach_documents.setter
    def attach_documents(self, value):
        pass  # ignored on purpose: see the module docstring


NoAttachmentCreateRequestHandler = BaseHandler(NoAttachmentCreateRequest)
TYPE_NAME = f"{__name__}.{NoAttachmentCreateRequest.__name__}"
