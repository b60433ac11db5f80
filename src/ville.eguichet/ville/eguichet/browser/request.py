"""The request page (agent or requester), its actions and its files."""

from plone import api
from plone.protect import CheckAuthenticator
from Products.CMFCore.WorkflowCore import WorkflowException
from Products.Five.browser import BrowserView
from ville.eguichet import _
from ville.eguichet import engine
from ville.eguichet.browser import common
from ville.eguichet.browser.paths import hide_public_columns
from ville.eguichet.content import answered_by_citizen
from ville.eguichet.states import transition_done
from ville.eguichet.documents.fees import format_amount
from ville.eguichet.identity import LEVEL_TITLES
from ville.eguichet.identity import level_of
from ville.eguichet.privacy import masked_values
from ville.eguichet.validation import check_attachment
from ville.eguichet.payment.service import SYSTEM_TRANSITIONS
from zExceptions import BadRequest
from zExceptions import NotFound
from zExceptions import Unauthorized
from zope.i18n import translate
from zope.interface import implementer
from zope.publisher.interfaces import IPublishTraverse


class RequestView(BrowserView):
    """All data for agents; masked data and public history for the requester."""

    def __call__(self):
        # No public sidebars; no staff toolbar for the requester either
        # (the store's "Show Toolbar", which requests acquire).
        hide_public_columns(self.request)
        return self.index()

    @property
    def agent(self):
        return engine.is_agent(self.context)

    def state(self):
        return api.content.get_state(self.context)

    def state_title(self):
        return common.state_title(self.state(), self.request, agent=self.agent)

    def answered(self):
        return self.agent and answered_by_citizen(self.context)

    def state_class(self):
        return common.STATE_CLASSES.get(self.state(), "secondary")

    def rows(self):
        values = self.context.values if self.agent else masked_values(self.context.values, request=self.context)
        labels = common.labels_for(self.context)
        form, fields = common.fields_for(self.context)
        url = self.context.absolute_url()
        rows = []
        for key, value in values.items():
            is_file = hasattr(value, "filename") and hasattr(value, "getSize")
            rows.append({
                "label": labels.get(key, key),
                "value": common.display(value, fields.get(key), form),
                "url": f"{url}/@@eguichet-file/values/{key}" if is_file else None,
            })
        return rows

    def files(self, kind):
        url = self.context.absolute_url()
        return [
            {"name": blob.filename, "url": f"{url}/@@eguichet-file/{kind}/{index}"}
            for index, blob in enumerate(getattr(self.context, kind, []) or [])
        ]

    def history(self):
        entries = self.context.history if self.agent else engine.public_history(self.context)
        result = []
        for entry in entries:
            action = entry.get("action")
            result.append({
                "time": common.format_date(entry.get("time")),
                "action": translate(
                    common.TRANSITION_TITLES.get(action, _("Submitted")), context=self.request
                ),
                "state": common.state_title(entry.get("state"), self.request, agent=self.agent),
                "actor": entry.get("actor") or "" if self.agent else "",
                "comment": entry.get("comment") or "",
                "public": entry.get("public", True),
            })
        return result

    def transitions(self):
        """The buttons under the comment box: the first moves the request
        forward (primary), a rejection is marked as such, never the main
        one; cancelling has its own confirmation step (``can_cancel``)."""
        wftool = api.portal.get_tool("portal_workflow")
        ids = [t["id"] for t in wftool.getTransitionsFor(self.context)
               if t["id"] != "cancel" and t["id"] not in SYSTEM_TRANSITIONS]
        forward = [i for i in ids if i != "reject"]
        return [
            {"id": id, "title": translate(
                common.TRANSITION_TITLES.get(id, id), context=self.request),
             "class": ("btn btn-outline-danger" if id == "reject" else
                       "btn btn-primary" if forward and id == forward[0] else
                       "btn btn-outline-primary")}
            for id in forward + [i for i in ids if i == "reject"]
        ]

    def can_cancel(self):
        wftool = api.portal.get_tool("portal_workflow")
        return any(t["id"] == "cancel" for t in wftool.getTransitionsFor(self.context))

    def identity_level(self):
        return level_of(self.context)

    def identity_title(self):
        return translate(LEVEL_TITLES[self.identity_level()], context=self.request)

    def submitted(self):
        return common.format_date(self.context.submitted)

    def fee(self):
        fee = self.context.fee
        return None if fee is None else format_amount(fee)

    def payment_box(self):
        """Online payment: method, provider id, refund (agents); "Payer"
        while it waits for its payment (the requester)."""
        from ville.eguichet.browser import payment

        if engine.is_agent(self.context):
            return payment.request_box(self.context, self.request)
        return payment.pay_form(self.context, self.request)


class TransitionView(BrowserView):
    """POST: transition, comment, public flag, files (documents or reply)."""

    def __call__(self):
        if self.request.method != "POST":
            raise BadRequest("POST only")
        CheckAuthenticator(self.request)
        transition = self.request.form.get("transition", "")
        if transition in SYSTEM_TRANSITIONS:
            raise BadRequest("A transition of the system")
        comment = (self.request.form.get("comment") or "").strip()
        public = self.request.form.get("public") not in (None, "", "0")
        files = common.uploaded_files(self.request, "files")
        # Agents are not limited; a requester's replies and files are.
        citizen = not engine.is_agent(self.context)
        if citizen:
            common.check_reply_limits(self.request, len(files))
        for blob in files:
            message = check_attachment(blob, self.request)
            if message:
                common.status(self.request, f"{blob.filename}: {message}", "error")
                return self._back()
        wftool = api.portal.get_tool("portal_workflow")
        allowed = [t["id"] for t in wftool.getTransitionsFor(self.context)]
        if transition not in allowed:
            raise Unauthorized("Transition not allowed")
        kind = files_kind(self.context, transition)
        try:
            if files:
                setattr(self.context, kind, list(getattr(self.context, kind, [])) + files)
            wftool.doActionFor(self.context, transition, comment=comment, public=public)
        except WorkflowException as error:
            import transaction

            transaction.doom()
            common.status(self.request, str(error), "error")
            return self._back()
        if citizen:
            common.record_reply(self.request, len(files))
        common.status(self.request, transition_done(transition, self.request))
        return self._back()

    def _back(self):
        self.request.response.redirect(self.context.absolute_url())
        return ""


# The requester's transitions: whatever they carry is the requester's.
REQUESTER_TRANSITIONS = ("provide_info", "cancel")


def files_kind(request, transition) -> str:
    """Where files sent with ``transition`` go: the town's ``documents``
    only from an agent's transition, else the requester's attachments."""
    if transition in REQUESTER_TRANSITIONS or not engine.is_agent(request):
        return "citizen_files"
    return "documents"


class MarkPaidView(BrowserView):
    """POST @@mark-paid (paid=1|0): an agent records the payment."""

    def __call__(self):
        if self.request.method != "POST":
            raise BadRequest("POST only")
        CheckAuthenticator(self.request)
        if not engine.is_agent(self.context):
            raise Unauthorized("Agents only")
        engine.mark_paid(self.context, self.request.form.get("paid", "1") != "0")
        common.status(self.request, _("Payment recorded."))
        self.request.response.redirect(self.context.absolute_url())
        return ""


@implementer(IPublishTraverse)
class FileView(BrowserView):
    """@@eguichet-file/<values|documents|citizen_files>/<key>."""

    def __init__(self, context, request):
        super().__init__(context, request)
        self.path = []

    def publishTraverse(self, request, name):
        self.path.append(name)
        return self

    def __call__(self):
        if len(self.path) != 2:
            raise NotFound("No such file")
        blob = find_file(self.context, *self.path)
        if blob is None:
            raise NotFound("No such file")
        return common.stream_file(blob, self.request.response)


def find_file(request, kind, key):
    if kind == "values":
        blob = request.values.get(key)
    elif kind in ("documents", "citizen_files"):
        items = getattr(request, kind, []) or []
        try:
            blob = items[int(key)]
        except (ValueError, IndexError):
            return None
    else:
        return None
    if not (hasattr(blob, "filename") and hasattr(blob, "getSize")):
        return None
    return blob
