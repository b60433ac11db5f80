"""The identity a document request needs beyond its action's setting: per
delivery (``eguichet.yaml``: ``identity_by_delivery``; for the
criminal-record extract, an eID login for download and post, while at the
desk the agent checks the identity card); and which requests are about
the requester (an eID login locks their number and names)."""

from ville.eguichet.documents.config import form_config
from ville.eguichet.documents.config import IDocumentForm
from ville.eguichet.documents.rules import BIRTH_CERTIFICATE
from ville.eguichet.documents.rules import CRIMINAL_RECORD
from ville.eguichet.documents.rules import HOUSEHOLD_COMPOSITION
from ville.eguichet.interfaces import IIdentityRequirement
from zope.component import adapter
from zope.interface import implementer


@implementer(IIdentityRequirement)
@adapter(IDocumentForm)
class DeliveryRequirement:
    def __init__(self, form):
        self.form = form

    def __call__(self, data):
        by_delivery = form_config(self.form).get("identity_by_delivery") or {}
        return by_delivery.get((data or {}).get("delivery"))

    def about_self(self, data):
        kind = form_config(self.form).get("kind")
        data = data or {}
        if kind == CRIMINAL_RECORD:
            return True
        if kind == HOUSEHOLD_COMPOSITION:
            return data.get("concerned") == "self"
        if kind == BIRTH_CERTIFICATE:
            return data.get("relationship") == "self"
        return False
