"""The dates follow the workflow: set on publication when empty, moved on
by ``mark_reviewed`` ("Marquer comme relu", whose history entry records who
and when)."""

from plone.indexer import indexer
from ville.policy.review import settings
from ville.policy.review.behavior import IReviewDate


MARK_TRANSITION = "mark_reviewed"


def workflow_changed(obj, event):
    """IActionSucceededEvent subscriber."""
    if not settings.is_reviewed(obj):
        return
    if event.action == "publish":
        if settings.apply_defaults(obj):
            obj.reindexObject(idxs=settings.INDEXES)
    elif event.action == MARK_TRANSITION:
        obj.review_date = settings.next_review_date(obj)
        settings.apply_defaults(obj)  # a responsible, if none yet
        obj.reindexObject(idxs=settings.INDEXES)


@indexer(IReviewDate)
def review_date(obj):
    value = getattr(obj, "review_date", None)
    if value is None:
        raise AttributeError("review_date")
    return value


@indexer(IReviewDate)
def review_owner(obj):
    value = getattr(obj, "review_owner", None)
    if not value:
        raise AttributeError("review_owner")
    return value
