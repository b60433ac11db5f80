"""`make bench`: this project's site against a stock Plone 6.2.2 classic
site, on this machine, same pins, same server settings (ville_site's
zope.conf/zope.ini: waitress, 4 threads, FileStorage), loaded by wrk on
loopback with `Host: localhost`. Prints one table of ratios (project/stock)
with the absolute figures, and writes it to bench/RESULTS.md.

A scenario whose endpoint does not exist (yet) says "not available".
BENCH_DURATION (seconds per wrk run, default 5), BENCH_FILL (requests for the
large dashboard scenario, default 100000), BENCH_FILL_BUDGET (seconds allowed
to fill the store, default 900), BENCH_KEEP=1 keeps the temporary folder.
"""

from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time


ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.clusterlib import free_ports  # noqa: E402
from tests.clusterlib import http  # noqa: E402
from tests.clusterlib import load_cluster_module  # noqa: E402


PY = sys.executable
BIN = Path(PY).parent
DURATION = int(os.environ.get("BENCH_DURATION") or 5)
FILL = int(os.environ.get("BENCH_FILL") or 100_000)
FILL_BUDGET = int(os.environ.get("BENCH_FILL_BUDGET") or 900)
ADMIN = ("admin", "bench-secret")
NA = "not available"


def log(message):
    print(f"[bench] {message}", flush=True)


def ensure_wrk():
    from ville_site.systemdeps import ensure
    from ville_site.systemdeps import MissingPackages

    if shutil.which("wrk"):
        return
    log("installing wrk (Debian)")
    try:
        ensure(["wrk"])
    except MissingPackages as error:
        sys.exit(f"error: {error}")
    if not shutil.which("wrk"):
        sys.exit("error: wrk is missing and could not be installed (apt-get install wrk)")


def auth_header():
    from base64 import b64encode

    return "Basic " + b64encode(f"{ADMIN[0]}:{ADMIN[1]}".encode()).decode()


def wrk(url, connections=8, headers=(), duration=DURATION):
    """Requests per second, mean latency (ms) and errors of one wrk run."""
    command = ["wrk", "-t2", f"-c{connections}", f"-d{duration}s", "-H", "Host: localhost"]
    for header in headers:
        command += ["-H", header]
    output = subprocess.run(command + [url], capture_output=True, text=True).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    latency = re.search(r"Latency\s+([\d.]+)(us|ms|s)", output)
    factor = {"us": 0.001, "ms": 1, "s": 1000}[latency.group(2)]
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)",
                       output)
    count = int(non2xx.group(1)) if non2xx else 0
    count += sum(int(g) for g in errors.groups()) if errors else 0
    return {"rps": rps, "ms": float(latency.group(1)) * factor, "errors": count}


class Instance:
    """One standalone Zope instance (FileStorage), ville_site's configuration."""

    def __init__(self, name, work, env_extra=None):
        self.name = name
        self.var = work / name
        self.port = free_ports(1)[0]
        # A benchmark measures throughput: the e-guichet's abuse limits off.
        self.env = {**os.environ, "EGUICHET_RATE_LIMITS": "off",
                    "VAR_DIR": str(self.var), "PORT": str(self.port),
                    "HOST": "127.0.0.1", "SITE_ID": "Plone", "ADMIN_USER": ADMIN[0],
                    "ADMIN_PASSWORD": ADMIN[1], **(env_extra or {})}
        self.process = None
        self.url = f"http://127.0.0.1:{self.port}/Plone"

    def configure(self):
        subprocess.run([PY, "-m", "ville_site.instance"], env=self.env, cwd=ROOT, check=True)
        return self.var / "instance" / "etc"

    def start(self):
        etc = self.var / "instance" / "etc"
        with open(self.var / "server.log", "ab") as out:
            self.process = subprocess.Popen(
                [PY, "-c", "import sys; from Zope2.Startup.serve import main; sys.exit(main())",
                 str(etc / "zope.ini")],
                env=self.env, cwd=ROOT, stdout=out, stderr=subprocess.STDOUT,
                start_new_session=True)
        deadline = time.monotonic() + 180
        while http(f"{self.url}/@@ok", timeout=5)[0] != 200:
            if time.monotonic() > deadline or self.process.poll() is not None:
                raise RuntimeError(f"{self.name} did not start: see {self.var}/server.log")
            time.sleep(0.5)

    def stop(self):
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, 15)
            self.process.wait(30)


def rest_search(base, query):
    status, _, body = http(f"{base}/@search?{query}&b_size=5", auth=ADMIN,
                           headers={"Accept": "application/json"})
    return json.loads(body)["items"] if status == 200 else []


def first_url(base, candidates):
    """The first candidate path that answers 200 anonymously, or None."""
    for path in candidates:
        if path and http(f"{base}{path}", timeout=30)[0] == 200:
            return f"{base}{path}"
    return None


def path_of(item):
    return "/" + item["@id"].split("/Plone/", 1)[1] if "/Plone/" in item["@id"] else ""


def load(url, **kw):
    """wrk on a URL that answers 200 (else not available)."""
    if url is None:
        return None
    headers = dict(h.split(": ", 1) for h in kw.get("headers", ()))
    status = http(url, headers=headers, timeout=60)[0]
    if status != 200:
        return {"na": f"HTTP {status}"}
    warm_up([url], headers)
    return wrk(url, **kw)


def warm_up(urls, headers=None, times=5):
    """A few requests first: templates compiled, ZODB caches filled."""
    for url in urls:
        for _ in range(times):
            http(url, headers=headers, timeout=60)


def creations(base, folder, clients=8, seconds=DURATION, submit=None):
    """Creations per second with `clients` concurrent clients; errors; lost."""
    results = []
    created = []
    stop_at = time.monotonic() + seconds
    lock = threading.Lock()

    def client(number):
        count = 0
        while time.monotonic() < stop_at:
            count += 1
            if submit:
                status, body = submit(number, count)
            else:
                status, _, body = http(f"{base}{folder}", "POST",
                                       {"@type": "Document", "title": f"Doc {number}-{count}"},
                                       auth=ADMIN)
            with lock:
                results.append(status)
                if status == 201:
                    created.append(json.loads(body).get("@id"))

    started = time.monotonic()
    with ThreadPoolExecutor(clients) as pool:
        list(pool.map(client, range(clients)))
    elapsed = time.monotonic() - started
    # Lost: acknowledged (201) but not there afterwards.
    origin = base.split("/Plone", 1)[0]
    lost = sum(
        1 for url in created
        if http(url.replace("http://localhost", origin), auth=ADMIN,
                headers={"Accept": "application/json"})[0] != 200
    )
    return {"rps": len(created) / elapsed, "errors": len(results) - len(created),
            "attempts": len(results), "created": created, "lost": lost}


def ratio(project, stock, higher_is_better=True):
    if not project or not stock or "na" in project or "na" in stock:
        return None
    if higher_is_better:
        return project["rps"] / stock["rps"] if stock["rps"] else None
    return project["ms"] / stock["ms"] if stock["ms"] else None


def fmt(result):
    if result is None:
        return NA
    if "na" in result:
        return f"{NA} ({result['na']})"
    text = f"{result['rps']:.1f} req/s, {result.get('ms', 0):.1f} ms" if "ms" in result \
        else f"{result['rps']:.1f}/s"
    if result.get("errors"):
        text += f", {result['errors']} errors"
    if "lost" in result:
        text += f", {result['lost']} lost"
    return text


def main():
    ensure_wrk()
    keep = os.environ.get("BENCH_KEEP")
    work = Path(tempfile.mkdtemp(prefix="ville-bench-"))
    rows = []
    notes = []
    stock = Instance("stock", work)
    project = Instance("project", work)
    cluster_mod = load_cluster_module()
    cluster = None
    try:
        log(f"work folder {work}")
        stock_etc = stock.configure()
        log("creating the stock Plone site")
        subprocess.run([PY, str(ROOT / "bench" / "stock_site.py"), str(stock_etc / "zope.conf"),
                        ADMIN[1]], env=stock.env, cwd=ROOT, check=True,
                       stdout=subprocess.DEVNULL)
        project_etc = project.configure()
        log("creating the project's site (municipality profile)")
        subprocess.run([PY, "-m", "ville_site.site", str(project_etc / "zope.conf")],
                       env=project.env, cwd=ROOT, check=True)
        result = subprocess.run([PY, str(ROOT / "bench" / "bench_form.py"),
                                 str(project_etc / "zope.conf")], env=project.env, cwd=ROOT,
                                capture_output=True, text=True)
        bench_form = (result.stdout.strip().splitlines() or ["not available: ?"])[-1]
        log(f"bench procedure: {bench_form}")
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
        results = {}
        for name, purl, surl, kw in scenarios:
            log(name)
            pr, sr = load(purl, **kw), load(surl, **kw)
            results[name] = (pr, sr)
            rows.append((name, fmt(pr), fmt(sr), ratio(pr, sr)))

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

        # E-guichet submissions through @eguichet-submit.
        log("e-guichet submissions, 8 clients")
        values = {"first_name": "Marie", "last_name": "Dupont", "email": "marie@example.org"}
        if not bench_form.startswith("/"):
            submit_row = {"na": bench_form.replace("not available: ", "")}
        else:
            form_url = f"{p}{bench_form}"
            status, _, body = http(f"{form_url}/@eguichet-submit", "POST", values, auth=ADMIN)
            if status != 201:
                submit_row = {"na": f"POST <form>/@eguichet-submit: HTTP {status} "
                                    f"{body[:80]!r}"}
            else:
                def submit(number, count):
                    st, _, bd = http(f"{form_url}/@eguichet-submit", "POST", values,
                                     auth=ADMIN)
                    return st, bd
                submit_row = creations(p, "", submit=submit)
        target = ""
        if "rps" in submit_row:
            ok = submit_row["rps"] >= 20 and not submit_row["errors"]
            target = "target >= 20/s, 0 lost: " + ("met" if ok else "MISSED")
        rows.append(("E-guichet submissions, 8 clients (vs stock REST creation)",
                     fmt(submit_row), fmt(stock_create), ratio(submit_row, stock_create),
                     target))

        # Varnish and the cluster (ZEO, two instances, HAProxy, Varnish).
        log("starting the cluster")
        zeo, one, two, lb, varnish = free_ports(5)
        cluster_env = {"CLUSTER_DIR": str(work / "cluster"), "ZEO_PORT": str(zeo),
                       "INSTANCE_PORTS": f"{one},{two}", "LB_PORT": str(lb),
                       "VARNISH_PORT": str(varnish), "SITE_ID": "Plone",
                       "ADMIN_USER": ADMIN[0], "ADMIN_PASSWORD": ADMIN[1],
                       "EGUICHET_RATE_LIMITS": "off"}
        os.environ.update(cluster_env)
        cluster = cluster_mod.ClusterSettings.from_environ()
        cluster_mod.start(cluster, cluster_env)
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
    finally:
        if cluster is not None:
            cluster_mod.stop(cluster)
        stock.stop()
        project.stop()
        if not keep:
            shutil.rmtree(work, ignore_errors=True)

    home = next(r for r in rows if r[0] == "Anonymous home page")
    notes.append("Target home page uncached ratio <= 1.0 (same throughput or better): "
                 + ("met" if home[3] and home[3] >= 1.0 else "MISSED" if home[3] else NA))
    write_results(rows, notes)


def dashboard(cluster_mod, cluster, instance_url, work):
    rows = []
    zope_conf = cluster.directory / "instance1" / "etc" / "zope.conf"
    timings = {}
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
    small, large = timings.get(1000), timings.get(FILL)
    # Time per request under the same load (1 / throughput): wrk's mean
    # latency leaves out the requests that timed out.
    r = ratio(small, large)
    rows.append(("Agent dashboard, 1,000 requests (latency)", fmt(small), "(no stock equivalent)",
                 None))
    rows.append((f"Agent dashboard, {FILL:,} requests vs 1,000 (time per request ratio)",
                 fmt(large),
                 fmt(small), r, "target <= 1.5: " + ("met" if r and r <= 1.5 else
                                                     "MISSED" if r else NA)))
    return rows


def write_results(rows, notes):
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
    for row in rows:
        name, pr, sr, r = row[:4]
        target = row[4] if len(row) > 4 else ""
        lines.append(f"| {name} | {pr} | {sr} | {f'{r:.2f}' if r else NA} | {target} |")
    lines += [""] + [f"- {note}" for note in notes] + [""]
    text = "\n".join(lines)
    print(text)
    results = ROOT / "bench" / "RESULTS.md"
    extra = ""
    if results.exists():
        old = results.read_text(encoding="utf-8")
        if "\n## " in old:  # keep the hand-written analysis sections
            extra = old[old.index("\n## "):]
    results.write_text(text + extra, encoding="utf-8")
    log(f"written {results}")


if __name__ == "__main__":
    main()
