"""Small helpers shared by the theme's views and viewlets."""

from plone.browserlayer.utils import registered_layers


def policy_installed() -> bool:
    """Whether ville.policy is installed on this site (its browser layer)."""
    try:
        from ville.policy.interfaces import IBrowserLayer
    except ImportError:
        return False
    return IBrowserLayer in registered_layers()


def split_links(lines):
    """``["Title|address", ...]`` -> [{"title", "url"}], bad lines skipped."""
    links = []
    for line in lines or ():
        title, sep, url = (line or "").partition("|")
        if sep and title.strip() and url.strip():
            links.append({"title": title.strip(), "url": url.strip()})
    return links
