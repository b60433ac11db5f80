"""Where the municipality's choices live on the site.

Each document form carries its procedure's configuration (kind, purposes and
fees, in-person rule) in an annotation and provides
:class:`IDocumentForm`, so a form is self-describing; the site carries the
desk, payment and retention settings in a portal annotation. Both are plain
dicts, replaced as a whole by the profile importer.
"""

from copy import deepcopy
from plone import api
from zope.annotation.interfaces import IAnnotations
from zope.interface import Interface


KEY = "ville.eguichet.documents"
SITE_DEFAULTS = {
    "desk": {"title": "État civil / Population", "opening_hours": {}},
    "payment": {"iban": "", "bic": "", "beneficiary": "", "days": 15},
    "retention": {"days": 365, "third_party_days": 180, "draft_days": 30},
}


class IDocumentForm(Interface):
    """Marker of an easyform that orders one of the civil-status documents."""


def set_form_config(form, config: dict) -> None:
    IAnnotations(form)[KEY] = deepcopy(config)


def form_config(form) -> dict:
    """The procedure configuration of a document form, or {}."""
    try:
        return deepcopy(IAnnotations(form).get(KEY) or {})
    except TypeError:  # not annotatable
        return {}


def set_site_config(portal, config: dict) -> None:
    IAnnotations(portal)[KEY] = deepcopy(config)


def site_config(portal=None) -> dict:
    """Desk, payment and retention settings of the site (defaults filled)."""
    portal = portal if portal is not None else api.portal.get()
    stored = IAnnotations(portal).get(KEY) or {}
    merged = deepcopy(SITE_DEFAULTS)
    for key, value in stored.items():
        if isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key].update(deepcopy(value))
        else:
            merged[key] = deepcopy(value)
    return merged


def int_setting(name, default):
    """A whole-number registry record ``ville.eguichet.<name>`` (a delay)."""
    value = api.portal.get_registry_record(f"ville.eguichet.{name}", default=None)
    return default if value is None else int(value)
