"""The tools of `make bench` (bench/run.py): standalone instances, wrk and
the Python load generators, and how results are shown."""

from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path

import json
import os
import re
import shutil
import subprocess
import sys
import threading
import time


ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from tests.clusterlib import free_ports  # noqa: E402
from tests.clusterlib import http  # noqa: E402


PY = sys.executable
BIN = Path(PY).parent
DURATION = int(os.environ.get("BENCH_DURATION") or 5)
FILL = int(os.environ.get("BENCH_FILL") or 100_000)
FILL_BUDGET = int(os.environ.get("BENCH_FILL_BUDGET") or 900)
ADMIN = ("admin", "bench-secret")
MEMBER = ("bench-member", "bench-member-secret")  # bench/fill_listing.py
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


def auth_header(user=ADMIN):
    from base64 import b64encode

    return "Basic " + b64encode(f"{user[0]}:{user[1]}".encode()).decode()


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
    warm_up([url], headers, concurrent=kw.get("connections", 8))
    return wrk(url, **kw)


def warm_up(urls, headers=None, times=5, concurrent=1):
    """A few requests first: templates compiled, ZODB caches filled. With
    ``concurrent`` > 1, that many at a time, so that each of the server's
    threads has its own ZODB connection's cache filled as under the load
    (one after the other, they may all reach the same thread: after a bulk
    fill, the first loaded request of each other thread reads the whole
    catalog's sets from the store)."""
    for url in urls:
        for _ in range(times):
            workers = [threading.Thread(target=http, args=(url,),
                                        kwargs={"headers": headers, "timeout": 120})
                       for _ in range(concurrent)]
            for worker in workers:
                worker.start()
            for worker in workers:
                worker.join()


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




@contextmanager
def fresh_project(work, prepare, *scripts):
    """(project instance, outputs of ``scripts``) on a fresh site of the
    municipality profile with the listing's plain member, the instance
    started; stopped at the end (BENCH_ONLY=...). ``prepare(stack,
    project)`` runs before the site is set up (the fakes its settings name);
    each of ``scripts`` (bench/<name>) runs on the site before the start,
    its last output line given back."""
    from contextlib import ExitStack

    project = Instance("project", work)
    with ExitStack() as stack:
        prepare(stack, project)
        etc = project.configure()
        log("creating the project's site (municipality profile)")
        subprocess.run([PY, "-m", "ville_site.site", str(etc / "zope.conf")],
                       env=project.env, cwd=ROOT, check=True)
        subprocess.run([PY, str(ROOT / "bench" / "fill_listing.py"), str(etc / "zope.conf"),
                        MEMBER[1]], env=project.env, cwd=ROOT, check=True,
                       stdout=subprocess.DEVNULL)
        outputs = []
        for script in scripts:
            made = subprocess.run([PY, str(ROOT / "bench" / script), str(etc / "zope.conf")],
                                  env=project.env, cwd=ROOT, capture_output=True, text=True)
            outputs.append((made.stdout.strip().splitlines() or ["not available: ?"])[-1])
        project.start()
        try:
            yield project, outputs
        finally:
            project.stop()


def run_alone(run, write_results):
    """BENCH_ONLY=...: ``run(work)`` gives (rows, names of the rows it
    replaces); they replace their own in bench/RESULTS.md."""
    import tempfile

    work = Path(tempfile.mkdtemp(prefix="ville-bench-"))
    try:
        result, drop = run(work)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    for row in result:
        log(" | ".join(str(cell) for cell in row))
    write_results(result, [], merge=True, drop=drop)
