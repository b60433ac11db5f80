"""The request store and the request content classes."""

from plone.dexterity.content import Container
from Products.BTreeFolder2.BTreeFolder2 import BTreeFolder2Base
from plone.dexterity.content import Item
from plone.indexer import indexer
from plone.supermodel import model
from ville.eguichet.interfaces import IEGuichetRequest
from ville.eguichet.interfaces import IRequestStore
from ville.eguichet.traversal import REQUEST_VIEWS
from ville.eguichet.traversal import withhold
from ville.eguichet.traversal import WithheldFromRequest
from ville.eguichet.traversal import WithheldFromStore
from zope.interface import implementer


class IRequestStoreSchema(model.Schema):
    """No editable field: the store is created by the add-on."""


class IRequestSchema(model.Schema):
    """No editable field: requests are created by the engine only."""


@implementer(IRequestStore)
class RequestStore(Container):
    """BTree container of requests.

    Unordered on purpose: an ordered folder keeps a list of ids written by
    every submission, the hot spot this store must not have.
    """

    _ordering = "unordered"

    def __bobo_traverse__(self, request, name):
        """Over the web the store publishes its requests and its views only.

        Zope would also publish its container methods (``objectCount``,
        ``objectIds``...) and tell a reference that exists from one that
        does not (401 against 404). Any other name gives a placeholder
        that answers like someone else's request: refused to whoever may
        not process requests, "not found" to agents. plone.rest's traversal
        of REST calls goes through here too.
        """
        if name in self:
            return self[name]
        return withhold(self, request, name, WithheldFromStore)

    def __getattr__(self, name):
        """Its requests as attributes, nothing else: the store has no schema
        field nor behavior whose default Dexterity would look up, and every
        tool a request acquires is looked for here first (issue 21: a
        city's volume created in bulk)."""
        if name.startswith(("__", "_v")) or name == "_tree":
            raise AttributeError(name)
        return BTreeFolder2Base.__getattr__(self, name)


@implementer(IEGuichetRequest)
class EGuichetRequest(Item):
    """A citizen request; its data lives in plain attributes (see interface)."""

    reference = ""
    procedure_uid = None
    procedure_title = ""
    requester = None
    requester_email = ""
    requester_name = ""
    submitted = None
    fee = None
    structured_communication = None
    paid = False
    paid_date = None
    payment_source = None
    payment_bank_reference = ""
    anonymous = False
    tracking_token_hash = None
    exclude_from_nav = True
    # Set on some requests only (identity.record, the payment service);
    # read with a default everywhere. Defined here so that a request
    # without them answers at once rather than by acquisition, up the
    # store and the site (a lookup in every catalog indexing).
    identity_level = None
    nn_from_identity = False
    payment_method = None
    payment_record = None
    document_kind = None
    about_third_party = False

    def __init__(self, *args, **kw):
        super().__init__(*args, **kw)
        self.values = {}
        self.history = []
        self.state_dates = {}
        self.documents = []
        self.citizen_files = []

    def Title(self):
        return self.title or self.reference

    def __getattr__(self, name):
        """No schema field nor behavior: what the request does not have is
        not looked for in Dexterity's schemas (a hundred times per request
        created: the catalog's columns, the tools acquired)."""
        raise AttributeError(name)

    def __bobo_traverse__(self, request, name):
        """Only views and REST services are published under a request:
        someone else's request answers every name alike (refused), as a
        reference that does not exist does."""
        return withhold(self, request, name, WithheldFromRequest, REQUEST_VIEWS)


def _not_indexed(obj):
    """Requests stay out of the site's full-text indexes: each would add
    words shared by every submission (a write hot spot in the index's
    per-word records) and the text search would reach personal data."""
    raise AttributeError("not indexed")


searchable_text = indexer(IEGuichetRequest)(_not_indexed)
title_text = indexer(IEGuichetRequest)(_not_indexed)
description_text = indexer(IEGuichetRequest)(_not_indexed)


@indexer(IEGuichetRequest)
def names_indexer(obj):
    """Normalised words of the requester's name and e-mail, and the
    reference: the dashboard's text search (whole words, any case/accent)."""
    return sorted(set(words(" ".join(
        part for part in (obj.reference, obj.requester_name, obj.requester_email,
                          obj.requester or "") if part
    ))))


def words(text: str) -> list[str]:
    import re
    import unicodedata

    text = unicodedata.normalize("NFKD", text or "")
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    return [w for w in re.split(r"[^a-z0-9]+", text) if w]


@indexer(IEGuichetRequest)
def reference_indexer(obj):
    return obj.reference


@indexer(IEGuichetRequest)
def procedure_indexer(obj):
    return obj.procedure_uid


@indexer(IEGuichetRequest)
def requester_indexer(obj):
    return obj.requester or ""


@indexer(IEGuichetRequest)
def paid_indexer(obj):
    return bool(obj.paid)


@indexer(IEGuichetRequest)
def payment_method_indexer(obj):
    """online, transfer, or "" (free, or submitted before online payment)."""
    return getattr(obj, "payment_method", None) or ""


@indexer(IEGuichetRequest)
def identity_level_indexer(obj):
    from ville.eguichet.identity import level_of

    return level_of(obj)


def answered_by_citizen(obj) -> bool:
    """The citizen answered a question and no agent acted since."""
    history = getattr(obj, "history", None) or []
    return bool(history) and history[-1].get("action") == "provide_info"


@indexer(IEGuichetRequest)
def answered_indexer(obj):
    return answered_by_citizen(obj)
