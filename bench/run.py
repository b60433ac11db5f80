"""`make bench`: this project's site against a stock Plone 6.2.2 classic
site, on this machine, same pins, same server settings (ville_site's
zope.conf/zope.ini: waitress, 4 threads, FileStorage), loaded by wrk on
loopback with `Host: localhost`. Prints one table of ratios (project/stock)
with the absolute figures, and writes it to bench/RESULTS.md.

A scenario whose endpoint does not exist (yet) says "not available".
BENCH_DURATION (seconds per wrk run, default 5), BENCH_FILL (requests for the
large dashboard scenario, default 100000), BENCH_FILL_BUDGET (seconds allowed
to fill the store, default 900), BENCH_KEEP=1 keeps the temporary folder.
Backups (bench/backup_bench.py): BENCH_BACKUP_DATA_MB (1024) and
BENCH_BACKUP_BLOBS_MB (5120); BENCH_ONLY=backup runs that scenario alone and
updates its rows only in bench/RESULTS.md; BENCH_ONLY=payment likewise for the
online payment's row, BENCH_ONLY=documents for the document forms' rows,
BENCH_ONLY=backoffice for the back office's (dashboard, statistics, export,
retention, bulk fill; about 25 minutes).
"""

from contextlib import ExitStack
from pathlib import Path

import os
import shutil
import subprocess
import sys
import tempfile
import time


ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "bench"), str(ROOT)]  # bench/harness.py, tests/

import bench_backoffice  # noqa: E402
import bench_documents  # noqa: E402
import bench_opendata  # noqa: E402
import bench_payment  # noqa: E402
import bench_render  # noqa: E402
from harness import ADMIN  # noqa: E402
from harness import auth_header  # noqa: E402
from harness import creations  # noqa: E402
from harness import DURATION  # noqa: E402
from harness import ensure_wrk  # noqa: E402
from harness import FILL  # noqa: E402
from harness import FILL_BUDGET  # noqa: E402
from harness import first_url  # noqa: E402
from harness import fmt  # noqa: E402
from harness import Instance  # noqa: E402
from harness import load  # noqa: E402
from harness import log  # noqa: E402
from harness import MEMBER  # noqa: E402
from harness import NA  # noqa: E402
from harness import path_of  # noqa: E402
from harness import PY  # noqa: E402
from harness import ratio  # noqa: E402
from harness import rest_search  # noqa: E402
from harness import run_alone  # noqa: E402
from harness import warm_up  # noqa: E402
from tests.clusterlib import free_ports  # noqa: E402
from tests.clusterlib import http  # noqa: E402
from tests.clusterlib import load_cluster_module  # noqa: E402


def only_backup():
    """BENCH_ONLY=backup: the backup scenario alone; its rows replace theirs."""
    import backup_bench

    work = Path(tempfile.mkdtemp(prefix="ville-bench-"))
    try:
        rows = backup_bench.run(work, log=log)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    write_results(rows, [], merge=True, drop=("make backup", "make restore"))


def start_cluster(cluster_mod, work):
    """The cluster (ZEO, two instances, HAProxy, Varnish) in ``work``,
    started: (its settings, its ports: ZEO, instance 1, instance 2,
    HAProxy, Varnish)."""
    log("starting the cluster")
    ports = zeo, one, two, lb, varnish = free_ports(5)
    cluster_env = {"CLUSTER_DIR": str(work / "cluster"), "ZEO_PORT": str(zeo),
                   "INSTANCE_PORTS": f"{one},{two}", "LB_PORT": str(lb),
                   "VARNISH_PORT": str(varnish), "SITE_ID": "Plone",
                   "ADMIN_USER": ADMIN[0], "ADMIN_PASSWORD": ADMIN[1],
                   "EGUICHET_RATE_LIMITS": "off"}
    os.environ.update(cluster_env)
    cluster = cluster_mod.ClusterSettings.from_environ()
    cluster_mod.start(cluster, cluster_env)
    return cluster, ports


def only_backoffice():
    """BENCH_ONLY=backoffice: the back office's rows alone (dashboard and
    statistics at 1,000 and BENCH_FILL requests, export, retention, bulk
    fill) on a fresh cluster (ZEO), as in the full run; they replace
    theirs."""
    ensure_wrk()
    work = Path(tempfile.mkdtemp(prefix="ville-bench-"))
    cluster_mod = load_cluster_module()
    cluster = None
    try:
        cluster, (_, one, _, _, _) = start_cluster(cluster_mod, work)
        rows = dashboard(cluster_mod, cluster, f"http://127.0.0.1:{one}/Plone", work)
    finally:
        if cluster is not None:
            cluster_mod.stop(cluster)
        shutil.rmtree(work, ignore_errors=True)
    for row in rows:
        log(" | ".join(str(cell) for cell in row))
    write_results(rows, [], merge=True, drop=(
        "Agent dashboard", "Statistics", "CSV export", "GDPR retention", "Bulk fill"))


def main():
    if os.environ.get("BENCH_ONLY") == "backup":
        return only_backup()
    if os.environ.get("BENCH_ONLY") == "backoffice":
        return only_backoffice()
    only = {"documents": bench_documents, "payment": bench_payment}.get(
        os.environ.get("BENCH_ONLY"))
    if only is not None:
        return run_alone(only.run_alone, write_results)
    ensure_wrk()
    keep = os.environ.get("BENCH_KEEP")
    work = Path(tempfile.mkdtemp(prefix="ville-bench-"))
    rows = []
    notes = []
    stock = Instance("stock", work)
    project = Instance("project", work)
    payments = ExitStack()  # the fake Mollie of the online payment's row
    cluster_mod = load_cluster_module()
    cluster = None
    try:
        log(f"work folder {work}")
        stock_etc = stock.configure()
        log("creating the stock Plone site")
        subprocess.run([PY, str(ROOT / "bench" / "stock_site.py"), str(stock_etc / "zope.conf"),
                        ADMIN[1]], env=stock.env, cwd=ROOT, check=True,
                       stdout=subprocess.DEVNULL)
        bench_payment.start(payments, project)
        bench_documents.start(payments, project)
        project_etc = project.configure()
        log("creating the project's site (municipality profile)")
        subprocess.run([PY, "-m", "ville_site.site", str(project_etc / "zope.conf")],
                       env=project.env, cwd=ROOT, check=True)
        result = subprocess.run([PY, str(ROOT / "bench" / "bench_form.py"),
                                 str(project_etc / "zope.conf")], env=project.env, cwd=ROOT,
                                capture_output=True, text=True)
        bench_form = (result.stdout.strip().splitlines() or ["not available: ?"])[-1]
        log(f"bench procedure: {bench_form}")
        for instance, etc in ((stock, stock_etc), (project, project_etc)):
            log(f"{instance.name}: 1,000 pages in 20 sections of 50, a plain member")
            subprocess.run([PY, str(ROOT / "bench" / "fill_listing.py"),
                            str(etc / "zope.conf"), MEMBER[1]], env=instance.env, cwd=ROOT,
                           check=True, stdout=subprocess.DEVNULL)
        log("open data: 500 roadworks and 1,000 events")
        subprocess.run([PY, str(ROOT / "bench" / "bench_opendata.py"),
                        str(project_etc / "zope.conf")], env=project.env, cwd=ROOT,
                       check=True)
        stock.start()
        project.start()
        s, p = stock.url, project.url

        news = rest_search(p, "portal_type=News%20Item&review_state=published")
        shops = "/economie/annuaire-commercial"
        scenarios = [
            ("Anonymous home page", f"{p}", f"{s}", {}),
            ("A news item", first_url(p, [path_of(i) for i in news]), f"{s}/news-item", {}),
            ("/travaux", first_url(p, ["/travaux"]), f"{s}/travaux", {}),
            ("Directory search (project: shop directory text search; stock: @@search)",
             first_url(p, [f"{shops}?SearchableText=pain", shops]),
             f"{s}/@@search?SearchableText=travaux", {}),
            ("REST @search (authenticated)", f"{p}/@search?SearchableText=travaux",
             f"{s}/@search?SearchableText=travaux",
             {"headers": ("Accept: application/json", f"Authorization: {auth_header()}")}),
        ]
        # The scheduled-publication rule's cost (issue 11): the same catalog
        # query over 1,000 items in 20 sections of 50, as a plain member (no
        # RAM cache, no show_inactive), project against stock Plone.
        listing = ("@search?path.query=/Plone/liste&portal_type=Document"
                   "&sort_on=sortable_title")
        tokens = [member_token(site) for site in (p, s)]
        scenarios += [
            ("Listing of 1,000 items in 20 sections of 50, one batch of 50 "
             "(REST @search as a member)",
             f"{p}/{listing}&b_size=50&b_start=500", f"{s}/{listing}&b_size=50&b_start=500",
             tokens),
            ("Listing of 1,000 items in 20 sections of 50, all 1,000 "
             "(REST @search as a member)",
             f"{p}/{listing}&b_size=1000", f"{s}/{listing}&b_size=1000", tokens),
        ]
        results = {}
        for name, purl, surl, kw in scenarios:
            log(name)
            if isinstance(kw, list):  # a JWT per site (one login, not one per request)
                pr = load(purl, headers=("Accept: application/json",
                                         f"Authorization: Bearer {kw[0]}"))
                sr = load(surl, headers=("Accept: application/json",
                                         f"Authorization: Bearer {kw[1]}"))
            else:
                pr, sr = load(purl, **kw), load(surl, **kw)
            results[name] = (pr, sr)
            r = ratio(pr, sr)
            target = ""
            if name.startswith("Listing of 1,000"):
                # "within 1.2x of the time": project/stock throughput >= 1/1.2
                target = "target time <= 1.2x stock: " + (
                    "met" if r and r >= 1 / 1.2 else "MISSED" if r else NA)
            rows.append((name, fmt(pr), fmt(sr), r, target))

        log("open data feeds against their HTML listings")
        rows.extend(bench_opendata.rows(p))

        # Render cost on a cache miss, on sites of their own (bench/bench_render.py).
        rows.extend(bench_render.run(work, log=log))

        # Writes: stock Plone creating Documents through REST, 8 clients.
        log("REST content creation, 8 clients (both)")
        for site, label in ((s, "stock"), (p, "project")):
            http(f"{site}", "POST", {"@type": "Folder", "id": "bench", "title": "Bench"},
                 auth=ADMIN)
        stock_create = creations(s, "/bench")
        project_create = creations(p, "/bench")
        rows.append(("REST Document creation, 8 clients (creations/s)",
                     fmt(project_create), fmt(stock_create),
                     ratio(project_create, stock_create)))

        # E-guichet submissions through @eguichet-submit: the 3-field
        # procedure, then each document form against it (issue 21).
        log("e-guichet submissions, 8 clients")
        submit_row = bench_documents.three_field(p, bench_form)
        target = ""
        if "rps" in submit_row:
            ok = submit_row["rps"] >= 20 and not submit_row["errors"]
            target = "target >= 20/s, 0 lost: " + ("met" if ok else "MISSED")
        rows.append(("E-guichet submissions, 8 clients (vs stock REST creation)",
                     fmt(submit_row), fmt(stock_create), ratio(submit_row, stock_create),
                     target))
        rows.extend(bench_documents.rows(project, submit_row))

        # The online payment (issue 15): a paying form, online vs transfer.
        rows.extend(bench_payment.rows(project))

        # Varnish and the cluster (ZEO, two instances, HAProxy, Varnish).
        cluster, (zeo, one, two, lb, varnish) = start_cluster(cluster_mod, work)
        home_direct = results["Anonymous home page"][0]
        vurl = f"http://127.0.0.1:{varnish}/Plone"
        http(vurl)
        cached = load(vurl, connections=32)
        r = ratio(cached, home_direct)
        rows.append(("Home page through Varnish vs uncached (project)", fmt(cached),
                     fmt(home_direct), r,
                     "target >= 500: " + ("met" if r and r >= 500 else "MISSED")))
        lb_url = f"http://127.0.0.1:{lb}/Plone"
        # Uncached by Varnish and by Zope's RAM cache: an authenticated page.
        auth = {"headers": (f"Authorization: {auth_header()}",)}
        # Each instance warmed up directly (a fresh instance's first pages
        # compile templates and fill its ZEO client cache).
        warm_up([f"http://127.0.0.1:{port}/Plone" for port in (one, two)],
                {"Authorization": auth_header()}, times=10)
        log("cluster: two instances")
        both = load(lb_url, **auth)
        cluster_mod.haproxy_command(cluster, "set server zope/instance2 state maint")
        log("cluster: one instance")
        single = load(lb_url, **auth)
        cluster_mod.haproxy_command(cluster, "set server zope/instance2 state ready")
        r = ratio(both, single)
        rows.append(("Cluster: 2 instances vs 1 (home page as a logged-in user, via HAProxy)",
                     fmt(both), fmt(single), r,
                     "target >= 1.4: " + ("met" if r and r >= 1.4 else "MISSED")))

        # The agents' dashboard, 1,000 and FILL requests in the store.
        dash = dashboard(cluster_mod, cluster, f"http://127.0.0.1:{one}/Plone", work)
        rows.extend(dash)
        cluster_mod.stop(cluster)
        cluster = None

        # Backups and restore of generated data (issue 18).
        import backup_bench

        rows.extend(backup_bench.run(work, log=log))
    finally:
        if cluster is not None:
            cluster_mod.stop(cluster)
        stock.stop()
        project.stop()
        payments.close()
        if not keep:
            shutil.rmtree(work, ignore_errors=True)

    home = next(r for r in rows if r[0] == "Anonymous home page")
    notes.append("Target home page uncached ratio <= 1.0 (same throughput or better): "
                 + ("met" if home[3] and home[3] >= 1.0 else "MISSED" if home[3] else NA))
    write_results(rows, notes)


def member_token(site):
    """plone.restapi's JWT for the listing's plain member (bench/fill_listing.py):
    a password check once, not at every request."""
    import json

    status, _, body = http(f"{site}/@login", "POST",
                           {"login": MEMBER[0], "password": MEMBER[1]})
    if status != 200:
        raise RuntimeError(f"@login as {MEMBER[0]} on {site}: HTTP {status} {body[:200]}")
    return json.loads(body)["token"]


def dashboard(cluster_mod, cluster, instance_url, work):
    rows = []
    zope_conf = cluster.directory / "instance1" / "etc" / "zope.conf"
    timings = {}
    backoffice = {}  # statistics, export, retention (bench/bench_backoffice.py)
    for wanted in (1000, FILL):
        log(f"dashboard with {wanted} requests: filling the store")
        started = time.monotonic()
        try:
            result = subprocess.run(
                [PY, str(ROOT / "bench" / "fill_requests.py"), str(zope_conf), str(wanted)],
                env={**os.environ}, cwd=ROOT, stdout=subprocess.PIPE, text=True,
                timeout=FILL_BUDGET)
            line = (result.stdout.strip().splitlines() or ["?"])[-1]
        except subprocess.TimeoutExpired:
            line = (f"not available: filling took more than {FILL_BUDGET} s "
                    "(BENCH_FILL_BUDGET)")
        log(line)
        if not line.startswith("filled"):
            timings[wanted] = {"na": line.replace("not available: ", "")}
        else:
            url = f"{instance_url}/eguichet-demandes/@@eguichet-dashboard"
            timings[wanted] = load(url, connections=4,
                                   headers=(f"Authorization: {auth_header()}",))
            if timings[wanted]:
                timings[wanted]["fill_s"] = time.monotonic() - started
            backoffice[wanted] = bench_backoffice.at_size(instance_url, zope_conf, wanted, line,
                                                          large=wanted == FILL)
    small, large = timings.get(1000), timings.get(FILL)
    # Time per request under the same load (1 / throughput): wrk's mean
    # latency leaves out the requests that timed out.
    r = ratio(small, large)
    rows.append(("Agent dashboard, 1,000 requests (latency)", fmt(small), "(no stock equivalent)",
                 None))
    rows.append((f"Agent dashboard, {FILL:,} requests vs 1,000 (time per request ratio)",
                 fmt(large),
                 fmt(small), r, "target <= 1.3: " + ("met" if r and r <= 1.3 else
                                                     "MISSED" if r else NA)))
    rows.extend(bench_backoffice.rows(backoffice.get(1000, {}), backoffice.get(FILL, {}), FILL))
    return rows


def table_rows(text) -> dict:
    """{scenario: line} of the table of an earlier RESULTS.md."""
    found = {}
    for line in text.split("\n## ")[0].splitlines():
        if line.startswith("| ") and not line.startswith(("| Scenario", "| ---")):
            found[line.split(" | ")[0][2:]] = line
    return found


def write_results(rows, notes, merge=False, drop=()):
    results = ROOT / "bench" / "RESULTS.md"
    old = results.read_text(encoding="utf-8") if results.exists() else ""
    if merge and old:
        # one scenario re-measured: the other rows and notes of the last run
        # stay, except the earlier rows of that scenario (names in `drop`)
        table = {name: line for name, line in table_rows(old).items()
                 if not name.startswith(tuple(drop))}
        for row in rows:
            table[row[0]] = result_line(row)
        head = old.split("\n| Scenario")[0]
        tail = old.split("\n## ")[0].split("\n\n- ", 1)
        notes_text = ("\n\n- " + tail[1]) if len(tail) > 1 else "\n"
        extra = old[old.index("\n## "):] if "\n## " in old else ""
        text = (head + "\n| Scenario | Project | Stock (or baseline) | Ratio | Target |\n"
                "| --- | --- | --- | --- | --- |\n" + "\n".join(table.values())
                + notes_text.rstrip("\n") + "\n")
        print(text)
        results.write_text(text + extra, encoding="utf-8")
        log(f"written {results} (rows of this scenario only)")
        return
    lines = [
        "# Benchmark: this project vs stock Plone 6.2.2 (classic)",
        "",
        f"One `make bench` run on this machine ({time.strftime('%Y-%m-%d %H:%M')}, "
        f"{os.cpu_count()} cores shared with the load generator), wrk {DURATION} s per "
        "scenario, 8 connections unless said, `Host: localhost`, same pins and server "
        "settings (waitress, 4 threads). Absolute figures are noisy on a shared machine; "
        "the ratios were measured in the same run.",
        "",
        "| Scenario | Project | Stock (or baseline) | Ratio | Target |",
        "| --- | --- | --- | --- | --- |",
    ]
    lines += [result_line(row) for row in rows]
    lines += [""] + [f"- {note}" for note in notes] + [""]
    text = "\n".join(lines)
    print(text)
    extra = ""
    if "\n## " in old:  # keep the hand-written analysis sections
        extra = old[old.index("\n## "):]
    results.write_text(text + extra, encoding="utf-8")
    log(f"written {results}")


def result_line(row) -> str:
    name, pr, sr, r = row[:4]
    target = row[4] if len(row) > 4 else ""
    return f"| {name} | {pr} | {sr} | {f'{r:.2f}' if r else NA} | {target} |"


if __name__ == "__main__":
    main()
