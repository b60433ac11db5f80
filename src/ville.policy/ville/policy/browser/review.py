"""The communication team's review queue: "À valider".

A toolbar entry with the number of items waiting for the current user's
review, for whoever may review where they are, and the page it opens
(``@@a-valider`` on the navigation root: the whole site for the
communication team, the mini-site for its own reviewers).
"""

from plone import api
from plone.app.layout.viewlets.common import ViewletBase
from Products.CMFCore.permissions import ReviewPortalContent
from Products.Five import BrowserView
from Products.Five.browser.pagetemplatefile import ViewPageTemplateFile
from ville.policy.browser.scheduled import local_text


def pending_items(context):
    """Items pending review below ``context`` that the current user may
    publish or send back, oldest submission first."""
    catalog = api.portal.get_tool("portal_catalog")
    brains = catalog(
        review_state="pending",
        path="/".join(context.getPhysicalPath()),
        sort_on="modified",
    )
    items = []
    for brain in brains:
        obj = brain.getObject()
        if api.user.has_permission(ReviewPortalContent, obj=obj):
            items.append((brain, obj))
    return items


def queue_root(context):
    return api.portal.get_navigation_root(context)


class ReviewQueueViewlet(ViewletBase):
    """"À valider (n)" in the toolbar (registered with Review portal
    content: shown only to those who review here)."""

    index = ViewPageTemplateFile("templates/review_viewlet.pt")

    def update(self):
        super().update()
        root = queue_root(self.context)
        self.available = api.user.has_permission(ReviewPortalContent, obj=root)
        self.count = len(pending_items(root)) if self.available else 0
        self.url = root.absolute_url() + "/@@a-valider"

    def render(self):
        return self.index() if self.available else ""


class ReviewQueueView(BrowserView):
    """``@@a-valider``: what waits for my review, with who submitted it."""

    def rows(self):
        types = api.portal.get_tool("portal_types")
        rows = []
        for brain, obj in pending_items(self.context):
            fti = types.get(brain.portal_type)
            creator = api.user.get(userid=brain.Creator)
            rows.append(
                {
                    "title": brain.Title,
                    "url": brain.getURL(),
                    "type": fti.Title() if fti is not None else brain.portal_type,
                    "author": (creator.getProperty("fullname") or brain.Creator)
                    if creator is not None else brain.Creator,
                    "modified": local_text(brain.modified),
                    "path": "/".join(brain.getPath().split("/")[2:-1]) or "/",
                }
            )
        return rows
