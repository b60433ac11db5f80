"""The easyform fields model (supermodel XML) of each document's form.

Field titles and descriptions are i18n messages of the ``ville`` domain
(English msgids, French in ville.po); the purposes and their titles come from
the municipality profile, with their fee in the title so that the citizen
sees the price before submitting.
"""

from decimal import Decimal
from ville.eguichet import _
from ville.eguichet.documents.fees import format_amount
from ville.eguichet.documents.rules import BIRTH_CERTIFICATE
from ville.eguichet.documents.rules import CRIMINAL_RECORD
from ville.eguichet.documents.rules import HOUSEHOLD_COMPOSITION
from ville.eguichet.documents.rules import MODEL_WITH_MINORS
from xml.sax.saxutils import escape
from xml.sax.saxutils import quoteattr


HEADER = """<?xml version="1.0" encoding="utf-8"?>
<model xmlns="http://namespaces.plone.org/supermodel/schema"
       xmlns:easyform="http://namespaces.plone.org/supermodel/easyform"
       xmlns:form="http://namespaces.plone.org/supermodel/form"
       xmlns:i18n="http://xml.zope.org/namespaces/i18n"
       i18n:domain="ville">
  <schema>
"""
FOOTER = """  </schema>
</model>
"""

TEXT = "zope.schema.TextLine"
FILE = "plone.namedfile.field.NamedBlobFile"
RADIO = "z3c.form.browser.radio.RadioFieldWidget"


def _field(
    name,
    title,
    type_=TEXT,
    description="",
    required=True,
    values=None,
    extra="",
    widget=None,
):
    """One <field>; ``title``/``description`` are (msgid, English default)."""
    lines = [f'    <field name="{name}" type="{type_}">']
    msgid, default = title
    lines.append(f'      <title i18n:translate="{msgid}">{escape(default)}</title>')
    if description:
        msgid, default = description
        lines.append(
            f'      <description i18n:translate="{msgid}">'
            f"{escape(default)}</description>"
        )
    if not required:
        lines.append("      <required>False</required>")
    if values:
        lines.append("      <values>")
        for key, label in values:
            if isinstance(label, tuple):
                msgid, default = label
                lines.append(
                    f'        <element key={quoteattr(key)} i18n:translate="{msgid}">'
                    f"{escape(default)}</element>"
                )
            else:
                lines.append(
                    f"        <element key={quoteattr(key)}>{escape(label)}</element>"
                )
        lines.append("      </values>")
    if extra:
        lines.append(extra)
    if widget:
        lines.append(f'      <form:widget type="{widget}" />')
    lines.append("    </field>")
    return "\n".join(lines) + "\n"


def purpose_label(purpose, tr, model=None):
    """``Inscription scolaire — gratuit`` or ``Prêt bancaire — 3,00 € par
    exemplaire``: the purpose (profile data) with its fee, translated."""
    if Decimal(purpose["fee"]) == 0:
        price = tr(_("purpose_free", default="free"))
    else:
        price = tr(
            _(
                "purpose_fee",
                default="${fee} per copy",
                mapping={"fee": format_amount(purpose["fee"])},
            )
        )
    prefix = f"{model} · " if model else ""
    return f"{prefix}{purpose['title']} — {price}"


def _purpose_values(config, tr):
    purposes = config["purposes"]
    if isinstance(purposes, dict):
        return [
            (purpose["id"], purpose_label(purpose, tr, model))
            for model, items in purposes.items()
            for purpose in items
        ]
    return [(purpose["id"], purpose_label(purpose, tr)) for purpose in purposes]


def identity_fields():
    return [
        _field("first_name", ("label_first_name", "First name")),
        _field("last_name", ("label_last_name", "Last name")),
        _field(
            "national_number",
            ("label_national_number", "National register number"),
            description=(
                "help_national_number",
                "11 digits, on the back of your identity card "
                "(like 85.07.30-033.28); a BIS number is accepted.",
            ),
        ),
        _field("birth_date", ("label_birth_date", "Birth date"), "zope.schema.Date"),
    ]


def contact_fields():
    return [
        _field(
            "email",
            ("label_email", "E-mail"),
            description=(
                "help_email",
                "We send the receipt and every change of status here.",
            ),
        ),
        _field(
            "phone",
            ("label_phone", "Phone"),
            description=("help_phone", "Belgian or international number."),
        ),
        _field("street", ("label_street", "Street and number")),
        _field(
            "postal_code",
            ("label_postal_code", "Postal code"),
            description=("help_postal_code", "4 digits, like 1234."),
        ),
        _field("city", ("label_city", "Municipality")),
    ]


def order_fields(config, delivery_help, tr):
    return [
        _field(
            "purpose",
            ("label_purpose", "Purpose"),
            "zope.schema.Choice",
            description=(
                "help_purpose",
                "What the document is for: the fee depends on it (per copy).",
            ),
            values=_purpose_values(config, tr),
        ),
        _field(
            "copies",
            ("label_copies", "Number of copies"),
            "zope.schema.Int",
            description=("help_copies", "From 1 to 10."),
            extra="      <default>1</default>\n      <min>1</min>\n      <max>10</max>",
        ),
        _field(
            "delivery",
            ("label_delivery", "Delivery"),
            "zope.schema.Choice",
            description=delivery_help,
            values=[
                (
                    "download",
                    (
                        "delivery_download",
                        "Download from my space on this site (Mes demandes)",
                    ),
                ),
                ("counter", ("delivery_counter", "Collect it at the desk")),
                ("post", ("delivery_post", "By post, in a closed envelope")),
            ],
            widget=RADIO,
        ),
        _field(
            "comments",
            ("label_comments", "Comments"),
            "zope.schema.Text",
            required=False,
        ),
    ]


def _concerned_person():
    return _field(
        "concerned_person",
        ("label_concerned_person", "Person concerned"),
        description=(
            "help_concerned_person",
            "Name, first name and birth date of the person the document is "
            "about, when it is not you.",
        ),
        required=False,
    )


def specific_fields(kind, config):
    if kind == CRIMINAL_RECORD:
        in_person = config.get("model_596_2_in_person")
        minors = (
            ("model_596_2_desk", "596.2: activities with minors (at the desk only)")
            if in_person
            else ("model_596_2", "596.2: activities with minors")
        )
        return [
            _field(
                "model",
                ("label_model", "Model of extract"),
                "zope.schema.Choice",
                description=(
                    "help_model",
                    "Ask the organisation that wants the extract which model it needs.",
                ),
                values=[
                    ("595", ("model_595", "595: general (unregulated activities)")),
                    ("596.1", ("model_596_1", "596.1: regulated activities")),
                    (MODEL_WITH_MINORS, minors),
                ],
                widget=RADIO,
            )
        ]
    if kind == HOUSEHOLD_COMPOSITION:
        return [
            _field(
                "concerned",
                ("label_concerned", "Whose household?"),
                "zope.schema.Choice",
                values=[
                    ("self", ("concerned_self", "Mine")),
                    ("third_party", ("concerned_third_party", "Another person's")),
                ],
                widget=RADIO,
            ),
            _concerned_person(),
            _field(
                "proxy",
                ("label_proxy", "Signed proxy"),
                FILE,
                description=(
                    "help_proxy",
                    "Required for another person's household: the proxy they "
                    "signed and a copy of both identity cards (PDF, JPEG or PNG).",
                ),
                required=False,
            ),
        ]
    if kind == BIRTH_CERTIFICATE:
        from ville.eguichet.documents.rules import LEGITIMATE_INTERESTS

        return [
            _field(
                "certificate_type",
                ("label_certificate_type", "Kind of document"),
                "zope.schema.Choice",
                values=[
                    ("full_copy", ("certificate_full_copy", "Full copy")),
                    ("extract", ("certificate_extract", "Extract")),
                    (
                        "multilingual_extract",
                        ("certificate_multilingual", "Multilingual extract"),
                    ),
                ],
                widget=RADIO,
            ),
            _field(
                "relationship",
                ("label_relationship", "You are"),
                "zope.schema.Choice",
                values=[
                    ("self", ("relationship_self", "the person born")),
                    (
                        "legal_representative",
                        (
                            "relationship_legal_representative",
                            "their legal representative",
                        ),
                    ),
                    (
                        "spouse_or_cohabitant",
                        (
                            "relationship_spouse_or_cohabitant",
                            "their spouse or legal cohabitant",
                        ),
                    ),
                    (
                        "parent_or_child",
                        ("relationship_parent_or_child", "their parent or child"),
                    ),
                    ("heir", ("relationship_heir", "their heir")),
                ],
                widget=RADIO,
            ),
            _concerned_person(),
            _field(
                "legitimate_interest",
                ("label_legitimate_interest", "Legitimate interest"),
                "zope.schema.Choice",
                description=(
                    "help_legitimate_interest",
                    "Required unless you are the person born or their legal "
                    "representative.",
                ),
                required=False,
                values=[(key, INTEREST_LABELS[key]) for key in LEGITIMATE_INTERESTS],
            ),
            _field(
                "proof",
                ("label_proof", "Proof"),
                FILE,
                description=(
                    "help_proof",
                    "Required unless you are the person born or their legal "
                    "representative: a document proving your relationship and "
                    "your interest (PDF, JPEG or PNG).",
                ),
                required=False,
            ),
        ]
    raise ValueError(f"unknown document {kind!r}")


INTEREST_LABELS = {
    "civil_status_abroad": (
        "interest_civil_status_abroad",
        "Settle a civil-status matter abroad",
    ),
    "court_proceedings": (
        "interest_court_proceedings",
        "Court proceedings on personal status",
    ),
    "foreign_social_security": (
        "interest_foreign_social_security",
        "Registration with a foreign social security",
    ),
    "notarial_deed": ("interest_notarial_deed", "A notarial deed"),
    "inheritance": ("interest_inheritance", "Accept or refuse an inheritance"),
    "foreign_identity_document": (
        "interest_foreign_identity_document",
        "Obtain a foreign identity document",
    ),
}


def fields_model(kind, config, tr=str) -> str:
    """The supermodel XML of the form for one document; ``tr`` translates
    the fees in the purposes' titles into the site's language."""
    delivery_help = (
        (
            "help_delivery_criminal_record",
            "By law the extract is never sent by e-mail: download it from "
            "your space, collect it at the desk or receive it by post.",
        )
        if kind == CRIMINAL_RECORD
        else ("help_delivery", "How you want to receive the document.")
    )
    return (
        HEADER
        + "".join(specific_fields(kind, config))
        + "".join(identity_fields())
        + "".join(contact_fields())
        + "".join(order_fields(config, delivery_help, tr))
        + FOOTER
    )
