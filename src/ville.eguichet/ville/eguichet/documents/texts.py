"""The words of the forms and Procedure pages, translated when created.

Msgids are English (domain ``ville``); ``tr`` translates into the site's
language. Data from the profile (purposes, desk, hours) is escaped.
"""

from decimal import Decimal
from html import escape
from ville.core.profilefile import WEEKDAYS
from ville.eguichet import _
from ville.eguichet.documents.fees import format_amount
from ville.eguichet.documents.rules import BIRTH_CERTIFICATE
from ville.eguichet.documents.rules import CRIMINAL_RECORD
from ville.eguichet.documents.rules import HOUSEHOLD_COMPOSITION


# The words of the profile's one list of weekdays (keys of the desk's
# opening hours, ville.core), in its order.
WEEKDAY_LABELS = dict(
    zip(
        WEEKDAYS,
        (
            _("weekday_monday", default="Monday"),
            _("weekday_tuesday", default="Tuesday"),
            _("weekday_wednesday", default="Wednesday"),
            _("weekday_thursday", default="Thursday"),
            _("weekday_friday", default="Friday"),
            _("weekday_saturday", default="Saturday"),
            _("weekday_sunday", default="Sunday"),
        ),
        strict=True,
    )
)

FORM_DESCRIPTIONS = {
    CRIMINAL_RECORD: _(
        "desc_criminal_record",
        default="Order an extract of your criminal record (models 595, 596.1 "
        "and 596.2).",
    ),
    HOUSEHOLD_COMPOSITION: _(
        "desc_household_composition",
        default="Order a certificate listing the people of a household.",
    ),
    BIRTH_CERTIFICATE: _(
        "desc_birth_certificate",
        default="Order a copy or an extract of a birth certificate.",
    ),
}

INTRODUCTIONS = {
    CRIMINAL_RECORD: _(
        "intro_criminal_record",
        default="The extract of criminal record is delivered by the municipality "
        "where you live. Model 595 is for activities with unregulated access, "
        "596.1 for regulated activities (taxi, security, weapons, public "
        "procurement...), 596.2 for activities with minors. By law the extract "
        "is never sent as an e-mail attachment: you download it from your space "
        "on this site (it stays there 6 months), collect it at the desk or "
        "receive it by post.",
    ),
    HOUSEHOLD_COMPOSITION: _(
        "intro_household_composition",
        default="The household composition lists the people registered at your "
        "address and their links. With an eID card you can also get it free "
        "and at once on the federal application Mon DOSSIER. For another "
        "person's household, attach the proxy they signed with a copy of both "
        "identity cards. It is free for social purposes.",
    ),
    BIRTH_CERTIFICATE: _(
        "intro_birth_certificate",
        default="Since 2019 birth certificates are kept in the federal "
        "civil-status database: any municipality delivers them. The person "
        "born and their legal representative obtain it freely; the spouse or "
        "legal cohabitant, parents, children and heirs must prove a legitimate "
        "interest from the legal list.",
    ),
}

IN_PERSON_596_2 = _(
    "notice_596_2_in_person",
    default="The extract model 596.2 (activities with minors) is not delivered "
    "online here: please come to the desk with your identity card.",
)


def _fee_rows(config, tr):
    purposes = config["purposes"]
    groups = purposes.items() if isinstance(purposes, dict) else [(None, purposes)]
    rows = []
    for model, items in groups:
        for purpose in items:
            fee = Decimal(purpose["fee"])
            price = (
                tr(_("fee_free", default="Free")) if fee == 0 else format_amount(fee)
            )
            label = f"{model} · {purpose['title']}" if model else purpose["title"]
            rows.append(f"<tr><td>{escape(label)}</td><td>{escape(price)}</td></tr>")
    return "".join(rows)


def _colon() -> str:
    """French writes a space before a colon; German and Dutch do not."""
    from plone import api

    try:
        language = api.portal.get_registry_record("plone.default_language", default="fr")
    except Exception:  # no site
        language = "fr"
    return " :" if (language or "fr") == "fr" else ":"


def desk_html(data, tr):
    desk = data["desk"]
    lines = [f"<strong>{escape(desk['title'])}</strong>"]
    for key in ("location", "phone", "email"):
        if desk.get(key):
            lines.append(escape(desk[key]))
    closed = tr(_("hours_closed", default="closed"))
    colon = _colon()
    hours = [
        f"<li>{escape(tr(label))}{colon} "
        f"{escape(desk['opening_hours'].get(day) or closed)}</li>"
        for day, label in WEEKDAY_LABELS.items()
    ]
    return "<br />".join(lines) + f'<ul class="opening-hours">{"".join(hours)}</ul>'


def form_prologue(kind, config, data, tr) -> str:
    """The HTML above the form: what it is, fees, payment, the desk."""
    parts = [f"<p>{escape(tr(INTRODUCTIONS[kind]))}</p>"]
    if kind == CRIMINAL_RECORD and config.get("model_596_2_in_person"):
        parts.append(
            f'<p class="portalMessage warning">{escape(tr(IN_PERSON_596_2))}</p>'
        )
    if config.get("delay"):
        label = tr(_("label_delay", default="Delay"))
        parts.append(
            f"<p><strong>{escape(label)}{_colon()}</strong> {escape(config['delay'])}</p>"
        )
    parts.append(
        '<table class="table eguichet-fees"><caption>'
        + escape(tr(_("label_fees", default="Fees per copy")))
        + "</caption><thead><tr><th>"
        + escape(tr(_("label_fee_purpose", default="Purpose")))
        + "</th><th>"
        + escape(tr(_("label_fee_amount", default="Fee per copy")))
        + "</th></tr></thead>"
        + f"<tbody>{_fee_rows(config, tr)}</tbody></table>"
    )
    payment = data["payment"]
    if payment.get("iban"):
        parts.append(
            "<p>"
            + escape(
                tr(
                    _(
                        "payment_explanation",
                        default="A paying request is processed once paid by "
                        "bank transfer to ${iban} with the structured "
                        "communication given in your receipt.",
                        mapping={"iban": _format_iban(payment["iban"])},
                    )
                )
            )
            + "</p>"
        )
    parts.append(
        "<p>"
        + escape(
            tr(
                _(
                    "desk_still_delivers",
                    default="The desk still delivers the same documents "
                    "during its opening hours:",
                )
            )
        )
        + "</p>"
        + f"<p>{desk_html(data, tr)}</p>"
    )
    return "\n".join(parts)


def _format_iban(iban):
    return " ".join(iban[i : i + 4] for i in range(0, len(iban), 4))


CATEGORIES = {
    CRIMINAL_RECORD: "register_extract",
    HOUSEHOLD_COMPOSITION: "certificate",
    BIRTH_CERTIFICATE: "register_extract",
}

WHO = {
    CRIMINAL_RECORD: _(
        "who_criminal_record",
        default="Anyone registered in the municipality, for themselves. People "
        "living abroad apply to the Central Criminal Record.",
    ),
    HOUSEHOLD_COMPOSITION: _(
        "who_household_composition",
        default="Any member of the household, or someone else with a signed proxy.",
    ),
    BIRTH_CERTIFICATE: _(
        "who_birth_certificate",
        default="The person born and their legal representative; the spouse or "
        "legal cohabitant, parents, children and heirs with a legitimate "
        "interest.",
    ),
}

DOCUMENTS = {
    CRIMINAL_RECORD: _(
        "documents_criminal_record",
        default="Online: your national register number. At the desk: your "
        "identity card.",
    ),
    HOUSEHOLD_COMPOSITION: _(
        "documents_household_composition",
        default="Online: your national register number; for another person, "
        "their signed proxy and a copy of both identity cards. At the desk: "
        "your identity card (and the proxy).",
    ),
    BIRTH_CERTIFICATE: _(
        "documents_birth_certificate",
        default="Online: your national register number; unless you are the "
        "person born or their legal representative, a proof of your "
        "relationship and of your interest. At the desk: your identity card "
        "and the same proof.",
    ),
}


def _cost_summary(config, tr):
    purposes = config["purposes"]
    items = (
        [p for group in purposes.values() for p in group]
        if isinstance(purposes, dict)
        else purposes
    )
    fees = sorted({Decimal(p["fee"]) for p in items})
    if not fees or fees[-1] == 0:
        return tr(_("fee_free", default="Free"))
    if fees[0] == 0:
        return tr(
            _(
                "cost_free_or",
                default="Free for some purposes, otherwise up to ${fee} per copy",
                mapping={"fee": format_amount(fees[-1])},
            )
        )
    return tr(
        _(
            "cost_from",
            default="From ${fee} per copy",
            mapping={"fee": format_amount(fees[0])},
        )
    )


def procedure_fields(kind, config, data, tr) -> dict:
    """Field values of the Procedure page explaining a document."""
    desk = data["desk"]
    hours = "; ".join(
        f"{tr(label)} {desk['opening_hours'][day]}"
        for day, label in WEEKDAY_LABELS.items()
        if desk["opening_hours"].get(day)
    )
    desk_sentence = tr(
        _(
            "procedure_online_and_desk",
            default="Order it online on the e-guichet, 24 hours a day. "
            "The desk ${desk} still delivers the same documents "
            "(${hours}).",
            mapping={"desk": desk["title"], "hours": hours},
        )
    )
    if kind == CRIMINAL_RECORD and config.get("model_596_2_in_person"):
        desk_sentence += " " + tr(IN_PERSON_596_2)
    return {
        "title": config["title"],
        "description": f"{tr(INTRODUCTIONS[kind])} {desk_sentence}",
        "desk_sentence": desk_sentence,
        "category": CATEGORIES[kind],
        "who": tr(WHO[kind]),
        "documents": tr(DOCUMENTS[kind]),
        "cost": _cost_summary(config, tr),
        "delay": config.get("delay") or "",
    }
