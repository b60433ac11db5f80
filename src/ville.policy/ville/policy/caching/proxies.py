"""Deployment-time settings of caching: where the proxies are."""

from plone.cachepurging.interfaces import ICachePurgingSettings
from plone.registry.interfaces import IRegistry
from zope.component import getUtility


def set_caching_proxies(urls) -> tuple:
    """Purge these proxies (``http://127.0.0.1:6081``...) from now on.

    The site must be the current site. Returns the proxies set; an empty
    list turns purging off. Raises ValueError on a URL that is not http(s).
    """
    proxies = tuple(url.rstrip("/") for url in urls if url.strip())
    for url in proxies:
        if not url.startswith(("http://", "https://")):
            raise ValueError(f"caching proxy {url!r}: not an http(s) URL")
    settings = getUtility(IRegistry).forInterface(ICachePurgingSettings, check=False)
    settings.cachingProxies = proxies
    settings.enabled = bool(proxies)
    return proxies
