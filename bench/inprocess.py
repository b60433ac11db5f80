"""One GET through the Zope WSGI application in this process (the bench's
profilers: bench/profile_page.py, bench/render_cpu.py)."""

from base64 import b64encode

import io
import sys


def get(app, path, credentials=""):
    """(status line, body length) of GET ``path`` (with its query string),
    as ``user:password`` when ``credentials`` is given."""
    path, _, query = path.partition("?")
    environ = {
        "REQUEST_METHOD": "GET", "PATH_INFO": path, "QUERY_STRING": query,
        "SERVER_NAME": "localhost", "SERVER_PORT": "80", "HTTP_HOST": "localhost",
        "wsgi.url_scheme": "http", "wsgi.input": io.BytesIO(b""),
        "wsgi.errors": sys.stderr, "SERVER_PROTOCOL": "HTTP/1.1",
    }
    if credentials:
        environ["HTTP_AUTHORIZATION"] = "Basic " + b64encode(credentials.encode()).decode()
    status = []
    body = b"".join(app(environ, lambda s, h, e=None: status.append(s)))
    return status[0], len(body)
