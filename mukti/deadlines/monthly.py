"""Lateness by month: what the lateness report counts, per organisation, month (of the deadline),
district, rule and case lead (``LatenessMonth``), so that a year's report does not read every
clock of the year.

Everything here is computed from the clock table by one grouping query on the same expressions
(``KIND``, ``MINUTE``): the stored rows by ``tallies`` (``groups_refresh`` after each change,
``organisation_rebuild``), and the partial months at the edges of a period that the report reads
directly. A clock met, met late or typed in late stays so and is counted; an open one is kept by
its deadline, so that breached or running, and how late, are read at the time of reading
(``Figures``). The stored rows therefore cannot say anything the clock table does not; the
never-drift test compares them with a rebuild, and the report with the old one computed by the
database, after every step of random sequences of changes.
"""

from __future__ import annotations

import datetime as dt
import json
from bisect import bisect_left
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from itertools import chain
from typing import Any

from django.db import connection, transaction
from django.db.models import (
    Case,
    CharField,
    Count,
    DateField,
    DateTimeField,
    F,
    IntegerField,
    Q,
    QuerySet,
    Value,
    When,
)
from django.db.models.functions import Cast, Coalesce, NullIf, Round, TruncMonth
from django.utils import timezone

from mukti.cases.models import Case as CaseModel
from mukti.core.aggregates import JSONTexts, MinutesBetween
from mukti.core.monthly import (
    RebuildResult,
    any_of,
    lock,
    month_of,
    month_span,
    rebuild_each,
)
from mukti.deadlines.models import Clock, LatenessMonth

EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)
MINUTE_US = 60_000_000
# Clock.state of a clock that no longer changes with the time of reading.
MET = Q(satisfied_at__isnull=False, satisfied_at__lte=F("due_at"))
TYPED_LATE = Q(recorded_at__isnull=False, recorded_at__gt=F("due_at"))
SETTLED = Q(satisfied_at__isnull=False)
# What a clock counts as: met, met_late or recorded_late for good; "open" (breached or running
# by the time of reading) or "open_late" (open, typed in after its deadline).
KIND = Case(
    When(MET, then=Value("met")),
    When(SETTLED & TYPED_LATE, then=Value("recorded_late")),
    When(SETTLED, then=Value("met_late")),
    When(TYPED_LATE, then=Value("open_late")),
    default=Value("open"),
    output_field=CharField(),
)
# The minute each figure reads, whole (the nearest; the forms record whole minutes): how late a
# clock was met, or an open clock's deadline in minutes since 1970-01-01 UTC.
MINUTE = Case(
    When(
        satisfied_at__gt=F("due_at"),
        then=Cast(Round(MinutesBetween("satisfied_at", "due_at")), IntegerField()),
    ),
    When(
        satisfied_at__isnull=True,
        then=Cast(
            Round(MinutesBetween("due_at", Value(EPOCH, output_field=DateTimeField()))),
            IntegerField(),
        ),
    ),
    default=None,
    output_field=IntegerField(),
)
# The team of a clock in the report: its case lead's first name, or username.
TEAM = Coalesce(NullIf("case__lead__first_name", Value("")), "case__lead__username")
# The stored rows' keys besides the organisation, as the grouping query names them.
KEYS = ("month", "district", "rule", "lead")
# pg_advisory_xact_lock's first key: "lateness of an organisation" (the second is its id).
LOCK_NAMESPACE = 0x4D4B4C54


@dataclass
class Tally:
    """The clocks of one key: counts of those settled, how many minutes late each of those met
    late was, and the deadline (minutes since 1970) of each still open."""

    met: int = 0
    met_late: int = 0
    recorded_late: int = 0
    late_minutes: list[int] = field(default_factory=list)
    open_due: list[int] = field(default_factory=list)
    open_late_due: list[int] = field(default_factory=list)

    def add(self, other: Tally) -> None:
        self.met += other.met
        self.met_late += other.met_late
        self.recorded_late += other.recorded_late
        self.late_minutes += other.late_minutes
        self.open_due += other.open_due
        self.open_late_due += other.open_late_due


# What each kind of clock adds to: a count, and a list of minutes.
_COUNTED = {"met": "met", "met_late": "met_late", "recorded_late": "recorded_late"}
_LISTED = {
    "met_late": "late_minutes", "recorded_late": "late_minutes", "open": "open_due",
    "open_late": "open_late_due",
}  # fmt: skip


def _named(keys: Sequence[str], model: Any) -> dict[str, Any]:
    """The grouping expressions of ``keys``: clock columns (the organisation is one), or
    "district" and "lead" (of the case), "team" (the lead's name) and "month" (of the deadline,
    in the site's time zone). ``model``: the clock model (a migration's, of before clocks had
    their organisation, takes the case's)."""
    columns = {f.name for f in model._meta.get_fields()}
    expressions = {
        **({} if "organisation" in columns else {"organisation": F("case__organisation_id")}),
        "district": F("case__district_id"),
        "lead": F("case__lead_id"),
        "team": TEAM,
        "month": TruncMonth(
            "due_at", output_field=DateField(), tzinfo=timezone.get_default_timezone()
        ),
    }
    return {key: expressions[key] for key in keys if key in expressions}


def tallies(clocks: QuerySet[Clock], keys: Sequence[str]) -> dict[tuple[Any, ...], Tally]:
    """The figures of these clocks per key, grouped in the database: one row per key and kind
    of clock, the minutes of its clocks as one JSON text."""
    rows = (
        clocks.order_by()
        .annotate(**_named(keys, clocks.model), kind=KIND)
        .values(*keys, "kind")
        .annotate(n=Count("id"), minutes=JSONTexts(MINUTE))
        .values_list(*keys, "kind", "n", "minutes")
    )
    result: dict[tuple[Any, ...], Tally] = {}
    width = len(keys)
    for row in rows:
        tally = result.setdefault(tuple(row[:width]), Tally())
        kind, n, minutes = row[width:]
        if kind in _COUNTED:
            setattr(tally, _COUNTED[kind], getattr(tally, _COUNTED[kind]) + n)
        if kind in _LISTED:
            getattr(tally, _LISTED[kind]).extend(json.loads(f"[{minutes or ''}]"))
    return result


@dataclass
class Figures:
    """What the report shows of one rule (and team), summed from stored rows and tallies: the
    counts of clocks settled, and the lists of minutes as they come."""

    counts: list[int] = field(default_factory=lambda: [0, 0, 0])  # met, met_late, recorded_late
    late_minutes: list[Sequence[int]] = field(default_factory=list)
    open_due: list[Sequence[int]] = field(default_factory=list)
    open_late_due: list[Sequence[int]] = field(default_factory=list)

    def add(self, other: Figures) -> None:
        self.counts = [a + b for a, b in zip(self.counts, other.counts, strict=True)]
        self.late_minutes += other.late_minutes
        self.open_due += other.open_due
        self.open_late_due += other.open_late_due

    def add_tally(self, tally: Tally) -> None:
        self.add(
            Figures(
                [tally.met, tally.met_late, tally.recorded_late],
                [tally.late_minutes], [tally.open_due], [tally.open_late_due],
            )
        )  # fmt: skip

    def read(self, now: dt.datetime) -> Reading:
        """The count of each state, and the minutes late, as ``Clock.state`` and the old
        report's database gave them at ``now``: an open clock is breached (and late by now −
        deadline, in fractional minutes) if its deadline is before now, else running; typed in
        late, it is "recorded late" either way. The lists are sorted as whole numbers (the
        stored rows' lists are sorted, so this mostly merges runs), never turned into a float
        per clock."""
        # In microseconds, exact: now − deadline is a few microseconds just after a deadline.
        now_us = (now - EPOCH) // dt.timedelta(microseconds=1)
        before_now = -(-now_us // MINUTE_US)  # a deadline (minute) below it is before now
        due = sorted(chain.from_iterable(self.open_due))
        late_due = sorted(chain.from_iterable(self.open_late_due))
        breached = bisect_left(due, before_now)
        met, met_late, recorded_late = self.counts
        counts = {
            "met": met, "met_late": met_late, "breached": breached,
            "recorded_late": recorded_late + len(late_due), "running": len(due) - breached,
        }  # fmt: skip
        passed = due[:breached] + late_due[: bisect_left(late_due, before_now)]
        return Reading(counts, list(chain.from_iterable(self.late_minutes)), passed, now_us)


@dataclass
class Reading:
    """How many clocks are in each state, and how late those late were: the whole minutes late
    of those settled (``late``), and the deadlines (minutes since 1970) of those still open and
    past at ``now_us`` (``passed``), each late by ``now_us`` minus its deadline. Both lists as
    they come; ``median`` and ``worst`` sort them once."""

    counts: dict[str, int]
    late: list[int]
    passed: list[int] = field(default_factory=list)
    now_us: int = 0
    _sorted: bool = False

    def add(self, other: Reading) -> None:
        """Add another's clocks (sorted first: this one's lists are then runs to merge)."""
        for state, n in other.counts.items():
            self.counts[state] = self.counts.get(state, 0) + n
        other._sort()
        self.late += other.late
        self.passed += other.passed
        self.now_us = other.now_us
        self._sorted = False

    def _sort(self) -> None:
        if not self._sorted:
            self.late.sort()
            self.passed.sort()
            self._sorted = True

    def _kth(self, k: int) -> float:
        """The k-th smallest (from 0) of the minutes late, as the old report's list of them held
        it: a settled clock's whole minutes, an open one's (now − deadline) / 1 minute. Found by
        bisection over the two sorted lists (the open ones' lateness ascends as their deadlines
        descend), compared exactly in microseconds."""
        late, passed, now_us = self.late, self.passed, self.now_us
        n_open = len(passed)

        def of_late(i: int) -> int:  # the i-th smallest settled, in µs
            return late[i] * MINUTE_US

        def of_open(j: int) -> int:  # the j-th smallest open lateness, in µs
            return now_us - passed[n_open - 1 - j] * MINUTE_US

        # Of the k + 1 smallest, i are settled and k + 1 - i open: the least i for which the
        # settled one after them is no smaller than the last open one taken.
        lo, hi = max(0, k + 1 - n_open), min(k + 1, len(late))
        while lo < hi:
            i = (lo + hi) // 2
            if of_late(i) < of_open(k - i):
                lo = i + 1
            else:
                hi = i
        j = k + 1 - lo
        if j == 0 or (lo > 0 and of_late(lo - 1) >= of_open(j - 1)):
            return late[lo - 1]
        return of_open(j - 1) / MINUTE_US

    def median(self) -> float | None:
        """As PostgreSQL's PERCENTILE_CONT(0.5) (and ``statistics.median``): for an even
        count, the mean of the middle two."""
        n = len(self.late) + len(self.passed)
        if not n:
            return None
        self._sort()
        if n % 2:
            return float(self._kth(n // 2))
        return (self._kth(n // 2 - 1) + self._kth(n // 2)) / 2

    def worst(self) -> float | None:
        n = len(self.late) + len(self.passed)
        return self._kth(n - 1) if n else None


# ------------------------------------------------------------------------------------------
# Writes: the stored rows of some groups, recomputed from the clock table


# (organisation, rule, month, lead): the unit that is recomputed, every district of it (the lead
# None: every lead). A change to a case's clocks recomputes its lead's units (the rows always
# count a case under its district and lead of now); a case moved or handed over recomputes every
# lead's, which find it under its new district and lead and no longer under the old.
Group = tuple[int, str, dt.date, int | None]


def group_of(organisation_id: int, rule: str, due_at: dt.datetime, lead: int | None) -> Group:
    return (organisation_id, rule, month_of(due_at), lead)


def _group_filter(group: Group, month_field: str) -> Q:
    organisation, rule, month, lead = group
    if month_field == "month":
        q = Q(organisation_id=organisation, rule=rule, month=month)
        return q if lead is None else q & Q(lead_id=lead)
    start, end = month_span(month)
    q = Q(organisation_id=organisation, rule=rule, due_at__gte=start, due_at__lt=end)
    return q if lead is None else q & Q(case__lead_id=lead)


REBUILD_BATCH = 2000
# The stored columns, in the order ``_rows`` gives them.
COLUMNS = (
    "organisation_id", "month", "all_districts", "district_id", "rule", "lead_id", "met",
    "met_late", "recorded_late", "late_minutes", "open_due", "open_late_due",
)  # fmt: skip
LISTS = {"late_minutes", "open_due", "open_late_due"}


def _rows(found: dict[tuple[Any, ...], Tally]) -> Iterator[tuple[Any, ...]]:
    """The rows of tallies keyed (organisation, month, district, rule, lead), as ``COLUMNS``:
    one per district, and their sums over every district."""
    totals: dict[tuple[Any, ...], Tally] = {}
    for (organisation, month, _district, rule, lead), tally in found.items():
        totals.setdefault((organisation, month, None, rule, lead), Tally()).add(tally)
    for summed, tallies_of in ((False, found), (True, totals)):
        for (organisation, month, district, rule, lead), tally in tallies_of.items():
            yield (
                organisation, month, summed, district, rule, lead, tally.met, tally.met_late,
                tally.recorded_late, sorted(tally.late_minutes), sorted(tally.open_due),
                sorted(tally.open_late_due),
            )  # fmt: skip


def _write(rows: Iterable[tuple[Any, ...]], model: Any = LatenessMonth) -> int:
    """Insert these rows: COPY on PostgreSQL (a rebuild writes one row for every one or two
    clocks, and building a model object for each cost three quarters of it), objects in batches
    elsewhere. Returns how many."""
    if connection.vendor != "postgresql":
        made = [model(**dict(zip(COLUMNS, row, strict=True))) for row in rows]
        model.objects.bulk_create(made, batch_size=REBUILD_BATCH)
        return len(made)
    lists = [i for i, column in enumerate(COLUMNS) if column in LISTS]
    table = connection.ops.quote_name(model._meta.db_table)
    names = ", ".join(connection.ops.quote_name(c) for c in COLUMNS)
    n = 0
    with (
        connection.cursor() as cursor,
        cursor.cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy,  # our own names
    ):
        for row in rows:
            values = list(row)
            for i in lists:
                values[i] = json.dumps(values[i])
            copy.write_row(values)
            n += 1
    return n


def groups_refresh(groups: Iterable[Group]) -> None:
    """Recompute the stored rows of these groups (an organisation's rule and month, of one lead
    or every one, every district of it) from the clock table, in the caller's transaction."""
    wanted = sorted(set(groups), key=repr)
    if not wanted:
        return
    lock(LOCK_NAMESPACE, (g[0] for g in wanted))
    LatenessMonth.objects.filter(any_of(_group_filter(g, "month") for g in wanted)).delete()
    source = Clock.objects.filter(any_of(_group_filter(g, "due_at") for g in wanted))
    found = tallies(source, ("organisation", *KEYS))
    _write(_rows(found))


def case_groups(case: Any) -> set[Group]:
    """The groups of every clock of a case, every lead of them (a change of its district or
    lead moves the clocks to other rows)."""
    return {
        group_of(case.organisation_id, rule, due, None)
        for rule, due in Clock.objects.filter(case_id=case.pk).values_list("rule", "due_at")
    }


def organisation_rebuild(
    organisation_id: int, *, clocks: Any = Clock, months: Any = LatenessMonth
) -> int:
    """Every stored row of one organisation, recomputed from its clocks in one transaction.
    Returns how many rows it now has (per district, and summed). (``clocks`` and ``months``:
    the models, which a migration passes as they were then.)"""
    with transaction.atomic():
        lock(LOCK_NAMESPACE, [organisation_id])
        months.objects.filter(organisation_id=organisation_id).delete()
        found = tallies(
            clocks.objects.filter(case__organisation_id=organisation_id),
            ("organisation", *KEYS),
        )
        return _write(_rows(found), months)


def rebuild(
    *,
    organisations: Iterable[int] | None = None,
    progress: Callable[[int, int], object] | None = None,
) -> RebuildResult:
    """Rebuild the rows of these organisations (by default every one that has cases or stored
    rows), each in its own transaction: safe to rerun or interrupt."""
    if organisations is None:
        ids = set(CaseModel.objects.order_by().values_list("organisation_id", flat=True).distinct())
        ids |= set(
            LatenessMonth.objects.order_by().values_list("organisation_id", flat=True).distinct()
        )
    else:
        ids = set(organisations)
    return rebuild_each(ids, organisation_rebuild, progress)
