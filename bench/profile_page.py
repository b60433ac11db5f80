"""Profile one page of a site with pyinstrument, in-process through the
Zope WSGI application (the instance must be stopped: FileStorage lock).

    python bench/profile_page.py <zope.conf> </Plone/path> [requests] [user:password]

Prints the call tree of the requests after a warm-up (the first requests
fill caches and compile templates).
"""

import inprocess  # bench/inprocess.py (this script's folder)
import sys


def main(zope_conf, path, count="20", credentials=""):
    from pyinstrument import Profiler
    from Zope2.Startup.run import make_wsgi_app

    app = make_wsgi_app({}, zope_conf)

    def get():
        return inprocess.get(app, path, credentials)

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
