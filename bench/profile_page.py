"""Profile one page of a site with pyinstrument, in-process through the
Zope WSGI application (the instance must be stopped: FileStorage lock).

    python bench/profile_page.py <zope.conf> </Plone/path> [requests] [user:password]

Prints the call tree of the requests after a warm-up (the first requests
fill caches and compile templates).
"""

from base64 import b64encode

import io
import sys


def main(zope_conf, path, count="20", credentials=""):
    from pyinstrument import Profiler
    from Zope2.Startup.run import make_wsgi_app

    app = make_wsgi_app({}, zope_conf)
    path, _, query = path.partition("?")

    def get():
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

    for _ in range(3):
        print("warm-up", get(), file=sys.stderr)
    profiler = Profiler(interval=0.001)
    profiler.start()
    for _ in range(int(count)):
        get()
    profiler.stop()
    print(profiler.output_text(unicode=False, color=False, show_all=False))


if __name__ == "__main__":
    main(*sys.argv[1:])
