"""Where people and machines find the feeds: ``<link rel="alternate">`` in
the head of each listing page, a visible "Données ouvertes" block below
it (with a ``webcal:`` subscription link on the agenda), and the
"Données ouvertes" page that documents every feed."""

from plone import api
from plone.app.layout.viewlets.common import ViewletBase
from Products.CMFCore.interfaces import IFolderish
from Products.Five.browser import BrowserView
from Products.Five.browser.pagetemplatefile import ViewPageTemplateFile
from ville.policy.opendata.datasets import for_listing
from ville.policy.opendata.datasets import landing_url
from ville.policy.opendata.datasets import licence
from ville.policy.opendata.datasets import published_datasets
from zope.i18n import translate

import html


PAGE_ID = "donnees-ouvertes"


def webcal(url):
    """The ``webcal:`` form of an http(s) address (calendar apps subscribe)."""
    return "webcal://" + url.split("://", 1)[-1]


def feed_links(dataset, base_url):
    return [
        {
            "url": f"{base_url}/{dist.view}",
            "label": dist.label,
            "media_type": dist.media_type,
            "webcal": webcal(f"{base_url}/{dist.view}")
            if dist.media_type == "text/calendar" else None,
        }
        for dist in dataset.distributions
    ]


class FeedsViewlet(ViewletBase):
    """Shown on a listing page whose view has feeds (by the view's name)."""

    def update(self):
        super().update()
        name = getattr(self.view, "__name__", None)
        if name in (None, "", "view"):
            name = getattr(self.context, "getLayout", lambda: None)()
        # Feeds are views of folders (a collection's event listing has none).
        folderish = IFolderish.providedBy(self.context)
        self.dataset = for_listing(name) if folderish else None
        self.links = (
            feed_links(self.dataset, self.context.absolute_url()) if self.dataset else []
        )

    def available(self):
        return bool(self.links)

    def page_url(self):
        portal = api.portal.get()
        page = portal.get(PAGE_ID)
        return page.absolute_url() if page is not None else f"{portal.absolute_url()}/dcat.jsonld"

    def title(self):
        return translate(self.dataset.title, context=self.request)


class HeadLinksViewlet(FeedsViewlet):
    def index(self):
        if not self.available():
            return ""
        title = html.escape(self.title())
        return "\n".join(
            f'<link rel="alternate" type="{link["media_type"]}" '
            f'title="{title} ({link["label"]})" href="{html.escape(link["url"])}" />'
            for link in self.links
        )


class BlockViewlet(FeedsViewlet):
    index = ViewPageTemplateFile("templates/block.pt")


class OpenDataPage(BrowserView):
    """The "Données ouvertes" page: each feed, its formats, the licence."""

    index = ViewPageTemplateFile("templates/page.pt")

    def __call__(self):
        return self.index()

    def datasets(self):
        return [
            {
                "id": dataset.id,
                "title": dataset.title,
                "description": dataset.description,
                "landing": landing_url(dataset, folder),
                "links": feed_links(dataset, folder.absolute_url()),
            }
            for dataset, folder in published_datasets()
        ]

    def licence(self):
        url, title = licence()
        return {"url": url, "title": title}

    def catalogue_url(self):
        return f"{api.portal.get().absolute_url()}/dcat.jsonld"
