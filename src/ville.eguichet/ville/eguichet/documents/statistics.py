"""Statistics for agents: volume per procedure and month, processing time
(submitted to ready), counts per state and per fee status.

:func:`compute` works on any iterable of request-like objects, so that it can
be checked on a known data set; the view feeds it the site's requests.
"""

from collections import Counter
from collections import defaultdict
from datetime import timezone
from math import fsum
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
    durations = Counter()
    for request in requests:
        procedure = getattr(request, "procedure_title", "") or ""
        key = (procedure, month_of(request, tz), fee_status(request))
        combos[key, state_of(request)] += 1
        days = processing_days(request)
        if days is not None:
            durations[procedure, days] += 1
    return summarise(
        ((key, state, count) for (key, state), count in combos.items()),
        ((procedure, days, count) for (procedure, days), count in durations.items()),
    )


def _mean_median(counted):
    """(mean, median) of the values of ``{value: how many times}``."""
    total = sum(counted.values())
    mean = fsum(value * count for value, count in counted.items()) / total
    middle = []  # the (one or two) middle values, in order
    wanted = [(total - 1) // 2, total // 2]
    seen = 0
    for value in sorted(counted):
        seen += counted[value]
        while wanted and wanted[0] < seen:
            middle.append(value)
            wanted.pop(0)
        if not wanted:
            break
    return mean, (middle[0] + middle[1]) / 2


def summarise(combos, durations) -> dict:
    """The figures from ``combos``, ``((procedure, month, fee status),
    state, count)`` triples, and ``durations``, ``(procedure, days,
    count)`` of the ready requests: what :func:`compute` counts object by
    object, the catalog gives without loading them
    (:mod:`ville.eguichet.figures`). Their cost follows the number of
    distinct values, not the number of requests."""
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
    by_procedure = defaultdict(Counter)
    for procedure, days, count in durations:
        by_procedure[procedure][days] += count
        by_procedure[""][days] += count
    processing = {}
    for procedure, counted in by_procedure.items():
        average, middle = _mean_median(counted)
        processing[procedure] = {
            "count": sum(counted.values()),
            "mean_days": round(average, 2),
            "median_days": round(middle, 2),
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
