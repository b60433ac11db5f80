"""Pages to purge besides the changed item itself.

Plone purges an item's own views, and its parent's only when the item is
the parent's default page. The municipal home page and section folders
list news, events, roadworks and alerts: when one of them changes, the
pages that show it must go out of the proxy too, or visitors see them stale
until ``s-maxage`` runs out.
"""

from Acquisition import aq_inner
from Acquisition import aq_parent
from plone.app.caching.utils import getObjectDefaultView
from plone.base.interfaces import INavigationRoot
from Products.CMFCore.interfaces import IDynamicType
from Products.CMFCore.interfaces import ISiteRoot
from z3c.caching.interfaces import IPurgePaths
from zope.component import adapter
from zope.interface import implementer


def page_paths(obj) -> list:
    """The URLs (paths) under which a folderish page is served."""
    prefix = "/" + obj.virtual_url_path()
    prefix = prefix.rstrip("/")
    paths = [prefix or "/", prefix + "/", prefix + "/view"]
    default_view = getObjectDefaultView(obj)
    if default_view:
        paths.append(f"{prefix}/{default_view}")
        paths.append(f"{prefix}/@@{default_view}")
    return paths


@implementer(IPurgePaths)
@adapter(IDynamicType)
class AggregatePurgePaths:
    """The parent folder and the navigation roots above the item."""

    def __init__(self, context):
        self.context = context

    def getRelativePaths(self):
        paths = []
        parent = aq_parent(aq_inner(self.context))
        node = parent
        while node is not None:
            if IDynamicType.providedBy(node) and (
                node is parent
                or INavigationRoot.providedBy(node)
                or ISiteRoot.providedBy(node)
            ):
                paths.extend(p for p in page_paths(node) if p not in paths)
            if ISiteRoot.providedBy(node):
                break
            node = aq_parent(aq_inner(node))
        return paths

    def getAbsolutePaths(self):
        return []
