"""Workflow guards of ``ville_publication_workflow`` (guard expressions call
them through ``modules``; declared public in ``ville.policy``)."""

from Acquisition import aq_inner
from Acquisition import aq_parent
from plone import api
from ville.policy.interfaces import IMiniSiteRoot


def may_retire(obj):
    """May the current user retract or archive ``obj``?

    A mini-site's root (the CPAS) is taken offline only by those who review
    the site around it: its own editors hold Reviewer on the mini-site
    alone, enough to publish their pages but not to take the whole mini-site
    down.
    """
    if not IMiniSiteRoot.providedBy(obj):
        return True
    parent = aq_parent(aq_inner(obj))
    return api.user.has_permission("Review portal content", obj=parent)
