"""Creation of requests and their bookkeeping (history, dates, local roles).

Nothing here writes an object shared by every submission: the store's BTree
and its Length resolve concurrent insertions, the reference needs no counter.
"""

from Acquisition import aq_base
from datetime import datetime
from datetime import timezone
from plone import api
from plone.dexterity.utils import createContent
from ville.eguichet import _
from ville.eguichet import dates
from ville.eguichet import logger
from ville.eguichet.events import RequestCreatedEvent
from ville.eguichet.figures import FIGURE_INDEXES
from ville.eguichet.privacy import validated_as_national_number
from ville.eguichet.states import WORKFLOW_ID  # noqa: F401 (engine.WORKFLOW_ID)
from zope.event import notify
from zope.lifecycleevent import ObjectAddedEvent

import secrets


STORE_ID = "eguichet-demandes"
STORE_TYPE = "EGuichetRequestStore"
REQUEST_TYPE = "EGuichetRequest"
AGENT_ROLE = "EGuichet Agent"
AGENTS_GROUP = "agents-eguichet"
FINAL_STATES = ("closed", "rejected", "cancelled")
STATES = (
    "submitted",
    "in_progress",
    "awaiting_citizen",
    "ready",
    "closed",
    "rejected",
    "cancelled",
    "awaiting_payment",
)
# Crockford's base32 without ambiguous letters (no I, L, O, U).
_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"


def now() -> datetime:
    return datetime.now(timezone.utc)


def get_store(portal=None):
    """The request store of the site, or None when not installed."""
    portal = portal or api.portal.get()
    if getattr(aq_base(portal), STORE_ID, None) is None:
        return None
    return portal[STORE_ID]


def procedure_info(form) -> dict:
    """What a request copies from its form (computed once per form by a
    caller creating many requests)."""
    return {
        "uid": api.content.get_uuid(form),
        "title": form.Title(),
        "sensitive_fields": tuple(sorted(validated_as_national_number(form))),
        "prefix": api.portal.get_registry_record(
            "ville.eguichet.reference_prefix", default="EG") or "EG",
    }


def new_reference(store, prefix: str | None = None, when=None) -> str:
    """``<PREFIX>-YYYYMMDD-XXXXXX``: the date and 30 random bits, checked
    against the store (when there is one). Two transactions drawing the same
    one would conflict on the same BTree key and be retried, drawing again.
    The prefix is the registry's ``ville.eguichet.reference_prefix``."""
    if prefix is None:
        prefix = api.portal.get_registry_record(
            "ville.eguichet.reference_prefix", default="EG"
        ) or "EG"
    day = dates.local_day(when or now()).strftime("%Y%m%d")
    while True:
        suffix = "".join(secrets.choice(_ALPHABET) for _ in range(6))
        reference = f"{prefix}-{day}-{suffix}"
        if store is None or reference not in store:
            return reference


def create_request(
    form,
    values: dict,
    *,
    requester: str | None,
    requester_email: str = "",
    requester_name: str = "",
    agent_group: str = "",
    summary_fields=None,
    submitted: datetime | None = None,
    info: dict | None = None,
    store=None,
    notify_added=None,
):
    """Store a new request for ``form`` and fire ``RequestCreatedEvent``.

    Returns the request (acquisition-wrapped in the store). The caller has
    validated ``values``. Runs with the submitter's identity: permissions
    are not checked here, the form's action decides who may submit.
    ``submitted``: when (a town's history imported, see :mod:`.bulk`; now
    by default). ``info`` and ``store``: what
    :func:`procedure_info` and :func:`get_store` give, when the caller
    creates many requests of the same forms. ``notify_added``: what
    fires the ``ObjectAddedEvent`` (``zope.event.notify`` by default; the
    bulk path's dispatch, see :class:`ville.eguichet.bulk.AddedDispatch`).
    """
    store = store if store is not None else get_store()
    if store is None:
        raise RuntimeError("ville.eguichet is not installed: no request store")
    info = info or procedure_info(form)
    reference = new_reference(store, info["prefix"], when=submitted)
    request = createContent(REQUEST_TYPE)
    request.id = reference
    request.reference = reference
    request.title = f"{reference} – {info['title']}"
    request.procedure_uid = info["uid"]
    request.procedure_title = info["title"]
    request.values = dict(values)
    # Masked even if the form changes or goes (see privacy).
    request.sensitive_fields = info["sensitive_fields"]
    request.requester = requester
    request.requester_email = requester_email or ""
    request.requester_name = requester_name or ""
    request.anonymous = requester is None
    if requester is None:
        request.tracking_token = secrets.token_urlsafe(24)  # 192 bits
    when = submitted or now()
    request.submitted = when
    # The catalog's "created" (dashboard date filters, sorting) is this
    # instant, not a second clock reading.
    request.creation_date = dates.as_DateTime(when)
    request.state_dates = {"submitted": when}
    request.history = [
        {
            "action": "submit",
            "state": "submitted",
            "actor": requester,
            "time": when,
            "comment": "",
            "public": True,
        }
    ]
    request.creators = (requester,) if requester else ()
    roles = {}
    if requester:
        roles[requester] = ["Owner"]
    if agent_group:
        roles[agent_group] = [AGENT_ROLE]
        _grant_store_access(store, agent_group)
    request.__ac_local_roles__ = roles
    # Roles given on the store (to per-procedure agent groups) must not
    # reach requests of other procedures.
    request.__ac_local_roles_block__ = True
    # No notifyContainerModified: it would write the store itself.
    store._setObject(reference, request, set_owner=False, suppress_events=True)
    request = store[reference]
    if requester:
        user = api.user.get(userid=requester)
        if user is not None:
            request.changeOwnership(user.getUser())
    (notify_added or notify)(ObjectAddedEvent(request, store, reference))
    notify(RequestCreatedEvent(request, form))
    logger.info("Request %s created for %s", reference, request.procedure_title)
    return request


def _grant_store_access(store, group_id):
    """Let a procedure's agent group open the dashboard (written once)."""
    if AGENT_ROLE not in store.get_local_roles_for_userid(group_id):
        store.manage_addLocalRoles(group_id, [AGENT_ROLE])
        # Requests block inherited local roles: only the store's own entry
        # changes (no recursive reindex of every request).
        store.reindexObject(idxs=["allowedRolesAndUsers"])


def record_transition(request, transition, new_state, comment, actor, public=True):
    """Append to the request's history (called on every transition)."""
    when = now()
    history = list(request.history)
    history.append(
        {
            "action": transition,
            "state": new_state,
            "actor": actor,
            "time": when,
            "comment": comment or "",
            "public": bool(public),
        }
    )
    request.history = history
    dates = dict(request.state_dates)
    dates[new_state] = when
    request.state_dates = dates
    # DCWorkflow reindexes only its own variables: "answered by the
    # citizen" follows the history, the processing time the state dates
    # (the dashboard's row metadata is updated with them).
    request.reindexObject(idxs=["eguichet_answered", *FIGURE_INDEXES])


def public_history(request) -> list[dict]:
    """History entries the requester may read (agents' ids left out)."""
    return [
        {key: value for key, value in entry.items() if key != "actor"}
        | {"comment": entry["comment"] if entry.get("public") else ""}
        for entry in request.history
    ]


SERVICES = _("The municipality's services")


def citizen_history(request, http_request=None) -> list[dict]:
    """The history as the requester may read it: internal comments left
    out, and no agent's user id. The requester's own steps keep its id
    (empty for an anonymous requester); the agents' read "the
    municipality's services"."""
    from zope.i18n import translate

    services = translate(SERVICES, context=http_request)
    entries = []
    for public, original in zip(public_history(request), request.history):
        actor = original.get("actor")
        if actor is None:
            shown = ""
        elif request.requester and actor == request.requester:
            shown = actor
        else:
            shown = services
        entries.append(public | {"actor": shown})
    return entries


def is_agent(request_or_store, user=None) -> bool:
    """Whether the current user may process requests in this context."""
    return bool(
        api.user.has_permission(
            "ville.eguichet: Manage requests", obj=request_or_store, user=user
        )
    )


PAYMENT_SOURCES = {
    "agent": _("Source: an agent."),
    "bank_statement": _("Source: bank statement (movement ${bank_reference})."),
    "online": _("Source: online payment (${bank_reference})."),
}


def mark_paid(request, paid: bool = True, *, source: str = "agent",
              bank_reference: str = ""):
    """Record (or undo) the payment of a request's fee, in the request's
    history (internal) with where it comes from: ``agent`` (the agents'
    button), ``bank_statement`` (an imported statement, the movement's
    ``bank_reference`` kept on the request) or ``online`` (the payment
    provider's confirmed payment, its id as ``bank_reference``)."""
    from zope.i18n import translate

    request.paid = bool(paid)
    request.paid_date = now() if paid else None
    request.payment_source = source if paid else None
    request.payment_bank_reference = bank_reference if paid else ""
    comment = translate(
        _(PAYMENT_SOURCES.get(source, source), mapping={"bank_reference": bank_reference}),
        target_language=api.portal.get_registry_record(
            "plone.default_language", default="fr"),
    )
    history = list(request.history)
    history.append({
        "action": "mark_paid" if paid else "mark_unpaid",
        "state": api.content.get_state(obj=request, default=""),
        "actor": api.user.get_current().getId(),
        "time": request.paid_date or now(),
        "comment": comment,
        "public": False,
    })
    request.history = history
    request.reindexObject(idxs=["eguichet_paid", *FIGURE_INDEXES])


def procedure(request):
    """The form of a request (None when it was deleted), unrestricted."""
    return procedure_by_uid(request.procedure_uid)


def procedure_by_uid(uid):
    """The form of this UID (None when it was deleted), unrestricted."""
    if not uid:
        return None
    from plone.app.uuid.utils import uuidToObject

    return uuidToObject(uid, unrestricted=True)
