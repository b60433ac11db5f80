"""Small helpers shared by the theme's views and viewlets."""


def split_links(lines):
    """``["Title|address", ...]`` -> [{"title", "url"}], bad lines skipped."""
    links = []
    for line in lines or ():
        title, sep, url = (line or "").partition("|")
        if sep and title.strip() and url.strip():
            links.append({"title": title.strip(), "url": url.strip()})
    return links
