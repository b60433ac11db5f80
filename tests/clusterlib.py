"""Helpers for tests and benchmarks that start the real cluster
(deploy/cluster.py) on free ports in a temporary folder."""

from base64 import b64encode
from importlib import import_module
from pathlib import Path

import json
import os
import shutil
import socket
import sys
import urllib.error
import urllib.request


ROOT = Path(__file__).resolve().parent.parent


def load_cluster_module():
    """deploy/cluster.py: the command line of the cluster, with the names of
    its parts (deploy/ is a package of the checkout, not installed)."""
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    return import_module("deploy.cluster")


def missing_binaries(*names):
    return [n for n in names if not (shutil.which(n) or shutil.which(n, path="/usr/sbin"))]


def under_ci(environ=None) -> bool:
    value = (os.environ if environ is None else environ).get("CI", "")
    return value.strip().lower() in ("true", "1", "yes")


def require_tools(test, missing, environ=None):
    """Skip a test whose tools are ``missing`` (a reason, or none), but fail
    it under CI (CI=true): there a missing tool is a broken machine, and a
    skipped test would hide it (`make test` installs .ci/apt.d as root)."""
    if not missing:
        return
    if under_ci(environ):
        test.fail(f"CI=true and {missing}")
    test.skipTest(missing)


def free_ports(count):
    sockets = []
    try:
        for _ in range(count):
            sock = socket.socket()
            sock.bind(("127.0.0.1", 0))
            sockets.append(sock)
        return [s.getsockname()[1] for s in sockets]
    finally:
        for sock in sockets:
            sock.close()


def http(url, method="GET", data=None, auth=None, headers=None, timeout=60):
    """(status, headers, body text) through Host: localhost; never raises on
    an HTTP error status."""
    all_headers = {"Host": "localhost"}
    body = None
    if data is not None:
        body = json.dumps(data).encode("utf-8")
        all_headers["Content-Type"] = "application/json"
        all_headers["Accept"] = "application/json"
    if auth:
        token = b64encode(f"{auth[0]}:{auth[1]}".encode()).decode()
        all_headers["Authorization"] = f"Basic {token}"
    all_headers.update(headers or {})
    request = urllib.request.Request(url, data=body, headers=all_headers, method=method)
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status, response.headers, response.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read().decode("utf-8", "replace")
    except OSError as error:  # refused, reset, timed out: no HTTP answer
        return 0, {}, str(error)
