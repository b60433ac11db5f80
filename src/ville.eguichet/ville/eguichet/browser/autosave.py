"""Automatic saving of a logged-in citizen's draft as they fill in the form.

The form page of a member carries a status box (:func:`status_box`) whose
script (``eguichet-form.js``) posts the answers, debounced, to
``<form>/@@eguichet-brouillon-auto`` (files excepted: "Continuer plus tard"
keeps them), with the page's CSRF token. The view keeps them as the
member's draft through :mod:`browser.drafts` (the same storage, replacing
the draft the form carries) and answers the new token, which the page
keeps for the next save, "Continuer plus tard" and "Continuer". Never for
anonymous visitors (their answers are not kept before "Continuer").
"""

from datetime import datetime
from datetime import timezone
from html import escape
from plone import api
from plone.protect import CheckAuthenticator
from Products.Five.browser import BrowserView
from ville.eguichet import _
from ville.eguichet import dates
from ville.eguichet.browser import drafts
from zope.i18n import translate

import json


VIEW = "eguichet-brouillon-auto"


def status_box(form_view) -> str:
    """The draft's status line on a member's form page (empty otherwise)."""
    if not drafts.wants_draft(form_view):
        return ""
    url = f"{form_view.context.absolute_url()}/@@{VIEW}"
    token = api.portal.get().restrictedTraverse("@@authenticator").token()
    return (
        '<p class="eguichet-autosave small text-body-secondary" id="eguichet-autosave" '
        f'role="status" data-url="{escape(url)}" data-authenticator="{escape(token)}"></p>'
    )


class AutosaveView(BrowserView):
    """POST only, members only, CSRF-checked: keep the draft, answer JSON."""

    def answer(self, status, **data):
        response = self.request.response
        response.setStatus(status)
        response.setHeader("Content-Type", "application/json")
        response.setHeader("Cache-Control", "private, no-store")
        return json.dumps(data)

    def __call__(self):
        from zope.component import getMultiAdapter

        if self.request.method != "POST":
            return self.answer(405, saved=False)
        if api.user.is_anonymous():
            return self.answer(403, saved=False)
        CheckAuthenticator(self.request)
        form = getMultiAdapter((self.context, self.request), name="view").form_instance
        form.update()
        if not drafts.wants_draft(form):
            return self.answer(403, saved=False)
        token, _expires = drafts.keep_draft(form)
        message = translate(
            _("draft_autosaved", default="Draft saved at ${time}.",
              mapping={"time": dates.format_datetime(datetime.now(timezone.utc), "%H:%M")}),
            context=self.request,
        )
        return self.answer(200, saved=True, token=token, message=message)
