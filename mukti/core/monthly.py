"""What the monthly summary rows share (``rescue.monthly``: responsiveness; ``deadlines.monthly``:
lateness): months in the site's time zone, the periods they cover, the exact median of summed
histograms, and the lock that makes an organisation's recomputations take turns.

A summary row is derived from one table alone, recomputed in the transaction of every change by
grouping queries, and never edited; a period is read from the rows of its whole months and from
the table itself at its partial edges."""

from __future__ import annotations

import datetime as dt
from bisect import bisect_right
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from itertools import accumulate, chain
from typing import Any

from django.db import connection
from django.db.models import Q
from django.utils import timezone


def median(histograms: Sequence[Mapping[Any, int]]) -> float | None:
    """The exact median of the minutes of these histograms together ({minutes: how many}, the
    minutes as numbers or as the digits of a JSON key): for an even count, the mean of the two
    middle values, as PostgreSQL's PERCENTILE_CONT(0.5). A year of a large organisation is tens
    of thousands of entries: sorted and summed by the interpreter's own loops (sorted,
    accumulate, bisect), not one Python step per entry."""
    minutes = list(map(int, chain.from_iterable(histograms)))
    if not minutes:
        return None
    counts = list(chain.from_iterable(h.values() for h in histograms))
    order = sorted(range(len(minutes)), key=minutes.__getitem__)
    running = list(accumulate(map(counts.__getitem__, order)))
    total = running[-1]
    if not total:
        return None
    low, high = (total - 1) // 2, total // 2  # 0-based positions of the middle values
    first = minutes[order[bisect_right(running, low)]]
    second = minutes[order[bisect_right(running, high)]]
    return (first + second) / 2


def month_of(moment: dt.datetime) -> dt.date:
    """The month of a moment, in the site's time zone: the first day of it."""
    return timezone.localtime(moment, timezone.get_default_timezone()).date().replace(day=1)


def next_month(month: dt.date) -> dt.date:
    return (month.replace(day=28) + dt.timedelta(days=4)).replace(day=1)


def month_span(month: dt.date) -> tuple[dt.datetime, dt.datetime]:
    """From the first moment of the month to the first of the next, in the site's time zone."""
    zone = timezone.get_default_timezone()
    first = timezone.make_aware(dt.datetime.combine(month, dt.time.min), zone)
    return first, timezone.make_aware(dt.datetime.combine(next_month(month), dt.time.min), zone)


def full_months(start: dt.date, end: dt.date) -> tuple[dt.date, dt.date] | None:
    """The first and last month wholly inside [start, end] (their first days), if any."""
    first = start if start.day == 1 else next_month(start)
    after = end + dt.timedelta(days=1)
    last = end.replace(day=1) if after.day == 1 else (end.replace(day=1) - dt.timedelta(days=1))
    last = last.replace(day=1)
    return (first, last) if first <= last else None


def every_district() -> Q:
    """The summary rows summed over every district (``all_districts``), written so that both
    databases match it to the unique index that begins (organisation, all_districts, month).
    Django writes ``all_districts=True`` as the bare column, which SQLite does not match to an
    index column: it read every district's rows of the period through the district index
    instead (a year of responsiveness at 100,000 cases: 60 ms, against 6 ms with ``IN (1)``;
    docs/benchmarks.md). PostgreSQL plans either form alike."""
    return Q(all_districts__in=[True])


def null_safe(name: str, value: Any) -> Q:
    return Q(**{f"{name}__isnull": True}) if value is None else Q(**{name: value})


def any_of(filters: Iterable[Q]) -> Q:
    combined = Q(pk__in=[])
    for q in filters:
        combined |= q
    return combined


def lock(namespace: int, organisations: Iterable[int]) -> None:
    """Two changes that touch the same rows in two transactions must not each write what they
    computed before the other committed: on PostgreSQL an organisation's recomputations of one
    kind of row (``namespace``, pg_advisory_xact_lock's first key) take turns (SQLite has one
    writer at a time anyway)."""
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        for organisation in sorted(set(organisations)):
            cursor.execute("SELECT pg_advisory_xact_lock(%s, %s)", [namespace, organisation])


@dataclass
class RebuildResult:
    organisations: int = 0
    rows: int = 0


def rebuild_each(
    organisations: Iterable[int],
    organisation_rebuild: Callable[[int], int],
    progress: Callable[[int, int], object] | None = None,
) -> RebuildResult:
    """Rebuild the rows of these organisations, each by ``organisation_rebuild`` (in its own
    transaction, returning how many rows it wrote): safe to rerun or interrupt."""
    result = RebuildResult()
    ordered = sorted(set(organisations))
    if progress is not None:
        progress(0, len(ordered))
    for n, organisation in enumerate(ordered, 1):
        result.rows += organisation_rebuild(organisation)
        result.organisations += 1
        if progress is not None:
            progress(n, len(ordered))
    return result
