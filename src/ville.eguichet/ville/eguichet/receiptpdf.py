"""The PDF receipt drawn from plain data (no Zope, no ZODB): what
:mod:`ville.eguichet.receipt` gathers in the request is drawn here, in the
process or in a worker process (:mod:`ville.eguichet.pdfworker`).

fpdf2 writes the PDF (pure Python, Unicode TrueType fonts: DejaVu Sans when
the system has it, else the PDF core font with the text reduced to
Latin-1); segno writes the EPC QR code (EPC069-12) that Belgian banking
apps scan to fill the transfer.

Most of a receipt's cost was fpdf2 reading DejaVu Sans (6,000 glyphs) for
each PDF. A copy of the font reduced to the Latin, Greek and Cyrillic
alphabets and the usual punctuation (about 1,300 glyphs) is made once per
process in a temporary folder and used whenever it has every character of
the receipt; a receipt with another character (a name in another script)
takes the whole font.

``document`` (a dict) holds only strings, lists and numbers:

- ``title``, ``creator``, ``lang``, ``site``, ``heading``: strings;
- ``sections``: a list of ``{"title": str, "rows": [[label, value], ...],
  "lines": [str, ...], "qr_help": str, "epc": {...} or None}``, drawn in
  order (rows as a two-column table, then lines, then the QR code);
- ``epc``: ``name``, ``iban``, ``amount`` (a string), ``reference``, ``bic``.
"""

from decimal import Decimal
from fpdf import FPDF
from pathlib import Path

import atexit
import io
import shutil
import tempfile
import threading


FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")
FONT = "DejaVuSans"
STYLES = {"": FONT, "B": f"{FONT}-Bold"}
# Basic Latin to Latin Extended-B, IPA and spacing modifiers, combining
# marks, Greek, Cyrillic, Latin Extended Additional, general punctuation,
# currency symbols, letter-like symbols, arrows: the receipts of a Belgian
# town (names of every European country included).
REDUCED_RANGES = (
    (0x20, 0x7E), (0xA0, 0x36F), (0x370, 0x3FF), (0x400, 0x52F),
    (0x1E00, 0x1EFF), (0x2000, 0x206F), (0x20A0, 0x20CF), (0x2100, 0x214F),
    (0x2190, 0x21FF),
)

_fonts_lock = threading.Lock()
_fonts = {}  # "full" / "reduced" -> {style: path}, and "reduced_cmap"


def _reduced_fonts():
    """Paths of the reduced fonts (made at the first call of the process)
    and the set of their characters; None when they cannot be made."""
    with _fonts_lock:
        if "reduced" in _fonts:
            return _fonts["reduced"], _fonts["reduced_cmap"]
        _fonts["reduced"] = _fonts["reduced_cmap"] = None
        try:
            from fontTools import subset
            from fontTools.ttLib import TTFont

            folder = Path(tempfile.mkdtemp(prefix="ville-receipt-fonts-"))
            atexit.register(shutil.rmtree, folder, True)  # one per process
            unicodes = [c for low, high in REDUCED_RANGES for c in range(low, high + 1)]
            paths, cmap = {}, None
            for style, name in STYLES.items():
                font = TTFont(str(FONT_DIR / f"{name}.ttf"))
                options = subset.Options()
                options.notdef_outline = True
                options.recommended_glyphs = True
                options.name_IDs = ["*"]
                options.drop_tables += ["FFTM"]
                subsetter = subset.Subsetter(options)
                subsetter.populate(unicodes=unicodes)
                subsetter.subset(font)
                path = folder / f"{name}.ttf"
                font.save(str(path))
                paths[style] = str(path)
                characters = set(font.getBestCmap())
                cmap = characters if cmap is None else cmap & characters
            _fonts["reduced"], _fonts["reduced_cmap"] = paths, frozenset(cmap)
        except Exception:  # the whole font still works, only slower
            pass
        return _fonts["reduced"], _fonts["reduced_cmap"]


def _texts(document):
    yield from (document.get(key) or "" for key in ("title", "creator", "site", "heading"))
    for section in document.get("sections", ()):
        yield section.get("title") or ""
        yield section.get("qr_help") or ""
        for row in section.get("rows") or ():
            yield from (str(cell) for cell in row)
        yield from section.get("lines") or ()


def font_files(document) -> dict | None:
    """{style: path} of the fonts to embed, or None for the core font."""
    if not all((FONT_DIR / f"{name}.ttf").is_file() for name in STYLES.values()):
        return None
    paths, cmap = _reduced_fonts()
    if paths and all(ord(ch) in cmap or ch in "\n\t" for text in _texts(document)
                     for ch in text):
        return paths
    return {style: str(FONT_DIR / f"{name}.ttf") for style, name in STYLES.items()}


class _Receipt(FPDF):
    def __init__(self, fonts):
        super().__init__(format="A4")
        self.unicode = fonts is not None
        if self.unicode:
            for style, path in fonts.items():
                self.add_font(FONT, style, path)
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


def epc_png(epc, scale=5) -> bytes:
    """The PNG of the EPC QR code (EPC069-12) of ``epc`` (see the module)."""
    from segno import helpers as segno_helpers

    qr = segno_helpers.make_epc_qr(
        name=epc["name"], iban=epc["iban"], amount=Decimal(epc["amount"]),
        reference=epc["reference"], bic=epc.get("bic") or None,
    )
    buffer = io.BytesIO()
    qr.save(buffer, kind="png", scale=scale, border=4)
    return buffer.getvalue()


def render(document) -> bytes:
    """The receipt's PDF bytes."""
    pdf = _Receipt(font_files(document))
    pdf.set_title(pdf.clean(document.get("title")))
    pdf.set_lang(document.get("lang") or "fr")
    pdf.set_creator(pdf.clean(document.get("creator")))
    pdf.add_page()
    pdf.line_of(document.get("site"), size=11)
    pdf.line_of(document.get("heading"), 16, True, 9)
    pdf.ln(2)
    for section in document.get("sections", ()):
        if section.get("title"):
            pdf.ln(4)
            pdf.line_of(section["title"], 12, True, 8)
        if section.get("rows"):
            pdf.rows(section["rows"])
        for line in section.get("lines") or ():
            pdf.line_of(line)
        if section.get("epc"):
            pdf.ln(3)
            pdf.line_of(section.get("qr_help"))
            pdf.image(io.BytesIO(epc_png(section["epc"])), w=45, alt_text="EPC QR")
    return bytes(pdf.output())
