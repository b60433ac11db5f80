"""Existing sites: the e-guichet forms go to the e-guichet managers.

Re-imports the role map (role ``EGuichet Manager``, permission
``ville.eguichet: Manage forms``), the workflows (``eguichet_form_workflow``)
and the object actions (the audit link), creates the group
``eguichet-managers``, puts ``/e-guichet`` and every form under it or
carrying the request action under the forms' workflow (keeping published
forms published) and records their routing as the audit's starting point.
"""

from plone import api


PROFILE = "profile-ville.eguichet:default"


def upgrade(context):
    from ville.eguichet import formsecurity
    from ville.eguichet.setuphandlers import ensure_managers_group

    for step in ("rolemap", "workflow", "actions"):
        context.runImportStepFromProfile(PROFILE, step)
    ensure_managers_group()
    portal = api.portal.get()
    catalog = api.portal.get_tool("portal_catalog")
    with api.env.adopt_roles(["Manager"]):
        folder = portal.get("e-guichet")
        if folder is not None:
            formsecurity.protect(folder)
        for brain in catalog.unrestrictedSearchResults(portal_type="EasyForm"):
            form = brain._unrestrictedGetObject()
            if formsecurity.in_section(form) or formsecurity.carries_request_action(form):
                formsecurity.protect(form)
                formsecurity.check_and_record(form)
