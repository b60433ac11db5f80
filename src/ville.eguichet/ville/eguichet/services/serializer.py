"""A request's own URL through plone.restapi: its data, masked for citizens."""

from plone import api
from plone.restapi.interfaces import ISerializeToJson
from plone.restapi.serializer.converters import json_compatible
from ville.eguichet import engine
from ville.eguichet.identity import level_of
from ville.eguichet.interfaces import IEGuichetRequest
from ville.eguichet.privacy import masked_values
from zope.component import adapter
from zope.interface import implementer
from zope.publisher.interfaces import IRequest


def _value(request, key, value, index=None):
    if hasattr(value, "filename") and hasattr(value, "getSize"):
        url = f"{request.absolute_url()}/@@eguichet-file/values/{key}"
        return {"filename": value.filename, "size": value.getSize(),
                "content-type": value.contentType, "download": url}
    return json_compatible(value)


@implementer(ISerializeToJson)
@adapter(IEGuichetRequest, IRequest)
class SerializeRequestToJson:
    def __init__(self, context, request):
        self.context = context
        self.request = request

    def __call__(self, version=None, include_items=True, include_expansion=True):
        obj = self.context
        agent = engine.is_agent(obj)
        values = obj.values if agent else masked_values(obj.values, request=obj)
        history = obj.history if agent else engine.public_history(obj)
        url = obj.absolute_url()
        return json_compatible({
            "@id": url,
            "@type": obj.portal_type,
            "UID": api.content.get_uuid(obj),
            "id": obj.getId(),
            "title": obj.Title(),
            "reference": obj.reference,
            "review_state": api.content.get_state(obj),
            "procedure": obj.procedure_title,
            "procedure_uid": obj.procedure_uid,
            "requester": obj.requester if agent else None,
            "requester_name": obj.requester_name,
            "created": obj.submitted,
            "state_dates": dict(obj.state_dates),
            "fee": None if obj.fee is None else str(obj.fee),
            "structured_communication": obj.structured_communication,
            "paid": bool(obj.paid),
            "payment_method": getattr(obj, "payment_method", None),
            # How the requester was identified: for the agents only.
            "identity_level": level_of(obj) if agent else None,
            "nn_from_identity": bool(getattr(obj, "nn_from_identity", False))
            if agent else None,
            "values": {k: _value(obj, k, v) for k, v in values.items()},
            "documents": [
                {"filename": d.filename, "size": d.getSize(),
                 "download": f"{url}/@@eguichet-file/documents/{i}"}
                for i, d in enumerate(obj.documents)
            ],
            "history": [
                {k: v for k, v in entry.items() if agent or k != "actor"}
                for entry in history
            ],
        })
