"""What editors see of the schedule: a marker on scheduled and expired
items (the item's page, listings, the home page), and the page of the
site's scheduled and recently expired items (``@@contenus-programmes``).

Anonymous visitors never see these items at all (``ville.policy.scheduling``);
the marker is shown to whoever may see inactive content.
"""

from Acquisition import aq_inner
from DateTime import DateTime
from plone import api
from plone.app.layout.viewlets.common import ViewletBase
from Products.CMFCore.permissions import AccessInactivePortalContent
from Products.Five import BrowserView
from Products.Five.browser.pagetemplatefile import ViewPageTemplateFile
from ville.policy import _
from ville.policy.dates import local_zone
from ville.policy.scheduling import publication_window
from zope.i18n import translate


RECENTLY_EXPIRED_DAYS = 30
FLOOR_YEAR, CEILING_YEAR = 1970, 2400  # Plone's "no date" stand-ins


def _real(date):
    if date is None or not isinstance(date, DateTime):
        return None
    return date if FLOOR_YEAR < date.year() < CEILING_YEAR else None


def local_text(date: DateTime) -> str:
    """``15/06/2031 à 08:00`` in the municipality's time zone."""
    moment = date.asdatetime().astimezone(local_zone())
    return translate(
        _("${day} at ${time}", mapping={
            "day": moment.strftime("%d/%m/%Y"), "time": moment.strftime("%H:%M")}),
        context=api.env.getRequest(),
    )


def schedule_label(effective=None, expires=None, now=None) -> str:
    """"Publication programmée le ..." / "Expiré depuis le ...", or ""."""
    now = now or DateTime()
    effective, expires = _real(effective), _real(expires)
    request = api.env.getRequest()
    if effective is not None and effective > now:
        return translate(_("Scheduled for publication on ${date}",
                           mapping={"date": local_text(effective)}), context=request)
    if expires is not None and expires <= now:
        return translate(_("Expired since ${date}",
                           mapping={"date": local_text(expires)}), context=request)
    return ""


def may_see_schedule(context) -> bool:
    return bool(api.user.get_current()) and not api.user.is_anonymous() and (
        api.user.has_permission(AccessInactivePortalContent, obj=context)
    )


def label_for(item, context=None) -> str:
    """The marker of a brain or an object, for staff only ("" otherwise).
    A brain gives its own dates (no object loaded); an object its window
    inherited from its sections."""
    if not may_see_schedule(context if context is not None else api.portal.get()):
        return ""
    if hasattr(item, "getRID"):
        return schedule_label(item.effective, item.expires)
    return schedule_label(*publication_window(item))


class ScheduleViewlet(ViewletBase):
    """The marker above the title of a scheduled or expired item."""

    def update(self):
        super().update()
        self.label = label_for(aq_inner(self.context), self.context)

    def render(self):
        if not self.label:
            return ""
        return f'<p class="ville-schedule-marker alert alert-warning">{self.label}</p>'


class ScheduledContentView(BrowserView):
    """``@@contenus-programmes``: scheduled items and items expired in the
    last 30 days, across the site, for the communication group."""

    index = ViewPageTemplateFile("templates/scheduled.pt")

    def __call__(self):
        return self.index()

    def _rows(self, **query):
        catalog = api.portal.get_tool("portal_catalog")
        rows = []
        for brain in catalog(show_inactive=True, **query):
            rows.append({
                "title": brain.Title,
                "url": brain.getURL(),
                "type": brain.Type,
                "state": brain.review_state or "",
                "label": schedule_label(brain.effective, brain.expires),
            })
        return rows

    def scheduled(self):
        now = DateTime()
        return self._rows(effective={"query": now, "range": "min"},
                          sort_on="effective")

    def expired(self):
        now = DateTime()
        return self._rows(
            expires={"query": (now - RECENTLY_EXPIRED_DAYS, now), "range": "min:max"},
            sort_on="expires", sort_order="descending")


class FolderScheduleViewlet(ViewletBase):
    """For staff, on a folder: its items that are scheduled or expired, each
    with its marker (anonymous visitors never pay for it: no query)."""

    index = ViewPageTemplateFile("templates/folder_schedule.pt")

    def update(self):
        super().update()
        self.rows = []
        context = aq_inner(self.context)
        if not may_see_schedule(context):
            return
        catalog = api.portal.get_tool("portal_catalog")
        now = DateTime()
        path = "/".join(context.getPhysicalPath())
        seen = set()
        for query in ({"effective": {"query": now, "range": "min"}},
                      {"expires": {"query": now, "range": "max"}}):
            for brain in catalog(path={"query": path, "depth": 1}, show_inactive=True,
                                 sort_on="getObjPositionInParent", **query):
                label = schedule_label(brain.effective, brain.expires, now)
                if label and brain.getRID() not in seen:
                    seen.add(brain.getRID())
                    self.rows.append({"title": brain.Title, "url": brain.getURL(),
                                      "label": label})

    def render(self):
        return self.index() if self.rows else ""
