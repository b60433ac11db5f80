"""Event subscribers: fee and structured communication at creation."""

from BTrees.OOBTree import OOBTree
from plone import api
from ville.eguichet.documents.config import form_config
from ville.eguichet.documents.config import IDocumentForm
from ville.eguichet.documents.fees import fee_for
from ville.eguichet.documents.fees import structured_communication
from zope.annotation.interfaces import IAnnotations


COMMUNICATIONS_KEY = "ville.eguichet.documents.communications"


def communications_registry(portal=None, create=True):
    """communication -> reference, for every structured communication given.

    A BTree: concurrent submissions add different keys without conflict;
    two drawing the same key conflict and are retried (then draw another).
    """
    portal = portal if portal is not None else api.portal.get()
    annotations = IAnnotations(portal)
    registry = annotations.get(COMMUNICATIONS_KEY)
    if registry is None and create:
        registry = annotations[COMMUNICATIONS_KEY] = OOBTree()
    return registry


def unique_communication(reference: str, registry) -> str:
    """The first communication derived from ``reference`` not yet given."""
    attempt = 0
    while True:
        candidate = structured_communication(reference, attempt)
        owner = registry.get(candidate)
        if owner is None or owner == reference:
            registry[candidate] = reference
            return candidate
        attempt += 1


def about_third_party(values) -> bool:
    """Whether the request is about someone else than the requester (the
    shorter retention delay applies)."""
    if values.get("concerned") == "third_party":
        return True
    # A legal representative, spouse, parent, child or heir asks about
    # someone else's birth.
    return values.get("relationship", "self") != "self"


def on_request_created(event):
    """Fee, structured communication and document kind of a new request."""
    form = event.form
    if not IDocumentForm.providedBy(form):
        return
    config = form_config(form)
    request = event.object
    request.document_kind = config.get("kind")
    request.about_third_party = about_third_party(request.values)
    fee = fee_for(config, request.values)
    # A free request carries no amount: receipts then ask for no payment.
    request.fee = fee if fee > 0 else None
    if fee > 0:
        request.structured_communication = unique_communication(
            request.reference, communications_registry()
        )
