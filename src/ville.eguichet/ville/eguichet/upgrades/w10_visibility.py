"""Upgrade for the visibility fixes of issue 10 (to be wired by the lead).

- the request store: members lose "Access contents information" on it;
- the request workflow: DCWorkflow's history (review_history, actor,
  comments) readable by agents only, comments internal unless said public.
"""

from plone import api
from ville.eguichet.setuphandlers import ensure_store


def upgrade(context):
    """``context``: portal_setup."""
    context.runImportStepFromProfile(
        "profile-ville.eguichet:default", "workflow", run_dependencies=False
    )
    ensure_store(api.portal.get())
