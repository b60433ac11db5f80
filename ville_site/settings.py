"""Deployment settings, read from the environment with documented defaults."""

from dataclasses import dataclass
from pathlib import Path

import os


ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Settings:
    host: str
    port: int
    site_id: str
    profile: str
    admin_user: str
    admin_password: str
    smtp_host: str
    smtp_port: int
    mail_from: str
    var: Path
    profiles_dir: Path
    # Reverse proxies (Varnish, HAProxy, nginx) whose X-Forwarded-For Zope
    # believes: the client address of the e-guichet's abuse limits.
    trusted_proxies: tuple = ("127.0.0.1", "::1")
    # The citizens' eID / itsme login (FAS, OpenID Connect); off without an
    # issuer.
    oidc_issuer: str = ""
    oidc_client_id: str = ""
    oidc_client_secret: str = ""
    # Online payment of the e-guichet's fees (Mollie); off without a key.
    mollie_api_key: str = ""
    mollie_api_endpoint: str = ""
    public_url: str = ""

    @property
    def profile_dir(self) -> Path:
        return self.profiles_dir / self.profile

    @property
    def instance_dir(self) -> Path:
        return self.var / "instance"


class SettingsError(ValueError):
    """A setting from the environment is unusable."""


def _int(environ, name, default):
    value = environ.get(name) or str(default)
    try:
        number = int(value)
    except ValueError:
        raise SettingsError(f"{name}={value!r} is not a number") from None
    if not 0 < number < 65536:
        raise SettingsError(f"{name}={value} is not a valid port (1-65535)")
    return number


def from_environ(environ=None) -> Settings:
    """Read the settings; raise SettingsError with one clear line when wrong."""
    environ = os.environ if environ is None else environ
    return Settings(
        host=environ.get("HOST") or "127.0.0.1",
        port=_int(environ, "PORT", 8080),
        site_id=environ.get("SITE_ID") or "Plone",
        profile=environ.get("PROFILE") or "peruwelz",
        admin_user=environ.get("ADMIN_USER") or "admin",
        admin_password=environ.get("ADMIN_PASSWORD") or "admin",
        smtp_host=environ.get("SMTP_HOST") or "localhost",
        smtp_port=_int(environ, "SMTP_PORT", 25),
        mail_from=environ.get("MAIL_FROM") or "",
        var=Path(environ.get("VAR_DIR") or ROOT / "var").resolve(),
        profiles_dir=Path(environ.get("PROFILES_DIR") or ROOT / "profiles").resolve(),
        oidc_issuer=(environ.get("OIDC_ISSUER") or "").strip(),
        oidc_client_id=(environ.get("OIDC_CLIENT_ID") or "").strip(),
        oidc_client_secret=environ.get("OIDC_CLIENT_SECRET") or "",
        mollie_api_key=(environ.get("MOLLIE_API_KEY") or "").strip(),
        mollie_api_endpoint=(environ.get("MOLLIE_API_ENDPOINT") or "").strip(),
        public_url=(environ.get("PUBLIC_URL") or "").strip().rstrip("/"),
        trusted_proxies=tuple(
            (environ.get("TRUSTED_PROXIES") or "127.0.0.1 ::1").replace(",", " ").split()
        ),
    )
