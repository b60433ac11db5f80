"""Upgrade of existing sites for the identity levels (issue 13, branch
w13-eid): the catalog index of a request's identity level (existing
requests: ``password``, or ``none`` when anonymous), and the forms' request
actions saved with ``<allow_anonymous>`` rewritten with the one setting
that replaces it, ``<identity>`` (``True`` -> ``none``, ``False`` ->
``password``). The actions read the old element anyway; the rewrite makes
the stored models say what they mean."""

from plone import api
from ville.eguichet import engine

import re


OLD_SETTING = re.compile(
    r"<allow_anonymous>\s*(True|False)?\s*</allow_anonymous>|<allow_anonymous\s*/>"
)
INDEX = "eguichet_identity_level"


def rewrite_model(model: str) -> str:
    """An actions model with ``<identity>`` instead of ``<allow_anonymous>``
    (unchanged when it has none)."""

    def replace(match):
        level = "none" if match.group(1) == "True" else "password"
        return f"<identity>{level}</identity>"

    if "<identity>" in model:
        return OLD_SETTING.sub("", model)
    return OLD_SETTING.sub(replace, model)


def migrate_actions(portal) -> int:
    catalog = api.portal.get_tool("portal_catalog")
    changed = 0
    for brain in catalog.unrestrictedSearchResults(portal_type="EasyForm"):
        form = brain._unrestrictedGetObject()
        model = getattr(form, "actions_model", None) or ""
        if "allow_anonymous" not in model:
            continue
        form.actions_model = rewrite_model(model)
        changed += 1
    return changed


def upgrade(context):
    """``context``: portal_setup."""
    context.runImportStepFromProfile(
        "profile-ville.eguichet:default", "catalog", run_dependencies=False
    )
    catalog = api.portal.get_tool("portal_catalog")
    for brain in catalog.unrestrictedSearchResults(portal_type=engine.REQUEST_TYPE):
        brain._unrestrictedGetObject().reindexObject(idxs=[INDEX])
    migrate_actions(api.portal.get())
