"""A server of this process on localhost, in a thread: the test OpenID
Connect provider and the fake Mollie (tests and the demo modes of make
run)."""

from contextlib import contextmanager

import threading


@contextmanager
def serving(server):
    """Serve ``server`` (socketserver-like: serve_forever, shutdown,
    server_close, server_port) in a daemon thread; yields its base URL."""
    thread = threading.Thread(target=server.serve_forever, args=(0.1,), daemon=True)
    thread.start()
    try:
        yield f"http://localhost:{server.server_port}"
    finally:
        server.shutdown()
        thread.join(5)
        server.server_close()
