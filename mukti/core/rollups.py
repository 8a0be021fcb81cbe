"""What the pre-aggregated dashboard rows (rescue.EngagementDay, deadlines.ClockDay) share: the
local day a moment falls on, and a set of days as a filter on a timestamp.

The rows are per organisation and local day. Whatever changes a counted record recomputes the
rows of the days it was and is counted on, from the records themselves, in the same
transaction; ``mukti rollups rebuild`` recomputes them all. A test drives random changes and
compares the rows with a rebuild after each one.

Two transactions recounting the same day at once (two caseworkers answering on the same day) on
PostgreSQL would each delete the rows and insert their own count, and the day would be counted
twice: a recount first takes the audit chain's head (``audit.services.hold_the_chain``), which
every audited write holds to its commit anyway, so the second recounts after the first has
committed, from what it wrote. SQLite runs one writer at a time.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.db import connection
from django.db.models import Q
from django.utils import timezone


def local_day(moment: dt.datetime) -> dt.date:
    return timezone.localtime(moment).date()


def day_start(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def on_days(field: str, days: Iterable[dt.date]) -> Q:
    """``field`` (a timestamp) falls on one of these local days; runs of consecutive days are
    one range."""
    ranges: list[list[dt.date]] = []
    for day in sorted(set(days)):
        if ranges and day == ranges[-1][1] + dt.timedelta(days=1):
            ranges[-1][1] = day
        else:
            ranges.append([day, day])
    condition = Q(pk__in=[])
    for first, last in ranges:
        condition |= Q(
            **{f"{field}__gte": day_start(first), f"{field}__lt": day_start(last + dt.timedelta(1))}
        )
    return condition


def lock_table(cursor: Any, model: Any) -> None:
    """A full recount holds the table against the days' recounts until it commits (PostgreSQL:
    readers go on; a recount's delete waits, then counts again from what was committed)."""
    if connection.vendor == "postgresql":
        cursor.execute(
            f"LOCK TABLE {connection.ops.quote_name(model._meta.db_table)} IN EXCLUSIVE MODE"
        )
