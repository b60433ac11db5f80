"""``@workflow`` and ``@history`` of a request: what the caller may read.

DCWorkflow's ``workflow_history`` keeps every comment and the actor of each
transition; plone.restapi serves it as it is. The workflow's
``review_history`` variable is guarded for agents (see the workflow
definition), and these services, more specific than plone.restapi's,
give the requester the request's public history instead: comments marked
internal left out, "the municipality's services" for the agents.
"""

from plone.restapi.deserializer import json_body
from plone.restapi.serializer.converters import json_compatible
from plone.restapi.services import Service
from plone.restapi.services.history.get import HistoryGet
from plone.restapi.services.workflow.info import WorkflowInfo
from plone.restapi.services.workflow.transition import WorkflowTransition
from ville.eguichet import engine
from ville.eguichet import states
from zope.i18n import translate


def _time(entry):
    when = entry.get("time")
    return when.isoformat(timespec="seconds") if hasattr(when, "isoformat") else when


def _action(entry):
    action = entry.get("action")
    return None if action == "submit" else action


class RequestWorkflowGet(Service):
    """GET <request>/@workflow."""

    def reply(self):
        info = WorkflowInfo(self.context, self.request)(expand=True)["workflow"]
        if engine.is_agent(self.context):
            return info
        if isinstance(info.get("state"), dict):
            # The requester's words, not the workflow's (the agents').
            info["state"]["title"] = states.state_title(info["state"].get("id"), self.request)
        info["history"] = [
            {
                "action": _action(entry),
                "actor": entry["actor"],
                "comments": entry["comment"],
                "review_state": entry["state"],
                "time": _time(entry),
                "title": states.state_title(entry["state"], self.request),
            }
            for entry in engine.citizen_history(self.context, self.request)
        ]
        return json_compatible(info)


class RequestWorkflowTransition(WorkflowTransition):
    """POST <request>/@workflow/<transition>: plone.restapi's, with the
    ``public`` key of the body passed on. Without it a comment is internal
    (the transitions meant for the citizen are public whatever it says)."""

    public = False

    def reply(self):
        try:
            data = json_body(self.request)
        except Exception:
            data = {}
        self.public = data.get("public") is True if isinstance(data, dict) else False
        return super().reply()

    def recurse_transition(self, objs, comment, publication_dates, include_children=False):
        for obj in objs:
            self.wftool.doActionFor(
                obj, self.transition, comment=comment, public=self.public
            )


class RequestHistoryGet(HistoryGet):
    """GET <request>/@history, from the request's own history (requests
    keep no versions; Plone's history viewlet would show agents nothing,
    it asks for "Review portal content")."""

    def reply(self):
        if self.version:
            return super().reply()
        agent = engine.is_agent(self.context)
        if agent:
            entries = self.context.history
        else:
            entries = engine.citizen_history(self.context, self.request)
        requester = self.context.requester
        history = []
        for entry in reversed(entries):
            action = _action(entry)
            title = states.TRANSITION_TITLES.get(action) if action else None
            actor = entry.get("actor") or ""
            # The agents' ids for agents; for the requester its own id only.
            actor_id = actor if agent or (actor and actor == requester) else None
            item = {
                "action": action or "Create",
                "actor": {"id": actor_id, "fullname": actor, "username": actor_id},
                "comments": entry.get("comment") or "",
                "review_state": entry.get("state"),
                "state_title": states.state_title(entry.get("state"), self.request, agent=agent),
                "time": _time(entry),
                "transition_title": translate(title, context=self.request) if title else "",
                "type": "workflow",
            }
            if agent:
                item["public"] = bool(entry.get("public", True))
            history.append(item)
        return json_compatible(history)
