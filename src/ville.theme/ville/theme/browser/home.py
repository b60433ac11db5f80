"""The home page of the site (layout ``ville-home`` of the site root)."""

from Acquisition import aq_base
from DateTime import DateTime
from plone import api
from plone.base.utils import safe_text
from plone.memoize.view import memoize
from Products.Five.browser import BrowserView
from ville.theme import dates
from ville.theme.browser import chrome
from ville.theme.browser import settings
from ville.theme.browser import policy


NEWS_COUNT = 3
EVENTS_COUNT = 4


class HomeView(BrowserView):
    """Hero, quick-access buttons, mini-sites, news, events, social links."""

    def __call__(self):
        # The home page has its own news and events: no portlet columns.
        self.request.set("disable_plone.leftcolumn", True)
        self.request.set("disable_plone.rightcolumn", True)
        return super().__call__()

    def portal_url(self):
        return api.portal.get().absolute_url()

    def title(self):
        return safe_text(
            api.portal.get_registry_record("plone.site_title", default="")
            or self.context.Title()
        )

    def tagline(self):
        return settings.tagline()

    def hero_url(self):
        version = settings.hero_version()
        if version:
            return f"{self.portal_url()}/@@ville-hero?v={version}"
        return ""

    def hero_style(self):
        url = self.hero_url()
        return f"background-image: url('{url}')" if url else None

    def _memoized(self, name, compute):
        """The home page's lists, computed once per committed catalog state
        (see :mod:`ville.theme.browser.chrome`)."""
        return chrome.memoized(f"home-{name}", self.request, compute,
                               "/".join(self.context.getPhysicalPath()))

    @memoize
    def roadworks_url(self):
        return f"{self.portal_url()}/travaux"

    @memoize
    def buttons(self):
        return self._memoized("buttons", self._buttons)

    def _buttons(self):
        """The quick-access buttons in their order; the one leading to the
        roadworks carries the count of ongoing works."""
        provider = policy.site_content()
        if provider is None:
            return []
        items = provider.quick_access_buttons(self.context) or []
        count = provider.ongoing_roadworks_count()
        buttons = []
        for item in items:
            url = item.get("url") or ""
            if not url:
                continue
            buttons.append(
                {
                    "title": item.get("title") or "",
                    "url": url,
                    "express": bool(item.get("express")),
                    "icon_url": item.get("icon_url") or "",
                    "count": count if url.rstrip("/") == self.roadworks_url() else None,
                }
            )
        return buttons

    @memoize
    def manage_buttons_url(self):
        """For those who may manage the buttons: where they do it."""
        provider = policy.site_content()
        manage = getattr(provider, "quick_access_manage_url", None)
        return manage(self.context) if manage is not None else ""

    @memoize
    def minisites(self):
        return self._memoized("minisites", self._minisites)

    def _minisites(self):
        """Mini-sites (the CPAS) as tabs leading to them."""
        provider = policy.site_content()
        return provider.minisites() if provider is not None else []

    def _find(self, **query):
        query.setdefault("review_state", "published")
        return api.content.find(context=self.context, **query)

    @memoize
    def news(self):
        return self._memoized("news", self._news)

    def _news(self):
        """The latest published news: effective date, or modification date
        when none was set (the ``Date`` index), newest first."""

        def date(brain):
            return brain.effective if brain.effective.year() > 1970 else brain.modified

        # The Date index has a one-minute resolution: take a few more and
        # order them by their exact dates.
        brains = self._find(
            portal_type="News Item",
            sort_on="Date",
            sort_order="descending",
            sort_limit=NEWS_COUNT * 4,
        )[: NEWS_COUNT * 4]
        brains = sorted(brains, key=date, reverse=True)[:NEWS_COUNT]
        provider = policy.site_content()
        result = []
        for brain in brains:
            obj = brain.getObject()
            result.append(
                {
                    "title": brain.Title,
                    "description": brain.Description,
                    "url": brain.getURL(),
                    "date": dates.localized(date(brain)),
                    "iso": dates.iso(date(brain)),
                    # staff see scheduled news here: say so
                    "schedule": provider.schedule_label(brain, self.context)
                    if provider is not None
                    else "",
                    "image": f"{brain.getURL()}/@@images/image/preview"
                    if getattr(aq_base(obj), "image", None)
                    else "",
                }
            )
        return result

    @memoize
    def events(self):
        return self._memoized("events", self._events)

    def _events(self):
        result = []
        for brain in self._find(
            portal_type="Event",
            end={"query": DateTime(), "range": "min"},
            sort_on="start",
            sort_limit=EVENTS_COUNT,
        )[:EVENTS_COUNT]:
            start = brain.start
            result.append(
                {
                    "title": brain.Title,
                    "url": brain.getURL(),
                    "location": getattr(brain, "location", "") or "",
                    "date": dates.localized(start),
                    "day": dates.to_local(start).strftime("%d") if start else "",
                    "iso": dates.iso(start),
                }
            )
        return result

    def news_url(self):
        return self._section_url("actualites")

    def events_url(self):
        return self._section_url("agenda")

    def _section_url(self, name):
        portal = api.portal.get()
        return portal[name].absolute_url() if name in portal.objectIds() else ""

    def social(self):
        return settings.social_links()
