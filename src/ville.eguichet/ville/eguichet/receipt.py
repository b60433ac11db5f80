"""The PDF receipt of a request, with the SEPA payment QR code of its fee.

fpdf2 writes the PDF (pure Python, maintained, Unicode TrueType fonts:
DejaVu Sans when the system has it, else the PDF core font with the text
reduced to Latin-1); segno writes the EPC QR code (EPC069-12) that Belgian
banking apps scan to fill the transfer.

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
from fpdf import FPDF
from pathlib import Path
from plone import api
from segno import helpers as segno_helpers
from ville.eguichet import _
from ville.eguichet import dates
from ville.eguichet.answers import request_rows
from ville.eguichet.documents.fees import format_amount
from zope.i18n import translate

import io
import re


FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")
FONT = "DejaVuSans"
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


def epc_qr(request):
    """The segno QR code of the request's payment (EPC069-12), or None."""
    details = payment_details(request)
    if details is None or not details["communication"]:
        return None
    return segno_helpers.make_epc_qr(
        name=details["beneficiary"],
        iban=details["iban"],
        amount=details["amount"],
        # The structured communication's 12 digits (see the module's note).
        reference=re.sub(r"\D", "", details["communication"]),
        bic=details["bic"] or None,
    )


def epc_png(request, scale=5) -> bytes | None:
    qr = epc_qr(request)
    if qr is None:
        return None
    buffer = io.BytesIO()
    qr.save(buffer, kind="png", scale=scale, border=4)
    return buffer.getvalue()


class _Receipt(FPDF):
    def __init__(self):
        super().__init__(format="A4")
        self.unicode = (FONT_DIR / f"{FONT}.ttf").is_file()
        if self.unicode:
            self.add_font(FONT, "", str(FONT_DIR / f"{FONT}.ttf"))
            self.add_font(FONT, "B", str(FONT_DIR / f"{FONT}-Bold.ttf"))
        self.family = FONT if self.unicode else "Helvetica"
        self.set_auto_page_break(True, margin=15)
        self.set_margins(18, 18, 18)

    def clean(self, text) -> str:
        text = str(text or "")
        if self.unicode:
            return text
        text = text.replace("€", "EUR").replace("’", "'").replace("œ", "oe")
        return text.encode("latin-1", "replace").decode("latin-1")

    def style(self, size=10, bold=False):
        self.set_font(self.family, "B" if bold else "", size)

    def line_of(self, text, size=10, bold=False, height=6):
        self.style(size, bold)
        self.multi_cell(0, height, self.clean(text), new_x="LMARGIN", new_y="NEXT")

    def rows(self, rows):
        self.style(10)
        with self.table(
            col_widths=(65, 109), text_align="LEFT", first_row_as_headings=False
        ) as table:
            for label, value in rows:
                row = table.row()
                row.cell(self.clean(label))
                row.cell(self.clean(value))


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


def receipt_pdf(request, http_request) -> bytes:
    """The receipt of ``request`` as PDF bytes."""
    def tr(message):
        return translate(message, context=http_request)

    pdf = _Receipt()
    pdf.set_title(pdf.clean(f"{tr(_('receipt_title', default='Receipt'))} {request.reference}"))
    pdf.set_lang("fr")
    pdf.set_creator(pdf.clean(api.portal.get().Title()))
    pdf.add_page()
    pdf.line_of(api.portal.get().Title(), size=11)
    pdf.line_of(tr(_("receipt_heading", default="Receipt of your request")), 16, True, 9)
    pdf.ln(2)
    pdf.rows([
        (tr(_("receipt_reference", default="Reference")), request.reference),
        (tr(_("receipt_procedure", default="Procedure")), request.procedure_title),
        (tr(_("receipt_submitted", default="Submitted on")),
         dates.format_datetime(request.submitted)),
    ])
    pdf.ln(4)
    pdf.line_of(tr(_("receipt_answers", default="Your answers")), 12, True, 8)
    rows = request_rows(request, http_request)
    if rows:
        pdf.rows([(row["label"], row["value"]) for row in rows])
    pdf.ln(4)
    details = payment_details(request)
    pdf.line_of(tr(_("receipt_payment", default="Payment")), 12, True, 8)
    if details is None:
        pdf.line_of(tr(_("receipt_free", default="Nothing to pay.")))
    else:
        pdf.rows([
            (tr(_("receipt_amount", default="Amount due")), format_amount(details["amount"])),
            (tr(_("receipt_beneficiary", default="Beneficiary")), details["beneficiary"]),
            ("IBAN", " ".join(details["iban"][i:i + 4] for i in range(0, len(details["iban"]), 4))),
            *([("BIC", details["bic"])] if details["bic"] else []),
            (tr(_("receipt_communication", default="Structured communication")),
             details["communication"]),
        ])
        png = epc_png(request)
        if png:
            pdf.ln(3)
            pdf.line_of(tr(_(
                "receipt_qr_help",
                default="Scan this code with your banking app: it fills in the "
                "transfer (beneficiary, IBAN, amount and structured communication).",
            )))
            pdf.image(io.BytesIO(png), w=45, alt_text="EPC QR")
    if (request.values or {}).get("delivery") == "counter":
        pdf.ln(4)
        pdf.line_of(tr(_("receipt_desk", default="Collect it at the desk")), 12, True, 8)
        for line in _desk_lines(tr):
            pdf.line_of(line)
    return bytes(pdf.output())


def receipt_filename(request) -> str:
    return f"accuse-de-reception-{request.reference}.pdf"
