"""Many requests at once: the benchmark's fill and a town importing its
history from another product.

Each request goes through :func:`ville.eguichet.engine.create_request`
(the events, the workflow, the fee and structured communication, the
catalog: everything a submission leaves is there), but what is only needed
once is done once: the forms' data (title, UID, sensitive fields) and the
store are looked up once per form, the catalog indexes a whole batch at the
commit (the catalog's queue), a commit every ``batch_size`` requests, and
the connection's cache is swept after it so that memory stays bounded. No
mail is sent: mails follow ``RequestSubmittedEvent``, which only a
submission through a form fires (:mod:`ville.eguichet.submission`).

The request's ``ObjectAddedEvent`` goes through :class:`AddedDispatch`:
every handler runs as for a submission, except those that have nothing to
do for a request just created (the workflow tool's re-indexing and its
catalog search for sub-objects to re-index, z3c.relationfield's walk of the
schema for relation fields, link integrity, five.intid's move handler, the
CMF uid handler when it assigns no uid), and the content rules' handler
when the site has no enabled rule for an added object: with one, the rules
run for each imported request as they would for a submission (a rule that
mails on every new request would mail for each). The result is the same
(catalog entry, workflow state and role mappings, local roles, intid:
tests/test_bulk_fill.py); nothing is unregistered, so only the requests of
this call see the difference, not other threads nor other objects.
"""

from Acquisition import aq_base
from five.intid.intid import addIntIdSubscriber
from five.intid.intid import moveIntIdSubscriber
from plone import api
from plone.app.contentrules.handlers import added as content_rules_added
from plone.app.linkintegrity.handlers import modifiedContent as link_integrity_modified
from plone.contentrules.engine.interfaces import IRuleStorage
from Products.CMFCore.CMFCatalogAware import CMFCatalogAware
from Products.CMFCore.CMFCatalogAware import handleContentishEvent
from Products.CMFCore.interfaces import IWorkflowAware
from Products.CMFCore.utils import getToolByName
from Products.CMFCore.WorkflowTool import WorkflowTool
from Products.CMFUid.interfaces import IUniqueIdAnnotationManagement
from Products.CMFUid.UniqueIdAnnotationTool import handleUidAnnotationEvent
from ville.eguichet import dates
from ville.eguichet import engine
from ville.eguichet import logger
from z3c.relationfield.event import addRelationsEventOnly
from zope.component import getAllUtilitiesRegisteredFor
from zope.component import getSiteManager
from zope.component import queryUtility
from zope.component.event import dispatch as component_dispatch
from zope.component.event import objectEventNotify
from zope.interface import implementedBy
from zope.interface import providedBy
from zope.intid.interfaces import IIntIds
from zope.intid.interfaces import IntIdAddedEvent
from zope.keyreference.interfaces import IKeyReference
from zope.keyreference.interfaces import NotYet
from zope.lifecycleevent import ObjectAddedEvent

import logging
import time
import transaction
import zope.event


def create_requests(items, *, batch_size=1000, progress=None, commit=True):
    """Create a request for each item and return how many were created.

    ``items``: dicts with ``form`` (the procedure, an EasyForm), ``values``
    and optionally ``requester``, ``requester_email``, ``requester_name``,
    ``agent_group`` and ``submitted`` (an aware datetime: the date of a
    request imported from another product; now by default), ``state`` and
    ``state_date``: the state it reached in that product and when (see
    :func:`set_imported_state`).
    ``progress(count, seconds)`` is called after each batch. ``commit``
    False: savepoints only, the caller commits (tests).
    """
    store = engine.get_store()
    if store is None:
        raise RuntimeError("ville.eguichet is not installed: no request store")
    infos = {}
    dispatch = AddedDispatch()
    started = time.monotonic()
    count = 0
    # One line per request in the event log would be 100,000 lines.
    level = logger.level
    logger.setLevel(logging.WARNING)
    try:
        for item in items:
            form = item["form"]
            key = id(form)
            if key not in infos:
                infos[key] = engine.procedure_info(form)
            request = engine.create_request(
                form,
                item["values"],
                requester=item.get("requester"),
                requester_email=item.get("requester_email", ""),
                requester_name=item.get("requester_name", ""),
                agent_group=item.get("agent_group", ""),
                submitted=item.get("submitted"),
                info=infos[key],
                store=store,
                notify_added=dispatch,
            )
            if item.get("state", "submitted") != "submitted":
                set_imported_state(request, item["state"],
                                   item.get("state_date") or request.submitted)
            count += 1
            if count % batch_size == 0:
                _flush(store, commit)
                if progress is not None:
                    progress(count, time.monotonic() - started)
        _flush(store, commit)
    finally:
        logger.setLevel(level)
    if progress is not None and count % batch_size:
        progress(count, time.monotonic() - started)
    return count


def set_imported_state(request, state, when):
    """Put an imported request in the ``state`` it reached elsewhere, as of
    ``when``: the workflow's status and permissions, the state dates (the
    retention delays and the processing time count from them) and one
    history entry saying it was imported. No transition runs (nor mails)."""
    if state not in engine.STATES:
        raise ValueError(f"unknown state {state!r}")
    workflow_tool = api.portal.get_tool("portal_workflow")
    workflow = workflow_tool[engine.WORKFLOW_ID]
    workflow_tool.setStatusOf(engine.WORKFLOW_ID, request, {
        "review_state": state, "action": "import", "actor": None,
        "time": dates.as_DateTime(when), "comments": "",
    })
    workflow.updateRoleMappingsFor(request)
    request.state_dates = dict(request.state_dates, **{state: when})
    request.history = [*request.history, {
        "action": "import", "state": state, "actor": None, "time": when,
        "comment": "", "public": False,
    }]
    request.reindexObject()  # queued: one indexing with the creation's


def _flush(store, commit):
    if commit:
        transaction.commit()
    else:
        transaction.savepoint(optimistic=True)
    jar = store._p_jar
    if jar is not None:
        jar.cacheGC()


class AddedDispatch:
    """``zope.event.notify`` for the ``ObjectAddedEvent`` of a request
    created in bulk (what :func:`ville.eguichet.engine.create_request`
    fires, passed as its ``notify_added``).

    Every handler registered for the event runs, in the registry's order,
    as ``notify`` would run it, except these, which have nothing to do for
    a request just created (the result is the same, see the tests):

    - ``Products.CMFCore``'s ``handleContentishEvent``: replaced by
      :func:`contentish_added`, the same workflow notification and
      indexing without the workflow tool's re-indexing (see there);
    - ``five.intid``'s ``moveIntIdSubscriber``: a new object has no intid
      to move yet (its ``getId`` raises ``KeyError``, which it ignores);
    - ``five.intid``'s ``addIntIdSubscriber``: replaced by
      :meth:`intid_added`, the same registration whose ``IntIdAddedEvent``
      goes through this dispatch, which leaves out
      ``z3c.relationfield``'s ``addRelationsEventOnly``: it walks every
      field of every interface a request provides looking for relation
      fields, and a request has none;
    - ``plone.app.linkintegrity``'s ``modifiedContent``: it drops the links
      a request's rich text fields make and records the new ones; a request
      has no rich text field, hence no link (nothing to drop, nothing to
      add);
    - ``Products.CMFUid``'s ``handleUidAnnotationEvent``, when the site's
      ``portal_uidannotation`` does not assign a uid on add (looked up
      once): it then only removes the uid an added object carries, and a
      request made by ``createContent`` carries none;
    - ``plone.app.contentrules``' ``added`` (content rules of an "object
      added" event), only when the site has no enabled rule for that event
      (looked up once, when the dispatch is made): with one, the rules run
      for each request as for a submission.

    Nothing is unregistered: only the requests this dispatch is given see
    the difference; other threads, and anything else this thread notifies,
    go through the registry as usual. The events that follow (the
    workflow's, ``RequestCreatedEvent``) are notified as usual.
    """

    def __init__(self):
        self.replaced = {
            handleContentishEvent: contentish_added,
            moveIntIdSubscriber: None,
            addIntIdSubscriber: self.intid_added,
            addRelationsEventOnly: None,
            link_integrity_modified: None,
        }
        if not _has_rules_for(ObjectAddedEvent):
            self.replaced[content_rules_added] = None
        annotation = queryUtility(IUniqueIdAnnotationManagement)
        if annotation is None or not annotation.getProperty("assign_on_add", False):
            self.replaced[handleUidAnnotationEvent] = None

    def __call__(self, event):
        for subscriber in zope.event.subscribers:
            if subscriber is component_dispatch:
                self._dispatch((event,))
            else:
                subscriber(event)

    def _dispatch(self, objects):
        # zope.component.event.dispatch and objectEventNotify, the handlers
        # looked up the same way (the site's registry and its bases).
        adapters = getSiteManager().adapters
        for handler in adapters.subscriptions([providedBy(o) for o in objects], None):
            if handler is objectEventNotify:
                event = objects[0]
                self._dispatch((event.object, event))
                continue
            handler = self.replaced.get(handler, handler)
            if handler is not None:
                handler(*objects)

    def intid_added(self, ob, event):
        """``five.intid.intid.addIntIdSubscriber``, its event notified by
        this dispatch."""
        utilities = tuple(getAllUtilitiesRegisteredFor(IIntIds))
        if not utilities:
            return
        try:
            key = IKeyReference(ob, None)
        except NotYet:
            key = None
        if key is not None:
            for utility in utilities:
                utility.register(key)
            self(IntIdAddedEvent(ob, event))


def _has_rules_for(event_class) -> bool:
    """Whether an enabled content rule of the site reacts to the events of
    ``event_class``."""
    storage = queryUtility(IRuleStorage)
    if storage is None or not storage.active:
        return False
    provided = implementedBy(event_class)
    return any(
        rule.enabled and provided.isOrExtends(rule.event)
        for rule in storage.values()
    )


def contentish_added(ob, event):
    """``Products.CMFCore.CMFCatalogAware.handleContentishEvent`` for the
    request just added: the workflow's initial state (its status, role
    mappings and events) and the queued indexing, without the workflow
    tool's ``_reindexWorkflowVariables``: its re-indexing of the workflow's
    variables would be merged into the queued indexing of the whole object
    anyway, and its ``reindexObjectSecurity`` searches the catalog for the
    object and what it contains, to re-index their security: a request
    contains nothing and is not in the catalog yet (the queued indexing
    writes its security indexes at the batch's end). Anything else than
    the stock classes (an overridden method) runs the stock handler."""
    wfaware = IWorkflowAware(ob, None)
    wftool = getToolByName(ob, "portal_workflow", None)
    if (
        wfaware is None
        or wftool is None
        or aq_base(wfaware) is not aq_base(ob)
        or type(aq_base(ob)).notifyWorkflowCreated
        is not CMFCatalogAware.notifyWorkflowCreated
        or type(aq_base(wftool)).notifyCreated is not WorkflowTool.notifyCreated
    ):
        return handleContentishEvent(ob, event)
    # WorkflowTool.notifyCreated, less _reindexWorkflowVariables.
    for workflow in wftool.getWorkflowsFor(ob):
        if wftool.getHistoryOf(workflow.getId(), ob):
            continue
        workflow.notifyCreated(ob)
    ob.indexObject()
