"""Upgrade of existing sites: a citizen may cancel their own request while
it waits for its online payment (``awaiting_payment``), as they may while
it is ``submitted``; a payment that arrives afterwards is refunded
(:func:`ville.eguichet.payment.service.settle`). The workflow is changed in
place (the transition and the permission of that one state) rather than
re-imported, and the requests waiting for their payment get the new
permission."""

from plone import api
from ville.eguichet import engine


STATE = "awaiting_payment"
TRANSITION = "cancel"
PERMISSION = "ville.eguichet: Cancel request"


def upgrade(context):
    """``context``: portal_setup."""
    workflow = api.portal.get_tool("portal_workflow")[engine.WORKFLOW_ID]
    state = workflow.states[STATE]
    if TRANSITION not in state.transitions:
        state.transitions = (*state.transitions, TRANSITION)
    info = state.getPermissionInfo(PERMISSION)
    if "Owner" not in info["roles"]:
        state.setPermission(PERMISSION, bool(info["acquired"]), (*info["roles"], "Owner"))
    catalog = api.portal.get_tool("portal_catalog")
    for brain in catalog.unrestrictedSearchResults(portal_type="EGuichetRequest",
                                                   review_state=STATE):
        workflow.updateRoleMappingsFor(brain._unrestrictedGetObject())
