"""Listing views of the roadworks, the commercial directory and the premises.

Clean, semantic markup (headings, a label on every filter, lists); CSS
classes prefixed ``ville-`` for the theme. Every query goes through the
catalog with the visitor's permissions, so private, pending, archived,
not-yet-published and expired items never show.
"""

from DateTime import DateTime
from plone import api
from plone.batching import Batch
from Products.Five.browser import BrowserView
from ville.policy import _
from ville.policy import api as ville_api
from ville.policy import dates
from ville.policy.vocabularies import RoadworkImpactsVocabulary
from ville.policy.vocabularies import RoadworkOperatorsVocabulary
from ville.policy.vocabularies import PremisesAvailabilityVocabulary
from ville.policy.vocabularies import PremisesKindsVocabulary
from ville.policy.vocabularies import shop_categories
from ville.policy.villages import configured as village_list
from ville.policy.villages import match_village
from zope.i18n import translate

import datetime
import string


def _path(context):
    return "/".join(context.getPhysicalPath())


class ListingView(BrowserView):
    def translate(self, msgid):
        return translate(msgid, context=self.request)

    def param(self, name):
        value = self.request.form.get(name, "")
        return value.strip() if isinstance(value, str) else ""

    def format_date(self, value):
        if value is None:
            return ""
        if isinstance(value, datetime.date) and not isinstance(
            value, datetime.datetime
        ):
            # A calendar date: noon UTC stays on the same day whatever time
            # zone the formatting converts to.
            value = DateTime(value.year, value.month, value.day, 12, 0, 0, "UTC")
            return api.portal.get_localized_time(value, long_format=False)
        return dates.localized_time(value)


class RoadworksView(ListingView):
    """``/travaux``: ongoing and upcoming roadworks, soonest first.

    ``?village=Nord`` filters by village; ``?finished=1`` adds the finished
    ones (most recent first).
    """

    def village(self):
        # An old link's spelling ("Haut Bois") finds the profile's village.
        value = self.param("village")
        return match_village(value) or value

    def show_finished(self):
        return self.param("finished") == "1"

    def villages(self):
        """The profile's villages: one entry per village, whatever was typed
        before the field became a choice (the 1004 upgrade maps old values)."""
        configured = village_list()
        if configured:
            return configured
        return sorted(
            {
                brain.village
                for brain in ville_api.roadworks(
                    ("ongoing", "upcoming", "finished"), path=_path(self.context)
                )
                if brain.village
            }
        )

    def groups(self):
        statuses = [
            ("ongoing", _("Ongoing roadworks")),
            ("upcoming", _("Upcoming roadworks")),
        ]
        if self.show_finished():
            statuses.append(("finished", _("Finished roadworks")))
        impacts = dict(RoadworkImpactsVocabulary.items)
        operators = dict(RoadworkOperatorsVocabulary.items)
        groups = []
        for status, heading in statuses:
            items = []
            for brain in ville_api.roadworks(
                (status,), village=self.village() or None, path=_path(self.context)
            ):
                obj = brain.getObject()
                items.append(
                    {
                        "title": brain.Title,
                        "url": brain.getURL(),
                        "description": brain.Description,
                        "location": obj.location,
                        "village": obj.village,
                        "start": self.format_date(obj.start),
                        "end": self.format_date(obj.end) if obj.end else "",
                        "start_iso": obj.start.isoformat() if obj.start else "",
                        "end_iso": obj.end.isoformat() if obj.end else "",
                        "impact": self.translate(impacts.get(obj.impact, obj.impact or "")),
                        "impact_id": obj.impact,
                        "operator": self.translate(operators.get(obj.operator, "")),
                        "status": status,
                    }
                )
            groups.append(
                {"status": status, "heading": heading, "roadworks": items}
            )
        return groups


class ShopDirectoryView(ListingView):
    """``/economie/annuaire-commercial``: shops with category facets, text
    search (``q``), A-Z (``letter``) and paging (``b_start``, 20 a page)."""

    page_size = 20

    def can_import(self):
        return api.user.has_permission("ville.policy: Import shops", obj=self.context)

    def query(self, with_category=True, with_letter=True):
        query = {
            "portal_type": "Shop",
            "path": _path(self.context),
            "sort_on": "sortable_title",
        }
        text = self.param("q")
        if text:
            # Words as prefixes, so that "boul" finds "Boulangerie".
            words = [w for w in text.replace('"', " ").split() if w]
            query["SearchableText"] = " ".join(f"{w}*" for w in words)
        if with_category and self.param("category"):
            query["category"] = self.param("category")
        if with_letter and self.param("letter"):
            query["title_initial"] = self.param("letter")
        return query

    def results(self):
        catalog = api.portal.get_tool("portal_catalog")
        return catalog(**self.query())

    def batch(self):
        try:
            start = max(int(self.request.form.get("b_start", 0)), 0)
        except (TypeError, ValueError):
            start = 0
        return Batch(self.results(), self.page_size, start)

    def items(self):
        labels = dict(shop_categories())
        items = []
        for brain in self.batch():
            obj = brain.getObject()
            items.append(
                {
                    "title": brain.Title,
                    "url": brain.getURL(),
                    "description": brain.Description,
                    "category": labels.get(obj.category, ""),
                    "address": ", ".join(
                        part for part in (
                            obj.street, " ".join(
                                p for p in (obj.postal_code, obj.city) if p
                            )
                        ) if part
                    ),
                    "phone": obj.phone,
                    "phone_href": "tel:" + (obj.phone or "").replace(" ", ""),
                    "website": obj.website,
                }
            )
        return items

    def facets(self):
        catalog = api.portal.get_tool("portal_catalog")
        counts = {}
        for brain in catalog(**self.query(with_category=False)):
            counts[brain.category] = counts.get(brain.category, 0) + 1
        current = self.param("category")
        return [
            {
                "id": token,
                "label": label,
                "count": counts.get(token, 0),
                "current": token == current,
                "url": self.url(category=token, b_start=None),
            }
            for token, label in shop_categories()
            if counts.get(token) or token == current
        ]

    def letters(self):
        catalog = api.portal.get_tool("portal_catalog")
        present = {
            self._initial(brain.Title or "")
            for brain in catalog(**self.query(with_letter=False))
        }
        current = self.param("letter")
        return [
            {
                "letter": letter,
                "url": self.url(letter=letter, b_start=None) if letter in present else None,
                "current": letter == current,
            }
            for letter in list(string.ascii_uppercase) + ["#"]
        ]

    @staticmethod
    def _initial(title):
        from plone.i18n.normalizer.base import baseNormalize

        first = baseNormalize(title).strip().upper()[:1]
        return first if "A" <= first <= "Z" else "#"

    def url(self, **changes):
        from urllib.parse import urlencode

        params = {
            key: self.param(key) for key in ("q", "category", "letter")
            if self.param(key)
        }
        for key, value in changes.items():
            if value is None:
                params.pop(key, None)
            else:
                params[key] = value
        base = self.context.absolute_url()
        return f"{base}?{urlencode(params)}" if params else base

    def pages(self):
        batch = self.batch()
        if batch.lastpage <= 1:
            return []
        return [
            {
                "number": number,
                "url": self.url(b_start=(number - 1) * self.page_size),
                "current": number == batch.pagenumber,
            }
            for number in range(1, batch.lastpage + 1)
        ]

    def filtered(self):
        return any(self.param(key) for key in ("q", "category", "letter"))


class PremisesView(ListingView):
    """``/economie/cellules-commerciales``: premises available or under
    option; ``kind`` (shop, office, horeca), ``surface_min``/``surface_max``."""

    def number(self, name):
        value = self.param(name)
        return int(value) if value.isdigit() else None

    def kinds(self):
        current = self.param("kind")
        return [
            {"id": value, "label": label, "selected": value == current}
            for value, label in PremisesKindsVocabulary.items
        ]

    def items(self):
        catalog = api.portal.get_tool("portal_catalog")
        query = {
            "portal_type": "CommercialPremises",
            "path": _path(self.context),
            "availability": ["available", "option"],
            "sort_on": "surface",
        }
        if self.param("kind") in dict(PremisesKindsVocabulary.items):
            query["kind"] = self.param("kind")
        low, high = self.number("surface_min"), self.number("surface_max")
        if low is not None and high is not None:
            query["surface"] = {"query": (low, high), "range": "min:max"}
        elif low is not None:
            query["surface"] = {"query": low, "range": "min"}
        elif high is not None:
            query["surface"] = {"query": high, "range": "max"}
        kinds = dict(PremisesKindsVocabulary.items)
        availability = dict(PremisesAvailabilityVocabulary.items)
        items = []
        for brain in catalog(**query):
            obj = brain.getObject()
            items.append(
                {
                    "title": brain.Title,
                    "url": brain.getURL(),
                    "description": brain.Description,
                    "address": ", ".join(
                        p for p in (obj.street, " ".join(
                            x for x in (obj.postal_code, obj.city) if x)) if p
                    ),
                    "surface": obj.surface,
                    "kind": self.translate(kinds.get(obj.kind, "")),
                    "availability": self.translate(availability.get(obj.availability, "")),
                    "availability_id": obj.availability,
                    "rent": obj.rent,
                    "price": obj.price,
                    "available_from": self.format_date(obj.available_from),
                    "energy_class": obj.energy_class,
                }
            )
        return items
