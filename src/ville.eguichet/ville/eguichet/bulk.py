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
"""

from plone import api
from ville.eguichet import dates
from ville.eguichet import engine
from ville.eguichet import logger

import logging
import time
import transaction


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
