"""Write the Zope instance configuration (``var/instance/etc``).

The configuration is regenerated at every start from the environment, so that
PORT, HOST or SMTP settings can change between runs; the data (FileStorage,
blobs) under ``var/`` is never touched here.
"""

from ville_site.settings import from_environ
from ville_site.settings import Settings

import sys


ZOPE_CONF = """\
%define INSTANCE {instance}
instancehome $INSTANCE
clienthome {var}
debug-mode off
security-policy-implementation C
verbose-security off
default-zpublisher-encoding utf-8
# Concurrent e-guichet submissions: retry ZODB conflicts more than 3 times.
max-conflict-retries 10
{trusted_proxies}
{dos_protection}

<environment>
  CHAMELEON_CACHE {var}/cache
  zope_i18n_compile_mo_files true
  zope_i18n_allowed_languages fr nl de en
</environment>

<zodb_db main>
  cache-size 50000
  <filestorage>
    path {var}/filestorage/Data.fs
    blob-dir {var}/blobstorage
    # A pack keeps no Data.fs.old (nor blob .old): it would keep the data
    # the GDPR retention erased.
    pack-keep-old false
  </filestorage>
  mount-point /
</zodb_db>
"""

ZOPE_INI = """\
[app:zope]
use = egg:Zope#main
zope_conf = %(here)s/zope.conf

[server:main]
# waitress, answering a too large body with a French 413 (ville_site.server)
paste.server_runner = ville_site.server:serve
listen = {listen}
threads = 4
clear_untrusted_proxy_headers = false
# the e-guichet's attachments (eguichet.yaml) and the rest of a form
max_request_body_size = {max_body}

[filter:translogger]
use = egg:Paste#translogger
setup_console_handler = False

[pipeline:main]
pipeline =
    egg:Zope#httpexceptions
    translogger
    zope

[loggers]
keys = root, waitress.queue, waitress, wsgi

[handlers]
keys = console, accesslog, eventlog

[formatters]
keys = generic, message

[formatter_generic]
format = %(asctime)s %(levelname)s [%(name)s:%(lineno)s][%(threadName)s] %(message)s
datefmt = %Y-%m-%d %H:%M:%S

[formatter_message]
format = %(message)s

[logger_root]
level = INFO
handlers = console, eventlog

[logger_waitress.queue]
level = INFO
handlers = eventlog
qualname = waitress.queue
propagate = 0

[logger_waitress]
level = INFO
handlers = eventlog
qualname = waitress

[logger_wsgi]
level = WARN
handlers = accesslog
qualname = wsgi
propagate = 0

[handler_console]
class = StreamHandler
args = (sys.stderr,)
level = NOTSET
formatter = generic

[handler_accesslog]
class = FileHandler
args = (r'{var}/log/access.log', 'a')
level = INFO
formatter = message

[handler_eventlog]
class = FileHandler
args = (r'{var}/log/event.log', 'a')
level = INFO
formatter = generic
"""

SITE_ZCML = """\
<configure
    xmlns="http://namespaces.zope.org/zope"
    xmlns:meta="http://namespaces.zope.org/meta"
    xmlns:five="http://namespaces.zope.org/five"
    >

  <include package="Zope2.App" />
  <include package="Products.Five" />
  <meta:redefinePermission from="zope2.Public" to="zope.Public" />

  <five:loadProducts file="meta.zcml"/>
  <five:loadProducts />
  <five:loadProductsOverrides />

  <securityPolicy component="AccessControl.security.SecurityPolicy" />

</configure>
"""


DOS_PROTECTION = """\
# Multipart forms: small values in memory, files spooled to disk, at most
# what the server accepts in one body.
<dos_protection>
  form-memory-limit 1MB
  form-disk-limit {max_body}
  form-memfile-limit 64KB
</dos_protection>"""


def body_limit(profile_dir) -> int:
    """Bytes accepted in one request body, from the profile's attachment
    settings (``eguichet.yaml``: ``attachments``)."""
    from ville.eguichet.municipality import load
    from ville.eguichet.municipality import max_body_size

    return max_body_size(load(profile_dir).get("attachments"))


def trusted_proxies_conf(addresses) -> str:
    """Zope believes X-Forwarded-For (``getClientAddr``) from these only."""
    lines = [f"trusted-proxy {address}" for address in addresses]
    return "# Reverse proxies whose X-Forwarded-For gives the client's address.\n" + (
        "\n".join(lines)
    )


def zope_ini(listen: str, var, max_body: int) -> str:
    return ZOPE_INI.format(listen=listen, var=var, max_body=max_body)


def zope_conf_additions(trusted, max_body: int) -> dict:
    return {
        "trusted_proxies": trusted_proxies_conf(trusted),
        "dos_protection": DOS_PROTECTION.format(max_body=max_body),
    }


def write(settings: Settings) -> None:
    """Write zope.conf, zope.ini and site.zcml; create var/ folders."""
    etc = settings.instance_dir / "etc"
    for folder in (etc, settings.var / "filestorage", settings.var / "blobstorage",
                   settings.var / "log", settings.var / "cache"):
        folder.mkdir(parents=True, exist_ok=True)
    host = settings.host
    listen = f"[{host}]:{settings.port}" if ":" in host else f"{host}:{settings.port}"
    max_body = body_limit(settings.profile_dir)
    values = {"instance": settings.instance_dir, "var": settings.var, "listen": listen,
              "max_body": max_body,
              **zope_conf_additions(settings.trusted_proxies, max_body)}
    (etc / "zope.conf").write_text(ZOPE_CONF.format(**values), encoding="utf-8")
    (etc / "zope.ini").write_text(ZOPE_INI.format(**values), encoding="utf-8")
    (etc / "site.zcml").write_text(SITE_ZCML, encoding="utf-8")


if __name__ == "__main__":
    try:
        write(from_environ())
    except ValueError as error:
        sys.exit(f"error: {error}")
