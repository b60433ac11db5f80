"""PDF receipts drawn in worker processes, off the server's threads.

Drawing a receipt (fpdf2, segno) is pure-Python CPU: in the server's
process it holds the GIL that every request thread needs, so each member's
submission cost the time of a PDF on top of its own. Here the drawing runs
in ``VILLE_PDF_WORKERS`` worker processes (default 1; 0 draws in the
server's process, one PDF at a time, as before), started at the first
receipt with the server's interpreter and module path, that import only
:mod:`ville.eguichet.receiptpdf` (nothing of Zope or the ZODB crosses; a
document goes in and the PDF's bytes come out, pickled, on its standard
input and output). One thread of the server feeds each worker; while it
waits for the PDF it does not hold the GIL.

- :func:`render` waits for the PDF (the download views).
- :func:`render_then` returns at once and hands the PDF to a callback when
  it is drawn (the member's receipt mail, written to the mail queue then):
  the submission's answer does not wait for its PDF.
- A worker that fails, dies or hangs (``TIMEOUT``) is replaced; that
  receipt is drawn in the server's process instead, never lost.
- The workers run at a lower priority (nice 10): under load the
  submissions go first and the receipts follow a few seconds later.
- :func:`drain` waits until every PDF asked for is delivered (tests); at
  the process's exit, what is still waiting after ``TIMEOUT`` goes without
  its PDF (never lost).
"""

from concurrent.futures import Future
from ville.eguichet import logger
from ville.eguichet import receiptpdf

import atexit
import os
import pickle
import queue
import select
import signal
import struct
import subprocess
import sys
import threading
import time


TIMEOUT = 60  # seconds for one PDF before the worker counts as hung
_HEADER = struct.Struct(">I")
# The worker's start: the server's module path first (its real folders and
# archives: editable installs add finder entries that are no path), with
# their .pth files.
_BOOTSTRAP = (
    "import os, site, sys\n"
    "paths = [p for p in sys.argv[1:] if os.path.exists(p)]\n"
    "sys.path[:0] = [p for p in paths if p not in sys.path]\n"
    "for path in paths:\n"
    "    site.addsitedir(path)\n"
    "from ville.eguichet.pdfworker import serve\n"
    "serve()\n"
)

_jobs = queue.Queue()
_feeders = []
_feeders_lock = threading.Lock()
_here_lock = threading.Lock()  # one PDF at a time in the server's process
_idle = threading.Condition()


def workers() -> int:
    """How many worker processes draw the PDFs (``VILLE_PDF_WORKERS``)."""
    try:
        return max(0, int(os.environ.get("VILLE_PDF_WORKERS", "1")))
    except ValueError:
        return 1


def render_here(document) -> bytes:
    """Draw in this process, one PDF at a time (eight at once held the GIL
    long enough to push concurrent submissions into conflicts)."""
    with _here_lock:
        return receiptpdf.render(document)


class _Feeder(threading.Thread):
    """Feeds one worker process with the queued documents."""

    def __init__(self):
        super().__init__(name="ville-pdf-feeder", daemon=True)
        self.process = None

    def run(self):
        while True:
            document, future = _jobs.get()
            if not future.set_running_or_notify_cancel():
                continue
            try:
                data = self.draw(document)
            except Exception:
                logger.warning("PDF worker failed: receipt drawn in the server's process",
                               exc_info=True)
                self.stop()
                try:
                    data = render_here(document)
                except BaseException as error:
                    future.set_exception(error)
                    continue
            future.set_result(data)

    def start_process(self):
        # With the server's own module path, .pth files included: a
        # buildout's scripts put the eggs on sys.path themselves, which its
        # bare interpreter would not know.
        self.process = subprocess.Popen(
            [sys.executable, "-c", _BOOTSTRAP, *(p for p in sys.path if p)],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, env=os.environ.copy(),
        )

    def stop(self):
        process, self.process = self.process, None
        if process is not None:
            process.kill()
            process.wait()
            for pipe in (process.stdin, process.stdout):
                try:
                    pipe.close()
                except OSError:  # a broken pipe to a dead worker
                    pass

    def draw(self, document) -> bytes:
        if self.process is None or self.process.poll() is not None:
            self.start_process()
        payload = pickle.dumps(document, protocol=pickle.HIGHEST_PROTOCOL)
        self.process.stdin.write(_HEADER.pack(len(payload)) + payload)
        self.process.stdin.flush()
        deadline = time.monotonic() + TIMEOUT
        (size,) = _HEADER.unpack(self.read(_HEADER.size, deadline))
        status, value = pickle.loads(self.read(size, deadline))
        if status != "ok":
            raise RuntimeError(f"PDF worker: {value}")
        return value

    def read(self, size, deadline) -> bytes:
        fd = self.process.stdout.fileno()
        data = b""
        while len(data) < size:
            left = deadline - time.monotonic()
            if left <= 0 or not select.select([fd], [], [], left)[0]:
                raise TimeoutError(f"PDF worker silent for {TIMEOUT} s")
            chunk = os.read(fd, size - len(data))
            if not chunk:
                raise EOFError("PDF worker ended")
            data += chunk
        return data


def _ensure_feeders() -> bool:
    count = workers()
    if not count:
        return False
    with _feeders_lock:
        while len(_feeders) < count:
            feeder = _Feeder()
            feeder.start()
            _feeders.append(feeder)
    return True


def submit(document) -> Future:
    """A future of the PDF of ``document``, drawn by a worker process (in
    this thread when there is none)."""
    future = Future()
    if not _ensure_feeders():
        future.set_running_or_notify_cancel()
        try:
            future.set_result(render_here(document))
        except Exception as error:
            future.set_exception(error)
        return future
    _jobs.put((document, future))
    return future


def render(document) -> bytes:
    """The PDF of ``document`` (waits for it)."""
    return submit(document).result()


class _Once:
    """A delivery called once: with the PDF, or without it at the exit."""

    def __init__(self, deliver):
        self.deliver = deliver
        self.lock = threading.Lock()
        self.called = False

    def __call__(self, data):
        with self.lock:
            if self.called:
                return
            self.called = True
        try:
            self.deliver(data)
        except Exception:
            logger.exception("Receipt not delivered")
        finally:
            with _idle:
                _waiting.discard(self)
                if not _waiting:
                    _idle.notify_all()


_waiting = set()  # the deliveries not made yet


def render_then(document, deliver) -> None:
    """Draw ``document`` and call ``deliver(pdf)`` (``pdf``: the bytes, or
    None when it could not be drawn, or not before the process's exit).
    With worker processes this returns at once and ``deliver`` runs in a
    thread of this process that holds no ZODB connection: it must need
    none."""
    once = _Once(deliver)
    with _idle:
        _waiting.add(once)

    def done(future):
        try:
            data = future.result()
        except Exception:
            logger.exception("PDF receipt not drawn")
            data = None
        once(data)

    submit(document).add_done_callback(done)


def drain(timeout=None) -> bool:
    """Wait until every delivery asked of :func:`render_then` is made;
    False when ``timeout`` (seconds) passed first."""
    with _idle:
        return _idle.wait_for(lambda: not _waiting, timeout)


def _at_exit():
    """The server stops: the PDFs asked for are waited for (``TIMEOUT``),
    then what is left is delivered without its PDF (the citizen's space
    and the tracking page still give it): no receipt mail is lost."""
    if drain(TIMEOUT):
        return
    with _idle:
        left = list(_waiting)
    logger.warning("%d receipt mails sent without their PDF at exit", len(left))
    for once in left:
        once(None)


atexit.register(_at_exit)


def serve(stdin=None, stdout=None):
    """The worker process: documents in, PDFs out, until its input ends."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the server stops it
    try:
        # Submissions first: a receipt waits a few seconds more under load.
        os.nice(10)
    except OSError:
        pass
    stdin = stdin or sys.stdin.buffer
    stdout = stdout or sys.stdout.buffer
    receiptpdf._reduced_fonts()
    while True:
        header = stdin.read(_HEADER.size)
        if len(header) < _HEADER.size:
            return
        document = pickle.loads(stdin.read(_HEADER.unpack(header)[0]))
        try:
            answer = ("ok", receiptpdf.render(document))
        except Exception as error:
            # Its type only: a message could quote the receipt's personal data.
            answer = ("error", type(error).__name__)
        payload = pickle.dumps(answer, protocol=pickle.HIGHEST_PROTOCOL)
        stdout.write(_HEADER.pack(len(payload)) + payload)
        stdout.flush()


if __name__ == "__main__":
    serve()
