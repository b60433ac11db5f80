"""The scale-out deployment on one machine: a ZEO server, Zope instances
(ZEO clients sharing one blob directory), HAProxy and Varnish in front, all
listening on 127.0.0.1. Every configuration is generated from
``deploy/templates/`` into the cluster folder; the data stays there too.

    python deploy/cluster.py generate       # write the configuration only
    python deploy/cluster.py start          # generate, create the site, start all
    python deploy/cluster.py stop           # stop all (PID files)
    python deploy/cluster.py status
    python deploy/cluster.py stop-instance 1    # drain it in HAProxy, then stop it
    python deploy/cluster.py start-instance 1
    python deploy/cluster.py relstorage-conf    # the RelStorage/PostgreSQL variant

Settings come from the environment (see ``ClusterSettings.from_environ``);
the site itself (SITE_ID, PROFILE, ADMIN_USER...) from ville_site's settings.
"""

from dataclasses import dataclass
from dataclasses import field
from pathlib import Path
from string import Template

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request


ROOT = Path(__file__).resolve().parent.parent
TEMPLATES = Path(__file__).resolve().parent / "templates"
BIN = Path(sys.executable).parent
HOST = "127.0.0.1"
INSTANCE_THREADS = 4  # as in ville_site.instance's zope.ini


class ClusterError(Exception):
    """Something the operator must fix; one clear line."""


def _port(environ, name, default):
    value = environ.get(name) or str(default)
    if not value.isdigit() or not 0 < int(value) < 65536:
        raise ClusterError(f"{name}={value!r} is not a valid port (1-65535)")
    return int(value)


@dataclass
class ClusterSettings:
    directory: Path
    zeo_port: int = 8100
    instance_ports: list = field(default_factory=lambda: [8081, 8082])
    lb_port: int = 8090
    varnish_port: int = 6081
    site_id: str = "Plone"
    storage: str = "zeo"  # or "relstorage"
    pg_dsn: str = ""
    varnish_memory: str = "256m"

    @classmethod
    def from_environ(cls, environ=None):
        """CLUSTER_DIR, ZEO_PORT, INSTANCE_PORTS (comma-separated), LB_PORT,
        VARNISH_PORT, SITE_ID, CLUSTER_STORAGE (zeo|relstorage),
        RELSTORAGE_DSN."""
        environ = os.environ if environ is None else environ
        ports = (environ.get("INSTANCE_PORTS") or "8081,8082").split(",")
        instance_ports = [
            _port({"INSTANCE_PORTS": p.strip()}, "INSTANCE_PORTS", 0) for p in ports
        ]
        storage = environ.get("CLUSTER_STORAGE") or "zeo"
        if storage not in ("zeo", "relstorage"):
            raise ClusterError(f"CLUSTER_STORAGE={storage!r}: zeo or relstorage")
        settings = cls(
            directory=Path(environ.get("CLUSTER_DIR") or ROOT / "var" / "cluster").resolve(),
            zeo_port=_port(environ, "ZEO_PORT", 8100),
            instance_ports=instance_ports,
            lb_port=_port(environ, "LB_PORT", 8090),
            varnish_port=_port(environ, "VARNISH_PORT", 6081),
            site_id=environ.get("SITE_ID") or "Plone",
            storage=storage,
            pg_dsn=environ.get("RELSTORAGE_DSN") or "",
        )
        if storage == "relstorage" and not settings.pg_dsn:
            raise ClusterError("CLUSTER_STORAGE=relstorage needs RELSTORAGE_DSN "
                               "(e.g. \"dbname='plone' host='127.0.0.1' port='5432'\")")
        used = [settings.zeo_port, settings.lb_port, settings.varnish_port,
                *settings.instance_ports]
        if len(set(used)) != len(used):
            raise ClusterError(f"two services on the same port: {used}")
        return settings

    # Layout of the cluster folder
    @property
    def run_dir(self):
        return self.directory / "run"

    @property
    def log_dir(self):
        return self.directory / "log"

    @property
    def data_dir(self):
        return self.directory / "data"

    @property
    def blob_dir(self):
        return self.data_dir / "blobstorage"

    def instance_dir(self, number):
        return self.directory / f"instance{number}"

    @property
    def instances(self):
        return range(1, len(self.instance_ports) + 1)

    @property
    def varnish_url(self):
        return f"http://localhost:{self.varnish_port}"


# Per-address abuse limits across the instances (each instance also counts
# in its memory): POSTs that submit, reply, log in or create an account,
# counted per client (the last X-Forwarded-For entry, which Varnish adds,
# else the connection). HAProxy counts every POST, wrong ones included: it
# allows twice the e-guichet's per-address limit of eguichet.yaml.
ABUSE_RULES = (
    # (table, limit of ville.eguichet.ratelimit, window, acl conditions)
    ("submit", "submissions_per_address", "1h",
     ["path_beg /{site}/e-guichet/", "path_end /@eguichet-submit"]),
    ("reply", "replies_per_address", "1h",
     ["path_end /@@eguichet-suivi /eguichet-suivi /@@eguichet-transition "
      "/eguichet-transition"]),
    ("login", "login_failures_per_address", "15m",
     ["path_end /login /@@login /login_form /@login /failsafe_login"]),
    ("register", "registrations_per_address", "1h",
     ["path_end /@@register /register /@users"]),
)
ABUSE_MESSAGE = ("Trop d’envois depuis votre connexion en peu de temps. Pour "
                 "protéger le service, patientez avant de réessayer.")


def abuse_limits(site_id: str, limits: dict, environ=None) -> tuple[str, str]:
    """(frontend rules, stick-table backends) of haproxy.cfg; none when
    EGUICHET_RATE_LIMITS=off."""
    from ville.eguichet.limits import switched_off

    if switched_off(os.environ if environ is None else environ):
        return "    # EGUICHET_RATE_LIMITS=off: no abuse limits", ""
    seconds = {"1h": 3600, "15m": 900}
    rules = [
        "    http-request set-var(txn.client) req.hdr_ip(x-forwarded-for,-1)"
        " if { req.hdr_cnt(x-forwarded-for) gt 0 }",
        "    http-request set-var(txn.client) src if !{ var(txn.client) -m found }",
        "    acl abuse_post method POST",
        "    acl abuse_json req.hdr(accept) -m sub application/json",
    ]
    tables = []
    for table, limit, window, conditions in ABUSE_RULES:
        for condition in conditions:
            rules.append(f"    acl abuse_{table} {condition.format(site=site_id)}")
        when = f"abuse_post abuse_{table}"
        if table == "register":
            when += " !{ req.hdr(authorization) -m found } !{ req.cook(__ac) -m found }"
        allowed = 2 * int(limits.get(limit) or 0)
        if not allowed:
            continue
        over = f"{when} {{ sc_http_req_rate(0,abuse_{table}) gt {allowed} }}"
        rules += [
            f"    http-request track-sc0 var(txn.client) table abuse_{table} if {when}",
            f"    http-request return status 429 content-type application/json "
            f"hdr Retry-After {seconds[window]} "
            f"string '{{\"error\": {{\"type\": \"TooManyRequests\", "
            f"\"message\": \"{ABUSE_MESSAGE}\"}}}}' if {over} abuse_json",
            f"    http-request return status 429 content-type \"text/html; charset=utf-8\" "
            f"hdr Retry-After {seconds[window]} "
            f"string '<!DOCTYPE html><html lang=\"fr\"><meta charset=\"utf-8\">"
            f"<title>Veuillez patienter</title><p>{ABUSE_MESSAGE}</p></html>' if {over}",
        ]
        tables.append(f"backend abuse_{table}\n    stick-table type ipv6 size 100k "
                      f"expire {window} store http_req_rate({window})\n")
    return "\n".join(rules), "\n".join(tables)


def render(template: str, **values) -> str:
    return Template((TEMPLATES / template).read_text(encoding="utf-8")).substitute(values)


def generate(settings: ClusterSettings) -> dict:
    """Write every configuration file; return {name: path}."""
    from ville_site.instance import body_limit
    from ville_site.instance import SITE_ZCML
    from ville_site.instance import zope_conf_additions
    from ville_site.instance import zope_ini
    from ville_site.settings import from_environ

    for folder in (settings.run_dir, settings.log_dir, settings.blob_dir,
                   settings.data_dir / "filestorage"):
        folder.mkdir(parents=True, exist_ok=True)
    settings.blob_dir.chmod(0o700)  # ZEO wants a private blob directory
    common = dict(host=HOST, zeo_port=settings.zeo_port, run_dir=settings.run_dir,
                  log_dir=settings.log_dir, data_dir=settings.data_dir,
                  blob_dir=settings.blob_dir, lb_port=settings.lb_port,
                  site_id=settings.site_id, instance_threads=INSTANCE_THREADS)
    # Varnish and HAProxy (on loopback) forward the client's address.
    max_body = body_limit(from_environ().profile_dir)
    additions = zope_conf_additions((HOST, "::1"), max_body)
    written = {}

    def write(name, path, text):
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        written[name] = path

    write("zeo", settings.directory / "etc" / "zeo.conf", render("zeo.conf.in", **common))
    servers = []
    for number, port in zip(settings.instances, settings.instance_ports):
        name = f"instance{number}"
        home = settings.instance_dir(number)
        for folder in ("var/log", "var/cache"):
            (home / folder).mkdir(parents=True, exist_ok=True)
        template = ("zope-relstorage.conf.in" if settings.storage == "relstorage"
                    else "zope-zeoclient.conf.in")
        write(f"{name}.conf", home / "etc" / "zope.conf",
              render(template, name=name, instance_dir=home, pg_dsn=settings.pg_dsn,
                     **common, **additions))
        write(f"{name}.ini", home / "etc" / "zope.ini",
              zope_ini(f"{HOST}:{port}", home / "var", max_body))
        write(f"{name}.zcml", home / "etc" / "site.zcml", SITE_ZCML)
        servers.append(f"    server {name} {HOST}:{port} check")
    from ville.eguichet.municipality import load
    from ville.eguichet.limits import LIMITS

    limits = load(from_environ().profile_dir).get("limits") or {
        name: limit.default for name, limit in LIMITS.items()}
    frontend_rules, tables = abuse_limits(settings.site_id, limits)
    write("haproxy", settings.directory / "etc" / "haproxy.cfg",
          render("haproxy.cfg.in", servers="\n".join(servers), abuse_limits=frontend_rules,
                 abuse_tables=tables, **common))
    acl = "\n".join(f'    "{address}";' for address in sorted({HOST, "::1"}))
    write("varnish", settings.directory / "etc" / "varnish.vcl",
          render("varnish.vcl.in", purge_acl=acl, **common))
    return written


# Processes ------------------------------------------------------------------

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
    purging at Varnish; in a separate process (it loads Zope)."""
    zope_conf = settings.instance_dir(1) / "etc" / "zope.conf"
    env = {**os.environ, **(environ or {}), "SITE_ID": settings.site_id}
    result = subprocess.run(
        [sys.executable, Path(__file__).resolve(), "setup-site", zope_conf,
         f"http://{HOST}:{settings.varnish_port}"],
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


# The site (run in a process of its own, with Zope loaded) --------------------

def setup_site_main(zope_conf, proxy_url) -> int:
    import transaction
    import Zope2
    from AccessControl.SecurityManagement import newSecurityManager
    from AccessControl.users import system
    from Testing.makerequest import makerequest
    from Zope2.Startup.run import make_wsgi_app
    from zope.component.hooks import setSite
    from zope.globalrequest import setRequest

    from ville_site.settings import from_environ
    from ville_site.site import ensure_site

    settings = from_environ()
    make_wsgi_app({}, str(zope_conf))
    app = makerequest(Zope2.app())
    app.REQUEST["PARENTS"] = [app]
    setRequest(app.REQUEST)
    newSecurityManager(None, system)
    try:
        created = ensure_site(app, settings)
        setSite(app[settings.site_id])
        from ville.policy.caching.proxies import set_caching_proxies

        set_caching_proxies([proxy_url])
        transaction.get().note("cluster: caching proxy set")
        transaction.commit()
    except ValueError as error:
        transaction.abort()
        print(f"error: {error}", file=sys.stderr)
        return 1
    print(f"site {settings.site_id!r} {'created' if created else 'found'}; "
          f"purging {proxy_url}")
    return 0


def main(argv=None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if not argv:
        print(__doc__)
        return 2
    command, args = argv[0], argv[1:]
    try:
        if command == "setup-site":
            return setup_site_main(args[0], args[1])
        settings = ClusterSettings.from_environ()
        if command == "generate":
            for name, path in generate(settings).items():
                print(f"{name:16} {path}")
        elif command == "relstorage-conf":
            settings.storage = "relstorage"
            settings.pg_dsn = settings.pg_dsn or "dbname='plone' host='127.0.0.1'"
            for name, path in generate(settings).items():
                print(f"{name:16} {path}")
        elif command == "start":
            start(settings)
            print(f"cluster up: {settings.varnish_url}/{settings.site_id} (Varnish), "
                  f"http://localhost:{settings.lb_port}/{settings.site_id} (HAProxy), "
                  + ", ".join(f"instance{n} :{p}" for n, p in
                              zip(settings.instances, settings.instance_ports))
                  + f"; logs in {settings.log_dir}")
        elif command == "stop":
            stopped = stop(settings)
            print("stopped: " + (", ".join(stopped) or "nothing was running"))
        elif command == "status":
            for name, pid in status(settings).items():
                print(f"{name:10} {'PID ' + str(pid) if pid else 'stopped'}")
        elif command == "stop-instance":
            stop_instance(settings, int(args[0]))
        elif command == "start-instance":
            start_instance(settings, int(args[0]))
        else:
            print(f"error: unknown command {command!r}", file=sys.stderr)
            return 2
    except ClusterError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    sys.exit(main())
