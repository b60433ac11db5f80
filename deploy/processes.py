"""The cluster's processes: started in their own process group with a PID
file in ``run/``, stopped by it; HAProxy's runtime API to drain an instance;
the site created (once) by ville_site's set-up before the instances start."""

from deploy.config import generate
from deploy.settings import ClusterError
from deploy.settings import HOST
from deploy.settings import ROOT
from pathlib import Path

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request


BIN = Path(sys.executable).parent


def _pidfile(settings, name):
    return settings.run_dir / f"{name}.pid"


def read_pid(settings, name):
    """The PID of a service we started, if it still runs (and is ours)."""
    path = _pidfile(settings, name)
    if not path.is_file():
        return None
    try:
        pid = int(path.read_text().split()[0])
        cmdline = Path(f"/proc/{pid}/cmdline").read_bytes()
    except (ValueError, IndexError, OSError):
        return None
    # A recycled PID belongs to somebody else: ours mention the cluster folder.
    return pid if str(settings.directory).encode() in cmdline else None


def port_open(port, host=HOST) -> bool:
    with socket.socket() as sock:
        sock.settimeout(0.5)
        return sock.connect_ex((host, port)) == 0


def wait_until(predicate, timeout, what):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.2)
    raise ClusterError(f"{what}: not ready after {timeout} s")


def http_status(url, timeout=10) -> int:
    request = urllib.request.Request(url, headers={"Host": "localhost"})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code
    except OSError:
        return 0


def spawn(settings, name, command, env=None):
    """Start a service in its own process group, output in log/<name>.log."""
    if read_pid(settings, name):
        raise ClusterError(f"{name} already runs (PID {read_pid(settings, name)})")
    with open(settings.log_dir / f"{name}.log", "ab") as log:
        process = subprocess.Popen(
            [str(c) for c in command], stdout=log, stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL, cwd=settings.directory, start_new_session=True,
            env={**os.environ, **(env or {})},
        )
    _pidfile(settings, name).write_text(f"{process.pid}\n")
    return process


def terminate(settings, name, timeout=20) -> bool:
    """Stop one service by its PID file; True if it was running."""
    pid = read_pid(settings, name)
    _pidfile(settings, name).unlink(missing_ok=True)
    if pid is None:
        return False
    for sig, wait in ((signal.SIGTERM, timeout), (signal.SIGKILL, 5)):
        try:
            os.killpg(pid, sig)
        except ProcessLookupError:
            return True
        deadline = time.monotonic() + wait
        while time.monotonic() < deadline:
            if not _alive(pid):
                return True
            time.sleep(0.1)
    return True


def _alive(pid) -> bool:
    try:  # reap it if it is our child
        if os.waitpid(pid, os.WNOHANG)[0]:
            return False
    except ChildProcessError:
        pass
    try:
        state = Path(f"/proc/{pid}/stat").read_bytes().rsplit(b")", 1)[1].split()[0]
    except (OSError, IndexError):
        return False
    return state not in (b"Z", b"X")


CONSOLE_SCRIPTS = {"runzeo": "ZEO.runzeo", "runwsgi": "Zope2.Startup.serve"}


def console(name) -> list:
    """A console script of the virtualenv (or its module, run by this Python)."""
    if (BIN / name).exists():
        return [BIN / name]
    module = CONSOLE_SCRIPTS[name]
    return [sys.executable, "-c", f"import sys; from {module} import main; sys.exit(main())"]


def binary(name) -> str:
    found = shutil.which(name) or shutil.which(name, path="/usr/sbin:/usr/bin")
    if not found:
        raise ClusterError(f"{name} is not installed (apt-get install {name})")
    return found


def start_zeo(settings):
    if settings.storage != "zeo":
        return
    if port_open(settings.zeo_port):
        raise ClusterError(f"port {settings.zeo_port} (ZEO) is already in use")
    spawn(settings, "zeo", [*console("runzeo"), "-C", settings.directory / "etc/zeo.conf"])
    wait_until(lambda: port_open(settings.zeo_port), 60, "ZEO server")


def setup_site(settings, environ=None):
    """Create the site from the municipality profile if missing, and point
    purging at Varnish: ``ville-site-setup`` (ville_site.site, as ``make run``
    does), in a separate process (it loads Zope)."""
    zope_conf = settings.instance_dir(1) / "etc" / "zope.conf"
    env = {**os.environ, **(environ or {}), "SITE_ID": settings.site_id}
    result = subprocess.run(
        [sys.executable, "-m", "ville_site.site", zope_conf,
         "--caching-proxy", f"http://{HOST}:{settings.varnish_port}"],
        env=env, cwd=ROOT, capture_output=True, text=True,
    )
    (settings.log_dir / "setup-site.log").write_text(result.stdout + result.stderr)
    if result.returncode:
        lines = (result.stderr or result.stdout).strip().splitlines() or ["?"]
        raise ClusterError(f"site creation failed: {lines[-1]}")


def start_instance(settings, number):
    port = settings.instance_ports[number - 1]
    if port_open(port):
        raise ClusterError(f"port {port} (instance{number}) is already in use")
    spawn(settings, f"instance{number}",
          [*console("runwsgi"), settings.instance_dir(number) / "etc/zope.ini"])
    wait_until(
        lambda: http_status(f"http://{HOST}:{port}/{settings.site_id}/@@ok") == 200,
        180, f"instance{number} on port {port}",
    )
    haproxy_command(settings, f"set server zope/instance{number} state ready")


def haproxy_command(settings, command) -> str:
    """Send one command to HAProxy's runtime API ('' if it does not run)."""
    path = settings.run_dir / "haproxy.sock"
    if not path.exists():
        return ""
    with socket.socket(socket.AF_UNIX) as sock:
        sock.settimeout(5)
        try:
            sock.connect(str(path))
        except OSError:
            return ""
        sock.sendall(command.encode() + b"\n")
        chunks = []
        while chunk := sock.recv(65536):
            chunks.append(chunk)
    return b"".join(chunks).decode()


def stop_instance(settings, number, drain_timeout=30):
    """Take an instance out of the balancer, let its requests finish, stop it."""
    name = f"instance{number}"
    haproxy_command(settings, f"set server zope/{name} state maint")
    deadline = time.monotonic() + drain_timeout
    while time.monotonic() < deadline and _busy(settings, name):
        time.sleep(0.1)
    return terminate(settings, name)


def _busy(settings, server) -> bool:
    """Requests in progress on (or queued for) a server, from HAProxy's stats."""
    stats = haproxy_command(settings, "show stat").splitlines()
    if not stats:
        return False
    header = stats[0].lstrip("# ").split(",")
    for line in stats[1:]:
        row = dict(zip(header, line.split(",")))
        if row.get("pxname") == "zope" and row.get("svname") == server:
            return any(int(row.get(key) or 0) for key in ("scur", "qcur"))
    return False


def start_balancer(settings):
    if port_open(settings.lb_port):
        raise ClusterError(f"port {settings.lb_port} (HAProxy) is already in use")
    spawn(settings, "haproxy",
          [binary("haproxy"), "-db", "-f", settings.directory / "etc/haproxy.cfg"])
    wait_until(lambda: port_open(settings.lb_port), 30, "HAProxy")


def start_varnish(settings):
    if port_open(settings.varnish_port):
        raise ClusterError(f"port {settings.varnish_port} (Varnish) is already in use")
    workdir = settings.run_dir / "varnish"
    workdir.mkdir(exist_ok=True)
    command = [
        binary("varnishd"), "-F", "-n", workdir,
        "-a", f"{HOST}:{settings.varnish_port}",
        "-f", settings.directory / "etc/varnish.vcl",
        "-s", f"malloc,{settings.varnish_memory}",
        "-T", "none", "-p", "ban_lurker_sleep=0.1",
    ]
    if os.geteuid() == 0:
        command[1:1] = ["-j", "none"]  # no privilege separation to set up
    spawn(settings, "varnish", command)
    wait_until(lambda: port_open(settings.varnish_port), 60, "Varnish")


SERVICES = ("varnish", "haproxy", "instance*", "zeo")


def start(settings, environ=None):
    generate(settings)
    started = []
    try:
        if settings.storage == "zeo":
            start_zeo(settings)
            started.append("zeo")
        setup_site(settings, environ)
        start_balancer(settings)
        started.append("haproxy")
        for number in settings.instances:
            start_instance(settings, number)
            started.append(f"instance{number}")
        start_varnish(settings)
        started.append("varnish")
    except BaseException:
        for name in reversed(started):
            terminate(settings, name)
        raise


def stop(settings) -> list:
    stopped = []
    names = ["varnish", "haproxy", *(f"instance{n}" for n in settings.instances), "zeo"]
    for name in names:
        if terminate(settings, name):
            stopped.append(name)
    return stopped


def status(settings) -> dict:
    names = ["zeo", *(f"instance{n}" for n in settings.instances), "haproxy", "varnish"]
    return {name: read_pid(settings, name) for name in names}
