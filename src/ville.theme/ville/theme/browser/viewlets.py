"""The theme's header, footer and colours, as viewlets of the browser layer."""

from Acquisition import aq_inner
from html import escape
from plone import api
from plone.app.layout.viewlets.common import GlobalSectionsViewlet
from plone.app.layout.viewlets.common import ViewletBase
from plone.base.utils import safe_text
from plone.memoize.view import memoize
from zope.component import getMultiAdapter
from Products.CMFPlone.utils import getSiteLogo
from Products.Five.browser.pagetemplatefile import ViewPageTemplateFile
from ville.theme.browser import chrome
from ville.theme.browser import settings
from ville.theme.browser import policy


class LookStyleViewlet(ViewletBase):
    """The municipality's colours as CSS custom properties, in <head>."""

    def render(self):
        return f'<style id="ville-look">{escape(settings.css_variables())}</style>'


class _Sections(GlobalSectionsViewlet):
    """Plone's global sections, of which the header shows the first level:
    only that level is searched (Plone's viewlet searches three)."""

    def customize_query(self, query):
        query["path"]["depth"] = 1


class Hidden(ViewletBase):
    """Stands for a stock viewlet whose output the theme's rules drop
    (Plone's logo, search box, login links, global sections, site actions,
    footer portlets): the theme shows its own, so it is not computed."""

    def update(self):
        pass

    def render(self):
        return ""


class HeaderViewlet(ViewletBase):
    """Skip link, logo and name, search, e-guichet button, main navigation
    and the active alerts of the section."""

    index = ViewPageTemplateFile("templates/header.pt")

    def update(self):
        super().update()
        self.context = aq_inner(self.context)
        provider = policy.site_content()
        self.minisite = None
        if provider is not None:
            self.minisite = provider.minisite_root(self.context)
        self.portal = api.portal.get()

    @property
    @memoize
    def brand(self):
        portal_url = self.portal.absolute_url()
        if self.minisite is not None:
            site = self.minisite
            title = getattr(site, "minisite_title", None) or site.Title()
            logo = None
            if getattr(site, "minisite_logo", None):
                logo = f"{site.absolute_url()}/@@images/minisite_logo/thumb"
            return {
                "title": safe_text(title),
                "url": site.absolute_url(),
                "logo": logo,
                "minisite": True,
                "parent_title": safe_text(self.portal.Title()),
                "parent_url": portal_url,
            }
        return {
            "title": safe_text(api.portal.get_registry_record("plone.site_title", default="")
                               or self.portal.Title()),
            "url": portal_url,
            "logo": getSiteLogo(),
            "minisite": False,
        }

    @memoize
    def sections(self):
        """First-level sections of the navigation root, the current one marked."""
        viewlet = _Sections(self.context, self.request, self.view, self.manager)

        def first_level():
            return [
                {"title": entry["title"], "url": entry.get("url") or ""}
                for entry in viewlet.navtree.get(viewlet.navtree_path, [])
            ]

        entries = chrome.memoized("sections", self.request, first_level,
                                  viewlet.navtree_path, viewlet.current_language)
        here = self.context.absolute_url() + "/"
        root_url = self.navigation_root_url + "/"
        items = []
        for entry in entries:
            url = entry["url"]
            if not url:
                continue
            if url + "/" == root_url:  # the home tab: only on the root itself
                current = here == root_url
            else:
                current = here.startswith(url + "/")
            items.append({"title": entry["title"], "url": url, "current": current})
        return items

    @property
    def eguichet_url(self):
        if self.minisite is not None:
            return ""
        return settings.eguichet_url(self.portal.absolute_url())

    @property
    def anonymous(self):
        return api.user.is_anonymous()

    @memoize
    def member_links(self):
        """A logged-in member's links (their space, their work): the
        actions of portal_actions' category ``ville_member``, where the
        add-ons put theirs (ville.eguichet: "Mes demandes", and the
        agents' dashboard for its agents)."""
        if self.anonymous:
            return []
        state = getMultiAdapter((self.context, self.request), name="plone_context_state")
        return [
            {"id": action["id"], "title": action["title"], "url": action["url"]}
            for action in state.actions("ville_member")
            if action.get("url") and action.get("available", True)
        ]

    @memoize
    def alerts(self):
        """The active alerts of this section: title, text, severity, url."""
        return chrome.memoized("alerts", self.request, self._alerts,
                               "/".join(self.context.getPhysicalPath()))

    def _alerts(self):
        provider = policy.site_content()
        result = []
        brains = provider.active_alerts(self.context) if provider is not None else []
        for brain in brains:
            severity = getattr(brain, "severity", None) or "info"
            if severity not in ("info", "warning", "danger"):
                severity = "info"
            result.append(
                {
                    "title": brain.Title,
                    "description": brain.Description,
                    "url": brain.getURL(),
                    "severity": severity,
                }
            )
        return result


class FooterViewlet(ViewletBase):
    """Contact, town-hall opening hours, social links and legal pages."""

    index = ViewPageTemplateFile("templates/footer.pt")

    def update(self):
        super().update()
        self.portal = api.portal.get()
        self.contact = settings.contact()
        self.hours = settings.opening_hours_rows(settings.opening_hours())
        self.social = settings.social_links()
        self.legal = settings.legal_links(self.portal)
        self.is_open = settings.town_hall_is_open()

    @property
    def has_hours(self):
        return any(row["hours"] for row in self.hours)

    @property
    def site_title(self):
        return safe_text(self.portal.Title())
