"""What the submission service (:mod:`ville.eguichet.submission`) raises.

Each channel answers them its own way: the HTML form shows the messages
above and beside its fields, ``@eguichet-submit`` answers ``status`` with
``{"error": {"type": kind, "message": ..., "errors": [...]}}``.
"""

from ville.eguichet.ratelimit import TooManyRequests  # noqa: F401 (over a limit: 429)


class SubmissionError(Exception):
    """The submission is refused; nothing was stored.

    ``message``: the translated message of the form as a whole; ``errors``:
    ``{field_id: translated message}``, ``""`` for the form as a whole.
    """

    status = 400
    kind = "BadRequest"

    def __init__(self, message, errors=None):
        super().__init__(message)
        self.message = message
        self.errors = dict(errors) if errors is not None else {"": message}


class NotARequestForm(SubmissionError):
    """The form has no "Créer une demande" action."""

    status = 404
    kind = "NotFound"


class LoginRequired(SubmissionError):
    """An anonymous visitor on a form that needs an account."""

    status = 401
    kind = "Unauthorized"


class IdentityRequired(SubmissionError):
    """The requester is identified below the level the procedure requires
    (``required``: ``password`` or ``eid``)."""

    status = 403
    kind = "Forbidden"

    def __init__(self, message, required, errors=None):
        super().__init__(message, errors)
        self.required = required


class BadBody(SubmissionError):
    """A body that is not the JSON object of a submission."""


class InvalidSubmission(SubmissionError):
    """Fields (or the form as a whole, under ``""``) refused."""

    kind = "ValidationError"


class Trapped(Exception):
    """A bot filled the honeypot: answer as for a success, with the made-up
    ``reference``; nothing was stored or sent."""

    def __init__(self, reference):
        super().__init__(reference)
        self.reference = reference
