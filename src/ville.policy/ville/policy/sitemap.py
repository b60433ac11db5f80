"""The sitemap, with a cache that also expires on publication dates.

Plone caches ``sitemap.xml.gz`` until the catalog changes; an item reaching
its publication or expiry date changes nothing in the catalog, so the cached
sitemap would keep (or miss) it. The cache key here adds the next such date:
once it has passed, the key changes and the sitemap is rebuilt.
"""

from DateTime import DateTime
from gzip import GzipFile
from io import BytesIO
from plone.app.layout.sitemap.sitemap import SiteMapView
from plone.memoize import ram
from Products.CMFCore.utils import getToolByName


def next_date_change(context, now=None):
    """The next publication or expiry date after ``now`` in the catalog."""
    now = now or DateTime()
    catalog = getToolByName(context, "portal_catalog")
    found = []
    for index in ("effective", "expires"):
        brains = catalog.unrestrictedSearchResults(
            **{index: {"query": now, "range": "min"}},
            sort_on=index,
            sort_limit=1,
        )
        for brain in brains[:1]:
            found.append(getattr(brain, index))
    return min(found).ISO8601() if found else ""


def _cachekey(fun, self):
    membership = getToolByName(self.context, "portal_membership")
    if not membership.isAnonymousUser():
        raise ram.DontCache
    catalog = getToolByName(self.context, "portal_catalog")
    return (
        self.context.absolute_url(),
        self.filename,
        catalog.getCounter(),
        self.request.get("page", 0),
        next_date_change(self.context),
    )


class SiteMap(SiteMapView):
    @ram.cache(_cachekey)
    def generate(self):
        """The gzipped sitemap (or sitemap index), as Plone builds it."""
        xml = self.template() if "page" in self.request else self.template_index()
        if isinstance(xml, str):
            xml = xml.encode("utf8")
        buffer = BytesIO()
        with GzipFile(self.filename, "wb", 9, buffer) as gzip:
            gzip.write(xml)
        return buffer.getvalue()
