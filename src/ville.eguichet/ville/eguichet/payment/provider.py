"""The site's payment provider, from its settings (the interface:
:mod:`.interface`).

A provider creates a payment (amount, description, redirect URL, webhook
URL, metadata) and answers with its id and the URL of its checkout page;
it tells a payment's status when asked; it refunds a paid payment. The
site never believes a payment's status from anyone but its provider.

The provider's settings come from the environment (``MOLLIE_API_KEY``,
``PUBLIC_URL``) and are copied into the site at each start
(:func:`configure`, called by ``ville_site``); without a key the site
offers the bank transfer only.
"""

from persistent.mapping import PersistentMapping
from plone import api
from ville.eguichet.payment import interface
from zope.annotation.interfaces import IAnnotations


KEY = "ville.eguichet.payment.provider"

# The interface, for the callers of this module.
OPEN, PENDING, PAID, FAILED = interface.OPEN, interface.PENDING, interface.PAID, interface.FAILED
UNSUCCESSFUL = interface.UNSUCCESSFUL
ProviderUnavailable = interface.ProviderUnavailable
PaymentNotFound = interface.PaymentNotFound


def configure(portal, api_key: str = "", public_url: str = "",
              api_endpoint: str = "") -> bool:
    """Copy the environment's settings into the site (at each start). True
    when online payment is on."""
    annotations = IAnnotations(portal)
    if not api_key:
        if KEY in annotations:
            del annotations[KEY]
        return False
    annotations[KEY] = PersistentMapping(
        provider="mollie",
        api_key=api_key,
        public_url=(public_url or "").rstrip("/"),
        api_endpoint=(api_endpoint or "").rstrip("/"),
    )
    return True


def settings(portal=None) -> dict:
    portal = portal if portal is not None else api.portal.get()
    return dict(IAnnotations(portal).get(KEY) or {})


def enabled(portal=None) -> bool:
    return bool(settings(portal).get("api_key"))


def public_url(portal=None) -> str:
    """The site's address as the provider reaches it: ``PUBLIC_URL`` (the
    portal's public address, e.g. ``https://www.ville.be`` behind the
    town's virtual host), else the address of this request's portal."""
    portal = portal if portal is not None else api.portal.get()
    return settings(portal).get("public_url") or portal.absolute_url()


def get_provider(portal=None) -> interface.PaymentProvider | None:
    """The site's provider, or None when online payment is off."""
    found = settings(portal)
    if not found.get("api_key"):
        return None
    from ville.eguichet.payment.mollie import MollieProvider

    return MollieProvider(
        found["api_key"], api_endpoint=found.get("api_endpoint") or "",
        methods=_methods(portal),
    )


def _methods(portal) -> tuple:
    from ville.eguichet.documents.config import site_config

    try:
        methods = site_config(portal)["payment"].get("online_methods")
    except Exception:
        methods = None
    return tuple(methods or ("bancontact", "creditcard"))
