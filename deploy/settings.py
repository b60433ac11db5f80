"""The cluster's settings (ports, folders, storage) from the environment,
and the error an operator must fix."""

from dataclasses import dataclass
from dataclasses import field
from pathlib import Path

import os


ROOT = Path(__file__).resolve().parent.parent
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
