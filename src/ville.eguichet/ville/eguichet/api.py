"""Public API of the e-guichet request engine, for add-ons that build
procedures on it (e.g. ``ville.eguichet.documents``).

The easyform action
------------------
Field type ``ville.eguichet.action.CreateRequest`` in a form's actions model
(``ville.eguichet.actions.CreateRequest`` is still read). Settings:
``allow_anonymous``, ``agent_email``, ``agent_group``, ``email_field``,
``name_fields``, ``attach_documents``, ``validators``.
:func:`find_action` returns it (subclasses included). The submission
service both the HTML form and ``@eguichet-submit`` go through is
:func:`ville.eguichet.submission.submit` (returns the request, raises
:mod:`ville.eguichet.exc`); :func:`submit` here is its older form.

Request data model (portal_type ``EGuichetRequest``, in the BTree store
``<portal>/eguichet-demandes``; object id == reference)
--------------------------------------------------------------------------
- ``request.reference``: str, unique, ``EG-YYYYMMDD-XXXXXX`` (prefix from the
  registry record ``ville.eguichet.reference_prefix``).
- ``request.procedure_uid``: UID of the easyform form; ``request.procedure_title``.
- ``request.values``: dict field id -> submitted value (files are
  ``plone.namedfile.NamedBlobFile``). Reassign the whole dict to change it.
- ``request.requester``: member id, or None for an anonymous request;
  ``request.requester_email``, ``request.requester_name``.
- ``request.submitted``: aware UTC datetime; ``request.state_dates``: dict
  review_state -> datetime it was last entered (``submitted`` included).
- ``request.history``: list of dicts ``{"action", "state", "actor", "time",
  "comment", "public"}``; the first entry is ``action == "submit"``.
  Reassign the list (it is a plain list on a persistent object).
- ``request.fee``: ``decimal.Decimal`` or None; ``request.structured_communication``:
  str (``+++123/4567/89002+++``) or None; ``request.paid``: bool;
  ``request.paid_date``: datetime or None. Use :func:`mark_paid` (it writes
  the history entry and ``request.payment_source``: ``agent``, or
  ``bank_statement`` with ``request.payment_bank_reference``, or ``online``
  with the provider's payment id there; see
  :mod:`ville.eguichet.bankmatch`).
- ``request.documents``: list of NamedBlobFile the agent attaches at
  ``mark_ready`` (downloadable by who may view the request);
  ``request.citizen_files``: files the requester sent with ``provide_info``.
- ``request.anonymous``: bool; ``request.tracking_token``: the secret of the
  tracking link (anonymous requests only).
- Review state: ``api.content.get_state(request)``; workflow
  ``eguichet_request_workflow`` (submitted, in_progress, awaiting_citizen,
  ready, closed, rejected, cancelled; transitions take, mark_ready, close,
  ask_info, provide_info, reject, cancel).

Events (``ville.eguichet.events``)
----------------------------------
- ``RequestCreatedEvent(request, form)``: synchronous, after the request is
  stored and before the receipt is queued. A subscriber may set
  ``request.fee`` and ``request.structured_communication``: the receipt then
  shows the amount, the IBAN (registry ``ville.eguichet.iban``) and the
  communication. Register for ``ville.eguichet.interfaces.IRequestCreatedEvent``
  (``for="ville.eguichet.interfaces.IEGuichetRequest
  ville.eguichet.interfaces.IRequestCreatedEvent"``).
- ``RequestSubmittedEvent(request, form, fields, action, http_request)``:
  after a citizen's submission became a request (its ``RequestCreatedEvent``
  subscribers have run); the receipt and the agents' notice are sent from
  it (:mod:`ville.eguichet.messages`).
- ``RequestTransitionEvent``: after each transition, with ``transition``,
  ``old_state``, ``new_state``, ``comment``, ``actor``, ``public``; the
  requester's mail is sent from it.

Cross-field validation
----------------------
``ville.eguichet.interfaces.IRequestValidator``: a callable ``(form, data)``
returning ``{field_id: message}``. Register a named utility and list its
name in the form action's ``validators`` setting, or a subscription adapter
for the form (``<subscriber for="your.IMarker" provides="...IRequestValidator"
factory="..."/>``, the factory taking the form and returning the callable).
Both the HTML form and ``@eguichet-submit`` call them, through
:func:`ville.eguichet.validation.validate_submission`. easyform's per-field
validators (``IFieldValidator`` utilities named on a field) run on both paths.

Privacy
-------
:func:`mask_national_number` and :func:`masked_values` (pass ``request=``
the e-guichet request): a field its form validates as a national or BIS
number (easyform field validator ``isBelgianNationalNumber``, or any
``IFieldValidator`` providing ``privacy.INationalNumberValidator``), whatever
its id, and the fields listed in the registry record
``ville.eguichet.sensitive_fields`` (default ``["national_number"]``) are
masked in listings, e-mails, exports and REST for citizens; only the agent's
request page shows them.

Delivery
--------
The action setting ``attach_documents`` (default off) decides whether the
``ready`` e-mail carries ``request.documents``; otherwise mails only link to
the citizen space. :func:`attach_documents_allowed` tells it for a request.
"""

from ville.eguichet import exc
from ville.eguichet import submission
from ville.eguichet.engine import create_request
from ville.eguichet.engine import FINAL_STATES
from ville.eguichet.engine import get_store
from ville.eguichet.engine import is_agent
from ville.eguichet.engine import mark_paid
from ville.eguichet.engine import procedure
from ville.eguichet.engine import public_history
from ville.eguichet.engine import STATES
from ville.eguichet.events import RequestCreatedEvent
from ville.eguichet.events import RequestSubmittedEvent
from ville.eguichet.events import RequestTransitionEvent
from ville.eguichet.formaction import attach_documents_allowed
from ville.eguichet.formaction import find_action
from ville.eguichet.mail import queue_mail
from ville.eguichet.privacy import mask_national_number
from ville.eguichet.privacy import masked_values
from ville.eguichet.privacy import sensitive_fields
from ville.eguichet.validation import validate_fields
from ville.eguichet.validation import validate_submission


__all__ = [
    "FINAL_STATES",
    "STATES",
    "RequestCreatedEvent",
    "RequestSubmittedEvent",
    "RequestTransitionEvent",
    "attach_documents_allowed",
    "create_request",
    "find_action",
    "get_store",
    "is_agent",
    "mark_paid",
    "mask_national_number",
    "masked_values",
    "procedure",
    "public_history",
    "queue_mail",
    "sensitive_fields",
    "submit",
    "validate_fields",
    "validate_submission",
]


def submit(form, data: dict, http_request, action=None):
    """Validate (attachments, cross-field) and create the request.

    Per-field validation has already run (z3c.form widgets for HTML,
    ``validate_fields`` for Python callers). Returns ``(request, {})`` or
    ``(None, {field_id: message})``; nothing is stored on error. Raises
    ``ratelimit.TooManyRequests`` over an abuse limit (nothing stored).
    """
    try:
        return submission.submit(form, data, http_request, action=action), {}
    except exc.SubmissionError as error:
        return None, dict(error.errors)
