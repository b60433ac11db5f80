"""The caching operation of private pages: stored nowhere."""

from plone.caching.interfaces import ICachingOperation
from plone.caching.interfaces import ICachingOperationType
from ville.policy import _
from ville.policy.caching.privacy import set_no_store
from zope.component import adapter
from zope.interface import implementer
from zope.interface import Interface
from zope.interface import provider


@implementer(ICachingOperation)
@provider(ICachingOperationType)
@adapter(Interface, Interface)
class NoStore:
    """``Cache-Control: no-store``: neither the proxy nor the browser keeps
    a copy (Plone's own "No caching" still lets browsers store the page)."""

    title = _("No store (personal data)")
    description = _(
        "Keeps the response out of every cache, the browser's included: "
        "for pages that show a citizen's or an agent's data."
    )
    prefix = "ville.policy.caching.noStore"
    sort = 6
    options = ()

    def __init__(self, published, request):
        self.published = published
        self.request = request

    def interceptResponse(self, rulename, response):
        return None

    def modifyResponse(self, rulename, response):
        set_no_store(response)
