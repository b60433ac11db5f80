"""The page shown instead of an anonymous form's kept answers opened by
another browser than the one that pressed "Continuer" (the token in the
URL without its cookie, :mod:`ville.eguichet.pending`): nothing of the
answers, a 403, and what to do."""

from Products.Five.browser import BrowserView
from Products.Five.browser.pagetemplatefile import ViewPageTemplateFile


class PendingRefused(BrowserView):
    index = ViewPageTemplateFile("templates/pending_refused.pt")

    def form_url(self):
        return self.context.absolute_url()

    def __call__(self):
        response = self.request.response
        response.setStatus(403)
        response.setHeader("Cache-Control", "private, no-store")
        response.setHeader("Referrer-Policy", "no-referrer")
        return self.index()
