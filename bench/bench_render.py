"""Render cost on a cache miss (issue 21): the project's home page, a news
item, /travaux and a procedure page rendered at every request (plone.app.caching
switched off on the project's site: no RAM cache, no proxy, no ETag), as an
anonymous visitor and as a logged-in editor, against stock Plone's home page,
news item and /travaux in the same run, same conditions. wrk, 4 connections,
interleaved rounds (project, stock, project, stock...), time per page as
1 / throughput; the ratio is the project's time over stock's.

    python bench/bench_render.py <zope.conf> project|stock   # add the editor to a stopped site
    python bench/bench_render.py                              # standalone run (both sites)

`make bench` (bench/run.py) prepares both sites and adds the rows. The
standalone run creates both sites in BENCH_RENDER_WORK (kept and reused when
set; else a temporary folder) and prints the rows alone. BENCH_RENDER_ROUNDS
(default 2) interleaved rounds of BENCH_DURATION seconds per page and site.
"""

from pathlib import Path

import os
import subprocess
import sys


ROOT = Path(__file__).resolve().parent.parent
EDITOR = ("bench-editor", "bench-editor-secret")
# Stock Plone has no editors' group: the same site-wide roles as the
# project's "redacteurs" group.
EDITOR_ROLES = ("Member", "Contributor", "Editor", "Reader")
ROUNDS = int(os.environ.get("BENCH_RENDER_ROUNDS") or 2)
CACHING = "plone.caching.interfaces.ICacheSettings.enabled"


def prepare(zope_conf, kind, site_id="Plone"):
    """The editor account: in the project's editors' group, or with the
    same roles on the stock site."""
    import transaction
    from plone import api
    from ville_site.site import open_app
    from zope.component.hooks import setSite

    app = open_app(zope_conf)
    portal = app[site_id]
    setSite(portal)
    if api.user.get(username=EDITOR[0]) is None:
        api.user.create(email="bench-editor@example.org", username=EDITOR[0],
                        password=EDITOR[1], roles=("Member",))
        if kind == "project":
            api.group.add_user(groupname="redacteurs", username=EDITOR[0])
        else:
            portal.acl_users.portal_role_manager.assignRolesToPrincipal(
                EDITOR_ROLES, EDITOR[0])
    transaction.commit()
    print(f"editor ready ({kind})")
    return 0


def set_caching(base, enabled):
    """plone.app.caching on or off on a running site (REST @registry)."""
    from harness import ADMIN
    from tests.clusterlib import http

    status, _, body = http(f"{base}/@registry", "PATCH", {CACHING: enabled}, auth=ADMIN)
    if status not in (200, 204):
        raise RuntimeError(f"PATCH @registry on {base}: HTTP {status} {body[:200]}")


def pages(p, s):
    """(name, project URL, stock URL) of the pages compared."""
    from harness import first_url
    from harness import path_of
    from harness import rest_search

    news = rest_search(p, "portal_type=News%20Item&review_state=published")
    procedures = rest_search(p, "portal_type=Procedure&review_state=published")
    return [
        ("home page (stock: home page)", p, s),
        ("a news item (stock: a news item)",
         first_url(p, [path_of(i) for i in news]), f"{s}/news-item"),
        ("/travaux (stock: /travaux, a folder)", first_url(p, ["/travaux"]), f"{s}/travaux"),
        ("a procedure page (stock: a news item)",
         first_url(p, [path_of(i) for i in procedures]), f"{s}/news-item"),
    ]


def interleaved(purl, surl, headers, rounds=ROUNDS):
    """Mean throughput of each side over ``rounds`` alternated wrk runs."""
    from harness import wrk
    from harness import warm_up

    wanted = dict(h.split(": ", 1) for h in headers)
    warm_up([purl, surl], wanted, times=5)
    runs = {"project": [], "stock": []}
    for _ in range(rounds):
        runs["project"].append(wrk(purl, connections=4, headers=headers))
        runs["stock"].append(wrk(surl, connections=4, headers=headers))
    result = []
    for side in ("project", "stock"):
        found = runs[side]
        rps = sum(r["rps"] for r in found) / len(found)
        result.append({"rps": rps, "ms": sum(r["ms"] for r in found) / len(found),
                       "errors": sum(r["errors"] for r in found)})
    return result


def rows(p, s, log=print):
    """Table rows (name, project, stock, ratio of throughputs, target)."""
    from harness import auth_header
    from harness import fmt
    from harness import NA
    from tests.clusterlib import http

    found = []
    set_caching(p, False)
    try:
        for name, purl, surl in pages(p, s):
            for who, headers in (("anonymous", ()),
                                 ("logged-in editor", (f"Authorization: {auth_header(EDITOR)}",))):
                label = f"Render cost, uncached (no RAM cache, no proxy), {who}: {name}"
                log(label)
                wanted = dict(h.split(": ", 1) for h in headers)
                # (a fresh instance's first pages compile their templates)
                statuses = [http(u, headers=wanted, timeout=180)[0] if u else 0
                            for u in (purl, surl)]
                if statuses != [200, 200]:
                    found.append((label, f"{NA} (HTTP {statuses[0]})", f"{NA} (HTTP {statuses[1]})",
                                  None, ""))
                    continue
                pr, sr = interleaved(purl, surl, headers)
                r = pr["rps"] / sr["rps"] if sr["rps"] else None
                target = ""
                if r:
                    time_ratio = 1 / r
                    target = (f"time {time_ratio:.2f}x stock; target <= 1.0x: "
                              + ("met" if time_ratio <= 1.0 else
                                 "MISSED (within 1.3x)" if time_ratio <= 1.3 else "MISSED"))
                found.append((label, fmt(pr), fmt(sr), r, target))
    finally:
        set_caching(p, True)
    return found


def run(work, log=print):
    """Both sites in ``work`` (made once: a ``ready`` file marks each), with
    their own content only, not the listing and open data fills of the other
    scenarios (1,000 pages would be in stock Plone's navigation menu, 2,500
    in the project's catalog navigation query, and both pages would measure
    the fills); started, measured, stopped. Returns the rows."""
    from harness import ADMIN
    from harness import Instance
    from harness import PY

    sites = {}
    for kind in ("stock", "project"):
        instance = Instance(f"render-{kind}", work)
        etc = instance.configure()
        if not (instance.var / "ready").exists():
            log(f"render cost: creating the {kind} site")
            if kind == "stock":
                command = [PY, str(ROOT / "bench" / "stock_site.py"), str(etc / "zope.conf"),
                           ADMIN[1]]
            else:
                command = [PY, "-m", "ville_site.site", str(etc / "zope.conf")]
            subprocess.run(command, env=instance.env, cwd=ROOT, check=True,
                           stdout=subprocess.DEVNULL)
            subprocess.run([PY, __file__, str(etc / "zope.conf"), kind], env=instance.env,
                           cwd=ROOT, check=True)
            (instance.var / "ready").write_text("1")
        sites[kind] = instance
    try:
        for instance in sites.values():
            instance.start()
        return rows(sites["project"].url, sites["stock"].url, log=log)
    finally:
        for instance in sites.values():
            instance.stop()


def standalone():
    import shutil
    import tempfile

    sys.path[:0] = [str(ROOT / "bench"), str(ROOT)]
    from harness import ensure_wrk
    from harness import log

    ensure_wrk()
    keep = os.environ.get("BENCH_RENDER_WORK")
    work = Path(keep) if keep else Path(tempfile.mkdtemp(prefix="ville-bench-render-"))
    work.mkdir(parents=True, exist_ok=True)
    try:
        found = run(work, log=log)
    finally:
        if not keep:
            shutil.rmtree(work, ignore_errors=True)
    print("| Scenario | Project | Stock | Ratio (throughput) | Target |")
    print("| --- | --- | --- | --- | --- |")
    for name, pr, sr, r, target in found:
        print(f"| {name} | {pr} | {sr} | {f'{r:.2f}' if r else 'n/a'} | {target} |")


if __name__ == "__main__":
    if len(sys.argv) > 1:
        sys.exit(prepare(*sys.argv[1:]))
    standalone()
