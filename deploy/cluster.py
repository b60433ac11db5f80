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
The parts: ``deploy/settings.py`` (settings), ``deploy/config.py`` (the
generated files), ``deploy/processes.py`` (starting and stopping); this
module is the command line and keeps the names tests and bench/run.py use.
"""

from pathlib import Path

import sys


ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # run as a script: python deploy/cluster.py
    sys.path.insert(0, str(ROOT))

from deploy.config import abuse_limits  # noqa: E402
from deploy.config import generate  # noqa: E402
from deploy.processes import haproxy_command  # noqa: E402
from deploy.processes import read_pid  # noqa: E402
from deploy.processes import start  # noqa: E402
from deploy.processes import start_instance  # noqa: E402
from deploy.processes import status  # noqa: E402
from deploy.processes import stop  # noqa: E402
from deploy.processes import stop_instance  # noqa: E402
from deploy.settings import ClusterError  # noqa: E402
from deploy.settings import ClusterSettings  # noqa: E402


__all__ = ["abuse_limits", "ClusterError", "ClusterSettings", "generate",
           "haproxy_command", "main", "read_pid", "start", "start_instance",
           "status", "stop", "stop_instance"]


def main(argv=None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if not argv:
        print(__doc__)
        return 2
    command, args = argv[0], argv[1:]
    try:
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
    sys.exit(main())
