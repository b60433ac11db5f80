"""Command line of the GDPR retention (``make retention``, or a cron).

    python -m ville.eguichet.documents.retention_cli [--dry-run] [--pack]
        [--site Plone] [--config var/instance/etc/zope.conf]

Prints one line per request treated (reference, action, since when) and a
total; with ``--dry-run`` nothing is written. Exit status 1 on error.
"""

from datetime import datetime
from datetime import timezone

import argparse
import logging
import os
import sys


def parse(argv):
    parser = argparse.ArgumentParser(
        prog="retention", description="Apply the e-guichet GDPR retention."
    )
    parser.add_argument("--dry-run", action="store_true", help="only list")
    parser.add_argument(
        "--pack",
        action="store_true",
        help="pack the database afterwards, so that erased files and data "
        "leave the disk too (drops the site's undo history)",
    )
    parser.add_argument("--site", default=os.environ.get("SITE_ID") or "Plone")
    parser.add_argument(
        "--config",
        default=os.path.join(
            os.environ.get("VAR_DIR") or "var", "instance", "etc", "zope.conf"
        ),
        help="zope.conf of the instance",
    )
    return parser.parse_args(argv)


def open_site(config, site_id):
    import Zope2
    from AccessControl.SecurityManagement import newSecurityManager
    from AccessControl.users import system
    from Testing.makerequest import makerequest
    from Zope2.Startup.run import make_wsgi_app
    from zope.component.hooks import setSite
    from zope.globalrequest import setRequest

    make_wsgi_app({}, config)
    app = makerequest(Zope2.app())
    app.REQUEST["PARENTS"] = [app]
    setRequest(app.REQUEST)
    newSecurityManager(None, system)
    if site_id not in app.objectIds():
        raise ValueError(f"no site {site_id!r} in {config}")
    portal = app[site_id]
    setSite(portal)
    return portal


def report(actions, dry_run, out=None, purged=None):
    out = out or sys.stdout
    verb = "would" if dry_run else "done"
    for action in actions:
        print(f"{verb}\t{action.line()}", file=out)
    if purged is not None:
        print(f"{verb}\tmail queue: {purged} old message(s) deleted", file=out)
    outcome = "to do (dry run, nothing written)" if dry_run else "done"
    print(f"{len(actions)} action(s) {outcome}", file=out)


def main(argv=None) -> int:
    import transaction
    from ville.eguichet.documents import purge
    from ville.eguichet.documents import retention

    args = parse(sys.argv[1:] if argv is None else argv)
    logging.basicConfig(level=logging.WARNING, format="%(message)s")
    # The job's own summary lines (e.g. the mail queue purge) are kept.
    logging.getLogger("ville.eguichet.retention").setLevel(logging.INFO)
    if not os.path.isfile(args.config):
        print(
            f"error: {args.config}: no such zope.conf (run `make run` once)",
            file=sys.stderr,
        )
        return 1
    try:
        portal = open_site(args.config, args.site)
        now = datetime.now(timezone.utc)
        actions = retention.run(portal, now=now, dry_run=args.dry_run)
        purged = purge.purge_mail_queue(now, dry_run=args.dry_run)
        if args.dry_run:
            transaction.abort()
        else:
            transaction.get().note("ville.eguichet: GDPR retention")
            transaction.commit()
            if args.pack and actions:
                purge.pack(portal._p_jar.db())
    except ValueError as error:
        transaction.abort()
        print(f"error: {error}", file=sys.stderr)
        return 1
    except Exception as error:  # e.g. Data.fs locked by a running instance
        transaction.abort()
        print(f"error: retention not applied: {error!r}", file=sys.stderr)
        return 1
    report(actions, args.dry_run, purged=purged)
    return 0


if __name__ == "__main__":
    sys.exit(main())
