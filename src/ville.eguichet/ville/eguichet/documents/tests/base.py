"""Helpers of the documents' integration tests (not a test module)."""

from datetime import date
from plone import api
from plone.app.testing import login
from plone.namedfile.file import NamedBlobFile
from ville.eguichet import api as eguichet
from ville.eguichet.tests import base as engine_base


PDF = engine_base.PDF
CITIZEN = engine_base.CITIZEN
AGENT = engine_base.AGENT


def identity(**changes):
    values = {
        "first_name": "Marie",
        "last_name": "Dupont",
        "national_number": "85073003328",
        "birth_date": date(1985, 7, 30),
        "email": "marie.dupont@example.be",
        "phone": "069 12 34 56",
        "street": "Rue des Secrets 17",
        "postal_code": "7600",
        "city": "Péruwelz",
        "copies": 1,
        "delivery": "download",
        "comments": "Texte libre très personnel",
    }
    values.update(changes)
    return values


def pdf(name="piece.pdf", data=PDF):
    return NamedBlobFile(data=data, filename=name, contentType="application/pdf")


class Citizen:
    """Submit the document forms as a logged-in citizen."""

    def __init__(self, portal, http_request):
        self.portal = portal
        self.http_request = http_request
        engine_base.make_users(portal)
        self.folder = portal["e-guichet"]

    def submit(self, form_id, user=CITIZEN, **values):
        login(self.portal, user)
        return eguichet.submit(
            self.folder[form_id], identity(**values), self.http_request
        )

    def casier(self, **values):
        values.setdefault("model", "595")
        values.setdefault("purpose", "employment")
        return self.submit("extrait-de-casier-judiciaire", **values)

    def household(self, **values):
        values.setdefault("concerned", "self")
        values.setdefault("purpose", "school")
        return self.submit("composition-de-menage", **values)

    def birth(self, **values):
        values.setdefault("certificate_type", "extract")
        values.setdefault("relationship", "self")
        values.setdefault("purpose", "administrative")
        return self.submit("acte-de-naissance", **values)

    def make_ready(self, request, document=None):
        """As an agent: take the request and mark it ready with a document."""
        login(self.portal, AGENT)
        api.content.transition(obj=request, transition="take")
        if document is None and request.values.get("delivery") == "download":
            document = pdf()  # no "ready" to download without a document
        if document is not None:
            request.documents = [document]
        api.content.transition(obj=request, transition="mark_ready")
        return request


def store_size():
    return len(eguichet.get_store().objectIds())
