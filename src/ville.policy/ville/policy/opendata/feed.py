"""What every feed view shares: its media type, an inline file name, CORS
for reuse by other sites' scripts (public data only), and a GeoJSON
builder."""

from Products.Five.browser import BrowserView
from zope.i18n import translate

import json


class FeedView(BrowserView):
    media_type = "application/octet-stream"
    filename = "feed"

    def render(self):
        raise NotImplementedError

    def translate(self, msgid):
        return translate(msgid, context=self.request) if msgid else ""

    def params(self, name):
        """Every value of a query parameter (repeated or comma-separated)."""
        raw = self.request.form.get(name, [])
        raw = raw if isinstance(raw, (list, tuple)) else [raw]
        return [
            part.strip()
            for value in raw
            if isinstance(value, str)
            for part in value.split(",")
            if part.strip()
        ]

    def __call__(self):
        body = self.render()
        response = self.request.response
        response.setHeader("Content-Type", self.media_type)
        response.setHeader(
            "Content-Disposition", f'inline; filename="{self.filename}"'
        )
        response.setHeader("Access-Control-Allow-Origin", "*")
        return body


def point(latitude, longitude):
    """A GeoJSON Point (longitude first, RFC 7946), or None without both."""
    if latitude is None or longitude is None:
        return None
    return {"type": "Point", "coordinates": [round(longitude, 6), round(latitude, 6)]}


def feature_collection(features) -> str:
    """A GeoJSON FeatureCollection of (id, geometry, properties)."""
    return json.dumps(
        {
            "type": "FeatureCollection",
            "features": [
                {
                    "type": "Feature",
                    "id": ident,
                    "geometry": geometry,
                    "properties": properties,
                }
                for ident, geometry, properties in features
            ],
        },
        ensure_ascii=False,
    )
