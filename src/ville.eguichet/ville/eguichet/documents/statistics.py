"""Statistics for agents: volume per procedure and month, processing time
(submitted to ready), counts per state and per fee status.

:func:`compute` works on any iterable of request-like objects, so that it can
be checked on a known data set; the view feeds it the site's requests.
"""

from collections import Counter
from collections import defaultdict
from datetime import timezone
from statistics import mean
from statistics import median
from ville.eguichet.figures import FEE_STATUSES
from ville.eguichet.figures import fee_status
from ville.eguichet.figures import month_of
from ville.eguichet.figures import processing_days


def compute(requests, state_of, tz=timezone.utc) -> dict:
    """``state_of(request)`` gives the review state (injected for tests);
    months are counted in the time zone ``tz`` (the site's).

    Returns ``{"total", "per_procedure_month": {procedure: {"YYYY-MM": n}},
    "months", "processing": {procedure|"": {"count", "mean_days",
    "median_days"}}, "per_state": {state: n}, "per_fee_status": {...}}``.
    """
    combos = Counter()
    durations = []
    for request in requests:
        procedure = getattr(request, "procedure_title", "") or ""
        key = (procedure, month_of(request, tz), fee_status(request))
        combos[key, state_of(request)] += 1
        days = processing_days(request)
        if days is not None:
            durations.append((procedure, days))
    return summarise(
        ((key, state, count) for (key, state), count in combos.items()), durations
    )


def summarise(combos, durations) -> dict:
    """The figures from ``combos``, ``((procedure, month, fee status),
    state, count)`` triples, and ``durations``, ``(procedure, days)`` of
    the ready requests: what :func:`compute` counts object by object, the
    catalog gives without loading them (:mod:`ville.eguichet.figures`)."""
    per_month = defaultdict(Counter)
    per_state = Counter()
    per_fee = Counter({status: 0 for status in FEE_STATUSES})
    total = 0
    for (procedure, month, fee), state, count in combos:
        total += count
        if month:
            per_month[procedure][month] += count
        per_state[state] += count
        per_fee[fee] += count
    by_procedure = defaultdict(list)
    for procedure, days in durations:
        by_procedure[procedure].append(days)
        by_procedure[""].append(days)
    processing = {
        procedure: {
            "count": len(values),
            "mean_days": round(mean(values), 2),
            "median_days": round(median(values), 2),
        }
        for procedure, values in by_procedure.items()
    }
    months = sorted({month for counts in per_month.values() for month in counts})
    return {
        "total": total,
        "months": months,
        "per_procedure_month": {
            procedure: dict(sorted(counts.items()))
            for procedure, counts in sorted(per_month.items())
        },
        "processing": processing,
        "per_state": dict(per_state),
        "per_fee_status": dict(per_fee),
    }
