"""Login through the federal authentication service (FAS: eID, itsme),
OpenID Connect, authorization code flow with PKCE, through Authlib's
client and joserfc (ID token signature).

Why not pas.plugins.oidc: its last release (2.0.0) declares ``pas`` and
``pas.plugins`` as pkg_resources namespaces, and the pinned setuptools has
no ``pkg_resources``: ``import pas.plugins.oidc`` fails, and with it the
start of Zope (plone.autoinclude loads it). Authlib is the OAuth/OIDC
library behind the test provider too; this module only wires it to Plone.

Configuration: ``OIDC_ISSUER``, ``OIDC_CLIENT_ID`` and ``OIDC_CLIENT_SECRET``
are copied into the site at each start (:func:`configure`, called by
``ville_site``); scopes and claim names come from ``eguichet.yaml``
(:func:`ville.eguichet.identity.get_settings`). Without an issuer nothing is
offered and the site runs as before.

The callback (:func:`fetch_identity`) refuses, with :class:`LoginRefused`
and no session: a state that is not the flow's or was used before, a token
the provider's keys did not sign, another issuer or audience, an expired
token, a nonce that is not the flow's or was used before, a missing or
invalid national number. The member's id is derived from the provider's
``sub``, never from the number (:mod:`ville.eguichet.identity` keeps the
number, protected).
"""

from plone import api
from ville.eguichet import _
from ville.eguichet import identity
from ville.eguichet import logger

import base64
import hashlib
import hmac
import json
import secrets
import threading
import time


FLOW_COOKIE = "__ville_oidc"
REPLAY_SECONDS = 3600
SKEW_SECONDS = 60
DISCOVERY_SECONDS = 3600
ALGORITHMS = ["RS256", "RS384", "RS512", "PS256", "ES256", "ES384"]
TIMEOUT = 10

_used = {}  # state or nonce -> when it was consumed (this process)
_discovered = {}  # issuer -> (time, discovery document, JWKS)
_lock = threading.Lock()


class LoginRefused(Exception):
    """The provider's answer is refused; ``reason`` goes to the log (never a
    number), ``message`` to the citizen."""

    def __init__(self, reason, message=None):
        super().__init__(reason)
        self.reason = reason
        self.message = message or _(
            "eid_refused",
            default="The login with eID / itsme failed: nothing was kept. "
            "Please try again.",
        )


# --- configuration --------------------------------------------------------

def configure(portal, issuer: str, client_id: str, client_secret: str) -> bool:
    """Copy the environment into the site (at each start). True when the
    login through the provider is on."""
    from zope.component.hooks import getSite
    from zope.component.hooks import setSite

    previous = getSite()
    setSite(portal)
    try:
        if not (issuer and client_id):
            identity.set_provider({})
            return False
        identity.set_provider({
            # As the provider writes it in its tokens (no slash added).
            "issuer": issuer.strip(),
            "client_id": client_id,
            "client_secret": client_secret or "",
        })
        return True
    finally:
        setSite(previous)


def provider() -> dict:
    """{issuer, client_id, client_secret} or {} when not configured."""
    found = identity.get_provider()
    return found if found.get("issuer") and found.get("client_id") else {}


def configured() -> bool:
    return bool(provider())


def callback_url() -> str:
    """The redirect URI a town registers at BOSA."""
    return f"{api.portal.get().absolute_url()}/@@eid-callback"


def discover(issuer: str, refresh=False) -> tuple:
    """(discovery document, JWKS) of ``issuer``, kept an hour."""
    import requests

    with _lock:
        found = _discovered.get(issuer)
    if found and not refresh and time.time() - found[0] < DISCOVERY_SECONDS:
        return found[1], found[2]
    try:
        url = f"{issuer.rstrip('/')}/.well-known/openid-configuration"
        document = requests.get(url, timeout=TIMEOUT).json()
        jwks = requests.get(document["jwks_uri"], timeout=TIMEOUT).json()
    except Exception as error:
        raise LoginRefused(f"provider unreachable: {type(error).__name__}")
    if document.get("issuer") != issuer:
        raise LoginRefused("discovery document of another issuer")
    with _lock:
        _discovered[issuer] = (time.time(), document, jwks)
    return document, jwks


def session_for(config, document=None):
    from authlib.integrations.requests_client import OAuth2Session

    return OAuth2Session(
        config["client_id"],
        config["client_secret"],
        scope=" ".join(identity.get_settings()["scopes"]),
        redirect_uri=callback_url(),
        token_endpoint_auth_method="client_secret_basic",
        code_challenge_method="S256",
    )


# --- the flow's cookie: state, nonce, PKCE verifier, where to go back -----

def _signature(payload: bytes) -> str:
    return hmac.new(identity.secret(), payload, hashlib.sha256).hexdigest()


def start(http_request, came_from: str, link_to=None) -> str:
    """The provider's authorization URL; the flow's values in a signed
    cookie (they serve once)."""
    config = provider()
    if not config:
        raise LoginRefused("no provider configured")
    document, _jwks = discover(config["issuer"])
    flow = {
        "state": secrets.token_urlsafe(32),
        "nonce": secrets.token_urlsafe(32),
        "verifier": secrets.token_urlsafe(64),
        "came_from": came_from,
        "link_to": link_to,
    }
    session = session_for(config)
    url, _state = session.create_authorization_url(
        document["authorization_endpoint"],
        state=flow["state"],
        nonce=flow["nonce"],
        code_verifier=flow["verifier"],
    )
    payload = base64.urlsafe_b64encode(json.dumps(flow).encode())
    http_request.response.setCookie(
        FLOW_COOKIE, f"{payload.decode()}.{_signature(payload)}", path="/",
        http_only=True, same_site="Lax",
        secure=http_request.get("SERVER_URL", "").startswith("https:"),
    )
    return url


def read_flow(http_request) -> dict:
    value = http_request.cookies.get(FLOW_COOKIE, "")
    payload, _dot, signature = value.rpartition(".")
    if not payload or not hmac.compare_digest(signature, _signature(payload.encode())):
        return {}
    try:
        return json.loads(base64.urlsafe_b64decode(payload.encode()))
    except ValueError:
        return {}


def consume(value: str, what: str) -> None:
    """Mark a state or nonce used; refuse one used before."""
    now = time.time()
    with _lock:
        for key in [k for k, t in _used.items() if now - t > REPLAY_SECONDS]:
            del _used[key]
        if not value or value in _used:
            raise LoginRefused(f"{what} replayed or missing")
        _used[value] = now


# --- the callback ---------------------------------------------------------

def verify_id_token(config, raw: str, jwks: dict, nonce: str) -> dict:
    from joserfc import jwt
    from joserfc.jwk import KeySet

    try:
        claims = jwt.decode(raw, KeySet.import_key_set(jwks), algorithms=ALGORITHMS).claims
    except Exception as error:
        raise LoginRefused(f"ID token signature refused: {type(error).__name__}")
    if claims.get("iss") != config["issuer"]:
        raise LoginRefused("issuer mismatch")
    audience = claims.get("aud")
    audience = [audience] if isinstance(audience, str) else list(audience or [])
    if config["client_id"] not in audience:
        raise LoginRefused("audience mismatch")
    if len(audience) > 1 and claims.get("azp") != config["client_id"]:
        raise LoginRefused("authorized party mismatch")
    try:
        expires = int(claims.get("exp"))
    except (TypeError, ValueError):
        raise LoginRefused("token without expiry")
    if expires < time.time() - SKEW_SECONDS:
        raise LoginRefused("token expired")
    if not nonce or claims.get("nonce") != nonce:
        raise LoginRefused("nonce mismatch")
    consume(nonce, "nonce")
    return claims


def fetch_identity(http_request, flow: dict) -> dict:
    """The provider's answer on the callback -> its verified claims
    (userinfo's over the ID token's)."""
    config = provider()
    if not config:
        raise LoginRefused("no provider configured")
    form = http_request.form
    if form.get("error"):
        raise LoginRefused(
            f"provider error {str(form.get('error'))[:40]}",
            _("eid_cancelled", default="The login with eID / itsme was cancelled."),
        )
    state = form.get("state")
    if not state or not flow.get("state") or not hmac.compare_digest(
        str(state), flow["state"]
    ):
        raise LoginRefused("state mismatch")
    consume(state, "state")
    document, jwks = discover(config["issuer"])
    session = session_for(config)
    try:
        token = session.fetch_token(
            document["token_endpoint"],
            grant_type="authorization_code",
            code=form.get("code") or "",
            code_verifier=flow.get("verifier"),
        )
    except Exception as error:
        raise LoginRefused(f"token request refused: {type(error).__name__}")
    if not token.get("id_token"):
        raise LoginRefused("no ID token")
    try:
        claims = verify_id_token(config, token["id_token"], jwks, flow.get("nonce"))
    except LoginRefused as refused:
        if not refused.reason.startswith("ID token signature"):
            raise
        # The provider may have rolled its keys: read them again once.
        _document, jwks = discover(config["issuer"], refresh=True)
        claims = verify_id_token(config, token["id_token"], jwks, flow.get("nonce"))
    claims = dict(claims)
    if document.get("userinfo_endpoint"):
        try:
            answer = session.get(document["userinfo_endpoint"], timeout=TIMEOUT)
            answer.raise_for_status()
            info = answer.json()
        except Exception as error:
            raise LoginRefused(f"userinfo refused: {type(error).__name__}")
        if info.get("sub") != claims.get("sub"):
            raise LoginRefused("userinfo for another subject")
        claims.update(info)
    return claims


def _claim(claims, name):
    value = claims.get(name)
    return str(value).strip() if value not in (None, "") else ""


def person_of(claims: dict) -> dict:
    """FAS's claims (names from ``eguichet.yaml``) -> the person; refuses a
    missing or invalid national number."""
    names = identity.get_settings()["claims"]
    number = "".join(ch for ch in _claim(claims, names["national_number"]) if ch.isdigit())
    if not number:
        raise LoginRefused(
            "national number claim missing",
            _("eid_no_number", default="The identity provider did not give your "
              "national register number: the login is refused."),
        )
    if not identity.valid_number(number):
        raise LoginRefused(
            "national number claim invalid",
            _("eid_bad_number", default="The identity provider gave a national "
              "register number that is not valid: the login is refused."),
        )
    return {
        "sub": _claim(claims, "sub"),
        "nn": number,
        "given_name": _claim(claims, names["given_name"]),
        "surname": _claim(claims, names["surname"]),
        "email": _claim(claims, names["email"]),
        "language": _claim(claims, names["language"]),
    }


def _add_member(user_id: str):
    acl_users = api.portal.get_tool("acl_users")
    # A password nobody knows: this account opens through the provider.
    acl_users._doAddUser(user_id, secrets.token_urlsafe(32), ("Member",), ())
    return api.user.get(userid=user_id)


def remember(person: dict, http_request, link_to=None) -> str:
    """The member of ``person`` (made on first login; ``link_to``: the
    password account being linked), its session and the eID mark. Returns
    the member id."""
    if not person["sub"]:
        raise LoginRefused("sub missing")
    key = identity.subject_key(provider()["issuer"], person["sub"])
    user_id = identity.linked_user(key)
    if link_to is not None:
        if user_id not in (None, link_to):
            raise LoginRefused(
                "identity linked to another account",
                _("eid_already_linked", default="This eID identity is already "
                  "used by another account of this site: nothing was linked."),
            )
        user_id = link_to
    elif user_id is None:
        user_id = identity.new_user_id(key)
    user = api.user.get(userid=user_id) or _add_member(user_id)
    if user is None:
        raise LoginRefused("member could not be created")
    identity.link(key, user_id)
    properties = {}
    if link_to is None and (person["given_name"] or person["surname"]):
        properties["fullname"] = f"{person['given_name']} {person['surname']}".strip()
    if person["email"] and (link_to is None or not user.getProperty("email")):
        properties["email"] = person["email"]  # the provider confirmed it
    if properties:
        user.setMemberProperties(properties)
    identity.set_person(user_id, person["nn"], person["given_name"], person["surname"])
    acl_users = api.portal.get_tool("acl_users")
    acl_users.session._setupSession(user_id, http_request.response)
    identity.mark_eid(http_request, user_id)
    logger.info("eID login of %s%s", user_id, " (linked)" if link_to else "")
    return user_id


def end_session_url(back: str) -> str:
    """The provider's end-session URL coming back to ``back``, or ""."""
    config = provider()
    if not config:
        return ""
    from urllib.parse import urlencode

    try:
        document, _jwks = discover(config["issuer"])
    except LoginRefused:
        return ""
    end = document.get("end_session_endpoint")
    if not end:
        return ""
    query = urlencode({"post_logout_redirect_uri": back, "client_id": config["client_id"]})
    return f"{end}{'&' if '?' in end else '?'}{query}"
