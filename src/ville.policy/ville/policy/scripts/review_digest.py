"""Send the weekly digest of the review dates (``make review-digest``): one
e-mail per responsible person of what is overdue or due within the week.

Run through Zope's console, which opens the site's database:

    zconsole run var/instance/etc/zope.conf .../review_digest.py \
        [--site Plone] [--url https://www.ville.be] [--dry-run] [--force]

Prints one line per person (user id, never an address) and exits with
status 1 if a mail could not be sent (the others are sent). A person mailed
less than 7 days ago is skipped unless ``--force``.
"""

import argparse
import sys


def arguments(argv):
    parser = argparse.ArgumentParser(
        prog="make review-digest",
        description="Mail each responsible person the content to re-read.",
    )
    parser.add_argument("--site", default="Plone", help="the Plone site id")
    parser.add_argument("--url", default="",
                        help="the site's public address, for the links (https://www.ville.be)")
    parser.add_argument("--dry-run", action="store_true", help="list only, send nothing")
    parser.add_argument("--force", action="store_true",
                        help="also mail those who had a digest in the last 7 days")
    return parser.parse_args(argv)


def script_arguments(argv):
    """The arguments after this script's path in zconsole's command line."""
    for index, value in enumerate(argv):
        if value.endswith("review_digest.py"):
            return argv[index + 1:]
    return argv[1:]


def run(app, argv, out=sys.stdout, today=None) -> int:
    from ville.policy import dates
    from ville.policy.review import digest
    from zope.component.hooks import setSite

    import transaction

    options = arguments(argv)
    if options.site not in app.objectIds():
        print(f"error: no site {options.site!r} in this database", file=out)
        return 2
    portal = app[options.site]
    setSite(portal)
    # zconsole runs as Zope's "system" user: the catalog search is unrestricted.
    failures = digest.send(portal, today or dates.today(), dry_run=options.dry_run,
                           force=options.force, out=lambda line: print(line, file=out),
                           base_url=options.url or None)
    if options.dry_run:
        transaction.abort()
    else:
        transaction.get().note("ville.policy: review digest")
        transaction.commit()
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(run(app, script_arguments(sys.argv)))  # noqa: F821 (zconsole's app)
