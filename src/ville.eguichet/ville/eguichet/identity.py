"""Who submitted a request, and how sure the site is of it.

Identity levels, weakest first:

- ``none``: an anonymous visitor;
- ``password``: a member who logged in with a password (a self-registered
  account only proves an e-mail address);
- ``eid``: a member who logged in, in this browser session, through the
  federal authentication service (FAS: eID card, itsme), which gave the
  national register number.

The provider's side (the PAS plugin, the login flow) is :mod:`ville.eguichet.fas`;
this module holds what the engine needs without it: the levels, the
protected store of national numbers and links, the session mark of an eID
login, the level a submission requires and what a request records.
"""

from BTrees.OOBTree import OOBTree
from datetime import date
from plone import api
from plone.keyring.interfaces import IKeyManager
from ville.eguichet import _
from ville.eguichet import exc
from ville.eguichet.interfaces import IIdentityRequirement
from zope.annotation.interfaces import IAnnotations
from zope.component import queryUtility
from zope.component import subscribers

import hashlib
import hmac
import secrets
import time


_PROCESS_SECRET = secrets.token_hex(32)


NONE, PASSWORD, EID = "none", "password", "eid"
LEVELS = (NONE, PASSWORD, EID)
LEVEL_TITLES = {
    NONE: _("identity_none", default="Anonymous"),
    PASSWORD: _("identity_password", default="Account with password"),
    EID: _("identity_eid", default="eID / itsme"),
}
STORE_KEY = "ville.eguichet.identity"
COOKIE = "__ville_eid"
MARK_SECONDS = 12 * 3600
# The fields of a request about oneself an eID login fills in and locks.
OWN_FIELDS = ("national_number", "first_name", "last_name", "birth_date")


def rank(level) -> int:
    return LEVELS.index(level) if level in LEVELS else 0


def highest(*levels) -> str:
    return max((lvl for lvl in levels if lvl in LEVELS), key=rank, default=NONE)


# --- the protected store: national numbers and eID links ------------------

def _store(create=False):
    annotations = IAnnotations(api.portal.get())
    store = annotations.get(STORE_KEY)
    if store is None and create:
        store = annotations[STORE_KEY] = OOBTree()
        store["numbers"] = OOBTree()  # user id -> national number
        store["subjects"] = OOBTree()  # subject key -> user id
    return store


DEFAULT_SETTINGS = {
    "scopes": ["openid", "profile", "egovnrn"],
    "claims": {
        "national_number": "egovNRN",
        "given_name": "givenName",
        "surname": "surname",
        "email": "mail",
        "language": "prefLanguage",
    },
}


def set_settings(settings: dict) -> None:
    """Scopes and claim names (``eguichet.yaml`` section ``identity``)."""
    _store(create=True)["settings"] = {
        "scopes": list(settings.get("scopes") or DEFAULT_SETTINGS["scopes"]),
        "claims": {**DEFAULT_SETTINGS["claims"], **(settings.get("claims") or {})},
    }


def get_settings() -> dict:
    store = _store()
    stored = (store.get("settings") if store is not None else None) or {}
    return {
        "scopes": list(stored.get("scopes") or DEFAULT_SETTINGS["scopes"]),
        "claims": {**DEFAULT_SETTINGS["claims"], **(stored.get("claims") or {})},
    }


def subject_key(issuer: str, sub: str) -> str:
    """A provider's subject as a key: never the national number."""
    return hashlib.sha256(f"{issuer}\n{sub}".encode()).hexdigest()


def new_user_id(key: str) -> str:
    return f"eid-{key[:20]}"


def linked_user(key: str):
    store = _store()
    return None if store is None else store["subjects"].get(key)


def link(key: str, user_id: str) -> None:
    _store(create=True)["subjects"][key] = user_id


def person(user_id) -> dict:
    """What an eID login gave for ``user_id``: ``nn`` (the national number),
    ``given_name``, ``surname``; {} when none. Never member properties:
    ``@users``, the personal-information form and the member search do not
    see them, and the member cannot change them."""
    store = _store()
    if store is None or not user_id:
        return {}
    return dict(store["numbers"].get(user_id) or {})


def national_number(user_id) -> str:
    return person(user_id).get("nn", "")


def set_person(user_id: str, number: str, given_name="", surname="") -> None:
    _store(create=True)["numbers"][user_id] = {
        "nn": number, "given_name": given_name, "surname": surname,
    }


def forget(user_id: str) -> None:
    """A member removed: its number and links go too."""
    store = _store()
    if store is None:
        return
    store["numbers"].pop(user_id, None)
    for key in [k for k, v in store["subjects"].items() if v == user_id]:
        del store["subjects"][key]


# --- the session mark of an eID login -------------------------------------

def set_provider(config: dict) -> None:
    """Issuer, client id and secret (from the environment, at each start)."""
    store = _store(create=bool(config))
    if store is not None:
        store["provider"] = dict(config)


def get_provider() -> dict:
    store = _store()
    return dict((store.get("provider") if store is not None else None) or {})


def secret() -> bytes:
    manager = queryUtility(IKeyManager)
    value = manager.secret() if manager is not None else ""
    # Without Plone's keyring (never on a site): this process's own secret.
    return (value or _PROCESS_SECRET).encode()


def _sign(user_id: str, until: int) -> str:
    message = f"{user_id}|{until}".encode()
    return hmac.new(secret(), message, hashlib.sha256).hexdigest()


def mark_eid(http_request, user_id: str) -> None:
    """This browser's session was opened through the provider."""
    until = int(time.time()) + MARK_SECONDS
    value = f"{user_id}|{until}|{_sign(user_id, until)}"
    http_request.response.setCookie(
        COOKIE, value, path="/", http_only=True, same_site="Lax",
        secure=http_request.get("SERVER_URL", "").startswith("https:"),
    )
    http_request.other[COOKIE] = value


def clear_mark(http_request) -> None:
    http_request.response.expireCookie(COOKIE, path="/")
    http_request.other[COOKIE] = ""


def eid_session(http_request, user_id=None) -> bool:
    """True when ``user_id`` (the current member) logged in through the
    provider in this session: the signed mark names it and is not expired."""
    if user_id is None:
        if api.user.is_anonymous():
            return False
        user_id = api.user.get_current().getId()
    other = getattr(http_request, "other", {})
    value = other[COOKIE] if COOKIE in other else http_request.cookies.get(COOKIE, "")
    try:
        marked, until, signature = (value or "").split("|")
        until = int(until)
    except ValueError:
        return False
    return (
        marked == user_id
        and until > time.time()
        and hmac.compare_digest(signature, _sign(marked, until))
    )


def current_level(http_request) -> str:
    if api.user.is_anonymous():
        return NONE
    return EID if eid_session(http_request) else PASSWORD


# --- what a procedure requires --------------------------------------------

def action_level(action) -> str:
    level = getattr(action, "identity", None)
    return level if level in LEVELS else PASSWORD


def required_level(form, action, data=None) -> str:
    """The action's level, raised by the form's refinements
    (``IIdentityRequirement`` subscribers: the criminal-record extract asks
    more for some deliveries)."""
    level = action_level(action)
    for requirement in subscribers((form,), IIdentityRequirement):
        level = highest(level, requirement(data or {}))
    return level


def about_self(form, data) -> bool:
    return any(
        requirement.about_self(data or {})
        for requirement in subscribers((form,), IIdentityRequirement)
    )


REQUIRED_MESSAGES = {
    EID: _(
        "identity_required_eid",
        default="This request requires a login with your eID or itsme "
        "(identity level: eid). Log in with eID / itsme, then send it again.",
    ),
    PASSWORD: _(
        "identity_required_password",
        default="This request requires a login with an account "
        "(identity level: password).",
    ),
}
REFUSED_KEY = "ville.eguichet.identity.refused"


def check(form, action, data, http_request, translate):
    """Raise when the requester's level is below what the procedure (and
    ``data``: the delivery) requires. An anonymous visitor on a form that
    needs an account gets the usual 401; anything else 403."""
    required = required_level(form, action, data)
    level = current_level(http_request)
    if rank(level) >= rank(required):
        return
    if level == NONE and required == PASSWORD:
        raise exc.LoginRequired(translate(_("Please log in to submit this form.")))
    http_request.other[REFUSED_KEY] = required
    raise exc.IdentityRequired(translate(REQUIRED_MESSAGES[required]), required)


def lock_own(form, data, http_request, translate) -> None:
    """With an eID login, a request about oneself carries the identity's
    number, names and birth date: another number is refused, the names and
    the birth date are the identity's."""
    own = own_identity(http_request)
    if not own or not about_self(form, data):
        return
    typed = "".join(ch for ch in str(data.get("national_number") or "") if ch.isdigit())
    if typed and typed != own["national_number"]:
        raise exc.InvalidSubmission(
            translate(_("The form contains errors.")),
            {"national_number": translate(_(
                "identity_not_own_number",
                default="A request about yourself carries the national register "
                "number of your eID login; for another person, choose the "
                "matching option.",
            ))},
        )
    for name in OWN_FIELDS:
        if own.get(name) and name in data:
            data[name] = own[name]
    if "national_number" in data:
        data["national_number"] = own["national_number"]


def own_identity(http_request) -> dict:
    """What an eID login says of the current member: the values of
    :data:`OWN_FIELDS` (birth date from the number), {} otherwise."""
    if not eid_session(http_request):
        return {}
    found = person(api.user.get_current().getId())
    if not found.get("nn"):
        return {}
    return {
        "national_number": found["nn"],
        "first_name": found.get("given_name", ""),
        "last_name": found.get("surname", ""),
        "birth_date": birth_date(found["nn"]),
    }


def valid_number(number) -> bool:
    from stdnum.be import bis
    from stdnum.be import nn

    number = str(number or "")
    return number.isdigit() and len(number) == 11 and (
        nn.is_valid(number) or bis.is_valid(number)
    )


def birth_date(number):
    """The birth date the number encodes, None when it does not say."""
    from stdnum.be import bis
    from stdnum.be import nn
    from stdnum.exceptions import ValidationError

    module = bis if bis.is_valid(number) else nn
    try:
        born = module.get_birth_date(number)
    except ValidationError:
        return None
    return born if isinstance(born, date) else None


def record(request, http_request, about_self: bool) -> None:
    """Stamp a new request with the level it was submitted with and whether
    its national number came from the identity."""
    level = current_level(http_request)
    request.identity_level = level
    request.nn_from_identity = bool(level == EID and about_self)
    if level == EID:
        # Indexed when created as "password" (what a member without the
        # attribute is): only an eID request needs its index entry again.
        request.reindexObject(idxs=["eguichet_identity_level"])


def level_of(request) -> str:
    return getattr(request, "identity_level", None) or (
        NONE if getattr(request, "anonymous", False) else PASSWORD
    )
