"""Feeds to purge from the proxy when an item they list changes: the feeds
of the folder holding a roadwork, a shop or premises, and the
``@@events.ics`` of every folder above an event (each section offers its
own), the site's included."""

from Acquisition import aq_inner
from Acquisition import aq_parent
from Products.CMFCore.interfaces import IDynamicType
from Products.CMFCore.interfaces import ISiteRoot
from ville.policy.opendata.datasets import DATASETS
from z3c.caching.interfaces import IPurgePaths
from zope.component import adapter
from zope.interface import implementer


# portal_type -> the dataset whose feeds list it (in its folder)
LISTED_IN = {
    "Roadwork": "travaux",
    "Shop": "annuaire-commercial",
    "CommercialPremises": "cellules-commerciales",
}


def _prefix(obj):
    return ("/" + obj.virtual_url_path()).rstrip("/")


@implementer(IPurgePaths)
@adapter(IDynamicType)
class FeedPurgePaths:
    def __init__(self, context):
        self.context = context

    def getRelativePaths(self):
        portal_type = getattr(self.context, "portal_type", None)
        parent = aq_parent(aq_inner(self.context))
        if parent is None:
            return []
        if portal_type in LISTED_IN:
            dataset = next(d for d in DATASETS if d.id == LISTED_IN[portal_type])
            prefix = _prefix(parent)
            return [f"{prefix}/{dist.view}" for dist in dataset.distributions]
        if portal_type == "Event":
            paths = []
            node = parent
            while node is not None and IDynamicType.providedBy(node):
                paths.append(f"{_prefix(node)}/@@events.ics")
                if ISiteRoot.providedBy(node):
                    break
                node = aq_parent(aq_inner(node))
            return paths
        return []

    def getAbsolutePaths(self):
        return []
