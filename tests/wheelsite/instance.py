"""Write a minimal Zope instance (zope.conf, zope.ini, site.zcml) for the
fresh virtualenv of tests/test_installed_wheels.py: a FileStorage with blobs
and a waitress server on loopback, as a municipality's pip install would
have, with nothing of this repository (ville_site is not installed there)."""

from pathlib import Path
# Zope's own site.zcml, as the project's instance has it: only the text is
# written there, nothing of ville_site runs in that virtualenv.
from ville_site.instance import SITE_ZCML


ZOPE_CONF = """\
%define INSTANCE {instance}
instancehome $INSTANCE
clienthome {var}
debug-mode off
security-policy-implementation C
verbose-security off
default-zpublisher-encoding utf-8

<environment>
  CHAMELEON_CACHE {var}/cache
  zope_i18n_compile_mo_files true
</environment>

<zodb_db main>
  <filestorage>
    path {var}/filestorage/Data.fs
    blob-dir {var}/blobstorage
  </filestorage>
  mount-point /
</zodb_db>
"""

ZOPE_INI = """\
[app:zope]
use = egg:Zope#main
zope_conf = %(here)s/zope.conf

[server:main]
use = egg:waitress#main
listen = 127.0.0.1:{port}
threads = 2

[pipeline:main]
pipeline =
    egg:Zope#httpexceptions
    zope

[loggers]
keys = root

[handlers]
keys = eventlog

[formatters]
keys = generic

[formatter_generic]
format = %(asctime)s %(levelname)s [%(name)s:%(lineno)s] %(message)s

[logger_root]
level = INFO
handlers = eventlog

[handler_eventlog]
class = FileHandler
args = (r'{var}/event.log', 'a')
level = INFO
formatter = generic
"""

def write(directory: Path, port: int) -> Path:
    """Write the instance under ``directory``; return the zope.conf path."""
    instance = directory / "instance"
    var = directory / "var"
    etc = instance / "etc"
    for folder in (etc, var / "filestorage", var / "blobstorage", var / "cache"):
        folder.mkdir(parents=True, exist_ok=True)
    values = {"instance": instance, "var": var, "port": port}
    (etc / "zope.conf").write_text(ZOPE_CONF.format(**values), encoding="utf-8")
    (etc / "zope.ini").write_text(ZOPE_INI.format(**values), encoding="utf-8")
    (etc / "site.zcml").write_text(SITE_ZCML, encoding="utf-8")
    return etc / "zope.conf"
