"""The request actions of the document forms.

``DocumentCreateRequest`` is the engine's "Créer une demande" under a type
name that matches its class, so that easyform can save the forms' actions
again after a manager edits them.

``NoAttachmentCreateRequest`` is the criminal-record form's: by law the
extract may not travel as an e-mail attachment. The engine's action has a
setting for that, off by default; this subclass makes it impossible to turn
on, whatever a form manager does in the action's edit form or in the model.
"""

from ville.eguichet.action import CreateRequest
from ville.eguichet.action import IdentityHandler


class DocumentCreateRequest(CreateRequest):
    """"Créer une demande" on a civil-status document form."""


class NoAttachmentCreateRequest(DocumentCreateRequest):
    """ "Créer une demande" whose ready e-mail never carries the document."""

    @property
    def attach_documents(self):
        return False

    @attach_documents.setter
    def attach_documents(self, value):
        pass  # ignored on purpose: see the module docstring


DocumentCreateRequestHandler = IdentityHandler(DocumentCreateRequest)
NoAttachmentCreateRequestHandler = IdentityHandler(NoAttachmentCreateRequest)
