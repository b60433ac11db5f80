"""The RSS links in the page head, titled "<title> - RSS 1.0".

plone.app.layout's ``RSSViewlet.getRssLinks`` formats the feed type's title
with ``safe_bytes`` inside an f-string, so Python 3 writes the bytes' repr:
``Actualités - b'RSS 1.0'``. Same viewlet, text titles.
"""

from plone.app.layout.links.viewlets import RSSViewlet
from plone.base.interfaces.syndication import IFeedSettings
from zope.component import getUtility
from zope.schema.interfaces import IVocabularyFactory


class TextTitleRSSViewlet(RSSViewlet):
    def getRssLinks(self, obj):
        settings = IFeedSettings(obj, None)
        if settings is None:
            return []
        factory = getUtility(
            IVocabularyFactory, "plone.app.vocabularies.SyndicationFeedTypes"
        )
        vocabulary = factory(self.context)
        links = []
        for feed_type in settings.feed_types:
            try:
                term = vocabulary.getTerm(feed_type)
            except LookupError:
                continue
            title = term.title
            if isinstance(title, bytes):
                title = title.decode("utf-8")
            links.append(
                {
                    "title": f"{obj.Title()} - {title}",
                    "url": obj.absolute_url() + "/" + term.value,
                }
            )
        return links
