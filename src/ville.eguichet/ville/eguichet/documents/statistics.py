"""Statistics for agents: volume per procedure and month, processing time
(submitted to ready), counts per state and per fee status.

:func:`compute` works on any iterable of request-like objects, so that it can
be checked on a known data set; the view feeds it the site's requests.
"""

from collections import Counter
from collections import defaultdict
from datetime import timezone
from decimal import Decimal
from statistics import mean
from statistics import median


FEE_STATUSES = ("free", "unpaid", "paid")


def fee_status(request) -> str:
    fee = getattr(request, "fee", None)
    if not fee or Decimal(fee) == 0:
        return "free"
    return "paid" if getattr(request, "paid", False) else "unpaid"


def _aware(when):
    if when is not None and when.tzinfo is None:
        return when.replace(tzinfo=timezone.utc)
    return when


def processing_days(request) -> float | None:
    """Days from submission to ready (fractional), or None if not ready yet."""
    dates = getattr(request, "state_dates", None) or {}
    start = _aware(dates.get("submitted") or getattr(request, "submitted", None))
    ready = _aware(dates.get("ready"))
    if start is None or ready is None:
        return None
    return (ready - start).total_seconds() / 86400


def compute(requests, state_of, tz=timezone.utc) -> dict:
    """``state_of(request)`` gives the review state (injected for tests);
    months are counted in the time zone ``tz`` (the site's).

    Returns ``{"total", "per_procedure_month": {procedure: {"YYYY-MM": n}},
    "months", "processing": {procedure|"": {"count", "mean_days",
    "median_days"}}, "per_state": {state: n}, "per_fee_status": {...}}``.
    """
    per_month = defaultdict(Counter)
    durations = defaultdict(list)
    per_state = Counter()
    per_fee = Counter({status: 0 for status in FEE_STATUSES})
    total = 0
    for request in requests:
        total += 1
        procedure = getattr(request, "procedure_title", "") or ""
        submitted = _aware(getattr(request, "submitted", None))
        if submitted is not None:
            per_month[procedure][submitted.astimezone(tz).strftime("%Y-%m")] += 1
        per_state[state_of(request)] += 1
        per_fee[fee_status(request)] += 1
        days = processing_days(request)
        if days is not None:
            durations[procedure].append(days)
            durations[""].append(days)
    processing = {
        procedure: {
            "count": len(values),
            "mean_days": round(mean(values), 2),
            "median_days": round(median(values), 2),
        }
        for procedure, values in durations.items()
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
