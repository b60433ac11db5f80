"""HTTP caching rules of the municipal site (profile ``ville.policy:caching``).

- Anonymous pages are cached by the proxy (Varnish) with ``s-maxage`` and
  purged when content is published, modified, moved or removed; the purge
  also covers the pages that aggregate content (the home page, the parent
  folder), since news, events, roadworks and alerts appear there.
- Logged-in users never get a cached page: the operations vary on the user
  id and send ``private`` with no proxy lifetime; Varnish passes any request
  carrying ``__ac`` or ``Authorization``.
- Pages whose ruleset the profile maps to the no-store operation are
  stored nowhere: forms (``ville.private``, by type) and what the e-guichet
  declares ``ville.eguichet.private`` (its requests, store, views and
  endpoints, declared in its own ``caching.zcml``): see ``privacy.py``.
"""
