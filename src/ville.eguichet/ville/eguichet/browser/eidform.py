"""An e-guichet form after an eID login: on a request about oneself, the
requester's number (masked), first name, last name and birth date are the
identity's, shown read-only. Posted values are the identity's again before
the fields are read; another number is left as posted, so that the
submission service refuses it (:func:`ville.eguichet.identity.lock_own`)."""

from ville.eguichet import identity
from ville.eguichet.privacy import mask_national_number


PREFIX = "form.widgets."


def _own(form_view):
    own = identity.own_identity(form_view.request)
    if not own or not identity.about_self(form_view.context, {}):
        return {}
    return own


def _text(name, value):
    if name == "birth_date":
        return value.isoformat() if value else ""
    return str(value or "")


def before_update(form_view) -> None:
    """The posted values of the locked fields -> the identity's."""
    own = _own(form_view)
    form = form_view.request.form
    if not own or not any(key.startswith(PREFIX) for key in form):
        return
    for name in identity.OWN_FIELDS:
        key = PREFIX + name
        if not own.get(name) or key not in form:
            continue
        if name == "national_number":
            posted = str(form[key]).strip()
            digits = "".join(ch for ch in posted if ch.isdigit())
            if posted != mask_national_number(own[name]) and digits != own[name]:
                continue  # another number: refused by the submission service
        form[key] = _text(name, own[name])


def lock_widgets(form_view) -> None:
    """Prefill the locked fields (the number masked) and make them read-only."""
    own = _own(form_view)
    widgets = getattr(form_view, "widgets", None)
    if not own or not widgets:
        return
    for name in identity.OWN_FIELDS:
        widget = widgets.get(name)
        if widget is None or not own.get(name):
            continue
        value = own[name]
        if name == "national_number":
            value = mask_national_number(value)
        widget.value = _text(name, value) if name != "national_number" else value
        widget.readonly = "readonly"
        widget.klass = (widget.klass or "") + " eguichet-eid-locked"
