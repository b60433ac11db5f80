"""Import shops from a CSV file into a stopped site's data (``var/``).

Run through Zope's console, which opens the site's database:

    zconsole run var/instance/etc/zope.conf .../import_shops.py \
        [--site Plone] [--folder economie/annuaire-commercial] \
        [--publish] [--dry-run] shops.csv

(``make import-shops FILE=shops.csv`` does exactly that.) Prints one line
per row and exits with status 1 if a row was rejected; the valid rows are
committed, the rejected ones are not imported at all.
"""

import argparse
import sys


def arguments(argv):
    parser = argparse.ArgumentParser(
        prog="make import-shops",
        description="Import shops from a semicolon-separated CSV file.",
    )
    parser.add_argument("file", help="the CSV file (semicolon-separated, UTF-8 or Windows-1252)")
    parser.add_argument("--site", default="Plone", help="the Plone site id")
    parser.add_argument(
        "--folder", default="economie/annuaire-commercial",
        help="the directory folder, relative to the site",
    )
    parser.add_argument("--publish", action="store_true", help="publish new shops")
    parser.add_argument("--dry-run", action="store_true", help="check only, import nothing")
    return parser.parse_args(argv)


def script_arguments(argv):
    """The arguments after this script's path in zconsole's command line."""
    for index, value in enumerate(argv):
        if value.endswith("import_shops.py"):
            return argv[index + 1:]
    return argv[1:]


def run(app, argv, out=sys.stdout) -> int:
    from pathlib import Path
    from plone import api
    from ville.policy.shops_import import import_shops
    from zope.component.hooks import setSite
    from zope.i18n import translate

    import transaction

    options = arguments(argv)
    path = Path(options.file)
    if not path.is_file():
        print(f"error: {path}: file not found", file=out)
        return 2
    if options.site not in app.objectIds():
        print(f"error: no site {options.site!r} in this database", file=out)
        return 2
    portal = app[options.site]
    setSite(portal)
    try:
        folder = portal.unrestrictedTraverse(options.folder.strip("/"))
    except (KeyError, AttributeError):
        print(f"error: no folder {options.folder!r} in the site", file=out)
        return 2
    language = api.portal.get_default_language() or "fr"

    def text(message):
        return translate(message, target_language=language)

    # zconsole runs as Zope's "system" user: allowed everything.
    report = import_shops(
        folder, path.read_bytes(), publish=options.publish, dry_run=options.dry_run
    )
    if report.error:
        transaction.abort()
        print(f"error: {path}: {text(report.error)}", file=out)
        return 2
    for row in report.rows:
        detail = "; ".join(text(error) for error in row.errors)
        print(f"{path}:{row.line}: {row.status}: {row.title}" + (f": {detail}" if detail else ""), file=out)
    if options.dry_run:
        transaction.abort()
    else:
        transaction.get().note(f"ville.policy: import shops from {path.name}")
        transaction.commit()
    print(
        f"{report.created} created, {report.updated} updated, {report.failed} rejected",
        file=out,
    )
    return 1 if report.failed else 0


if __name__ == "__main__":
    sys.exit(run(app, script_arguments(sys.argv)))  # noqa: F821 (zconsole's app)
