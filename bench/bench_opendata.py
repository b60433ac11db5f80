"""Open data feeds against the project's own HTML listing of the same
items: the GeoJSON of 500 roadworks (vs /bench-travaux, the roadworks
listing) and the iCalendar of 1,000 events (vs /bench-agenda, the agenda
listing with all 1,000 on one page), uncached: as a logged-in user, whom
neither the proxy nor Zope's RAM cache serves; sequential requests (each
takes longer than wrk's request timeout), mean time per request.

    python bench/bench_opendata.py <zope.conf> [site id]   # fill a stopped site
    python bench/bench_opendata.py                          # standalone run

`make bench` (bench/run.py) fills its project site and adds the rows; the
standalone run creates a project site in a temporary folder, fills it and
prints the two rows alone (no stock site needed: both sides are the project's).
"""

from pathlib import Path

import subprocess
import sys


ROADWORKS = 500
EVENTS = 1000
ROADWORKS_FOLDER = "bench-travaux"
AGENDA_FOLDER = "bench-agenda"


def fill(zope_conf, site_id="Plone"):
    import transaction
    from datetime import date
    from datetime import datetime
    from datetime import timedelta
    from ville_site.site import open_app
    from zope.component.hooks import setSite

    app = open_app(zope_conf)
    portal = app[site_id]
    setSite(portal)
    from plone import api
    from ville.policy.dates import localize

    if ROADWORKS_FOLDER in portal.objectIds():
        print("filled (already)")
        return 0

    def folder(id_, title, layout):
        made = api.content.create(container=portal, type="Folder", id=id_, title=title)
        made.setLayout(layout)
        api.content.transition(obj=made, to_state="published")
        return made

    works = folder(ROADWORKS_FOLDER, "Travaux (benchmark)", "roadworks-listing")
    today = date.today()
    for number in range(ROADWORKS):
        start = today + timedelta(days=number % 60 - 30)
        work = api.content.create(
            container=works, type="Roadwork", id=f"chantier-{number}",
            title=f"Chantier {number}", location=f"Rue {number}", village="Bury",
            start=start, end=start + timedelta(days=45), impact="restricted",
            operator="commune", detour="Par la rue voisine",
            latitude=50.5 + number / 10000, longitude=3.59 + number / 10000)
        api.content.transition(obj=work, to_state="published")
    agenda = folder(AGENDA_FOLDER, "Agenda (benchmark)", "event_listing")
    for number in range(EVENTS):
        day = datetime.combine(today + timedelta(days=1 + number % 300), datetime.min.time())
        event = api.content.create(
            container=agenda, type="Event", id=f"evenement-{number}",
            title=f"Événement {number}", start=localize(day.replace(hour=14)),
            end=localize(day.replace(hour=17)), location="Grand-Place")
        api.content.transition(obj=event, to_state="published")
    transaction.commit()
    print(f"filled {ROADWORKS} roadworks, {EVENTS} events")
    return 0


def timed(url, headers, count=5):
    """Mean time of ``count`` sequential requests after one warm-up: these
    answers take seconds, longer than wrk's request timeout."""
    import time

    from tests.clusterlib import http

    status = http(url, headers=headers, timeout=300)[0]
    if status != 200:
        return {"na": f"HTTP {status}"}
    started = time.monotonic()
    for _ in range(count):
        http(url, headers=headers, timeout=300)
    mean = (time.monotonic() - started) / count
    return {"rps": 1 / mean, "ms": mean * 1000}


def rows(base):
    """Table rows: (name, feed, HTML listing, ratio of throughputs)."""
    from harness import auth_header
    from harness import fmt
    from harness import ratio

    headers = {"Authorization": auth_header()}
    found = []
    for name, feed, listing in (
        (f"Roadworks GeoJSON, {ROADWORKS} roadworks, uncached (vs the HTML listing)",
         f"{base}/{ROADWORKS_FOLDER}/@@roadworks.geojson", f"{base}/{ROADWORKS_FOLDER}"),
        (f"Events iCalendar, {EVENTS:,} events, uncached (vs the HTML agenda, all on one page)",
         f"{base}/{AGENDA_FOLDER}/@@events.ics",
         f"{base}/{AGENDA_FOLDER}?b_size={EVENTS}"),
    ):
        fr, lr = timed(feed, headers), timed(listing, headers)
        found.append((name, fmt(fr), fmt(lr), ratio(fr, lr)))
    return found


def standalone():
    import shutil
    import tempfile

    root = Path(__file__).resolve().parent.parent
    sys.path[:0] = [str(root / "bench"), str(root)]
    from harness import ensure_wrk
    from harness import Instance
    from harness import log
    from harness import PY

    ensure_wrk()
    work = Path(tempfile.mkdtemp(prefix="ville-bench-opendata-"))
    project = Instance("project", work)
    try:
        etc = project.configure()
        log("creating the project's site")
        subprocess.run([PY, "-m", "ville_site.site", str(etc / "zope.conf")],
                       env=project.env, cwd=root, check=True)
        log("filling")
        subprocess.run([PY, __file__, str(etc / "zope.conf")], env=project.env,
                       cwd=root, check=True)
        project.start()
        print("| Scenario | Feed | HTML listing | Ratio |\n| --- | --- | --- | --- |")
        for name, feed, listing, r in rows(project.url):
            print(f"| {name} | {feed} | {listing} | {f'{r:.2f}' if r else 'n/a'} |")
    finally:
        project.stop()
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    if len(sys.argv) > 1:
        sys.exit(fill(*sys.argv[1:]))
    standalone()
