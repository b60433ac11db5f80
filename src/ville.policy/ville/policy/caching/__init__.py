"""HTTP caching rules of the municipal site (profile ``ville.policy:caching``).

- Anonymous pages are cached by the proxy (Varnish) with ``s-maxage`` and
  purged when content is published, modified, moved or removed; the purge
  also covers the pages that aggregate content (the home page, the parent
  folder), since news, events, roadworks and alerts appear there.
- Logged-in users never get a cached page: the operations vary on the user
  id and send ``private`` with no proxy lifetime; Varnish passes any request
  carrying ``__ac`` or ``Authorization``.
- E-guichet pages (forms, requests, the citizen space, the agents'
  dashboard, every ``@@eguichet-*``/``@eguichet-*`` endpoint) are marked
  ``no-store``: see ``privacy.py``.
"""
