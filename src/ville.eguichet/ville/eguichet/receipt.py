"""The PDF receipt of a request, with the SEPA payment QR code of its fee.

What the receipt shows is gathered here, in the request's thread (the
request's answers, translated); :mod:`ville.eguichet.receiptpdf` draws it
(fpdf2, segno: pure-Python CPU), in the PDF worker process when there is
one (:mod:`ville.eguichet.pdfworker`).

The Belgian structured communication goes in the QR code's *structured*
remittance field (``reference``), as its 12 digits without ``+++`` and
``/``: Belgian banks read a 12-digit reference there as the structured
communication (their apps then fill the "communication structurée" box and
the payment reaches the town's account statement (CODA) as structured,
which is what the agents match). Carried as ``text`` it would arrive as a
free communication, and the town's matching would miss it.

The receipt shows the answers as the summary step does (national numbers
masked, files by name and size): no personal number in clear.
"""

from decimal import Decimal
from plone import api
from ville.eguichet import _
from ville.eguichet import dates
from ville.eguichet.answers import request_rows
from ville.eguichet.documents.fees import format_amount
from zope.i18n import translate

import re


BENEFICIARY_MAX = 70  # EPC069-12: beneficiary name, 70 characters at most


def _registry(name):
    return api.portal.get_registry_record(f"ville.eguichet.{name}", default="") or ""


def _site_config():
    from ville.eguichet.documents.config import site_config

    try:
        return site_config()
    except Exception:
        return {}


def payment_details(request) -> dict | None:
    """Beneficiary, IBAN, BIC, amount and communication of a request's fee,
    or None when nothing is due (or no account is set)."""
    if request.fee is None or Decimal(request.fee) <= 0:
        return None
    payment = _site_config().get("payment", {})
    iban = re.sub(r"\s", "", _registry("iban") or payment.get("iban", ""))
    if not iban:
        return None
    beneficiary = (
        payment.get("beneficiary") or api.portal.get().Title() or ""
    )[:BENEFICIARY_MAX]
    return {
        "beneficiary": beneficiary,
        "iban": iban,
        "bic": re.sub(r"\s", "", _registry("bic") or payment.get("bic", "")),
        "amount": Decimal(request.fee).quantize(Decimal("0.01")),
        "communication": request.structured_communication or "",
    }


def epc_data(details) -> dict | None:
    """What the EPC QR code of a payment (:func:`payment_details`) carries
    (EPC069-12), or None when nothing is due."""
    if details is None or not details["communication"]:
        return None
    return {
        "name": details["beneficiary"],
        "iban": details["iban"],
        "amount": str(details["amount"]),
        # The structured communication's 12 digits (see the module's note).
        "reference": re.sub(r"\D", "", details["communication"]),
        "bic": details["bic"] or "",
    }


def _desk_lines(tr) -> list:
    from ville.eguichet.documents.texts import WEEKDAY_LABELS

    desk = _site_config().get("desk", {})
    lines = [desk.get("title", "")]
    lines += [desk[key] for key in ("location", "phone", "email") if desk.get(key)]
    hours = desk.get("opening_hours") or {}
    lines += [
        f"{tr(label)} : {hours[day]}" for day, label in WEEKDAY_LABELS.items()
        if hours.get(day)
    ]
    return [line for line in lines if line]


def receipt_document(request, http_request) -> dict:
    """What the receipt of ``request`` shows, translated for
    ``http_request``, as plain data (:mod:`ville.eguichet.receiptpdf`)."""
    def tr(message):
        return translate(message, context=http_request)

    site = api.portal.get().Title()
    language = getattr(http_request, "get", lambda *a: None)("LANGUAGE") or "fr"
    sections = [{"rows": [
        [tr(_("receipt_reference", default="Reference")), request.reference],
        [tr(_("receipt_procedure", default="Procedure")), request.procedure_title],
        [tr(_("receipt_submitted", default="Submitted on")),
         dates.format_datetime(request.submitted)],
    ]}]
    rows = request_rows(request, http_request)
    sections.append({
        "title": tr(_("receipt_answers", default="Your answers")),
        "rows": [[row["label"], row["value"]] for row in rows],
    })
    details = payment_details(request)
    payment = {"title": tr(_("receipt_payment", default="Payment"))}
    if details is None:
        payment["lines"] = [tr(_("receipt_free", default="Nothing to pay."))]
    else:
        iban = details["iban"]
        payment["rows"] = [
            [tr(_("receipt_amount", default="Amount due")), format_amount(details["amount"])],
            [tr(_("receipt_beneficiary", default="Beneficiary")), details["beneficiary"]],
            ["IBAN", " ".join(iban[i:i + 4] for i in range(0, len(iban), 4))],
            *([["BIC", details["bic"]]] if details["bic"] else []),
            [tr(_("receipt_communication", default="Structured communication")),
             details["communication"]],
        ]
        payment["epc"] = epc_data(details)
        payment["qr_help"] = tr(_(
            "receipt_qr_help",
            default="Scan this code with your banking app: it fills in the "
            "transfer (beneficiary, IBAN, amount and structured communication).",
        ))
    sections.append(payment)
    if (request.values or {}).get("delivery") == "counter":
        sections.append({
            "title": tr(_("receipt_desk", default="Collect it at the desk")),
            "lines": _desk_lines(tr),
        })
    return {
        "title": f"{tr(_('receipt_title', default='Receipt'))} {request.reference}",
        "lang": str(language)[:2] or "fr",
        "creator": site,
        "site": site,
        "heading": tr(_("receipt_heading", default="Receipt of your request")),
        "sections": sections,
    }


def receipt_pdf(request, http_request) -> bytes:
    """The receipt of ``request`` as PDF bytes (drawn by the PDF worker
    process when there is one: this thread waits without the GIL)."""
    from ville.eguichet import pdfworker

    return pdfworker.render(receipt_document(request, http_request))


def receipt_filename(request) -> str:
    return f"accuse-de-reception-{request.reference}.pdf"
