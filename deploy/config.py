"""The cluster's configuration files, generated from ``deploy/templates/``:
zeo.conf, each instance's zope.conf / zope.ini / site.zcml, haproxy.cfg
(with the abuse limits' stick tables) and varnish.vcl."""

from deploy.settings import ClusterSettings
from deploy.settings import HOST
from deploy.settings import INSTANCE_THREADS
from pathlib import Path
from string import Template

import os


TEMPLATES = Path(__file__).resolve().parent / "templates"


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
