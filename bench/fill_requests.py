"""Fill the e-guichet request store with generated requests, for the agent
dashboard benchmark (ville.eguichet's engine, the same code path as a real
submission, without the HTTP layer).

    python bench/fill_requests.py <zope.conf> <total wanted> [site id]

Requests are added until the store holds <total wanted>; a commit every 500.
Prints "filled N (store holds M)" or "not available: <why>" (exit 3).
"""

import sys
import time


def main(zope_conf, wanted, site_id="Plone"):
    import transaction
    from ville_site.site import open_app
    from zope.component.hooks import setSite

    app = open_app(zope_conf)
    portal = app[site_id]
    setSite(portal)
    try:
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
    started = time.monotonic()
    for number in range(have, wanted):
        form = forms[number % len(forms)]
        engine.create_request(
            form,
            {"first_name": f"Prénom{number}", "last_name": f"Nom{number}",
             "village": villages[number % len(villages)], "copies": 1 + number % 3},
            requester=None,
            requester_email=f"citoyen{number}@example.org",
            requester_name=f"Citoyen {number}",
        )
        if number % 500 == 499:
            transaction.commit()
        if number % 5000 == 4999:
            rate = (number + 1 - have) / (time.monotonic() - started)
            print(f"  {number + 1} requests ({rate:.0f}/s)", file=sys.stderr, flush=True)
    transaction.commit()
    total = len(store.objectIds())
    print(f"filled {total - have} in {time.monotonic() - started:.0f} s "
          f"(store holds {total})")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], int(sys.argv[2]), *sys.argv[3:]))
