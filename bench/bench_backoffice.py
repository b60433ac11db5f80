"""`make bench` rows of the e-guichet back office at a city's volume (issue
21): the statistics at 1,000 and BENCH_FILL requests, the memory of a CSV
export of every request, the retention's throughput, the bulk fill's time.

bench/run.py's dashboard scenario fills the store twice (1,000, then
BENCH_FILL requests, through ZEO) and calls :func:`at_size` after each; the
rows come from :func:`rows`. The in-process figures come from
bench/backoffice_inproc.py, a ZEO client of the same cluster.
"""

from harness import auth_header
from harness import fmt
from harness import load
from harness import log
from harness import NA
from harness import PY
from harness import ratio
from harness import ROOT

import json
import os
import re
import subprocess


def inproc(zope_conf, scenario):
    result = subprocess.run(
        [PY, str(ROOT / "bench" / "backoffice_inproc.py"), str(zope_conf), scenario],
        env={**os.environ}, cwd=ROOT, capture_output=True, text=True, timeout=3600)
    for line in reversed(result.stdout.splitlines()):
        if line.startswith("{"):
            return json.loads(line)
    return {"na": (result.stderr.strip().splitlines() or ["?"])[-1][:120]}


def at_size(instance_url, zope_conf, wanted, fill_line, large):
    """The figures with ``wanted`` requests in the store (``large``: the
    big fill, where the export and the retention are measured too)."""
    log(f"statistics with {wanted} requests")
    found = {"fill": fill_line}
    found["statistics"] = load(f"{instance_url}/eguichet-demandes/@@eguichet-statistics",
                               connections=4, headers=(f"Authorization: {auth_header()}",))
    if large:
        log("export of every request (CSV), in process: resident size")
        found["export"] = inproc(zope_conf, "export")
        log("retention over every request, in process (aborted)")
        found["retention"] = inproc(zope_conf, "retention")
    return found


def rows(small, large, fill):
    """Rows for bench/RESULTS.md from :func:`at_size`'s two results."""
    out = []
    s_stats, l_stats = small.get("statistics"), large.get("statistics")
    r = ratio(s_stats, l_stats)
    out.append(("Statistics (@@eguichet-statistics), 1,000 requests", fmt(s_stats),
                "(no stock equivalent)", None))
    out.append((f"Statistics, {fill:,} requests vs 1,000 (time per request ratio)",
                fmt(l_stats), fmt(s_stats), r,
                "target <= 1.5: " + ("met" if r and r <= 1.5 else "MISSED" if r else NA)))
    export = large.get("export") or {"na": "not measured"}
    if "na" in export:
        text, target = f"{NA} ({export['na']})", ""
    else:
        growth = export["rss_growth_mb"]
        text = (f"{export['rows']:,} rows in {export['seconds']:.1f} s, "
                f"RSS +{growth:.0f} MB")
        target = "target < 100 MB: " + ("met" if growth < 100 else "MISSED")
    out.append((f"CSV export of {fill:,} requests (in process: resident size growth)",
                text, "(no stock equivalent)", None, target))
    retention = large.get("retention") or {"na": "not measured"}
    if "na" in retention:
        text = f"{NA} ({retention['na']})"
    else:
        text = (f"{retention['per_second']:.0f} requests/s ({retention['requests']:,} in "
                f"{retention['seconds']:.0f} s, {retention['actions']:,} actions), "
                f"RSS +{retention['rss_growth_mb']:.0f} MB")
    out.append(("GDPR retention over the whole store (in process, aborted)", text,
                "(no stock equivalent)", None))
    line = large.get("fill") or ""
    match = re.match(r"filled (\d+) in (\d+) s", line)
    if match:
        count, seconds = int(match.group(1)), int(match.group(2))
        text = f"{count:,} requests in {seconds} s ({count / seconds:.0f}/s), through ZEO"
        per_100k = seconds * 100_000 / count if count else 0
        target = "target 100,000 < 300 s: " + ("met" if per_100k < 300 else
                                               f"MISSED ({per_100k:.0f} s per 100,000)")
    else:
        text, target = f"{NA} ({line[:80]})", ""
    out.append(("Bulk fill of the request store (bulk.create_requests)", text,
                "(no stock equivalent)", None, target))
    return out
