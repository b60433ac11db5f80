"""The rule table of the three documents' forms, declared once as data.

Which questions apply when, what is required, which values are accepted
and the message of every refusal (naming the field and the fix). The
checks themselves (national number, phone, ...) are the functions of
:mod:`ville.eguichet.documents.rules`. The engine applies the table on both
channels (:mod:`ville.eguichet.formrules`) and the form page shows the same
conditions.
"""

from ville.eguichet import _
from ville.eguichet.documents import rules as r
from ville.eguichet.documents.config import form_config
from ville.eguichet.formrules import FieldRule
from ville.eguichet.formrules import RuleTable
from ville.eguichet.formrules import Step
from ville.eguichet.formrules import When


DELIVERY_EMAIL = _(
    "msg_delivery_email",
    default="This document cannot be sent by e-mail: choose download, "
    "collection at the desk or delivery by post.",
)

# The conditions, in words, for a page read without JavaScript.
IF_THIRD_PARTY = _(
    "cond_household_third_party",
    default="Only for another person's household.",
)
IF_NOT_BORN = _(
    "cond_birth_not_self",
    default="Only if you are not the person born.",
)
IF_INTEREST_NEEDED = _(
    "cond_birth_interest",
    default="Only if you are neither the person born nor their legal "
    "representative.",
)

THIRD_PARTY = When("concerned", ("third_party",))
NOT_BORN = When("relationship", ("self",), negate=True)
INTEREST_NEEDED = When("relationship", r.FREE_RELATIONSHIPS, negate=True)


def _missing(msgid, default):
    return _(msgid, default=default)


def _ignore_answers(check):
    return lambda value, answers: check(value)


def identity_rules(today=None):
    return [
        FieldRule(
            "first_name",
            required=True,
            missing=_missing("msg_missing_first_name", "Enter your first name."),
        ),
        FieldRule(
            "last_name",
            required=True,
            missing=_missing("msg_missing_last_name", "Enter your last name."),
        ),
        FieldRule(
            "national_number",
            required=True,
            missing=_missing(
                "msg_missing_national_number",
                "Enter your national register number (11 digits, on the back "
                "of your identity card).",
            ),
            checks=(
                lambda value, answers: r.check_national_number(
                    value, answers.get("birth_date"), today
                ),
            ),
        ),
        FieldRule(
            "birth_date",
            required=True,
            missing=_missing("msg_missing_birth_date", "Enter your birth date."),
            invalid=_("msg_birth_date", default="Please give a valid birth date."),
            checks=(lambda value, answers: r.check_birth_date(value, today),),
        ),
    ]


def contact_rules():
    return [
        FieldRule(
            "email",
            required=True,
            missing=_missing(
                "msg_missing_email",
                "Enter your e-mail address: we send the receipt there.",
            ),
            checks=(_ignore_answers(r.check_email),),
        ),
        FieldRule(
            "phone",
            required=True,
            missing=_missing(
                "msg_missing_phone", "Enter your phone number (like 069 12 34 56)."
            ),
            checks=(_ignore_answers(r.check_phone),),
        ),
        FieldRule(
            "street",
            required=True,
            missing=_missing("msg_missing_street", "Enter your street and number."),
        ),
        FieldRule(
            "postal_code",
            required=True,
            missing=_missing(
                "msg_missing_postal_code", "Enter your postal code (4 digits)."
            ),
            checks=(_ignore_answers(r.check_postal_code),),
        ),
        FieldRule(
            "city",
            required=True,
            missing=_missing("msg_missing_city", "Enter your municipality."),
        ),
    ]


def order_rules(config):
    def purposes(answers):
        return {item["id"] for item in r.purposes_of(config, answers)}

    purpose_message = _(
        "msg_purpose", default="Choose a purpose from the list for this document."
    )
    copies_message = _("msg_copies", default="You can order from 1 to 10 copies.")
    delivery_message = _("msg_delivery", default="Choose how to receive it.")
    return [
        FieldRule(
            "purpose",
            required=True,
            missing=purpose_message,
            allowed=purposes,
            invalid=purpose_message,
        ),
        FieldRule(
            "copies",
            required=True,
            missing=copies_message,
            invalid=copies_message,
            checks=(_ignore_answers(r.check_copies),),
        ),
        FieldRule(
            "delivery",
            required=True,
            missing=delivery_message,
            allowed=r.DELIVERY,
            refused=(("email", DELIVERY_EMAIL),),
            invalid=delivery_message,
        ),
    ]


def _in_person_596_2(config):
    def check(value, answers):
        if value == r.MODEL_WITH_MINORS and config.get("model_596_2_in_person"):
            return _(
                "msg_596_2_in_person",
                default="The extract model 596.2 (activities with minors) "
                "is delivered only at the desk: please come in person "
                "with your identity card.",
            )
        return None

    return check


def specific_rules(kind, config):
    if kind == r.CRIMINAL_RECORD:
        model = _("msg_model", default="Choose the model of extract.")
        return [
            FieldRule(
                "model",
                required=True,
                missing=model,
                allowed=r.CRIMINAL_RECORD_MODELS,
                invalid=model,
                checks=(_in_person_596_2(config),),
            )
        ]
    if kind == r.HOUSEHOLD_COMPOSITION:
        concerned = _("msg_concerned", default="Say whose household it is.")
        return [
            FieldRule(
                "concerned",
                required=True,
                missing=concerned,
                allowed=r.CONCERNED,
                invalid=concerned,
            ),
            FieldRule("concerned_person", when=THIRD_PARTY, condition=IF_THIRD_PARTY),
            FieldRule(
                "proxy",
                when=THIRD_PARTY,
                condition=IF_THIRD_PARTY,
                required=True,
                missing=_(
                    "msg_proxy_required",
                    default="For another person's household, attach the "
                    "proxy they signed, with a copy of both identity cards.",
                ),
            ),
        ]
    if kind == r.BIRTH_CERTIFICATE:
        certificate = _("msg_certificate_type", default="Choose the kind of document.")
        relationship = _(
            "msg_relationship", default="Say how you are related to the person born."
        )
        interest = _(
            "msg_legitimate_interest",
            default="The law requires a legitimate interest from "
            "the list for this relationship.",
        )
        return [
            FieldRule(
                "certificate_type",
                required=True,
                missing=certificate,
                allowed=r.CERTIFICATE_TYPES,
                invalid=certificate,
            ),
            FieldRule(
                "relationship",
                required=True,
                missing=relationship,
                allowed=r.RELATIONSHIPS,
                invalid=relationship,
            ),
            FieldRule("concerned_person", when=NOT_BORN, condition=IF_NOT_BORN),
            FieldRule(
                "legitimate_interest",
                when=INTEREST_NEEDED,
                condition=IF_INTEREST_NEEDED,
                required=True,
                missing=interest,
                allowed=r.LEGITIMATE_INTERESTS,
                invalid=interest,
            ),
            FieldRule(
                "proof",
                when=INTEREST_NEEDED,
                condition=IF_INTEREST_NEEDED,
                required=True,
                missing=_(
                    "msg_proof_required",
                    default="Attach a document proving your relationship "
                    "and your interest.",
                ),
            ),
        ]
    raise ValueError(f"unknown document {kind!r}")


STEP_WHO = _("step_who", default="Person concerned")
STEP_DOCUMENT = _("step_document", default="The document")
STEP_DELIVERY = _("step_delivery", default="Delivery")
STEP_CONTACT = _("step_contact", default="Your details")
CONTACT_FIELDS = (
    "first_name", "last_name", "national_number", "birth_date",
    "email", "phone", "street", "postal_code", "city",
)


def document_steps(kind) -> tuple:
    """The steps of a document's form page: who is concerned (when it can
    be someone else), the document, its delivery, the applicant's details."""
    who, document = {
        r.HOUSEHOLD_COMPOSITION: (
            ("concerned", "concerned_person", "proxy"), ("purpose", "copies")
        ),
        r.CRIMINAL_RECORD: ((), ("model", "purpose", "copies")),
        r.BIRTH_CERTIFICATE: (
            ("relationship", "concerned_person", "legitimate_interest", "proof"),
            ("certificate_type", "purpose", "copies"),
        ),
    }[kind]
    steps = [
        Step("who", STEP_WHO, who),
        Step("document", STEP_DOCUMENT, document),
        Step("delivery", STEP_DELIVERY, ("delivery", "comments")),
        Step("contact", STEP_CONTACT, CONTACT_FIELDS),
    ]
    return tuple(step for step in steps if step.fields)


def document_rules(kind, config, today=None) -> RuleTable:
    """The rule table of one document's form, in the form's field order,
    with the steps of its page."""
    return RuleTable(
        specific_rules(kind, config)
        + identity_rules(today)
        + contact_rules()
        + order_rules(config),
        steps=document_steps(kind),
    )


def rules_for_form(form):
    """Adapter ``IDocumentForm`` -> ``IFormRules`` (None without a kind)."""
    config = form_config(form)
    if not config.get("kind"):
        return None
    return document_rules(config["kind"], config)


def check_request(kind, config, values, today=None) -> dict:
    """All errors of one submission: ``{field_id: message}`` (``config``:
    the procedure's part of the municipality profile)."""
    return document_rules(kind, config, today).validate(values)
