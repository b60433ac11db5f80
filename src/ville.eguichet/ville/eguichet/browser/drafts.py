"""Drafts of logged-in citizens: "Continuer plus tard" on the form, listed
with "Reprendre" in ``@@mes-demandes`` (kept by :mod:`ville.eguichet.pending`
for the profile's ``retention.draft_days``; resuming opens the form with
the answers, files kept until replaced)."""

from plone import api
from plone.app.uuid.utils import uuidToObject
from ville.eguichet import _
from ville.eguichet import dates
from ville.eguichet import pending
from ville.eguichet.validation import HONEYPOT
from z3c.form.interfaces import NO_VALUE


TOKEN = "eguichet_pending"


def wants_draft(form_view) -> bool:
    return (
        not api.user.is_anonymous()
        and not getattr(form_view, "thanksPage", False)
        and form_view._action() is not None
    )


def keep_draft(form_view) -> tuple:
    """Keep the answers given so far (those without a mistake) as the
    member's draft, replacing the one the form carries (``eguichet_pending``:
    its files stay unless replaced). Returns the token and the expiry."""
    form, request = form_view.context, form_view.request
    data, _errors = form_view.extractData(setErrors=False)
    values = {
        name: value for name, value in data.items()
        if name != HONEYPOT and value not in (None, "", NO_VALUE)
    }
    previous = request.form.get(TOKEN)
    for name, value in (pending.fetch(form, previous) or {}).items():
        values.setdefault(name, value)  # a file sent before stays
    if previous:
        pending.discard(previous)
    token = pending.stash(form, values, kind=pending.DRAFT)
    found = [draft for draft in pending.drafts() if draft["token"] == token]
    return token, (found[0]["expires"] if found else None)


def save_draft(form_view) -> None:
    """"Continuer plus tard": keep the draft, then go to the citizen's space."""
    request = form_view.request
    token, expires = keep_draft(form_view)
    api.portal.show_message(
        _(
            "draft_saved",
            default="Your request is saved as a draft until ${date}: resume "
            "it from My requests.",
            mapping={"date": dates.format_datetime(expires, "%d/%m/%Y") if expires else ""},
        ),
        request=request,
    )
    request.response.redirect(f"{api.portal.get().absolute_url()}/@@mes-demandes")
    return token


def draft_items() -> list:
    """The member's drafts for ``@@mes-demandes``: title, dates, resume URL."""
    items = []
    for draft in pending.drafts():
        form = uuidToObject(draft["form_uid"])
        if form is None:
            continue
        items.append({
            "title": draft["title"],
            "saved": dates.format_datetime(draft["created"]),
            "expires": dates.format_datetime(draft["expires"], "%d/%m/%Y"),
            "resume_url": f"{form.absolute_url()}?{TOKEN}={draft['token']}",
        })
    return items
