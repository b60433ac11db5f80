"""Interfaces of the e-guichet request engine.

The public contract for other packages (events, validators, settings) is
documented in :mod:`ville.eguichet.api`.
"""

from collective.easyform.interfaces import IAction
from collective.easyform.interfaces import IEasyFormLayer
from ville.eguichet import _
from zope import schema
from zope.interface import Attribute
from zope.interface import Interface
from zope.interface.interfaces import IObjectEvent
from zope.publisher.interfaces.browser import IDefaultBrowserLayer


class IBrowserLayer(IEasyFormLayer, IDefaultBrowserLayer):
    """Marker interface applied to the request while ville.eguichet is installed.

    It extends easyform's layer so that our views for easyform's contexts
    (the model editors) are more specific than easyform's own, whatever the
    order in which the layers were installed."""


class IEGuichetProtected(Interface):
    """The e-guichet folder or one of its forms: under the workflow
    ``eguichet_form_workflow``, changed by the e-guichet managers only."""


class IEGuichetSection(IEGuichetProtected):
    """The ``/e-guichet`` folder: the forms created in it are protected."""


class IEGuichetForm(IEGuichetProtected):
    """A form of the e-guichet (under ``/e-guichet`` or carrying the request
    action), with an audit trail of its routing."""


class IRequestStore(Interface):
    """The BTree-based container holding every e-guichet request."""


class IEGuichetRequest(Interface):
    """One citizen request (portal_type ``EGuichetRequest``)."""

    reference = Attribute("Unique human-readable reference, e.g. EG-20261129-7KQ4M2")
    procedure_uid = Attribute("UID of the collective.easyform form")
    procedure_title = Attribute("Title of the form when the request was made")
    values = Attribute("dict field id -> submitted value (files: NamedBlobFile)")
    requester = Attribute("Member id of the requester, or None when anonymous")
    requester_email = Attribute("E-mail address of the requester, or ''")
    requester_name = Attribute("Full name of the requester, or ''")
    submitted = Attribute("datetime (UTC, aware) of the submission")
    state_dates = Attribute("dict review state -> datetime it was last entered")
    history = Attribute("list of dicts: action, state, actor, time, comment, public")
    fee = Attribute("decimal.Decimal or None")
    structured_communication = Attribute("str (+++123/4567/89012+++) or None")
    paid = Attribute("bool")
    paid_date = Attribute("datetime or None")
    payment_source = Attribute(
        "who recorded the payment: 'agent', 'bank_statement', 'online' (or None)")
    payment_bank_reference = Attribute("the bank statement movement (or the online payment's id) that paid it, or ''")
    documents = Attribute("list of NamedBlobFile attached by agents")
    citizen_files = Attribute("list of NamedBlobFile sent by the requester later")
    identity_level = Attribute(
        "str: how the requester was identified at submission (none, password, eid)"
    )
    nn_from_identity = Attribute(
        "bool: the national number of the request came from the eID identity"
    )


class IIdentityRequirement(Interface):
    """A subscriber adapter of a form: what its submitted values say about
    identity. The document forms use it for the criminal-record extract's
    deliveries and for requests about oneself."""

    def __call__(data):
        """The identity level (``none``, ``password``, ``eid``) ``data``
        requires beyond the action's own setting, or None."""

    def about_self(data):
        """True when ``data`` is a request about the requester (its
        ``national_number``, names and birth date are the requester's)."""


class IFormRules(Interface):
    """Marker of a form's rule table (:class:`ville.eguichet.formrules.RuleTable`):
    register an adapter from your form's marker interface to it. The table
    drives the validation of both channels and the page's conditional
    questions (see :mod:`ville.eguichet.formrules`)."""


class IRequestValidator(Interface):
    """Cross-field validation of a submission, called by the HTML form and by
    ``@eguichet-submit`` alike.

    Register either a named utility (its name listed in the form action's
    ``validators`` setting) or a subscription adapter for the form (e.g. for
    a marker interface provided by the form). Both are called the same way.
    """

    def __call__(form, data):
        """Return a dict {field_id: message} (empty when the data is valid).

        ``data`` maps field ids to the deserialized values (files are
        NamedBlobFile). Messages should be translatable Messages or French
        strings. A message under the key ``""`` is a form-level error.
        """


class IRequestCreatedEvent(IObjectEvent):
    """A request was created (synchronously, before the receipt is queued)."""

    object = Attribute("The new request")
    form = Attribute("The collective.easyform form (procedure)")


class IRequestSubmittedEvent(IObjectEvent):
    """A citizen's submission became a request (after IRequestCreatedEvent:
    its subscribers have set the fee). The receipt and the agents' notice
    are sent from it."""

    object = Attribute("The new request")
    form = Attribute("The collective.easyform form (procedure)")
    fields = Attribute("The form's (id, field) pairs the citizen filled in")
    action = Attribute("The form's \"Créer une demande\" action (its settings)")
    http_request = Attribute("The HTTP request of the submission")


class IRequestTransitionEvent(IObjectEvent):
    """A workflow transition was performed on a request."""

    object = Attribute("The request")
    transition = Attribute("Transition id (take, mark_ready, ...)")
    old_state = Attribute("State id before")
    new_state = Attribute("State id after")
    comment = Attribute("The comment given, or ''")
    actor = Attribute("Member id of who made the transition")
    public = Attribute("Whether the comment is meant for the requester")


class ICreateRequestAction(IAction):
    """Settings of the easyform action "Créer une demande"."""

    # One setting says who may submit: ``none`` is what "accept anonymous
    # requests" (``allow_anonymous``, still readable on the action) meant.
    identity = schema.Choice(
        title=_("Identity required"),
        description=_(
            "none: visitors who are not logged in may submit this form (they "
            "receive a private tracking link by e-mail); password: an account "
            "is needed; eid: a login with the eID or itsme is needed."
        ),
        values=("none", "password", "eid"),
        default="password",
        required=True,
    )
    agent_email = schema.TextLine(
        title=_("Agents' e-mail address"),
        description=_("The new-request notice of this procedure is sent there."),
        default="",
        required=False,
    )
    agent_group = schema.TextLine(
        title=_("Agent group of this procedure"),
        description=_(
            "Id of a group that processes the requests of this form (the group "
            "agents-eguichet processes every procedure)."
        ),
        default="",
        required=False,
    )
    email_field = schema.TextLine(
        title=_("E-mail field"),
        description=_("Id of the form field holding the requester's e-mail address."),
        default="email",
        required=False,
    )
    name_fields = schema.TextLine(
        title=_("Name fields"),
        description=_("Ids of the form fields holding the requester's name, separated by spaces."),
        default="first_name last_name",
        required=False,
    )
    attach_documents = schema.Bool(
        title=_("Attach documents to the e-mail sent when a request is ready"),
        description=_(
            "Off by default: the e-mail only links to the citizen space. Never "
            "turn it on for documents that may not travel by e-mail (criminal "
            "record extracts)."
        ),
        default=False,
        required=False,
    )
    validators = schema.List(
        title=_("Request validators"),
        description=_("Names of the cross-field validators to apply (one per line)."),
        value_type=schema.TextLine(),
        default=[],
        required=False,
    )


class IEGuichetSettings(Interface):
    """Site-wide settings (registry prefix ``ville.eguichet``)."""

    reference_prefix = schema.TextLine(
        title=_("Reference prefix"), default="EG", required=True
    )
    iban = schema.TextLine(
        title=_("IBAN of the municipality"),
        description=_("Shown in receipts of requests that carry a fee."),
        default="",
        required=False,
    )
    bic = schema.TextLine(title=_("BIC"), default="", required=False)
    max_file_size = schema.Int(
        title=_("Maximum size of an attachment (MB)"), default=10, min=1, required=True
    )
    allowed_file_types = schema.List(
        title=_("Allowed attachment types (MIME types)"),
        value_type=schema.TextLine(),
        default=["application/pdf", "image/jpeg", "image/png"],
        required=True,
    )
    max_files = schema.Int(
        title=_("Maximum number of files in one submission or reply"),
        description=_(
            "With the maximum size, it bounds the size of what the server "
            "reads (set in eguichet.yaml, applied when the instance starts)."
        ),
        default=5,
        min=1,
        required=True,
    )
    limit_submissions_per_account = schema.Int(
        title=_("Limit: requests per account and per hour"),
        description=_("Abuse limits: 0 switches a limit off."),
        default=10,
        min=0,
        required=True,
    )
    limit_submissions_per_address = schema.Int(
        title=_("Limit: requests per client address and per hour"),
        default=30,
        min=0,
        required=True,
    )
    limit_replies_per_address = schema.Int(
        title=_("Limit: citizens' replies per client address and per hour"),
        default=20,
        min=0,
        required=True,
    )
    limit_uploads_per_account = schema.Int(
        title=_("Limit: files sent per account and per hour"),
        default=20,
        min=0,
        required=True,
    )
    limit_uploads_per_address = schema.Int(
        title=_("Limit: files sent per client address and per hour"),
        default=40,
        min=0,
        required=True,
    )
    limit_registrations_per_address = schema.Int(
        title=_("Limit: accounts created per client address and per hour"),
        default=5,
        min=0,
        required=True,
    )
    limit_login_failures_per_address = schema.Int(
        title=_("Limit: failed logins per client address and per 15 minutes"),
        default=10,
        min=0,
        required=True,
    )
    sensitive_fields = schema.List(
        title=_("Field ids holding national numbers"),
        description=_("Masked everywhere except on the agent's request page."),
        value_type=schema.TextLine(),
        default=["national_number"],
        required=False,
    )
    reminder_days = schema.Int(
        title=_("Reminder after (days)"),
        description=_(
            "A request waiting for the citizen's reply is reminded this many "
            "days after the question (an unpaid request: after the payment "
            "delay)."
        ),
        default=15,
        min=1,
        max=365,
        required=True,
    )
    expiry_days = schema.Int(
        title=_("Cancelled after the reminder (days)"),
        description=_(
            "Still without reply (or payment) this many days after the "
            "reminder, the request is cancelled, then anonymised like the "
            "finished ones."
        ),
        default=15,
        min=1,
        max=365,
        required=True,
    )
    mail_queue_days = schema.Int(
        title=_("Undelivered e-mails kept (days)"),
        description=_(
            "Messages still in the mail queue after this delay are deleted "
            "by the retention job."
        ),
        default=30,
        min=1,
        max=365,
        required=True,
    )
    receipt_subject = schema.TextLine(
        title=_("Receipt: subject"), default="", required=False
    )
    receipt_body = schema.Text(title=_("Receipt: text"), default="", required=False)
    agent_subject = schema.TextLine(
        title=_("New request notice: subject"), default="", required=False
    )
    agent_body = schema.Text(
        title=_("New request notice: text"), default="", required=False
    )
    transition_subject = schema.TextLine(
        title=_("Status change: subject"), default="", required=False
    )
    transition_body = schema.Text(
        title=_("Status change: text"), default="", required=False
    )
