"""The request store and the request content classes."""

from AccessControl.PermissionRole import PermissionRole
from Acquisition import Implicit
from plone.dexterity.content import Container
from plone.dexterity.content import Item
from plone.indexer import indexer
from plone.supermodel import model
from ville.eguichet.interfaces import IEGuichetRequest
from ville.eguichet.interfaces import IRequestStore
from plone.rest.interfaces import IService
from zExceptions import NotFound
from zope.component import queryMultiAdapter
from zope.interface import implementer
from zope.interface import Interface
from zope.publisher.interfaces import IPublishTraverse
from zope.publisher.interfaces.http import IHTTPRequest
from zope.traversing.interfaces import ITraversable
from zope.traversing.namespace import view
from ZPublisher import zpublish
from ZPublisher.BaseRequest import UseTraversalDefault


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


class IWithheld(Interface):
    """A name the store or a request does not publish."""


@zpublish
@implementer(IWithheld, IPublishTraverse, IService)
class Withheld(Implicit):
    """What is published for a name the store or a request does not
    publish: refused to whoever may not see its container, "not found" to
    the others, whatever follows in the path (views included, see
    ``WithheldViews``). A REST service to plone.rest, so that a REST
    answer has the same shape as a request's."""

    def __init__(self, name):
        self.name = name

    def publishTraverse(self, request, name):
        return self

    def __bobo_traverse__(self, request, name):
        # plone.rest wraps it and goes on with Zope's default traversal.
        return self

    def __browser_default__(self, request):
        return self, ()

    def __call__(self, *args, **kw):
        raise NotFound(self.name)


class WithheldFromStore(Withheld):
    """Under the store: "not found" only to who may see every request
    (global roles: an agent of one procedure, agent on the store, is
    refused as for a request of another procedure)."""

    __roles__ = ("Manager", "Site Administrator", "EGuichet Agent")
    __ac_local_roles_block__ = True


class WithheldFromRequest(Withheld):
    __roles__ = PermissionRole("View")


@implementer(ITraversable)
class WithheldViews:
    """``@@anything`` after a withheld name: the same placeholder (a made-up
    reference has no views that someone else's request would refuse)."""

    def __init__(self, context, request=None):
        self.context = context

    def traverse(self, name, furtherPath):
        return self.context


_TRAVERSING = "ville.eguichet.traversing"


def traversal_started(event):
    """PubStart: the URL is about to be traversed."""
    event.request.environ[_TRAVERSING] = True


def traversal_ended(event):
    """PubAfterTraversal: templates and code traverse as usual from now."""
    event.request.environ.pop(_TRAVERSING, None)


def publishing(request) -> bool:
    """Whether ``request``'s URL is being traversed by the publisher (not a
    template's or code's path; OFS passes a dict, tests a bare request)."""
    return IHTTPRequest.providedBy(request) and bool(request.environ.get(_TRAVERSING))


# The views a request publishes: the add-on's and Plone's history and
# sharing pages. Any other (a view anyone may call, or one that does not
# apply to a request) would answer 404, 400 or 500 under someone else's
# request, where a made-up reference is refused: it gets the placeholder.
REQUEST_VIEWS = frozenset((
    "view", "eguichet-transition", "mark-paid", "eguichet-file",
    "contenthistory", "contenthistorypopup", "historyview", "sharing",
))


class RequestViews(view):
    """``@@name`` under a request while the URL is being traversed: the
    request's views, else the placeholder. Templates and code traverse as
    usual."""

    def traverse(self, name, ignored):
        if publishing(self.request) and name not in REQUEST_VIEWS:
            return WithheldFromRequest(name).__of__(self.context)
        return super().traverse(name, ignored)


def withhold(context, request, name, placeholder, views=None):
    """Default traversal for the names ``context`` publishes (its views,
    all or those in ``views``, REST services, namespaces, the ZMI's
    screens); ``placeholder`` for others."""
    if not publishing(request):
        # Path traversal from code and templates: restrictedTraverse
        # checks permissions itself.
        raise UseTraversalDefault
    service_prefix = getattr(request, "_rest_service_id", None)
    if (
        name.startswith(("++", "manage"))
        or ((views is None or name in views)
            and queryMultiAdapter((context, request), name=name) is not None)
        or (service_prefix and (
            name.startswith(service_prefix)  # plone.rest's unnamed service
            or queryMultiAdapter((context, request), name=service_prefix + name) is not None
        ))
    ):
        raise UseTraversalDefault
    return placeholder(name).__of__(context)


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
    anonymous = False
    tracking_token_hash = None
    exclude_from_nav = True

    def __init__(self, *args, **kw):
        super().__init__(*args, **kw)
        self.values = {}
        self.history = []
        self.state_dates = {}
        self.documents = []
        self.citizen_files = []

    def Title(self):
        return self.title or self.reference

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
