"""Helpers shared by the e-guichet views."""

from plone import api
from plone.namedfile.file import NamedBlobFile
from plone.namedfile.utils import set_headers
from plone.namedfile.utils import stream_data
from ville.eguichet import dates
from ville.eguichet import ratelimit
from ville.eguichet.submission import upload_limits
from ville.eguichet.messages import format_value
from ville.eguichet.states import state_title  # noqa: F401 (the views' helper)
from ville.eguichet.states import STATE_TITLES  # noqa: F401
from ville.eguichet.states import TRANSITION_TITLES  # noqa: F401


STATE_CLASSES = {
    "submitted": "warning",
    "in_progress": "info",
    "awaiting_citizen": "primary",
    "ready": "success",
    "closed": "secondary",
    "rejected": "danger",
    "cancelled": "secondary",
    "awaiting_payment": "light",
}


def format_date(value):
    """An instant as the town reads it (its zone, not the server's)."""
    return dates.format_datetime(value)


def display(value, field=None, context=None):
    return format_value(value, field, context)


def uploaded_files(request, name):
    """NamedBlobFiles from a multipart field (several files allowed)."""
    uploads = request.form.get(name) or []
    if not isinstance(uploads, (list, tuple)):
        uploads = [uploads]
    files = []
    for upload in uploads:
        filename = getattr(upload, "filename", None)
        if not filename:
            continue
        data = upload.read()
        if not data:
            continue
        files.append(NamedBlobFile(data=data, filename=filename))
    return files


def stream_file(blob, response):
    set_headers(blob, response, filename=blob.filename)
    response.setHeader(
        "Content-Disposition",
        f"attachment; filename*=UTF-8''{_quote(blob.filename or 'document')}",
    )
    response.setHeader("Cache-Control", "private, no-store")
    return stream_data(blob)


def _quote(name):
    from urllib.parse import quote

    return quote(name)


def fields_for(request):
    """(form, {field id: field}) of the request's procedure ({} when gone)."""
    from ville.eguichet.engine import procedure
    from ville.eguichet.validation import form_fields

    form = procedure(request)
    if form is None:
        return None, {}
    try:
        return form, dict(form_fields(form))
    except Exception:
        return form, {}


def labels_for(request):
    """Field id -> title of the request's form (ids when the form is gone)."""
    from ville.eguichet.engine import procedure
    from ville.eguichet.validation import form_fields

    form = procedure(request)
    if form is None:
        return {}
    try:
        return {name: field.title for name, field in form_fields(form)}
    except Exception:
        return {}


def status(request, message, kind="info"):
    api.portal.show_message(message=message, request=request, type=kind)


def reply_limits(request):
    return ratelimit.identities(request, None, "replies_per_address")


def check_reply_limits(request, files: int):
    """Raise ratelimit.TooManyRequests (429) before a citizen's reply."""
    ratelimit.check(request, reply_limits(request))
    ratelimit.check(request, upload_limits(request), files)


def record_reply(request, files: int):
    ratelimit.record(request, reply_limits(request), tag="reply")
    ratelimit.record(request, upload_limits(request), files, tag="reply")
