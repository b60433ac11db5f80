"""The citizen's side: own requests, tracking link, thank-you page."""

from hmac import compare_digest
from plone import api
from Products.Five.browser import BrowserView
from plone.protect import CheckAuthenticator
from ville.eguichet import _
from ville.eguichet import engine
from ville.eguichet.validation import check_attachment
from ville.eguichet.browser import common
from ville.eguichet.browser.payment import pay_form
from ville.eguichet.browser.request import find_file
from ville.eguichet.documents.fees import format_amount
from ville.eguichet.privacy import masked_values
from ville.eguichet.query import search_requests
from ville.eguichet.states import transition_done
from zExceptions import NotFound
from zExceptions import Unauthorized


def request_summary(request, http_request):
    state = api.content.get_state(request)
    url = request.absolute_url()
    return {
        "url": url,
        "reference": request.reference,
        "procedure": request.procedure_title,
        "submitted": common.format_date(request.submitted),
        "state": common.state_title(state, http_request),
        "state_id": state,
        "state_class": common.STATE_CLASSES.get(state, "secondary"),
        "history": [
            {"time": common.format_date(e["time"]),
             "state": common.state_title(e["state"], http_request),
             "comment": e["comment"]}
            for e in engine.public_history(request)
        ],
        "documents": [
            {"name": d.filename, "url": f"{url}/@@eguichet-file/documents/{i}"}
            for i, d in enumerate(request.documents)
        ],
        "awaiting": state == "awaiting_citizen",
        "fee": None if request.fee is None else format_amount(request.fee),
        "communication": request.structured_communication,
        "paid": request.paid,
        "receipt_url": f"{url}/@@eguichet-recu",
        "payment_box": pay_form(request, http_request),
    }


class MyRequestsView(BrowserView):
    """@@mes-demandes: the member's own requests."""

    def __call__(self):
        if api.user.is_anonymous():
            raise Unauthorized("Log in to see your requests")
        return self.index()

    def requests(self):
        current, finished = [], []
        for brain in search_requests(own_only=True):
            summary = request_summary(brain.getObject(), self.request)
            (finished if summary["state_id"] in engine.FINAL_STATES else current).append(summary)
        return {"current": current, "finished": finished}

    def drafts(self):
        from ville.eguichet.browser.drafts import draft_items

        return draft_items()


class TrackingView(BrowserView):
    """@@eguichet-suivi?reference=...&token=...: one anonymous request,
    read-only. The same "not found" for a wrong reference or token."""

    def lookup(self):
        reference = str(self.request.form.get("reference") or "")
        token = str(self.request.form.get("token") or "")
        store = engine.get_store()
        if store is None or not reference or not token:
            return None
        request = store._getOb(reference, None) if reference in store else None
        secret = getattr(request, "tracking_token", None)
        if not secret or not compare_digest(secret.encode(), token.encode()):
            return None
        return request

    def __call__(self):
        request = self.lookup()
        if request is None:
            raise NotFound("No such request")
        self.request.response.setHeader("Cache-Control", "private, no-store")
        self.request.response.setHeader("Referrer-Policy", "no-referrer")
        self.request.response.setHeader("X-Robots-Tag", "noindex")
        if self.request.method == "POST":
            return self.reply(request)
        document = self.request.form.get("document")
        if document is not None:
            blob = find_file(request, "documents", document)
            if blob is None:
                raise NotFound("No such file")
            return common.stream_file(blob, self.request.response)
        self.item = request_summary(request, self.request)
        base = f"{api.portal.get().absolute_url()}/@@eguichet-suivi?reference={request.reference}&token={request.tracking_token}"
        for index, doc in enumerate(self.item["documents"]):
            doc["url"] = f"{base}&document={index}"
        self.item["receipt_url"] = base.replace("@@eguichet-suivi", "@@eguichet-recu")
        self.authenticator = api.portal.get().restrictedTraverse("@@authenticator").token()
        labels = common.labels_for(request)
        form, fields = common.fields_for(request)
        self.rows = [
            {"label": labels.get(k, k), "value": common.display(v, fields.get(k), form)}
            for k, v in masked_values(request.values, request=request).items()
        ]
        return self.index()


    def reply(self, request):
        """The anonymous requester answers an agent's question (provide_info)."""
        CheckAuthenticator(self.request)
        url = (f"{api.portal.get().absolute_url()}/@@eguichet-suivi"
               f"?reference={request.reference}&token={request.tracking_token}")
        self.request.response.redirect(url)
        if api.content.get_state(request) != "awaiting_citizen":
            return ""
        comment = (self.request.form.get("comment") or "").strip()
        if not comment:
            common.status(self.request, _("Write your reply."), "error")
            return ""
        files = common.uploaded_files(self.request, "files")
        common.check_reply_limits(self.request, len(files))
        for blob in files:
            message = check_attachment(blob, self.request)
            if message:
                common.status(self.request, f"{blob.filename}: {message}", "error")
                return ""
        # The token stands for the requester: act with the Owner role on
        # this one request only.
        with api.env.adopt_roles(["Owner"]):
            if files:
                request.citizen_files = list(request.citizen_files) + files
            api.portal.get_tool("portal_workflow").doActionFor(
                request, "provide_info", comment=comment
            )
        common.record_reply(self.request, len(files))
        common.status(self.request, transition_done("provide_info", self.request))
        return ""


class ThanksView(BrowserView):
    """After a submission: the reference, never the submitted values."""

    def reference(self):
        value = str(self.request.form.get("reference") or "")
        return value[:40]

    def member(self):
        return not api.user.is_anonymous()

    def receipt_url(self):
        """The PDF receipt of the request just sent: the member's own, or
        the anonymous requester's through the tracking token."""
        reference = self.reference()
        store = engine.get_store()
        if not reference or store is None:
            return None
        if self.member():
            request = store._getOb(reference, None) if reference in store else None
            if request is None or request.requester != api.user.get_current().getId():
                return None
            return f"{request.absolute_url()}/@@eguichet-recu"
        request = TrackingView(self.context, self.request).lookup()
        if request is None:
            return None
        self.request.response.setHeader("Referrer-Policy", "no-referrer")
        return (
            f"{api.portal.get().absolute_url()}/@@eguichet-recu"
            f"?reference={request.reference}&token={request.tracking_token}"
        )
