"""The e-guichet back office measured in one process against a filled store
(bench/bench_backoffice.py; also usable alone, e.g. on a copy of a town's
database):

    python bench/backoffice_inproc.py <zope.conf> <scenario> [site id]

Scenarios: ``statistics`` and ``dashboard`` (seconds per page, rendered 5
times after one warm-up), ``export`` (a CSV of every request: seconds, rows
and the growth of the resident size, peak RSS minus RSS before), and
``retention`` (the GDPR retention over the whole store, in a transaction
that is aborted afterwards: requests per second, actions, RSS growth).
Prints one JSON line.
"""

import json
import sys
import time


def rss_mb(field="VmRSS"):
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith(field + ":"):
                return int(line.split()[1]) / 1024
    return 0.0


def reset_peak():
    try:
        with open("/proc/self/clear_refs", "w") as out:
            out.write("5")  # resets VmHWM to the current RSS (Linux)
    except OSError:
        pass


def login(app, portal):
    from AccessControl.SecurityManagement import newSecurityManager

    for folder in (portal.acl_users, app.acl_users):
        for user_id in ("admin",):
            user = folder.getUserById(user_id)
            if user is not None:
                newSecurityManager(None, user.__of__(folder))
                return
    from AccessControl.SecurityManagement import newSecurityManager as nsm
    from AccessControl.users import system

    nsm(None, system)


def view(store, name, form=None):
    request = store.REQUEST
    request.form.clear()
    request.form.update(form or {})
    return store.restrictedTraverse(name)


def timed_pages(store, name, times=5):
    view(store, name)()
    started = time.monotonic()
    for _ in range(times):
        view(store, name)()
    return (time.monotonic() - started) / times


def main(zope_conf, scenario, site_id="Plone"):
    import transaction
    from ville_site.site import open_app
    from zope.component.hooks import setSite
    from zope.globalrequest import setRequest

    app = open_app(zope_conf)
    portal = app[site_id]
    setSite(portal)
    setRequest(app.REQUEST)
    from plone.browserlayer.utils import registered_layers
    from zope.interface import alsoProvides

    alsoProvides(app.REQUEST, *registered_layers())  # the add-ons' views
    login(app, portal)
    store = portal["eguichet-demandes"]
    count = len(store.objectIds())
    result = {"scenario": scenario, "requests": count}
    if scenario in ("statistics", "dashboard"):
        name = "@@eguichet-" + scenario
        result["seconds_per_page"] = timed_pages(store, name)
    elif scenario == "export":
        view(store, "@@eguichet-dashboard")()  # the indexes a server has loaded
        portal._p_jar.cacheMinimize()
        before = rss_mb()
        reset_peak()
        started = time.monotonic()
        body = view(store, "@@eguichet-export", {"format": "csv"})()
        size = rows = 0
        chunks = body if hasattr(body, "__next__") or hasattr(body, "read") else [body]
        for chunk in chunks:
            size += len(chunk)
            rows += chunk.count(b"\r\n")
        result.update(seconds=time.monotonic() - started, rows=rows - 1, bytes=size,
                      rss_growth_mb=rss_mb("VmHWM") - before)
    elif scenario == "retention":
        from ville.eguichet.documents import retention

        portal._p_jar.cacheMinimize()
        before = rss_mb()
        reset_peak()
        started = time.monotonic()
        actions = retention.run(portal)
        seconds = time.monotonic() - started
        transaction.abort()
        result.update(seconds=seconds, per_second=count / seconds if seconds else 0,
                      actions=len(actions), rss_growth_mb=rss_mb("VmHWM") - before)
    print(json.dumps(result), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:]))
