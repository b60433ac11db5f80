"""The commercial directory (``@@shops.csv``, ``@@shops.geojson``) and the
vacant premises (``@@premises.csv``, ``@@premises.geojson``): the fields
their public pages show, nothing more.

CSV as Belgian spreadsheets open it: semicolon-separated, UTF-8 with a BOM,
one header line of stable column ids. Premises carry no position: their
GeoJSON features have a null geometry (RFC 7946 allows it).
"""

from plone import api
from ville.policy.opendata.feed import feature_collection
from ville.policy.opendata.feed import FeedView
from ville.policy.opendata.feed import point
from ville.policy.vocabularies import PremisesAvailabilityVocabulary
from ville.policy.vocabularies import PremisesKindsVocabulary
from ville.policy.vocabularies import shop_categories

import csv
import io


SHOP_COLUMNS = (
    "title", "description", "category", "category_label", "street",
    "postal_code", "city", "phone", "email", "website", "facebook",
    "opening_hours", "latitude", "longitude", "url",
)
PREMISES_COLUMNS = (
    "title", "description", "street", "postal_code", "city", "kind",
    "kind_label", "surface", "rent", "price", "availability",
    "availability_label", "available_from", "energy_class", "contact", "url",
)
# The listing shows these; let or sold premises are not offered any more.
OFFERED = ["available", "option"]


def to_csv(columns, rows) -> bytes:
    out = io.StringIO(newline="")
    writer = csv.DictWriter(out, columns, delimiter=";", lineterminator="\r\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({k: "" if row[k] is None else row[k] for k in columns})
    return ("\ufeff" + out.getvalue()).encode("utf-8")


class DirectoryFeed(FeedView):
    def brains(self):
        raise NotImplementedError

    def rows(self):
        """(brain, object, row dict) of each item, in the listing's order."""
        for brain in self.brains():
            obj = brain.getObject()
            yield brain, obj, self.row(brain, obj)

    def geojson(self):
        return feature_collection(
            (brain.UID, self.geometry(obj), row) for brain, obj, row in self.rows()
        )

    def geometry(self, obj):
        return None


class ShopsFeed(DirectoryFeed):
    """``?category=`` filters as on the directory."""

    def brains(self):
        query = {
            "portal_type": "Shop",
            "path": "/".join(self.context.getPhysicalPath()),
            "sort_on": "sortable_title",
        }
        if self.params("category"):
            query["category"] = self.params("category")
        return api.portal.get_tool("portal_catalog")(**query)

    def row(self, brain, obj):
        labels = getattr(self, "_labels", None)
        if labels is None:
            labels = self._labels = dict(shop_categories())
        return {
            "title": obj.title,
            "description": obj.description or "",
            "category": obj.category,
            "category_label": labels.get(obj.category, ""),
            "street": obj.street,
            "postal_code": obj.postal_code,
            "city": obj.city,
            "phone": obj.phone,
            "email": obj.email,
            "website": obj.website,
            "facebook": obj.facebook,
            "opening_hours": obj.opening_hours,
            "latitude": obj.latitude,
            "longitude": obj.longitude,
            "url": brain.getURL(),
        }

    def geometry(self, obj):
        return point(obj.latitude, obj.longitude)


class ShopsCSV(ShopsFeed):
    media_type = "text/csv; charset=utf-8"
    filename = "shops.csv"

    def render(self):
        return to_csv(SHOP_COLUMNS, (row for _b, _o, row in self.rows()))


class ShopsGeoJSON(ShopsFeed):
    media_type = "application/geo+json; charset=utf-8"
    filename = "shops.geojson"

    def render(self):
        return self.geojson()


class PremisesFeed(DirectoryFeed):
    """``?kind=`` filters as on the listing."""

    def brains(self):
        query = {
            "portal_type": "CommercialPremises",
            "path": "/".join(self.context.getPhysicalPath()),
            "availability": OFFERED,
            "sort_on": "surface",
        }
        kinds = [k for k in self.params("kind") if k in dict(PremisesKindsVocabulary.items)]
        if kinds:
            query["kind"] = kinds
        return api.portal.get_tool("portal_catalog")(**query)

    def row(self, brain, obj):
        kinds = dict(PremisesKindsVocabulary.items)
        availability = dict(PremisesAvailabilityVocabulary.items)
        return {
            "title": obj.title,
            "description": obj.description or "",
            "street": obj.street,
            "postal_code": obj.postal_code,
            "city": obj.city,
            "kind": obj.kind,
            "kind_label": self.translate(kinds.get(obj.kind)),
            "surface": obj.surface,
            "rent": obj.rent,
            "price": obj.price,
            "availability": obj.availability,
            "availability_label": self.translate(availability.get(obj.availability)),
            "available_from": obj.available_from.isoformat() if obj.available_from else None,
            "energy_class": obj.energy_class,
            "contact": obj.contact,
            "url": brain.getURL(),
        }


class PremisesCSV(PremisesFeed):
    media_type = "text/csv; charset=utf-8"
    filename = "premises.csv"

    def render(self):
        return to_csv(PREMISES_COLUMNS, (row for _b, _o, row in self.rows()))


class PremisesGeoJSON(PremisesFeed):
    media_type = "application/geo+json; charset=utf-8"
    filename = "premises.geojson"

    def render(self):
        return self.geojson()
