"""Checks made before anything is started or created, each failing with one
clear line and a non-zero exit: a broken pin file, an unknown or malformed
municipality profile, a port already in use, the default administrator
password on a server reachable from the network.

    python -m ville_site.preflight lock      # before installing
    python -m ville_site.preflight run       # before starting the site
"""

from pathlib import Path

import errno
import ipaddress
import os
import re
import socket
import sys


PIN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*(\[[A-Za-z0-9_,.-]+\])?==[A-Za-z0-9.+!_-]+$")
PRERELEASE = re.compile(r"(a|b|rc|dev)\d*$|\.dev\d*")


class PreflightError(Exception):
    pass


def check_lock(path: Path) -> int:
    """Every line is a comment or `name==version` (no pre-release)."""
    if not path.is_file():
        raise PreflightError(f"{path}: pin file not found")
    count = 0
    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        if not PIN.match(line):
            raise PreflightError(
                f"{path}:{number}: not a pin like 'name==1.2.3': {raw.strip()!r}"
            )
        version = line.split("==", 1)[1]
        if PRERELEASE.search(version):
            raise PreflightError(f"{path}:{number}: pre-release pinned: {line}")
        count += 1
    if not count:
        raise PreflightError(f"{path}: no pins in the file")
    return count


def check_port(host: str, port: int) -> None:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind((host, port))
        except OSError as error:
            if error.errno == errno.EADDRINUSE:
                raise PreflightError(
                    f"port {port} on {host} is already in use: stop the other "
                    f"server or choose another port (make run PORT=8081)"
                ) from None
            raise PreflightError(f"cannot listen on {host}:{port}: {error.strerror}")


DEFAULT_ADMIN_PASSWORD = "admin"


def is_loopback(host: str) -> bool:
    """Whether ``host`` only listens on this machine (127.0.0.0/8, ::1,
    localhost); an empty or wildcard address (0.0.0.0, ::) is not."""
    host = host.strip().strip("[]")
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False  # a host name may resolve to anything


def check_admin_password(host: str, password: str) -> None:
    """Refuse admin/admin (or an empty password) on a non-loopback address:
    anyone on the network could then log in as Manager."""
    if is_loopback(host) or (password and password != DEFAULT_ADMIN_PASSWORD):
        return
    raise PreflightError(
        f"HOST={host} is reachable from the network: set ADMIN_PASSWORD in "
        f"the environment to something else than the default 'admin'"
    )


def listen_host(address: str) -> str:
    """The host of a buildout ``http-address`` (``8080`` alone listens on
    every interface)."""
    address = address.strip()
    if ":" not in address:
        return "0.0.0.0"
    host = address.rsplit(":", 1)[0].strip("[]")
    return host or "0.0.0.0"


def buildout_instance(instance_home, http_address, environ=None) -> None:
    """Run by buildout's bin/instance before Zope starts (the recipe's
    ``initialization``): the admin password comes from ADMIN_PASSWORD (the
    default refused off loopback) and is applied at each start through
    Zope's ``inituser`` file, as `make run` applies it."""
    from AuthEncoding import pw_encrypt

    environ = os.environ if environ is None else environ
    user = environ.get("ADMIN_USER") or "admin"
    password = environ.get("ADMIN_PASSWORD") or DEFAULT_ADMIN_PASSWORD
    try:
        check_admin_password(listen_host(http_address), password)
    except PreflightError as error:
        print(f"error: {error}", file=sys.stderr)
        sys.exit(1)
    inituser = Path(instance_home) / "inituser"
    encrypted = pw_encrypt(password.encode("utf-8"), "SSHA").decode("ascii")
    inituser.write_text(f"{user}:{encrypted}\n", encoding="utf-8")
    inituser.chmod(0o600)


def check_run(settings) -> None:
    from ville.core.profile import load_all

    profile_dir = settings.profile_dir
    if not profile_dir.is_dir():
        known = sorted(
            p.name for p in settings.profiles_dir.iterdir() if p.is_dir()
        ) if settings.profiles_dir.is_dir() else []
        raise PreflightError(
            f"unknown municipality profile '{settings.profile}' "
            f"(known: {', '.join(known) or 'none'}; folders of {settings.profiles_dir})"
        )
    try:
        load_all(profile_dir)
    except ValueError as error:
        raise PreflightError(str(error)) from None
    check_admin_password(settings.host, settings.admin_password)
    check_port(settings.host, settings.port)


def main(argv) -> int:
    from ville_site.settings import from_environ
    from ville_site.settings import ROOT

    what = argv[1] if len(argv) > 1 else "run"
    try:
        if what == "lock":
            check_lock(Path(argv[2]) if len(argv) > 2 else ROOT / "requirements.lock")
        elif what == "run":
            check_run(from_environ())
        else:
            raise PreflightError(f"unknown check {what!r} (lock or run)")
    except (PreflightError, ValueError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
