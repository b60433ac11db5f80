"""Abuse limits: how many submissions, replies, uploads, account creations
and failed logins one account or one client address may make in a window.

Counters live in the memory of each instance (a sliding-window log per key,
bounded in size), never in the ZODB: a counter written per submission would
be the shared hot spot the request engine avoids. In the cluster, HAProxy's
stick tables enforce the per-address limits across instances as well.

The limits are registry records ``ville.eguichet.limit_<name>`` (control
panel @@eguichet-settings, profile ``eguichet.yaml`` ``limits:``).
``EGUICHET_RATE_LIMITS=off`` in the environment, read when the instance
starts, switches them all off (load tests, benchmarks).

Over a limit, :class:`TooManyRequests` (HTTP 429 with ``Retry-After``) is
raised, or answered by the HTML form; a WARNING line of the add-on's logger
names the limit and the account or a hash of the address, never an e-mail.
"""

from collections import deque
from collections import OrderedDict
from plone import api
from ville.eguichet import _
from ville.eguichet import logger
from ville.eguichet.limits import ENVIRONMENT_VARIABLE
from ville.eguichet.limits import LIMITS
from ville.eguichet.limits import switched_off
from plone.registry.interfaces import IRegistry
from zExceptions import HTTPTooManyRequests
from zope.component import queryUtility
from zope.i18n import translate

import hashlib
import math
import os
import threading
import time


def read_environ(environ=None) -> bool:
    """Whether the limits apply, from ``EGUICHET_RATE_LIMITS`` (on unless
    ``off``, ``0``, ``false`` or ``no``). Called once at start."""
    global ENABLED
    ENABLED = not switched_off(os.environ if environ is None else environ)
    if not ENABLED:
        logger.warning("%s=off: the abuse limits are switched off", ENVIRONMENT_VARIABLE)
    return ENABLED


ENABLED = True
read_environ()


class TooManyRequests(HTTPTooManyRequests):
    """Over an abuse limit. The class name maps to status 429 in ZPublisher;
    ``Retry-After`` travels in the exception's headers."""

    def __init__(self, limit: str, retry_after: int, message: str = ""):
        super().__init__(message or limit)
        self.limit = limit
        self.retry_after = retry_after
        self.message = message
        self.setHeader("Retry-After", str(retry_after))


class Counters:
    """Sliding-window logs, thread-safe, at most ``max_keys`` keys (the
    least recently used go first) of at most the limit's count each."""

    def __init__(self, max_keys: int = 20000):
        self.max_keys = max_keys
        self._lock = threading.Lock()
        self._log = OrderedDict()

    def wait(self, key, count: int, window: int, now=None) -> int:
        """0 when one more event fits, else the seconds until one does."""
        now = time.monotonic() if now is None else now
        with self._lock:
            events = self._log.get(key)
            if not events:
                return 0
            while events and events[0] <= now - window:
                events.popleft()
            if len(events) < count:
                return 0
            return max(1, math.ceil(events[-count] + window - now))

    def add(self, key, count: int, window: int, number: int = 1, now=None):
        now = time.monotonic() if now is None else now
        with self._lock:
            events = self._log.get(key)
            if events is None or events.maxlen != count:
                events = deque(events or (), maxlen=max(count, 1))
                self._log[key] = events
            while events and events[0] <= now - window:
                events.popleft()
            events.extend([now] * number)
            self._log.move_to_end(key)
            while len(self._log) > self.max_keys:
                self._log.popitem(last=False)

    def clear(self):
        with self._lock:
            self._log.clear()

    def __len__(self):
        return len(self._log)


COUNTERS = Counters()


def limit_count(name: str) -> int:
    """The site's setting, else the default (no site, or not upgraded yet)."""
    registry = queryUtility(IRegistry)
    value = None
    if registry is not None:
        value = registry.get(f"ville.eguichet.limit_{name}")
    return LIMITS[name].default if value is None else int(value)


def client_address(request) -> str:
    """The client's address; Zope's ``trusted-proxy`` setting decides whether
    X-Forwarded-For is believed (``getClientAddr``)."""
    getter = getattr(request, "getClientAddr", None)
    return (getter() if getter else request.get("REMOTE_ADDR", "")) or "unknown"


def anonymised(identity: str) -> str:
    """What the logs name: an account id as it is, an address (or anything
    that looks like an e-mail) by a short hash."""
    if identity.startswith("account:") and "@" not in identity:
        return identity
    kind = identity.split(":", 1)[0]
    digest = hashlib.sha256(identity.encode("utf-8")).hexdigest()[:12]
    return f"{kind}-hash:{digest}"


def identities(request, per_account: str | None, per_address: str | None):
    """(limit name, counter key) pairs for the current user and address."""
    pairs = []
    if per_account and not api.user.is_anonymous():
        pairs.append((per_account, f"account:{api.user.get_current().getId()}"))
    if per_address:
        pairs.append((per_address, f"address:{client_address(request)}"))
    return pairs


def message(name: str, retry_after: int, request) -> str:
    minutes = max(1, math.ceil(retry_after / 60))
    return translate(
        _(LIMITS[name].message, mapping={"minutes": minutes}), context=request
    )


def check(request, pairs, number: int = 1):
    """Raise TooManyRequests when ``number`` more events exceed a limit."""
    if not ENABLED or not pairs:
        return
    for name, key in pairs:
        count = limit_count(name)
        if count <= 0:
            continue
        limit = LIMITS[name]
        wait = COUNTERS.wait(f"{name}|{key}", max(count - number + 1, 1), limit.window)
        if number > count:
            wait = wait or limit.window
        if wait:
            logger.warning(
                "Abuse limit %s (%d per %d s) reached by %s: refused for %d s",
                name, count, limit.window, anonymised(key), wait,
            )
            raise TooManyRequests(name, wait, message(name, wait, request))


def _memo(request) -> set:
    # The WSGI environ survives ZPublisher's retries (a retried request is
    # rebuilt from it), the request's own attributes do not.
    environ = getattr(request, "_orig_env", None)
    if environ is None:
        environ = getattr(request, "environ", {})
    return environ.setdefault("ville.eguichet.counted", set())


def seen(request, mark) -> bool:
    """Whether ``mark`` was already noted for this HTTP request (noting it)."""
    memo = _memo(request)
    if mark in memo:
        return True
    memo.add(mark)
    return False


def record(request, pairs, number: int = 1, tag: str = ""):
    """Count ``number`` events; once per HTTP request and tag, so that a
    ZODB conflict retry of the same request does not count twice."""
    if not ENABLED or not pairs or number <= 0:
        return
    done = _memo(request)
    for name, key in pairs:
        mark = (tag, name, key)
        if tag and mark in done:
            continue
        done.add(mark)
        count = limit_count(name)
        if count > 0:
            COUNTERS.add(f"{name}|{key}", count, LIMITS[name].window, number)
