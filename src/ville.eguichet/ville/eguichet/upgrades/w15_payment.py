"""Upgrade of existing sites for the online payment (issue 15, branch
w15-pay): the request workflow's state ``awaiting_payment`` and its system
transitions ``await_payment``, ``confirm_payment`` and ``expire_payment``,
and the catalog index of a request's way of payment (existing requests:
none recorded, ``""``). ``context`` is portal_setup."""

from plone import api


PROFILE = "profile-ville.eguichet:default"
INDEX = "eguichet_payment_method"


def upgrade(context):
    for step in ("workflow", "catalog"):
        context.runImportStepFromProfile(PROFILE, step, run_dependencies=False)
    catalog = api.portal.get_tool("portal_catalog")
    for brain in catalog.unrestrictedSearchResults(portal_type="EGuichetRequest"):
        brain._unrestrictedGetObject().reindexObject(idxs=[INDEX])
