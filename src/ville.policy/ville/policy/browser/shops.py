"""The shop CSV import form (``@@import-shops`` on the directory folder)."""

from plone import api
from plone.protect import CheckAuthenticator
from Products.CMFCore.permissions import ReviewPortalContent
from Products.Five.browser import BrowserView
from ville.policy import _
from ville.policy.shops_import import import_shops
from zope.i18n import translate


MAX_SIZE = 5 * 1024 * 1024


class ImportShopsView(BrowserView):
    report = None
    error = None

    def can_publish(self):
        return api.user.has_permission(ReviewPortalContent, obj=self.context)

    def translate(self, message):
        return translate(message, context=self.request)

    def __call__(self):
        form = self.request.form
        if self.request.method == "POST" and "form.submitted" in form:
            CheckAuthenticator(self.request)
            upload = form.get("csvfile")
            data = upload.read(MAX_SIZE + 1) if upload else b""
            if not data:
                self.error = _("Choose a CSV file to import.")
            elif len(data) > MAX_SIZE:
                self.error = _("The file is too big (5 MB at most).")
            else:
                self.report = import_shops(
                    self.context,
                    data,
                    publish=bool(form.get("publish")) and self.can_publish(),
                    dry_run=bool(form.get("dry_run")),
                )
                if self.report.error:
                    self.error = self.report.error
        return self.index()
