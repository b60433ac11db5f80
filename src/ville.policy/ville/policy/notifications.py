"""E-mails sent by the publication workflow, through the site's MailHost.

- submit: to the members of the ``communication`` group (the reviewers);
- publish and reject: to the author (the item's creator).
Failures to send are logged, never block the transition.
"""

from plone import api
from ville.policy import _
from ville.policy import logger
from zope.i18n import translate
from zope.i18nmessageid import Message


WORKFLOW_ID = "ville_publication_workflow"
REVIEWERS_GROUP = "communication"


def _addresses(userids):
    addresses = []
    for userid in userids:
        user = api.user.get(userid=userid) if userid else None
        email = user and user.getProperty("email")
        if email and email not in addresses:
            addresses.append(email)
    return addresses


def recipients(obj, action):
    """E-mail addresses to notify of ``action`` on ``obj``."""
    if action == "submit":
        group = api.group.get(groupname=REVIEWERS_GROUP)
        if group is None:
            return []
        return _addresses(
            member.getId() for member in group.getGroupMembers() if member is not None
        )
    if action in ("publish", "reject"):
        creators = list(obj.listCreators())[:1]
        owner = obj.getOwner()
        if not creators and owner is not None:
            creators = [owner.getId()]
        return _addresses(creators)
    return []


MESSAGES = {
    "submit": (
        _("mail_submit_subject", default="To review: ${title}"),
        _(
            "mail_submit_body",
            default="${actor} submitted \"${title}\" for publication.\n\n"
            "Review it: ${url}\n\n${comment}",
        ),
    ),
    "publish": (
        _("mail_publish_subject", default="Published: ${title}"),
        _(
            "mail_publish_body",
            default="\"${title}\" has been published by ${actor}.\n\n${url}\n\n${comment}",
        ),
    ),
    "reject": (
        _("mail_reject_subject", default="Sent back: ${title}"),
        _(
            "mail_reject_body",
            default="\"${title}\" has been sent back to you by ${actor}. "
            "Please revise it and submit it again.\n\n${url}\n\n${comment}",
        ),
    ),
}


def notify_transition(obj, event):
    """IActionSucceededEvent subscriber for the publication workflow."""
    if event.workflow.getId() != WORKFLOW_ID or event.action not in MESSAGES:
        return
    to = recipients(obj, event.action)
    if not to:
        return
    actor = api.user.get_current()
    get_property = getattr(actor, "getProperty", None)  # scripts run as "system"
    history = getattr(obj, "workflow_history", {}).get(WORKFLOW_ID, ())
    comment = (history[-1].get("comments") if history else "") or ""
    mapping = {
        "title": obj.Title(),
        "url": obj.absolute_url(),
        "actor": (get_property and get_property("fullname")) or actor.getId(),
        "comment": comment,
    }
    request = getattr(obj, "REQUEST", None)
    subject_msg, body_msg = MESSAGES[event.action]
    language = api.portal.get_default_language() or "fr"
    subject = translate(
        Message(subject_msg, mapping=mapping), target_language=language,
        context=request,
    )
    body = translate(
        Message(body_msg, mapping=mapping), target_language=language, context=request
    )
    for address in to:
        try:
            api.portal.send_email(recipient=address, subject=subject, body=body.strip())
        except Exception:  # a mail server down must not block publication
            # The page, not the address: logs name no person by address.
            logger.exception(
                "could not send the %s e-mail of %s",
                event.action,
                obj.absolute_url_path(),
            )
