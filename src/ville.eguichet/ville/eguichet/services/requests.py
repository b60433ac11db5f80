"""GET <portal>/@eguichet-requests: the requests the caller may see."""

from plone import api
from plone.restapi.batching import HypermediaBatch
from plone.restapi.services import Service
from ville.eguichet import _
from ville.eguichet import engine
from ville.eguichet.identity import level_of
from ville.eguichet.query import search_requests
from zope.i18n import translate


def summary(brain_or_request, agent: bool) -> dict:
    request = brain_or_request
    item = {
        "@id": request.absolute_url(),
        "@type": request.portal_type,
        "reference": request.reference,
        "title": request.Title(),
        "review_state": api.content.get_state(request),
        "procedure": request.procedure_title,
        "procedure_uid": request.procedure_uid,
        "created": request.submitted.isoformat() if request.submitted else None,
        "fee": None if request.fee is None else str(request.fee),
        "paid": bool(request.paid),
        "payment_method": getattr(request, "payment_method", None),
    }
    if agent:
        item["requester"] = request.requester
        item["requester_name"] = request.requester_name
        item["identity_level"] = level_of(request)
    return item


class RequestsGet(Service):
    def reply(self):
        if api.user.is_anonymous():
            self.request.response.setStatus(401)
            return {
                "error": {
                    "type": "Unauthorized",
                    "message": translate(_("Please log in."), context=self.request),
                }
            }
        store = engine.get_store()
        agent = engine.is_agent(store)
        form = self.request.form
        try:
            limit = max(0, int(form.get("b_start", 0))) + max(1, int(form.get("b_size", 25)))
        except ValueError:
            limit = None
        brains = search_requests(
            sort_limit=limit,
            procedure=form.get("procedure"),
            review_state=form.get("review_state"),
            identity_level=form.get("identity_level") if agent else None,
            text=form.get("q"),
            own_only=not agent,
            sort_on=form.get("sort_on", "created"),
            sort_order=form.get("sort_order", "descending"),
        )
        batch = HypermediaBatch(self.request, brains)
        result = {
            "@id": batch.canonical_url,
            "items_total": batch.items_total,
            "items": [summary(brain.getObject(), agent) for brain in batch],
        }
        links = batch.links
        if links:
            result["batching"] = links
        return result
