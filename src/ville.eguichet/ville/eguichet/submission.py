"""The submission service: one e-guichet form filled in becomes a request.

Every channel goes through :func:`submit`: the HTML form (easyform's
action handler, :mod:`ville.eguichet.action`), ``@eguichet-submit``
(:mod:`ville.eguichet.services.submit`) and Python callers
(:func:`ville.eguichet.api.submit`). The steps, in this order:

1. the form's action (its settings: :mod:`ville.eguichet.formaction`);
2. who may submit: the identity level the action (and the values: the
   delivery) requires (:mod:`ville.eguichet.identity`);
3. the abuse limits (``ratelimit``): submissions, then uploads;
4. the honeypot (a bot is answered as a citizen, nothing stored);
5. for JSON: the values deserialized and checked by the fields' own
   validators (the HTML form's widgets run the same ones);
6. an eID requester's own number, names and birth date locked on a
   request about oneself; the cross-field validation (attachments, ``IRequestValidator``);
7. creation (:func:`ville.eguichet.engine.create_request`), the counters;
   the way of payment (``payment_method``: ``online`` | ``transfer``): paid
   online, the request goes at once to ``awaiting_payment``
   (:mod:`ville.eguichet.payment.service`);
8. ``RequestSubmittedEvent``: the receipt and the agents' notice are sent
   by its subscribers (:mod:`ville.eguichet.messages`), held until the
   payment is confirmed for an online payment; then the payment is created
   at the provider (its checkout URL: :func:`payment_url`).

A refusal raises one of :mod:`ville.eguichet.exc` (nothing stored).
"""

from plone import api
from plone.namedfile.interfaces import INamed
from plone.restapi.deserializer import json_body
from plone.restapi.interfaces import IFieldDeserializer
from ville.eguichet import _
from ville.eguichet import engine
from ville.eguichet import exc
from ville.eguichet import identity
from ville.eguichet import formrules
from ville.eguichet import ratelimit
from ville.eguichet.events import RequestSubmittedEvent
from ville.eguichet.formaction import action_for
from ville.eguichet.payment import service as payment
from ville.eguichet.validation import error_message
from ville.eguichet.validation import form_fields
from ville.eguichet.validation import HONEYPOT
from ville.eguichet.validation import validate_fields
from ville.eguichet.validation import validate_submission
from zope.component import queryMultiAdapter
from zope.event import notify
from zope.i18n import translate
from zope.interface import Invalid
from zope.schema.interfaces import ValidationError


_ADMITTED_KEY = "ville.eguichet.submission.admitted"


def submission_limits(http_request):
    return ratelimit.identities(
        http_request, "submissions_per_account", "submissions_per_address"
    )


def upload_limits(http_request):
    return ratelimit.identities(
        http_request, "uploads_per_account", "uploads_per_address"
    )


def uploads(data: dict) -> int:
    return sum(1 for value in data.values() if INamed.providedBy(value))


def check_uploads(http_request, data: dict):
    ratelimit.check(http_request, upload_limits(http_request), uploads(data))


def fake_reference() -> str:
    """A reference for a bot: drawn as a real one (the site's prefix), and
    never stored."""
    return engine.new_reference(engine.get_store())


def requester_identity(action, data) -> tuple:
    """(e-mail, name) of the requester. A member's mails go to the account's
    address (confirmed at registration), never to one typed in the form: the
    town's mail server must not carry a text to whoever is named there."""
    email_field = (getattr(action, "email_field", "") or "").strip()
    name_fields = (getattr(action, "name_fields", "") or "").split()
    email = str(data.get(email_field) or "") if email_field else ""
    name = " ".join(str(data.get(f)).strip() for f in name_fields if data.get(f))
    if not api.user.is_anonymous():
        member = api.user.get_current()
        email = member.getProperty("email") or ""
        name = name or member.getProperty("fullname") or member.getId()
    return email, name


def deserialize(form, data: dict, http_request, fields) -> tuple:
    """JSON values -> Python values (files: NamedBlobFile), with errors."""
    values, errors = {}, {}
    fields = dict(fields)
    for name, raw in data.items():
        if name == HONEYPOT:
            continue
        field = fields.get(name)
        if field is None:
            errors[name] = translate(_("Unknown field."), context=http_request)
            continue
        if raw is None or raw == "":
            continue
        deserializer = queryMultiAdapter(
            (field, form, http_request), IFieldDeserializer
        )
        try:
            values[name] = deserializer(raw) if deserializer else raw
        except (ValidationError, Invalid) as error:
            errors[name] = error_message(error, http_request)
        except (ValueError, TypeError, KeyError) as error:
            errors[name] = translate(
                _("Invalid value: ${error}", mapping={"error": str(error)}),
                context=http_request,
            )
    return values, errors


class Submission:
    """One submission of ``form`` in one HTTP request."""

    def __init__(self, form, http_request, action=None):
        self.form = form
        self.http_request = http_request
        self.action = action if action is not None else action_for(form, http_request)
        self.anonymous = api.user.is_anonymous()
        self.admitted = False
        self.payment_method = ""
        self._fields = None

    @property
    def fields(self) -> list:
        """The (id, field) pairs of the form, computed once."""
        if self._fields is None:
            self._fields = form_fields(self.form)
        return self._fields

    def _message(self, message):
        return translate(message, context=self.http_request)

    def admit(self, data=None) -> dict:
        """Steps 1 to 5. ``data``: the Python values, or None to read the
        HTTP request's JSON body (after the submission limit: an abuser's
        body is not even decoded). Returns the values to submit."""
        if self.action is None:
            raise exc.NotARequestForm(
                self._message(_("This form does not create requests."))
            )
        identity.check(self.form, self.action, data, self.http_request, self._message)
        if data is not None and data.get(HONEYPOT):
            raise exc.Trapped(fake_reference())
        ratelimit.check(self.http_request, submission_limits(self.http_request))
        if data is None:
            data = self._from_json()
        check_uploads(self.http_request, data)
        self.admitted = True
        return data

    def _from_json(self) -> dict:
        try:
            data = json_body(self.http_request)
        except Exception as error:
            raise exc.BadBody(str(error))
        if data.get(HONEYPOT):
            raise exc.Trapped(fake_reference())
        if isinstance(data, dict):
            self.payment_method = payment.chosen_method(data, self.http_request)
        values, errors = deserialize(self.form, data, self.http_request, self.fields)
        checked = validate_fields(
            self.form, values, self.http_request, fields=self.fields
        )
        for name, message in checked.items():
            errors.setdefault(name, message)
        errors = self.refine(errors, data, values)
        if errors:
            raise self._invalid(errors)
        return values

    def refine(self, errors: dict, raw: dict, values: dict) -> dict:
        """The fields' own validators' messages replaced by the form's rule
        table's (the same on both channels: :func:`formrules.refine`)."""
        refined = formrules.refine(self.form, errors, raw, values)
        return {
            name: self._message(message) for name, message in refined.items()
        }

    def _invalid(self, errors):
        return exc.InvalidSubmission(
            self._message(_("The form contains errors.")), errors
        )

    def create(self, data: dict):
        """Steps 6 to 8, once admitted. Returns the new request."""
        http_request, action = self.http_request, self.action
        data = dict(data)
        method = payment.chosen_method(data, http_request) or self.payment_method
        # The delivery chosen may ask more (identity.required_level).
        identity.check(self.form, action, data, http_request, self._message)
        identity.lock_own(self.form, data, http_request, self._message)
        table = formrules.rules_for(self.form)
        if table is not None:
            # Answers to the questions that do not apply are not kept.
            data = table.applicable(dict(data))
        errors = validate_submission(self.form, data, http_request, action)
        if errors:
            raise self._invalid(errors)
        # Every field of the form, None when not filled: the same dict whether
        # the data came from the HTML form or from JSON.
        values = {name: data.get(name) for name, _field in self.fields}
        email, name = requester_identity(action, data)
        if self.anonymous and not email:
            field = (action.email_field or "").strip() or ""
            raise self._invalid({
                field: self._message(
                    _("An e-mail address is needed to send you the tracking link.")
                )
            })
        request = engine.create_request(
            self.form,
            values,
            requester=None if self.anonymous else api.user.get_current().getId(),
            requester_email=email,
            requester_name=name,
            agent_group=(action.agent_group or "").strip(),
        )
        identity.record(request, http_request, identity.about_self(self.form, data))
        ratelimit.record(http_request, submission_limits(http_request), tag="submit")
        ratelimit.record(
            http_request, upload_limits(http_request), uploads(values), tag="submit"
        )
        held = payment.hold(request, method)
        notify(
            RequestSubmittedEvent(request, self.form, self.fields, action, http_request)
        )
        if held:
            payment.begin(request, http_request)
        return request


def payment_url(http_request) -> str | None:
    """After :func:`submit` of a request paid online: the provider's
    checkout page (or, the provider unreachable, the return page that says
    so and offers to try again)."""
    return payment.payment_url(http_request)


def _form_key(form) -> str:
    return "/".join(form.getPhysicalPath())


def admit(form, data: dict, http_request):
    """Steps 1 to 4 for the HTML form, before any action of the form runs
    (no mailer either when refused). :func:`submit` then goes on from there
    in the same HTTP request without checking again."""
    submission = Submission(form, http_request)
    if submission.action is None:
        # Another easyform form on the same view (a contact form and its
        # mailer): the abuse limits hold for it too.
        ratelimit.check(http_request, submission_limits(http_request))
        check_uploads(http_request, data)
        return
    submission.admit(data)
    http_request.other.setdefault(_ADMITTED_KEY, {})[_form_key(form)] = submission


def submit(form, data: dict | None, http_request, *, action=None):
    """Submit ``data`` (Python values, per-field validation done by the
    caller; None: the HTTP request's JSON body, deserialized and validated
    here) to ``form``. Returns the new request (acquisition-wrapped in the
    store).

    Raises :class:`exc.NotARequestForm`, :class:`exc.LoginRequired`,
    :class:`exc.BadBody`, :class:`exc.InvalidSubmission` (``errors``),
    :class:`exc.TooManyRequests` (429) and, for a bot,
    :class:`exc.Trapped` (``reference``): nothing is stored then.
    """
    admitted = getattr(http_request, "other", {}).get(_ADMITTED_KEY, {})
    submission = admitted.pop(_form_key(form), None)
    if submission is None:
        submission = Submission(form, http_request, action)
        data = submission.admit(data)
    return submission.create(data)
