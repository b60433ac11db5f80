"""Catalog indexers of the municipality's types.

``ville_start`` / ``ville_end`` feed the ``ville_period`` DateRangeIndex (an
open end means "until further notice"); ``start`` / ``end`` feed Plone's
date indexes, so that upcoming and finished roadworks are plain range queries
against the current time: no re-indexing is needed when a date passes.
"""

from plone.indexer import indexer
from plone.i18n.normalizer.base import baseNormalize
from ville.policy.content.premises import ICommercialPremises
from ville.policy.content.quickaccess import IAlert
from ville.policy.content.roadwork import IRoadwork
from ville.policy.content.shop import IShop
from ville.policy.dates import as_DateTime
from ville.policy.dates import day_end
from ville.policy.dates import day_start


@indexer(IRoadwork)
def roadwork_start(obj):
    return day_start(obj.start) if obj.start else None


@indexer(IRoadwork)
def roadwork_end(obj):
    return day_end(obj.end) if obj.end else None


@indexer(IAlert)
def alert_start(obj):
    return as_DateTime(obj.start)


@indexer(IAlert)
def alert_end(obj):
    return as_DateTime(obj.end)


@indexer(IShop)
def shop_title_initial(obj):
    """A-Z letter of the directory: 'É' is under E, digits under '#'."""
    title = baseNormalize(obj.Title() or "").strip().upper()
    if not title:
        return None
    return title[0] if "A" <= title[0] <= "Z" else "#"


def _text(*parts):
    return " ".join(str(part) for part in parts if part)


@indexer(IShop)
def shop_searchable_text(obj):
    from ville.policy.vocabularies import shop_categories

    label = dict(shop_categories()).get(obj.category, "")
    return _text(
        obj.Title(), obj.Description(), label, obj.street, obj.postal_code,
        obj.city, obj.opening_hours,
    )


@indexer(IRoadwork)
def roadwork_searchable_text(obj):
    return _text(
        obj.Title(), obj.Description(), obj.location, obj.village, obj.detour
    )


@indexer(ICommercialPremises)
def premises_searchable_text(obj):
    return _text(obj.Title(), obj.Description(), obj.street, obj.city)
