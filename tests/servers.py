"""Start the real thing (`make run`, bin/instance) in a test, and talk HTTP."""

from base64 import b64encode
from pathlib import Path

import json
import os
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request


ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None  # a 3xx is an answer: the login redirect must not read as 200


_opener = urllib.request.build_opener(_NoRedirect)


def http(url, method="GET", data=None, auth=None, accept=None, timeout=30):
    """Return (status, headers, body text) without following redirects;
    never raises on HTTP errors."""
    headers = {}
    body = None
    if data is not None:
        body = json.dumps(data).encode("utf-8")
        headers["Content-Type"] = "application/json"
        headers["Accept"] = "application/json"
    if accept:
        headers["Accept"] = accept
    if auth:
        token = b64encode(f"{auth[0]}:{auth[1]}".encode()).decode()
        headers["Authorization"] = f"Basic {token}"
    request = urllib.request.Request(url, data=body, headers=headers, method=method)
    try:
        with _opener.open(request, timeout=timeout) as response:
            return response.status, response.headers, response.read().decode("utf-8")
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read().decode("utf-8", "replace")


class Server:
    """A command that serves HTTP, run in its own process group."""

    def __init__(self, command, env, cwd=ROOT, log_path=None):
        self.command = command
        self.env = env
        self.cwd = cwd
        self.log_path = log_path
        self.process = None

    def start(self):
        log = open(self.log_path, "ab") if self.log_path else subprocess.DEVNULL
        self.process = subprocess.Popen(
            self.command,
            cwd=self.cwd,
            env=self.env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        return self

    def wait_until_serving(self, url, timeout=240):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise AssertionError(
                    f"{' '.join(self.command)} exited with {self.process.returncode}: "
                    f"{self.log_tail()}"
                )
            try:
                status, _, _ = http(url, timeout=5)
                if status < 500:
                    return
            except OSError:
                pass
            time.sleep(0.5)
        raise AssertionError(f"{url} not served within {timeout}s: {self.log_tail()}")

    def log_tail(self):
        if self.log_path and Path(self.log_path).exists():
            return Path(self.log_path).read_text(errors="replace")[-3000:]
        return ""

    def stop(self):
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=60)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()
