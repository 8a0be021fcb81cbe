"""Property-based tests of the clock arithmetic: limits are exact elapsed time (India keeps no
daylight saving), calendar months keep the local time and clamp the day, an imprecise trigger
starts its clock at the earliest moment its date allows, and every clock is in one state."""

from __future__ import annotations

import datetime as dt
import zoneinfo

from django.utils import timezone
from hypothesis import given, settings
from hypothesis import strategies as st

from mukti.core.fuzzydate import Precision, When
from mukti.deadlines.models import Clock
from mukti.deadlines.rules import RULES, Rule, Start, add_months

IST = zoneinfo.ZoneInfo("Asia/Kolkata")
moments = st.datetimes(
    min_value=dt.datetime(1990, 1, 1), max_value=dt.datetime(2090, 12, 31), timezones=st.just(IST)
)
FIXED = [r for r in RULES if not r.months and r.fixed_due is None]


class _Trigger:
    def __init__(self, at: dt.datetime) -> None:
        self.occurred_at = at


@settings(max_examples=200, deadline=None)
@given(at=moments, rule=st.sampled_from(FIXED))
def test_a_limit_is_exact_elapsed_time_and_ends_after_the_start(
    at: dt.datetime, rule: Rule
) -> None:
    # A stand-in for the EventRow: due_at reads only the trigger's occurred_at.
    due = rule.due_at(Start(_Trigger(at), None), rule.limit)  # type: ignore[arg-type]
    assert due is not None
    assert due - at == rule.limit and due > at


@settings(max_examples=300, deadline=None)
@given(at=moments, months=st.integers(min_value=1, max_value=48))
def test_calendar_months_keep_the_local_time_and_never_overshoot_the_month(
    at: dt.datetime, months: int
) -> None:
    end = timezone.localtime(add_months(at, months))
    start = timezone.localtime(at)
    assert end.time() == start.time()
    assert (end.year * 12 + end.month) - (start.year * 12 + start.month) == months
    assert end.day == start.day or (end.day < start.day and (end + dt.timedelta(days=1)).day == 1)
    assert end > start


@settings(max_examples=200, deadline=None)
@given(a=moments, b=moments, months=st.integers(min_value=1, max_value=24))
def test_calendar_months_keep_the_order_of_starts(
    a: dt.datetime, b: dt.datetime, months: int
) -> None:
    if a <= b:
        assert add_months(a, months) <= add_months(b, months)


@settings(max_examples=200, deadline=None)
@given(
    at=moments,
    precision=st.sampled_from(
        [Precision.DAY, Precision.EARLY_MONTH, Precision.MID_MONTH, Precision.LATE_MONTH,
         Precision.MONTH, Precision.YEAR]
    ),
)  # fmt: skip
def test_an_imprecise_start_is_the_earliest_moment_its_date_allows(
    at: dt.datetime, precision: str
) -> None:
    """Clocks start at ``When.at``: never after any moment the fuzzy date could mean, so that
    warnings come early rather than late."""
    when = When(at, precision)
    middle, end = when.middle(), when.end()
    assert middle is not None and end is not None
    assert at <= middle < end


@settings(max_examples=300, deadline=None)
@given(
    due=moments,
    satisfied=st.one_of(st.none(), moments),
    recorded=st.one_of(st.none(), moments),
)
def test_every_clock_is_in_exactly_one_state(
    due: dt.datetime, satisfied: dt.datetime | None, recorded: dt.datetime | None
) -> None:
    clock = Clock(due_at=due, satisfied_at=satisfied, recorded_at=recorded)
    state = clock.state
    if satisfied is not None and satisfied <= due:
        assert state == "met"
    elif recorded is not None and recorded > due:
        assert state == "recorded_late"
    elif satisfied is not None:
        assert state == "met_late"
    else:
        assert state == ("breached" if timezone.now() > due else "running")
