"""Editors' side of the review dates: the list ``@@contenus-a-relire``, the
confirmation ``@@marquer-comme-relu`` and, on each item, the viewlet (the
date and the button for editors; for visitors the notice "Cette page est en
cours de mise à jour" once the type's delay overdue has passed)."""

from Acquisition import aq_inner
from datetime import datetime
from datetime import time
from datetime import timedelta
from plone import api
from plone.app.layout.viewlets.common import ViewletBase
from plone.protect import CheckAuthenticator
from Products.Five import BrowserView
from Products.Five.browser.pagetemplatefile import ViewPageTemplateFile
from ville.policy import _
from ville.policy import dates
from ville.policy.review import settings
from ville.policy.review.interfaces import REVIEWED_TYPES
from ville.policy.review.owners import owner_title
from ville.policy.review.subscribers import MARK_TRANSITION
from zope.i18n import translate

import urllib.parse


PERMISSION = "ville.policy: Mark as re-read"
DUE_DAYS = 30  # "due": to re-read within this many days


def date_text(day) -> str:
    """A calendar date as the site's language writes it."""
    if day is None:
        return ""
    return dates.localized_time(dates.localize(datetime.combine(day, time(12))))


def may_mark(obj) -> bool:
    return not api.user.is_anonymous() and api.user.has_permission(PERMISSION, obj=obj)


def due_query(root_path, until, **extra):
    """Published reviewed content below ``root_path`` to re-read by ``until``."""
    return dict(
        portal_type=list(REVIEWED_TYPES), review_state="published",
        path=root_path, review_date={"query": until, "range": "max"},
        sort_on="review_date", **extra)


class Reviewable(BrowserView):
    """``@@ville-reviewable``: the guard of the ``mark_reviewed`` transition."""

    def __call__(self):
        return settings.is_reviewed(aq_inner(self.context))


class ReviewListView(BrowserView):
    """``@@contenus-a-relire`` on the site (or a mini-site): published items
    overdue and due within 30 days, filterable by section and responsible."""

    index = ViewPageTemplateFile("templates/list.pt")

    def __call__(self):
        self.today = dates.today()
        self.section = self.request.form.get("section", "")
        self.responsible = self.request.form.get("responsible", "")
        self.rows = self._rows()
        return self.index()

    def root_path(self):
        return "/".join(aq_inner(self.context).getPhysicalPath())

    def sections(self):
        catalog = api.portal.get_tool("portal_catalog")
        brains = catalog(path={"query": self.root_path(), "depth": 1},
                         portal_type="Folder", sort_on="sortable_title")
        return [{"path": b.getPath(), "title": b.Title} for b in brains]

    def responsibles(self):
        catalog = api.portal.get_tool("portal_catalog")
        ids = catalog.uniqueValuesFor("review_owner")
        options = [{"id": pid, "title": owner_title(pid)} for pid in ids]
        return sorted(options, key=lambda o: o["title"].lower())

    def _owners_filter(self):
        if self.responsible == "me":
            user = api.user.get_current()
            return [user.getId()] + [g.getId() for g in api.group.get_groups(user=user)]
        return [self.responsible] if self.responsible else None

    def _rows(self):
        catalog = api.portal.get_tool("portal_catalog")
        root = self.root_path()
        extra = {}
        owners = self._owners_filter()
        if owners:
            extra["review_owner"] = owners
        path = self.section if self.section.startswith(root + "/") else root
        titles = {s["path"]: s["title"] for s in self.sections()}
        rows = []
        until = self.today + timedelta(days=DUE_DAYS)
        for brain in catalog(**due_query(path, until, **extra)):
            late = settings.days_overdue(brain.review_date, self.today)
            section = "/".join(brain.getPath().split("/")[: len(root.split("/")) + 1])
            rows.append({
                "title": brain.Title, "url": brain.getURL(), "type": brain.Type,
                "section": titles.get(section, ""),
                "owner": owner_title(brain.review_owner or ""),
                "date": date_text(brain.review_date), "late": late,
                "overdue": late > 0,
            })
        return rows

    def overdue(self):
        return [r for r in self.rows if r["overdue"]]

    def due(self):
        return [r for r in self.rows if not r["overdue"]]

    def late_text(self, row):
        if row["late"] > 0:
            return translate(_("${days} day(s) late", mapping={"days": row["late"]}),
                             context=self.request)
        if row["late"] == 0:
            return translate(_("Today"), context=self.request)
        return translate(_("In ${days} day(s)", mapping={"days": -row["late"]}),
                         context=self.request)

    def came_from(self):
        query = urllib.parse.urlencode(
            {k: v for k, v in (("section", self.section),
                               ("responsible", self.responsible)) if v})
        url = f"{self.context.absolute_url()}/@@contenus-a-relire"
        return f"{url}?{query}" if query else url


class MarkReviewedView(BrowserView):
    """``@@marquer-comme-relu``: GET asks, POST fires ``mark_reviewed`` with
    a comment saying who re-read it and the next date (the history shows it,
    with the time), then goes back to ``came_from`` (this site only)."""

    index = ViewPageTemplateFile("templates/mark.pt")

    def __call__(self):
        context = aq_inner(self.context)
        self.next_date = date_text(settings.next_review_date(context))
        self.current_date = date_text(getattr(context, "review_date", None))
        if self.request.method != "POST":
            return self.index()
        CheckAuthenticator(self.request)
        if api.content.get_state(obj=context, default="") != "published":
            api.portal.show_message(
                _("Only published content is marked as re-read."),
                request=self.request, type="error")
            self.request.response.redirect(context.absolute_url())
            return ""
        user = api.user.get_current()
        name = user.getProperty("fullname") or user.getId()
        if self.next_date:
            comment = _("Re-read by ${name}. Next review by ${date}.",
                        mapping={"name": name, "date": self.next_date})
        else:
            comment = _("Re-read by ${name}.", mapping={"name": name})
        language = api.portal.get_default_language() or "fr"
        api.content.transition(obj=context, transition=MARK_TRANSITION,
                               comment=translate(comment, target_language=language,
                                                 context=self.request))
        api.portal.show_message(
            _("Marked as re-read. Next review by ${date}.",
              mapping={"date": self.next_date}) if self.next_date
            else _("Marked as re-read."), request=self.request)
        came_from = self.request.form.get("came_from") or ""
        portal_url = api.portal.get().absolute_url()
        target = came_from if came_from.startswith(portal_url + "/") else context.absolute_url()
        self.request.response.redirect(target)
        return ""


class ReviewViewlet(ViewletBase):
    """Above the title: the update notice for everyone once the item is
    overdue by the type's ``notice_days``; for its editors, the date, the
    responsible and the button."""

    index = ViewPageTemplateFile("templates/viewlet.pt")

    def update(self):
        super().update()
        context = aq_inner(self.context)
        self.notice = self.editor = False
        if not settings.is_reviewed(context):
            return
        review_date = getattr(context, "review_date", None)
        state = api.content.get_state(obj=context, default="")
        late = settings.days_overdue(review_date)
        after = settings.notice_days(context.portal_type)
        self.notice = bool(state == "published" and review_date is not None
                           and after and late >= after)
        self.editor = bool(review_date is not None and may_mark(context))
        if self.editor:
            self.late = late
            self.date = date_text(review_date)
            self.owner = owner_title(getattr(context, "review_owner", "") or "")
            self.can_mark = state == "published"

    def render(self):
        return self.index() if (self.notice or self.editor) else ""
