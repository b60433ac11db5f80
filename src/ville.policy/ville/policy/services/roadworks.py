"""``GET /@roadworks?status=ongoing&status=upcoming&village=Nord``

Returns ``{"@id", "items": [...], "items_total"}``, each item the catalog
summary plus ``location``, ``village``, ``start``, ``end``, ``impact`` and
``roadwork_status``; ongoing then upcoming (soonest first) by default, the
finished ones when asked. Only what the caller may see.
"""

from plone.dexterity.interfaces import IDexterityContent
from plone.restapi.interfaces import ISerializeToJson
from plone.restapi.interfaces import ISerializeToJsonSummary
from plone.restapi.serializer.dxcontent import SerializeToJson
from plone.restapi.services import Service
from ville.policy import api as ville_api
from ville.policy.content.roadwork import IRoadwork
from ville.policy.interfaces import IBrowserLayer
from zope.component import adapter
from zope.component import getMultiAdapter
from zope.interface import implementer


@implementer(ISerializeToJson)
@adapter(IRoadwork, IBrowserLayer)
class RoadworkSerializer(SerializeToJson):
    """The stock serialization plus the status derived from the dates."""

    def __call__(self, version=None, include_items=True):
        result = super().__call__(version=version, include_items=include_items)
        result["roadwork_status"] = ville_api.roadwork_status(self.context)
        return result


class RoadworksGet(Service):
    def reply(self):
        statuses = self.request.form.get("status") or ["ongoing", "upcoming"]
        if isinstance(statuses, str):
            statuses = [statuses]
        unknown = [s for s in statuses if s not in ville_api.STATUSES]
        if unknown:
            self.request.response.setStatus(400)
            return {
                "error": {
                    "type": "BadRequest",
                    "message": f"unknown status {unknown[0]!r}: one of "
                    f"{', '.join(ville_api.STATUSES)}",
                }
            }
        query = {}
        if IDexterityContent.providedBy(self.context):
            query["path"] = "/".join(self.context.getPhysicalPath())
        village = self.request.form.get("village") or None
        items = []
        for brain in ville_api.roadworks(tuple(statuses), village=village, **query):
            summary = getMultiAdapter((brain, self.request), ISerializeToJsonSummary)()
            obj = brain.getObject()
            summary.update(
                {
                    "location": obj.location,
                    "village": obj.village,
                    "start": obj.start.isoformat() if obj.start else None,
                    "end": obj.end.isoformat() if obj.end else None,
                    "impact": obj.impact,
                    "roadwork_status": ville_api.roadwork_status(brain),
                }
            )
            items.append(summary)
        return {
            "@id": f"{self.context.absolute_url()}/@roadworks",
            "items": items,
            "items_total": len(items),
        }
