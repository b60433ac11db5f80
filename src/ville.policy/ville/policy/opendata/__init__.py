"""Open data: standard feeds of the public listings and their DCAT-AP
catalogue (issue 20).

Feed addresses are a contract: ``<site>/@@events.ics`` (and
``<section>/@@events.ics``), ``<site>/travaux/@@roadworks.geojson`` and
``@@roadworks.ics``, ``<site>/economie/annuaire-commercial/@@shops.csv`` and
``@@shops.geojson``, ``<site>/economie/cellules-commerciales/@@premises.csv``
and ``@@premises.geojson``, ``<site>/dcat.jsonld``.

Every feed queries the catalog as the current user (never unrestricted), so
the publication rule of :mod:`ville.policy.scheduling` holds: private,
scheduled and expired items never appear to a visitor. Feeds are cached by
the proxy like the listing pages (``plone.content.folderView``, capped at the next schedule
boundary) and purged with the listing they belong to (:mod:`.purge`).
"""
