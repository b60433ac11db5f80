"""The answer over an abuse limit: 429, ``Retry-After``, a French message
(JSON for API clients, a small page for browsers)."""

from html import escape
from plone.rest.interfaces import IAPIRequest
from Products.Five.browser import BrowserView
from ville.eguichet import _
from zope.i18n import translate

import json


PAGE = """<!DOCTYPE html>
<html lang="fr"><head><meta charset="utf-8"><title>{title}</title>
<meta name="viewport" content="width=device-width, initial-scale=1"></head>
<body><main style="max-width:40em;margin:3em auto;font-family:sans-serif">
<h1>{title}</h1><p>{message}</p></main></body></html>
"""


def wants_json(request) -> bool:
    return IAPIRequest.providedBy(request) or "application/json" in (
        request.getHeader("Accept") or ""
    )


class TooManyRequestsView(BrowserView):
    """Exception view (``index.html``) of ``ratelimit.TooManyRequests``."""

    def __call__(self):
        error = self.context
        response = self.request.response
        response.setStatus(429, lock=True)
        response.setHeader("Retry-After", str(error.retry_after))
        response.setHeader("Cache-Control", "private, no-store")
        # A view may have set a redirect before the limit was checked.
        response.headers.pop("location", None)
        if wants_json(self.request):
            response.setHeader("Content-Type", "application/json")
            body = json.dumps(
                {"error": {"type": "TooManyRequests", "message": error.message}},
                ensure_ascii=False,
            )
            response.setBody(body, lock=True)
            # plone.rest's challenge must not turn this into a login page.
            response._has_challenged = True
            return body
        response.setHeader("Content-Type", "text/html; charset=utf-8")
        title = translate(_("Please wait a moment"), context=self.request)
        return PAGE.format(title=escape(title), message=escape(error.message))
