"""The PDF receipt drawn from plain data (receiptpdf) by the worker
processes (pdfworker): the reduced font and when the whole font is needed,
a worker that dies or hangs, and PDFs delivered after the caller returned."""

from io import BytesIO
from ville.eguichet import pdfworker
from ville.eguichet import receiptpdf

import os
import pypdf
import signal
import threading
import unittest


def document(name="Łukasz Wiśniewski", epc=None):
    return {
        "title": "Accusé de réception EG-20261201-ABCDEF", "lang": "fr",
        "creator": "Commune de Test", "site": "Commune de Test",
        "heading": "Accusé de réception de votre demande",
        "sections": [
            {"rows": [["Référence", "EG-20261201-ABCDEF"], ["Nom", name]]},
            {"title": "Paiement", "rows": [["Montant dû", "5,00 €"]], "epc": epc,
             "qr_help": "Scannez ce code"},
        ],
    }


def text_of(data: bytes) -> str:
    return "\n".join(p.extract_text() for p in pypdf.PdfReader(BytesIO(data)).pages)


class TestReceiptDrawing(unittest.TestCase):

    def test_latin_greek_and_cyrillic_names_take_the_reduced_font(self):
        if not (receiptpdf.FONT_DIR / "DejaVuSans.ttf").is_file():
            self.fail("fonts-dejavu-core is missing (make test-deps)")
        for name in ("Łukasz Wiśniewski", "Ștefan Țăranu", "Ηλέκτρα Παπαδοπούλου",
                     "Ольга Иванова", "Nguyễn Thị Ánh"):
            doc = document(name)
            paths = receiptpdf.font_files(doc)
            self.assertNotEqual(paths[""], str(receiptpdf.FONT_DIR / "DejaVuSans.ttf"), name)
            self.assertIn(name, text_of(receiptpdf.render(doc)))

    def test_another_script_takes_the_whole_font(self):
        name = "ნინო ბერიძე"  # Georgian: outside the reduced font
        doc = document(name)
        self.assertEqual(receiptpdf.font_files(doc)[""],
                         str(receiptpdf.FONT_DIR / "DejaVuSans.ttf"))
        self.assertIn(name, text_of(receiptpdf.render(doc)))

    def test_the_epc_qr_code_is_drawn(self):
        epc = {"name": "Commune de Test", "iban": "BE41063012345610", "amount": "5.00",
               "reference": "090933755493", "bic": "GKCCBEBB"}
        data = receiptpdf.render(document(epc=epc))
        images = [i for p in pypdf.PdfReader(BytesIO(data)).pages for i in p.images]
        self.assertEqual(len(images), 1)


class TestWorkers(unittest.TestCase):

    def setUp(self):
        self.saved = os.environ.get("VILLE_PDF_WORKERS")
        os.environ["VILLE_PDF_WORKERS"] = "1"

    def tearDown(self):
        if self.saved is None:
            os.environ.pop("VILLE_PDF_WORKERS", None)
        else:
            os.environ["VILLE_PDF_WORKERS"] = self.saved
        for feeder in pdfworker._feeders:
            if feeder.process is not None:
                try:
                    os.kill(feeder.process.pid, signal.SIGCONT)
                except ProcessLookupError:
                    pass

    def worker_pid(self):
        (feeder,) = [f for f in pdfworker._feeders if f.process is not None][:1] or [None]
        return feeder.process.pid if feeder else None

    def test_drawn_in_another_process(self):
        data = pdfworker.render(document())
        self.assertTrue(data.startswith(b"%PDF-"))
        pid = self.worker_pid()
        self.assertIsNotNone(pid)
        self.assertNotEqual(pid, os.getpid())
        self.assertIn("Łukasz Wiśniewski", text_of(data))

    def test_a_dead_worker_is_replaced_and_the_receipt_still_drawn(self):
        pdfworker.render(document())
        first = self.worker_pid()
        os.kill(first, signal.SIGKILL)
        data = pdfworker.render(document("Ана Петрова"))
        self.assertIn("Ана Петрова", text_of(data))
        pdfworker.render(document())
        self.assertNotIn(self.worker_pid(), (None, first))

    def test_render_then_returns_before_the_pdf_and_delivers_it(self):
        pdfworker.render(document())
        pid = self.worker_pid()
        os.kill(pid, signal.SIGSTOP)  # a busy worker: nothing drawn until it goes on
        delivered = []
        arrived = threading.Event()

        def deliver(data):
            delivered.append(data)
            arrived.set()

        try:
            pdfworker.render_then(document("Zoë Dubois"), deliver)
            self.assertEqual(delivered, [])  # returned without the PDF
            self.assertFalse(pdfworker.drain(0.5))
        finally:
            os.kill(pid, signal.SIGCONT)
        self.assertTrue(pdfworker.drain(60))
        self.assertTrue(arrived.is_set())
        self.assertIn("Zoë Dubois", text_of(delivered[0]))

    def test_no_worker_draws_here(self):
        os.environ["VILLE_PDF_WORKERS"] = "0"
        delivered = []
        pdfworker.render_then(document(), delivered.append)
        self.assertEqual(len(delivered), 1)  # before render_then returned
        self.assertTrue(delivered[0].startswith(b"%PDF-"))

    def test_at_exit_a_waiting_receipt_goes_without_its_pdf(self):
        pdfworker.render(document())
        pid = self.worker_pid()
        os.kill(pid, signal.SIGSTOP)
        delivered = []
        saved = pdfworker.TIMEOUT
        pdfworker.TIMEOUT = 0.5
        try:
            pdfworker.render_then(document(), delivered.append)
            with self.assertLogs("ville.eguichet", "WARNING"):
                pdfworker._at_exit()
            self.assertEqual(delivered, [None])  # the mail, without the PDF
        finally:
            pdfworker.TIMEOUT = saved
            os.kill(pid, signal.SIGCONT)
        self.assertTrue(pdfworker.drain(60))
        self.assertEqual(delivered, [None])  # not twice

    def test_a_bare_interpreter_finds_the_servers_modules(self):
        """As in a buildout, whose scripts put the eggs on sys.path: the
        worker is started with the server's module path."""
        import sys

        base = getattr(sys, "_base_executable", "") or sys.executable
        saved = pdfworker.sys.executable
        for feeder in pdfworker._feeders:
            feeder.stop()
        pdfworker.sys.executable = base
        try:
            with self.assertNoLogs("ville.eguichet", "WARNING"):
                data = pdfworker.render(document())
            self.assertTrue(data.startswith(b"%PDF-"))
            self.assertNotEqual(self.worker_pid(), None)
        finally:
            pdfworker.sys.executable = saved
            for feeder in pdfworker._feeders:
                feeder.stop()
