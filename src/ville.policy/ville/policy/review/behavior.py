"""The behavior ``ville.policy.review``: a date by which the item must be
re-read and who re-reads it. Its fields are stored on the item itself."""

from plone.autoform import directives
from plone.autoform.interfaces import IFormFieldProvider
from plone.supermodel import model
from ville.policy import _
from zope import schema
from zope.interface import provider


@provider(IFormFieldProvider)
class IReviewDate(model.Schema):
    model.fieldset(
        "review",
        label=_("Review"),
        fields=["review_date", "review_owner"],
    )
    review_date = schema.Date(
        title=_("To be re-read by"),
        description=_(
            "The date by which this page must be re-read to check that it is "
            "still correct (opening hours, fees, documents to bring...). Left "
            "empty, it is set when the page is published, from the period "
            "chosen for this type of content. The person responsible receives "
            "a weekly reminder from that date on."
        ),
        required=False,
    )
    # Staff's user ids stay out of the item's public JSON (REST).
    directives.read_permission(review_owner="ville.policy.MarkReviewed")
    review_owner = schema.Choice(
        title=_("Responsible for re-reading"),
        description=_(
            "The colleague or the team who checks this page and receives the "
            "reminders. Choose a team so that the reminder reaches each of "
            "its members. Left empty, it is set when the page is published."
        ),
        vocabulary="ville.policy.review_owners",
        required=False,
    )
