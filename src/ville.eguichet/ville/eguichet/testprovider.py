"""A real OpenID Connect provider on loopback, for the tests and for
``OIDC_DEMO=1 make run``: oidc-provider-mock (Authlib, Flask) with users
carrying FAS-like claims. It signs ID tokens (RS256) and serves discovery,
JWKS, authorization (a page where one picks the user), token, userinfo and
end-session.

``faults`` (a set the tests fill) spoils the next tokens as an attacker or
a broken provider would: ``bad_signature`` (signed by another key),
``wrong_audience``, ``wrong_issuer``, ``expired``, ``other_nonce``. Each
authorization request and token request is recorded (``seen``) so that a
test can check PKCE.

Run: ``python -m ville.eguichet.testprovider [port]`` (prints its issuer).
"""

from contextlib import contextmanager
from ville.eguichet import loopback

import json
import os
import sys
import time


# Demo citizens (national numbers from the examples of the register's rules).
USERS = {
    "marie": {
        "egovNRN": "85073003328", "givenName": "Marie", "surname": "Dupont",
        "mail": "marie.dupont@example.be", "prefLanguage": "fr",
    },
    "lucas": {
        "egovNRN": "17073003384", "givenName": "Lucas", "surname": "Martin",
        "prefLanguage": "fr",
    },
}
FAULTS = ("bad_signature", "wrong_audience", "wrong_issuer", "expired", "other_nonce")


class Provider:
    """The provider's WSGI app and what the tests steer."""

    def __init__(self, users=None):
        import oidc_provider_mock

        # http on loopback: Authlib refuses it otherwise.
        os.environ.setdefault("AUTHLIB_INSECURE_TRANSPORT", "1")
        self.faults = set()
        self.seen = []
        users = USERS if users is None else users
        self.app = oidc_provider_mock.app(
            require_nonce=True,
            user_claims=[
                oidc_provider_mock.User(sub=sub, claims=dict(claims))
                for sub, claims in users.items()
            ],
        )
        self.app.after_request(self._after)

    def _after(self, response):
        import flask

        request = flask.request
        self.seen.append({
            "path": request.path,
            "args": dict(request.args),
            "form": dict(request.form),
        })
        if request.path == "/oauth2/token" and response.status_code == 200 and self.faults:
            body = json.loads(response.get_data())
            body["id_token"] = self._spoil(body["id_token"])
            response.set_data(json.dumps(body))
        return response

    def _spoil(self, token):
        import flask
        from joserfc import jwt
        from joserfc.jwk import RSAKey

        # The provider's own key (an authlib key) as a joserfc one.
        key = RSAKey.import_key(
            flask.g.oidc_provider_mock_storage.jwk.as_dict(is_private=True)
        )
        claims = dict(jwt.decode(token, key).claims)
        faults = set(self.faults)
        if "wrong_audience" in faults:
            claims["aud"] = "another-client"
        if "wrong_issuer" in faults:
            claims["iss"] = "http://localhost:1"
        if "expired" in faults:
            claims["iat"] = int(time.time()) - 7200
            claims["exp"] = int(time.time()) - 3600
        if "other_nonce" in faults:
            claims["nonce"] = "a-nonce-of-another-login"
        if "bad_signature" in faults:
            key = RSAKey.generate_key(2048, {"kid": key.kid}, private=True)
        return jwt.encode({"alg": "RS256", "kid": key.kid}, claims, key)

    def set_user(self, sub, claims):
        """Add or change a user (its claims) while running."""
        import oidc_provider_mock

        with self.app.test_request_context():
            self.app.preprocess_request()
            import flask

            flask.g.oidc_provider_mock_storage.store_user(
                oidc_provider_mock.User(sub=sub, claims=dict(claims))
            )


@contextmanager
def running(port=0, users=None):
    """(provider, issuer URL) served on localhost in a thread."""
    import werkzeug.serving

    provider = Provider(users)
    server = werkzeug.serving.make_server("localhost", port, provider.app, threaded=True)
    with loopback.serving(server) as url:
        yield provider, url


def main(argv=None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    port = int(argv[0]) if argv else 9400
    import werkzeug.serving

    provider = Provider()
    print(f"OIDC demo provider: http://localhost:{port} (users: {', '.join(USERS)})",
          flush=True)
    werkzeug.serving.run_simple("localhost", port, provider.app, threaded=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
