"""Answers kept before they become a request: the summary step's and the
drafts of logged-in citizens.

Checked answers wait between the form and its summary page ("pending", at
most ``MAX_AGE``); a member's unfinished form is a "draft" ("Continuer plus
tard", kept for the profile's ``retention.draft_days``, 30 by default).
Both are kept with their files under a random token, in the portal's
annotations, apart from the request store (agents never see them,
statistics never count them), for whoever filled them in only: the member,
or, for an anonymous form, the browser that pressed "Continuer" (the token
in the URL and a cookie, :data:`COOKIE`, that the browser got then: a link
copied elsewhere shows nothing). Sending, resuming or the
delay (:func:`purge`, run at each stash and by the retention job) deletes
them, files erased.
"""

from BTrees.OOBTree import OOBTree
from plone.namedfile.interfaces import INamed
from datetime import datetime
from datetime import timedelta
from datetime import timezone
from persistent.mapping import PersistentMapping
from plone import api
from zope.annotation.interfaces import IAnnotations

import hashlib
import hmac
import secrets


KEY = "ville.eguichet.pending"
MAX_AGE = timedelta(hours=2)
PENDING, DRAFT = "pending", "draft"
DRAFT_DAYS = 30
# The anonymous browser's key to its kept answers (HttpOnly, SameSite=Lax).
COOKIE = "ville_eguichet_pending"


def _now():
    return datetime.now(timezone.utc)


def _store(create=True):
    annotations = IAnnotations(api.portal.get())
    store = annotations.get(KEY)
    if store is None and create:
        store = annotations[KEY] = OOBTree()
    return store


def _owner():
    return None if api.user.is_anonymous() else api.user.get_current().getId()


def draft_days() -> int:
    """The profile's delay of a draft (``retention.draft_days``)."""
    from ville.eguichet.documents.config import site_config

    try:
        return int(site_config()["retention"].get("draft_days") or DRAFT_DAYS)
    except Exception:
        return DRAFT_DAYS


def _erase(entry) -> None:
    """Overwrite the files of a kept entry (no copy stays reachable)."""
    for value in entry["values"].values():
        if INamed.providedBy(value):
            blob = getattr(value, "_blob", None)
            if blob is not None:
                with blob.open("w") as handle:
                    handle.write(b"")
            else:
                value.data = b""


def purge(now=None) -> int:
    """Delete the entries past their delay, files erased; how many went."""
    store = _store(create=False)
    if store is None:
        return 0
    now = now or _now()
    old = [token for token, entry in store.items() if entry["expires"] < now]
    for token in old:
        _erase(store[token])
        del store[token]
    return len(old)


def stash(form, values: dict, kind: str = PENDING) -> str:
    """Keep ``values`` (answers of ``form``); returns the token."""
    purge()
    token = secrets.token_urlsafe(24)
    now = _now()
    delay = MAX_AGE if kind == PENDING else timedelta(days=draft_days())
    owner = _owner()
    _store()[token] = PersistentMapping(
        form_uid=api.content.get_uuid(form),
        title=form.Title(),
        values=dict(values),
        owner=owner,
        kind=kind,
        created=now,
        expires=now + delay,
        browser=_digest(_browser_key()) if owner is None else None,
    )
    return token


def _digest(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def _browser_key() -> str:
    """The anonymous browser's key: its cookie's, else a new one set on the
    response (HttpOnly, SameSite=Lax, Secure over https, the site's path)."""
    from urllib.parse import urlparse
    from zope.globalrequest import getRequest

    request = getRequest()
    key = str(request.cookies.get(COOKIE) or "") if request is not None else ""
    if len(key) >= 32:
        return key
    key = secrets.token_urlsafe(32)
    if request is not None:
        url = urlparse(api.portal.get().absolute_url())
        request.response.setCookie(
            COOKIE, key, path=url.path or "/", http_only=True,
            same_site="Lax", secure=url.scheme == "https",
        )
    return key


def _same_browser(entry) -> bool:
    """Whether the current browser is the one that kept an anonymous entry."""
    from zope.globalrequest import getRequest

    expected = entry.get("browser")
    if not expected:
        return True  # a member's entry (or one kept before the cookie)
    request = getRequest()
    key = str(request.cookies.get(COOKIE) or "") if request is not None else ""
    return bool(key) and hmac.compare_digest(_digest(key), expected)


def _usable(entry, form=None) -> bool:
    if form is not None and entry["form_uid"] != api.content.get_uuid(form):
        return False
    return entry["owner"] == _owner() and _same_browser(entry)


def refused(form, token) -> bool:
    """Whether ``token`` names live answers of ``form`` kept by another
    browser (an anonymous form's link opened elsewhere; a member's answers
    are simply not found by someone else)."""
    store = _store(create=False)
    entry = store.get(str(token or "")) if store is not None else None
    if entry is None or entry["expires"] < _now():
        return False
    if entry["form_uid"] != api.content.get_uuid(form):
        return False
    return bool(entry.get("browser")) and not _same_browser(entry)


def drafts(owner=None) -> list:
    """The current member's drafts, newest first: dicts with ``token``,
    ``form_uid``, ``title``, ``created``, ``expires``."""
    store = _store(create=False)
    owner = owner or _owner()
    if store is None or owner is None:
        return []
    now = _now()
    found = [
        dict(token=token, form_uid=entry["form_uid"], title=entry["title"],
             created=entry["created"], expires=entry["expires"])
        for token, entry in store.items()
        if entry["kind"] == DRAFT and entry["owner"] == owner and entry["expires"] >= now
    ]
    return sorted(found, key=lambda item: item["created"], reverse=True)


def fetch(form, token) -> dict | None:
    """The answers kept under ``token`` for ``form``, if they are the
    current user's (for an anonymous form: this browser's) and not
    expired; else None."""
    store = _store(create=False)
    entry = store.get(str(token or "")) if store is not None else None
    if entry is None or not _usable(entry, form):
        return None
    if entry["expires"] < _now():
        return None
    return dict(entry["values"])


def discard(token, erase=False) -> None:
    """Forget an entry of the current user (``erase``: its files too; not
    when they went into a request)."""
    store = _store(create=False)
    if store is not None and str(token or "") in store and _usable(store[str(token)]):
        if erase:
            _erase(store[str(token)])
        del store[str(token)]
