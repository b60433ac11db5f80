"""The quick-access buttons managed from the home page: ``@@acces-rapides``
on the site (or a mini-site) lists the buttons in their order, with their
state, and lets whoever may add buttons order, add, edit and publish them;
a private button says on its own page that the home page will show it once
published."""

from Acquisition import aq_inner
from Acquisition import aq_parent
from plone import api
from plone.app.layout.viewlets.common import ViewletBase
from plone.protect import CheckAuthenticator
from plone.protect import PostOnly
from Products.Five import BrowserView
from ville.policy import _
from ville.policy.api import QUICK_ACCESS_FOLDER
from ville.policy.api import quick_access_url

ADD_PERMISSION = "ville.policy: Add QuickAccess"


def buttons_folder(root):
    folder = aq_inner(root).get(QUICK_ACCESS_FOLDER)
    return folder if folder is not None and folder.portal_type == "Folder" else None


def manage_url(root):
    """The management page of ``root``'s buttons for the current user, or ""."""
    folder = buttons_folder(root)
    if folder is None or not api.user.has_permission(ADD_PERMISSION, obj=folder):
        return ""
    return root.absolute_url() + "/@@acces-rapides"


class QuickAccessManageView(BrowserView):
    def folder(self):
        return buttons_folder(self.context)

    def buttons(self):
        folder = self.folder()
        if folder is None:
            return []
        workflow = api.portal.get_tool("portal_workflow")
        rows = []
        for obj in folder.objectValues():
            if obj.portal_type != "QuickAccess":
                continue
            state = api.content.get_state(obj, default="")
            rows.append(
                {
                    "id": obj.getId(),
                    "title": obj.Title(),
                    "url": obj.absolute_url(),
                    "target": quick_access_url(obj),
                    "published": state == "published",
                    "can_publish": state != "published" and "publish" in [
                        t["id"] for t in workflow.getTransitionsFor(obj)
                    ],
                }
            )
        return rows

    def label(self, action, button):
        """The accessible name of an action button, naming the button."""
        from zope.i18n import translate

        mapping = {"title": button["title"]}
        messages = {
            "up": _("Move ${title} up", mapping=mapping),
            "down": _("Move ${title} down", mapping=mapping),
            "publish": _("Publish ${title}", mapping=mapping),
            "edit": _("Edit ${title}", mapping=mapping),
        }
        return translate(messages[action], context=self.request)

    def add_url(self):
        return self.folder().absolute_url() + "/++add++QuickAccess"

    def __call__(self):
        if self.request.method == "POST":
            PostOnly(self.request)
            CheckAuthenticator(self.request)
            self.act(self.request.form)
            return self.request.response.redirect(
                self.context.absolute_url() + "/@@acces-rapides"
            )
        return self.index()

    def act(self, form):
        folder = self.folder()
        button_id = form.get("button", "")
        if folder is None or button_id not in folder.objectIds():
            return
        obj = folder[button_id]
        message = None
        if "publish" in form:
            api.content.transition(obj=obj, transition="publish")
            message = _("The button is published: the home page shows it.")
        elif ("up" in form or "down" in form):
            folder.moveObjectsByDelta([button_id], -1 if "up" in form else 1)
            message = _("The order of the buttons is saved.")
        if message:
            api.portal.show_message(message, request=self.request)


class PrivateButtonViewlet(ViewletBase):
    """On a button's page while it is not published."""

    def render(self):
        if api.content.get_state(self.context, default="") == "published":
            return ""
        root = aq_parent(aq_parent(aq_inner(self.context)))
        url = manage_url(root)
        from zope.i18n import translate

        text = translate(
            _("This button is private: the home page shows it only once it is published."),
            context=self.request,
        )
        link = ""
        if url:
            label = translate(_("Manage the quick-access buttons"), context=self.request)
            link = f' <a href="{url}">{label}</a>'
        return (
            f'<p class="portalMessage warning ville-private-button" role="status">'
            f"{text}{link}</p>"
        )
