"""Upgrade of existing sites for the retention holes (branch w10-retention).

The lead wires it as an upgrade step; ``context`` is portal_setup.
"""

from plone import api


PROFILE = "profile-ville.eguichet:default"


def upgrade(context):
    """The ``expire`` transition and its permission, the new delays
    (registry), and the new state permission of the existing requests."""
    for step in ("rolemap", "workflow", "plone.app.registry"):
        context.runImportStepFromProfile(PROFILE, step)
    workflow_tool = api.portal.get_tool("portal_workflow")
    workflow = workflow_tool.getWorkflowById("eguichet_request_workflow")
    catalog = api.portal.get_tool("portal_catalog")
    for brain in catalog.unrestrictedSearchResults(portal_type="EGuichetRequest"):
        request = brain._unrestrictedGetObject()
        # Only the permission map changes: no reindex of every request.
        workflow.updateRoleMappingsFor(request)
