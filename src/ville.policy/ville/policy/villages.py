"""The villages of the municipality: the roadwork's ``village`` is one of them.

The list is the profile's (``tree.yaml`` ``villages``, registry
``ville.municipality.villages``). The field is a choice in the forms but
stays a plain string in REST answers (the first wave's contract): the field
is marked :class:`IPlainChoice`, serialised as its value, not as
``{"token", "title"}``.
"""

from plone import api
from plone.dexterity.interfaces import IDexterityContent
from plone.restapi.interfaces import IFieldSerializer
from plone.restapi.serializer.dxfields import DefaultFieldSerializer
from zope.component import adapter
from zope.interface import implementer
from zope.interface import Interface
from zope.schema.interfaces import IChoice

import re
import unicodedata


class IPlainChoice(IChoice):
    """A choice whose REST value is the stored string itself."""


@implementer(IFieldSerializer)
@adapter(IPlainChoice, IDexterityContent, Interface)
class PlainChoiceSerializer(DefaultFieldSerializer):
    """The stored value, as for a text line."""


def configured():
    """The profile's villages, in the profile's order."""
    return list(
        api.portal.get_registry_record("ville.municipality.villages", default=[])
        or []
    )


def village_key(text):
    """Case, accent, space and hyphen-insensitive key: "Haut Bois",
    "haut-bois" and "HAUT BOIS" share one."""
    text = unicodedata.normalize("NFKD", text or "")
    text = "".join(c for c in text if not unicodedata.combining(c))
    return re.sub(r"[\s\-‐‑–_']+", "", text).casefold()


def match_village(value, villages=None):
    """The configured village ``value`` means, or None when none matches."""
    villages = configured() if villages is None else villages
    key = village_key(value)
    if not key:
        return None
    for village in villages:
        if village_key(village) == key:
            return village
    return None
