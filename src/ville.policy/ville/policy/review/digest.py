"""The weekly digest (``make review-digest``): one e-mail per responsible
person listing the published items overdue or due within the week, whether
they are responsible themselves or through a team (each person once).

A person mailed less than 7 days ago is skipped (the date is kept on the
site), so that a cron run twice, or daily, still sends one digest a week.
"""

from datetime import date
from datetime import timedelta
from plone import api
from ville.policy import _
from ville.policy.review import settings
from ville.policy.review.owners import members
from ville.policy.review.views import date_text
from ville.policy.review.views import due_query
from zope.annotation.interfaces import IAnnotations
from zope.i18n import translate
from zope.i18nmessageid import Message

import dataclasses


WEEK = 7
SENT_KEY = "ville.policy.review.digest_sent"


@dataclasses.dataclass
class Digest:
    userid: str
    email: str
    fullname: str
    items: list = dataclasses.field(default_factory=list)


def collect(portal, today: date) -> tuple[dict, list]:
    """{userid: Digest} of what is due by ``today`` + 7 days, and the items
    whose responsible has no reachable member."""
    catalog = api.portal.get_tool("portal_catalog")
    root = "/".join(portal.getPhysicalPath())
    query = due_query(root, today + timedelta(days=WEEK))
    digests, orphans = {}, []
    for brain in catalog.unrestrictedSearchResults(**query):
        owner = brain.review_owner or settings.default_owner()
        people = members(owner) if owner else []
        if not people:
            orphans.append(brain)
        for userid, email, fullname in people:
            digest = digests.setdefault(userid, Digest(userid, email, fullname))
            if brain.getRID() not in {b.getRID() for b in digest.items}:
                digest.items.append(brain)
    return digests, orphans


SUBJECT = _("digest_subject", default="Content to re-read: ${count} (${late} overdue)")
INTRO = _("digest_intro", default="Hello ${name},\n\nThese pages of ${site}, of "
          "which you are in charge, are to be re-read:")
LINE = _("digest_line", default="to re-read by ${date}")
LATE = _("${days} day(s) late")
OUTRO = _("digest_outro", default="Once a page is checked, click \"Mark as re-read\" "
          "on it. All the content to re-read: ${url}")


def message(digest: Digest, today: date, language: str, portal,
            base_url: str) -> tuple[str, str]:
    """The subject and body of one person's digest (links below ``base_url``,
    the site's public address)."""

    def text(msgid, **mapping):
        return translate(Message(msgid, mapping=mapping), target_language=language)

    root = len("/".join(portal.getPhysicalPath()))
    late = [b for b in digest.items if settings.days_overdue(b.review_date, today) > 0]
    soon = [b for b in digest.items if b not in late]
    subject = text(SUBJECT, count=len(digest.items), late=len(late))
    lines = [text(INTRO, name=digest.fullname, site=portal.Title())]
    for heading, brains in ((_("Overdue"), late), (_("Due this week"), soon)):
        if brains:
            lines += ["", text(heading)]
        for brain in brains:
            when = text(LINE, date=date_text(brain.review_date))
            days = settings.days_overdue(brain.review_date, today)
            if days > 0:
                when += ", " + text(LATE, days=days)
            url = base_url + brain.getPath()[root:]
            lines += [f"- {brain.Title} ({when})", f"  {url}"]
    url = f"{base_url}/@@contenus-a-relire?responsible=me"
    lines += ["", text(OUTRO, url=url)]
    return subject, "\n".join(lines)


def send(portal, today: date, dry_run=False, force=False, out=print, base_url=None) -> int:
    """Send the digests; returns the number of failures. ``out`` receives
    one line per person (never an address: the user id). ``base_url``: the
    site's public address (default: its URL in this request)."""
    base_url = (base_url or portal.absolute_url()).rstrip("/")
    language = api.portal.get_default_language() or "fr"
    sent = IAnnotations(portal).setdefault(SENT_KEY, {}) if not dry_run else {}
    digests, orphans = collect(portal, today)
    failures = 0
    for userid, digest in sorted(digests.items()):
        last = sent.get(userid)
        if last and not force and (today - date.fromisoformat(last)).days < WEEK:
            out(f"skipped\t{userid}: a digest was sent on {last}")
            continue
        if dry_run:
            out(f"would send\t{userid}: {len(digest.items)} item(s)")
            continue
        subject, body = message(digest, today, language, portal, base_url)
        try:
            api.portal.send_email(recipient=digest.email, subject=subject, body=body,
                                  immediate=True)
        except Exception as error:  # one bad address must not stop the others
            failures += 1
            out(f"failed\t{userid}: {error.__class__.__name__}")
            continue
        sent[userid] = today.isoformat()
        out(f"sent\t{userid}: {len(digest.items)} item(s)")
    if not dry_run:
        IAnnotations(portal)[SENT_KEY] = dict(sent)
    for brain in orphans:
        out(f"no responsible\t{brain.getPath()}")
    return failures
