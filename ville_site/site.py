"""Create the Plone site from a municipality profile, once.

Run before the server starts (``make run`` does it). If the site exists,
nothing is created or changed but the deployment settings that come from the
environment (admin password, outgoing mail). Creation happens in one
transaction: on any error it is aborted and nothing is left behind.
"""

from ville.core.profile import apply_all
from ville.core.profile import load_all
from ville_site.settings import from_environ
from ville_site.settings import Settings

import logging
import os
import sys
import transaction


logger = logging.getLogger("ville_site")

BASE_PROFILES = (
    "plone.app.contenttypes:default",
    "plone.app.layout:default",
    "plonetheme.barceloneta:default",
    "plone.restapi:default",
)
VILLE_PROFILES = (
    "ville.policy:default",
    "ville.theme:default",
    "ville.eguichet:default",
    "ville.policy:caching",
)


def installed_ville_profiles():
    from importlib.util import find_spec

    return tuple(
        profile
        for profile in VILLE_PROFILES
        if find_spec(profile.split(":")[0]) is not None
    )


def ensure_admin(app, settings: Settings) -> None:
    """The Zope-level Manager named ADMIN_USER, with ADMIN_PASSWORD."""
    users = app.acl_users
    if users.getUser(settings.admin_user) is None:
        users._doAddUser(settings.admin_user, settings.admin_password, ["Manager"], [])
        logger.info("created the admin user %r", settings.admin_user)
    elif getattr(users, "users", None) is not None:  # a PAS user folder
        users.users.updateUserPassword(settings.admin_user, settings.admin_password)
    else:
        users._doChangeUser(
            settings.admin_user, settings.admin_password, ["Manager"], []
        )


def contact_email(loaded) -> str:
    """The profile's contact e-mail (the part of the add-on that owns it)."""
    for _part, data in loaded:
        email = (data.get("contact") or {}).get("email")
        if email:
            return email
    return ""


def configure_mail(portal, settings: Settings, loaded) -> None:
    from plone import api

    api.portal.set_registry_record("plone.smtp_host", settings.smtp_host)
    api.portal.set_registry_record("plone.smtp_port", settings.smtp_port)
    sender = settings.mail_from or contact_email(loaded)
    if sender:
        api.portal.set_registry_record("plone.email_from_address", sender)
    name = (loaded[0][1] if loaded else {}).get("name")
    if name:
        api.portal.set_registry_record("plone.email_from_name", name)


def configure_identity_provider(portal, settings: Settings) -> None:
    """The eID / itsme login's provider (OIDC_*), copied at each start."""
    try:
        from ville.eguichet import fas
    except ImportError:  # the e-guichet is not installed
        return
    if settings.oidc_issuer and not settings.oidc_client_id:
        raise ValueError("OIDC_ISSUER is set but OIDC_CLIENT_ID is not")
    fas.configure(
        portal, settings.oidc_issuer, settings.oidc_client_id, settings.oidc_client_secret
    )


def configure_payment_provider(portal, settings: Settings) -> None:
    """The e-guichet's online payment (MOLLIE_API_KEY, PUBLIC_URL), copied
    at each start; without a key, the bank transfer only."""
    try:
        from ville.eguichet.payment import provider
    except ImportError:  # the e-guichet is not installed
        return
    key = settings.mollie_api_key
    if key and not key.startswith(("test_", "live_")):
        raise ValueError("MOLLIE_API_KEY must start with test_ or live_")
    provider.configure(
        portal, key, settings.public_url, settings.mollie_api_endpoint
    )


def site_profiles():
    """The GenericSetup profiles that make a Plone site the project's, in order."""
    return BASE_PROFILES + installed_ville_profiles()


def upgrade_profiles(portal) -> list:
    """Run the pending upgrade steps of the project's installed profiles (an
    existing site started with newer code: its catalog indexes, metadata
    and workflows brought up to date before it serves). Returns the
    profiles upgraded."""
    setup = portal.portal_setup
    upgraded = []
    for profile_id in installed_ville_profiles():
        if setup.getLastVersionForProfile(profile_id) == "unknown":
            continue  # not installed in this site
        if setup.listUpgrades(profile_id):
            setup.upgradeProfile(profile_id)
            upgraded.append(profile_id)
            logger.info("%s upgraded to %s", profile_id,
                        setup.getLastVersionForProfile(profile_id))
    return upgraded


def _run_profile(portal, profile_id):
    portal.portal_setup.runAllImportStepsFromProfile(f"profile-{profile_id}")


def install(portal, loaded, run_profile=_run_profile):
    """Make a plain Plone site the project's: the add-ons' profiles, then each
    add-on's part of the municipality profile (``loaded``: what load_all
    checked, before anything is written). The one set-up of the project's
    site: ``ville-site-setup`` (make run, buildout, deploy/cluster.py, bench)
    and the test layers (tests/layers.py, with plone.app.testing's
    applyProfile as ``run_profile``) all come here."""
    for profile in site_profiles():
        run_profile(portal, profile)
    apply_all(portal, loaded)


def create_site(app, settings: Settings, loaded):
    """Add the Plone site and apply the municipality profile to it."""
    from Products.CMFPlone.factory import addPloneSite
    from zope.component.hooks import setSite

    identity = loaded[0][1] if loaded else {}
    portal = addPloneSite(
        app,
        settings.site_id,
        title=identity.get("name", "Plone"),
        description=identity.get("description", ""),
        setup_content=False,
        default_language=identity.get("language", "fr"),
        portal_timezone=identity.get("timezone", "Europe/Brussels"),
    )
    setSite(portal)
    install(portal, loaded)
    return portal


def ensure_site(app, settings: Settings) -> bool:
    """Create the site if missing; return True when it was created."""
    from zope.component.hooks import setSite

    from AccessControl.SecurityManagement import newSecurityManager

    loaded = load_all(settings.profile_dir)
    ensure_admin(app, settings)
    # Create as the admin, not as Zope's "system" user: content made by the
    # profiles gets a real owner, as if it had been made through the web.
    admin = app.acl_users.getUser(settings.admin_user)
    newSecurityManager(None, admin.__of__(app.acl_users))
    created = False
    if settings.site_id not in app.objectIds():
        portal = create_site(app, settings, loaded)
        created = True
    else:
        portal = app[settings.site_id]
        setSite(portal)
        upgrade_profiles(portal)
    configure_mail(portal, settings, loaded)
    configure_identity_provider(portal, settings)
    configure_payment_provider(portal, settings)
    transaction.get().note(
        f"ville_site: {'created' if created else 'checked'} {settings.site_id}"
    )
    transaction.commit()
    return created


def _abort():
    """Abort the creation transaction, leaving nothing behind.

    The half-made site may still be the active component site: leave it first,
    or the abort of its indexing queue looks up utilities in a broken place."""
    from zope.component.hooks import setSite

    setSite(None)
    try:
        transaction.abort()
    except Exception:
        logger.exception("aborting the site creation failed")


def open_app(zope_conf):
    """Zope's root object from a zope.conf, in this process: with a request
    (also as the global one) and Zope's "system" user, as scripts that work
    on the database need it (site creation, bench/*.py)."""
    import Zope2
    from AccessControl.SecurityManagement import newSecurityManager
    from AccessControl.users import system
    from Testing.makerequest import makerequest
    from Zope2.Startup.run import make_wsgi_app
    from zope.globalrequest import setRequest

    make_wsgi_app({}, str(zope_conf))
    app = makerequest(Zope2.app())
    app.REQUEST["PARENTS"] = [app]
    setRequest(app.REQUEST)
    newSecurityManager(None, system)
    return app


def set_caching_proxies(app, settings: Settings, urls) -> None:
    """Point the site's purging at the caching proxies (deploy/cluster.py:
    its Varnish); a ValueError on a URL that is not http(s)."""
    from zope.component.hooks import setSite

    setSite(app[settings.site_id])
    from ville.policy.caching.proxies import set_caching_proxies as set_proxies

    set_proxies(list(urls))
    transaction.get().note("ville_site: caching proxy set")
    transaction.commit()


def _arguments(argv):
    import argparse

    parser = argparse.ArgumentParser(
        prog="ville-site-setup",
        description="Create the Plone site from the municipality profile if missing.",
    )
    parser.add_argument("zope_conf", nargs="?",
                        help="the instance's zope.conf (default: $VAR_DIR/instance/etc)")
    parser.add_argument("--caching-proxy", action="append", default=[], metavar="URL",
                        help="a caching proxy to purge (Varnish), e.g. http://127.0.0.1:6081")
    return parser.parse_args(argv)


def main(argv=None) -> int:
    """Console script: ville-site-setup [zope.conf] [--caching-proxy URL]."""
    args = _arguments(sys.argv[1:] if argv is None else argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    try:
        settings = from_environ()
        app = open_app(args.zope_conf or settings.instance_dir / "etc/zope.conf")
        created = ensure_site(app, settings)
        if args.caching_proxy:
            set_caching_proxies(app, settings, args.caching_proxy)
    except ValueError as error:
        _abort()
        print(f"error: {error}", file=sys.stderr)
        return 1
    except Exception as error:  # one clear line, the traceback in the log
        _abort()
        logger.debug("site creation failed", exc_info=True)
        if os.environ.get("VILLE_DEBUG"):
            raise
        print(f"error: the site could not be created: {error!r}", file=sys.stderr)
        return 1
    verb = "created" if created else "found"
    purging = f"; purging {', '.join(args.caching_proxy)}" if args.caching_proxy else ""
    print(f"site {settings.site_id!r} {verb} (profile {settings.profile}){purging}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
