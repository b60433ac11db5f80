"""The documents' cross-field validator, plugged into the engine.

Registered as a subscription adapter of :class:`IDocumentForm` for the
engine's ``IRequestValidator``: the HTML form and ``@eguichet-submit`` both
call it with ``(form, data)``.
"""

from ville.eguichet.documents.config import form_config
from ville.eguichet.documents.rules import check_request


class DocumentValidator:
    """Belgian rules of the document the form orders (kind from its config)."""

    def __init__(self, form):
        self.form = form

    def __call__(self, form, data):
        config = form_config(form)
        if not config.get("kind"):
            return {}
        return check_request(config["kind"], config, data)
