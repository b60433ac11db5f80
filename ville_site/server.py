"""The WSGI server of the instance: waitress, whose refusal of a too large
request body speaks to citizens.

waitress checks ``max_request_body_size`` itself, before the application
sees the request: on the Content-Length as soon as the headers are read, and
while it reads a chunked body. Its answer is a plain English text; the
channel's ``error_task_class`` (waitress's extension point) answers that
case with a French page, or JSON for API clients. The body is never read
past the limit: the instance's memory stays flat.

zope.ini: ``[server:main]`` ``paste.server_runner = ville_site.server:serve``
with waitress's usual settings.
"""

from html import escape
from ville.eguichet import _
from zope.i18n import translate
from waitress.channel import HTTPChannel
from waitress.server import create_server
from waitress.task import ErrorTask
from waitress.utilities import RequestEntityTooLarge

import json
import logging


TITLE = _("What you sent is too large")
MESSAGE = _(
    "What you sent is larger than the ${limit} accepted. Make your files "
    "smaller (for instance scan them as PDF or JPEG at a lower resolution) or "
    "send fewer at a time, then try again. You may also bring them to the desk."
)
LANGUAGES = ("fr", "nl", "de", "en")
PAGE = """<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>{title}</title>
<meta name="viewport" content="width=device-width, initial-scale=1"></head>
<body><main style="max-width:40em;margin:3em auto;font-family:sans-serif">
<h1>{title}</h1><p>{message}</p></main></body></html>
"""


def size_text(size: int) -> str:
    megabytes = size / (1024 * 1024)
    return f"{megabytes:.0f} Mo" if megabytes >= 1 else f"{size // 1024} Ko"


def language(accept_language: str) -> str:
    """The first of the site's languages the browser asks for, else French."""
    for part in (accept_language or "").split(","):
        code = part.split(";")[0].strip().lower()[:2]
        if code in LANGUAGES:
            return code
    return "fr"


def too_large_response(limit: int, accept: str, accept_language: str = ""):
    """(content type, body) of the 413 answer."""
    target = language(accept_language)
    message = translate(
        _(MESSAGE, mapping={"limit": size_text(limit)}), target_language=target
    )
    if "application/json" in (accept or ""):
        body = {"error": {"type": "RequestEntityTooLarge", "message": message}}
        return "application/json", json.dumps(body, ensure_ascii=False).encode()
    title = translate(TITLE, target_language=target)
    page = PAGE.format(title=escape(title), message=escape(message))
    return "text/html; charset=utf-8", page.encode()


class CitizenErrorTask(ErrorTask):
    """waitress's error task, with a French 413."""

    def execute(self):
        if not isinstance(self.request.error, RequestEntityTooLarge):
            return super().execute()
        limit = self.channel.server.adj.max_request_body_size
        headers = self.request.headers
        content_type, body = too_large_response(
            limit, headers.get("ACCEPT", ""), headers.get("ACCEPT_LANGUAGE", "")
        )
        logging.getLogger("ville_site.server").warning(
            "Request body over %d bytes refused (413): %s %s",
            limit, self.request.command, self.request.path,
        )
        self.status = "413 Request Entity Too Large"
        self.response_headers.extend(
            [("Content-Type", content_type), ("Connection", "close")]
        )
        self.set_close_on_finish()
        self.content_length = len(body)
        self.write(body)


class CitizenChannel(HTTPChannel):
    error_task_class = CitizenErrorTask


def serve(app, global_conf=None, **kw):
    """paste.server_runner: waitress.serve_paste with our channel."""
    logging.basicConfig()
    server = create_server(app, **kw)
    servers = getattr(server, "map", {}).values() if not hasattr(
        server, "channel_class"
    ) else [server]
    for each in servers:
        if hasattr(each, "channel_class"):
            each.channel_class = CitizenChannel
    server.print_listen("Serving on http://{}:{}")
    server.run()
    return 0
