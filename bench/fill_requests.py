"""Fill the e-guichet request store with generated requests, for the agent
dashboard benchmark through ville.eguichet's bulk path (``bulk.create_requests``:
the engine's create_request for each, the catalog indexed a batch at a time).

    python bench/fill_requests.py <zope.conf> <total wanted> [site id]

Requests are added until the store holds <total wanted>; a commit every 1,000.
BENCH_FILL_DAYS spreads their submission dates over that many days back
(default 365, so that the statistics have months to count).
Prints "filled N (store holds M)" or "not available: <why>" (exit 3).
"""

from datetime import timedelta

import os
import sys
import time


def main(zope_conf, wanted, site_id="Plone"):
    from ville_site.site import open_app
    from zope.component.hooks import setSite

    app = open_app(zope_conf)
    portal = app[site_id]
    setSite(portal)
    try:
        from ville.eguichet import bulk
        from ville.eguichet import engine
    except ImportError:
        print("not available: ville.eguichet has no engine")
        return 3
    store = engine.get_store(portal)
    if store is None:
        print("not available: no request store in the site")
        return 3
    forms = portal.portal_catalog.unrestrictedSearchResults(portal_type="EasyForm")
    if not forms:
        print("not available: no EasyForm (procedure) in the site")
        return 3
    forms = [brain._unrestrictedGetObject() for brain in forms]
    villages = ["Péruwelz", "Bury", "Braffe", "Roucourt", "Wiers", "Bon-Secours"]
    have = len(store.objectIds())
    days = int(os.environ.get("BENCH_FILL_DAYS") or 365)
    now = engine.now()
    started = time.monotonic()
    cpu = time.process_time()

    def items():
        for number in range(have, wanted):
            yield {
                "form": forms[number % len(forms)],
                "values": {"first_name": f"Prénom{number}", "last_name": f"Nom{number}",
                           "village": villages[number % len(villages)],
                           "copies": 1 + number % 3},
                "requester_email": f"citoyen{number}@example.org",
                "requester_name": f"Citoyen {number}",
                "submitted": now - timedelta(days=days * (wanted - number) / wanted),
            }

    def progress(count, seconds):
        if count % 5000 < 1000:
            print(f"  {have + count} requests ({count / seconds:.0f}/s)", file=sys.stderr,
                  flush=True)

    bulk.create_requests(items(), batch_size=1000, progress=progress)
    total = len(store.objectIds())
    print(f"filled {total - have} in {time.monotonic() - started:.0f} s "
          f"({time.process_time() - cpu:.0f} s CPU; store holds {total})")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], int(sys.argv[2]), *sys.argv[3:]))
