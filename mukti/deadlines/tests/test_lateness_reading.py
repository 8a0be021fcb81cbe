"""The lateness report's median and worst, found by bisection over two sorted lists of whole
numbers (``monthly.Reading``), equal what ``statistics.median`` and ``max`` give on the list of
every clock's minutes late as the report built it before (a settled clock's whole minutes, an
open one's now − deadline in fractional minutes), sums of readings included."""

from __future__ import annotations

import datetime as dt
import statistics

from hypothesis import given, settings
from hypothesis import strategies as st

from mukti.deadlines import monthly

MINUTE = monthly.MINUTE_US
NOW = dt.datetime(2026, 12, 3, 13, 0, 17, 250, tzinfo=dt.UTC)
NOW_US = (NOW - monthly.EPOCH) // dt.timedelta(microseconds=1)
NOW_MINUTE = NOW_US // MINUTE

minutes = st.lists(st.integers(min_value=0, max_value=60), max_size=8)
# Deadlines around now: before it (breached), in its minute, and after it (running).
deadlines = st.lists(st.integers(min_value=NOW_MINUTE - 60, max_value=NOW_MINUTE + 3), max_size=8)


def as_before(late: list[int], due: list[int], late_due: list[int]) -> list[float]:
    """The list of minutes late the report sorted before, for these clocks at NOW."""
    passed = [d for d in [*due, *late_due] if d * MINUTE < NOW_US]
    return [*late, *((NOW_US - d * MINUTE) / MINUTE for d in passed)]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.tuples(minutes, deadlines, deadlines), min_size=1, max_size=4))
def test_median_and_worst_as_sorted_list(groups: list[tuple[list[int], ...]]) -> None:
    whole = monthly.Reading({}, [])
    expected: list[float] = []
    for late, due, late_due in groups:
        # The stored rows' lists are sorted per month; the reading sorts their concatenation.
        figures = monthly.Figures([0, 0, 0], [sorted(late)], [sorted(due)], [sorted(late_due)])
        reading = figures.read(NOW)
        values = as_before(late, due, late_due)
        assert reading.median() == (float(statistics.median(values)) if values else None)
        assert reading.worst() == max(values, default=None)
        assert reading.counts["breached"] == sum(d * MINUTE < NOW_US for d in due)
        assert reading.counts["running"] == len(due) - reading.counts["breached"]
        whole.add(reading)
        expected += values
    assert whole.median() == (float(statistics.median(expected)) if expected else None)
    assert whole.worst() == max(expected, default=None)


def test_a_deadline_in_this_minute_is_breached_by_microseconds() -> None:
    """Just after a deadline the clock is breached, late by a fraction of a minute."""
    due = NOW_MINUTE  # NOW is 17.00025 s into this minute
    reading = monthly.Figures([0, 0, 0], [[]], [[due, due + 1]], [[]]).read(NOW)
    assert reading.counts["breached"] == 1 and reading.counts["running"] == 1
    assert reading.worst() == (NOW_US - due * MINUTE) / MINUTE
    assert 0 < (reading.median() or 0) < 1
