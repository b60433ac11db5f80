"""CPU time per page, in process through the Zope WSGI application (the
instance must be stopped: FileStorage lock), with plone.app.caching switched
off on the site (committed: a benchmark site only). Steadier than wrk on a
shared machine: time.process_time counts this process's CPU only.

    python bench/render_cpu.py <zope.conf> <requests> <path>[,user:password] ...

Used for bench/RESULTS.md's render-cost section: run it on the stock and the
project site made by bench/bench_render.py (BENCH_RENDER_WORK) one after
the other.
"""

import inprocess  # bench/inprocess.py (this script's folder)
import sys
import time


CACHING = "plone.caching.interfaces.ICacheSettings.enabled"


def main(zope_conf, count, *specs):
    import transaction
    import Zope2
    from Zope2.Startup.run import make_wsgi_app

    app = make_wsgi_app({}, zope_conf)
    root = Zope2.app()
    registry = root.Plone.portal_registry
    if CACHING in registry and registry[CACHING]:
        registry[CACHING] = False
        transaction.commit()
    root._p_jar.close()

    def get(path, credentials):
        return inprocess.get(app, path, credentials)

    for spec in specs:
        path, _, credentials = spec.partition(",")
        for _ in range(3):  # warm-up: templates compiled, caches filled
            answer = get(path, credentials)
        started = time.process_time()
        for _ in range(int(count)):
            get(path, credentials)
        spent = (time.process_time() - started) / int(count)
        print(f"{spent * 1000:8.1f} ms CPU  {answer[0]}  {answer[1]} bytes  {spec}", flush=True)


if __name__ == "__main__":
    main(*sys.argv[1:])
