"""What the request store and the requests publish over the web.

Zope publishes a container's methods (``objectCount``, ``objectIds``...)
and tells a name that exists from one that does not (401 against 404).
Under the store, only requests, views and REST services are published;
under a request, only its own views and REST services. Any other name, and
a reference that does not exist, gives a placeholder that answers exactly
as someone else's request does: refused to whoever may not see it, "not
found" to the others. Only the publisher's traversal of the URL is
concerned; templates and code traverse as usual.
"""

from AccessControl.PermissionRole import PermissionRole
from Acquisition import Implicit
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
    "view", "eguichet-transition", "mark-paid", "eguichet-file", "eguichet-recu",
    "eguichet-annuler",
    "eguichet-rembourser",
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
