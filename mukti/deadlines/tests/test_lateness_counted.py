"""The lateness table is counted by the database (two grouped queries): what it shows must be what
counting the clocks one by one with ``Clock.state`` gives, for deadlines before, on and after the
day it is read."""

from __future__ import annotations

import datetime as dt
import statistics
from collections import Counter
from typing import Any

import pytest
import time_machine
from django.utils import timezone

from mukti.cases import services as cases
from mukti.cases.models import Case
from mukti.core.fuzzydate import parse_when as w
from mukti.deadlines.models import Clock
from mukti.deadlines.selectors import STATES, lateness


def local(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> dt.datetime:
    return timezone.make_aware(dt.datetime(year, month, day, hour, minute))


def hours(value: float | None) -> float | None:
    return None if value is None else round(value, 6)


def counted(start: dt.date, end: dt.date) -> dict[tuple[str, str], tuple[Any, ...]]:
    """Lateness the long way: every clock of the period, its state at the time of reading."""
    now = timezone.now()
    since, until = local(start.year, start.month, start.day), local(end.year, end.month, end.day)
    rows: dict[tuple[str, str], tuple[Counter[str], list[float]]] = {}
    for clock in Clock.objects.filter(
        due_at__gte=since, due_at__lt=until + dt.timedelta(days=1)
    ).select_related("case__lead"):
        team = f"Team of {clock.case.lead.first_name}"
        late = ((clock.satisfied_at or now) - clock.due_at).total_seconds() / 3600
        for key in ((clock.rule, team), (clock.rule, "")):
            counts, late_hours = rows.setdefault(key, (Counter(), []))
            counts[clock.state] += 1
            if clock.state in ("met_late", "breached", "recorded_late") and late > 0:
                late_hours.append(late)
    return {
        key: (
            {s: counts[s] for s in STATES},
            hours(statistics.median(late_hours) if late_hours else None),
            hours(max(late_hours) if late_hours else None),
        )
        for key, (counts, late_hours) in rows.items()
    }


def shown(start: dt.date, end: dt.date, actor: Any) -> dict[tuple[str, str], tuple[Any, ...]]:
    return {
        (r.rule.code, r.team): (r.counts, hours(r.median_late), hours(r.worst_late))
        for r in lateness(actor=actor, start=start, end=end)
    }


@pytest.mark.django_db
def test_lateness_before_and_from_today_is_what_counting_the_clocks_gives(
    case: Case, cast: Any
) -> None:
    # Arrests typed in as they happened; each starts a 24-hour clock to produce him before a
    # magistrate. "Today" is 10 March, noon.
    def arrest(at: str, typed: dt.datetime) -> None:
        with time_machine.travel(typed, tick=False):
            cases.event_record(actor=case.lead, case=case, type="arrest", when=w(at))

    arrest("7 Mar 2024 10:00", local(2024, 3, 7, 10, 5))  # due 8 Mar: never produced, breached
    arrest("8 Mar 2024 08:00", local(2024, 3, 8, 8, 5))  # due 9 Mar: produced 2 h late
    with time_machine.travel(local(2024, 3, 9, 10, 5), tick=False):
        cases.event_record(
            actor=case.lead, case=case, type="produced_magistrate", when=w("9 Mar 2024 10:00")
        )
    arrest("9 Mar 2024 09:00", local(2024, 3, 9, 9, 5))  # due today 09:00: breached by noon
    arrest("9 Mar 2024 13:00", local(2024, 3, 9, 13, 5))  # due today 13:00: still running
    arrest("10 Mar 2024 11:00", local(2024, 3, 10, 11, 5))  # due tomorrow: running
    with time_machine.travel(local(2024, 3, 10, 12, 0), tick=False):
        for start, end in [
            (dt.date(2024, 3, 1), dt.date(2024, 3, 31)),  # both sides of today
            (dt.date(2024, 3, 1), dt.date(2024, 3, 9)),  # before today only
            (dt.date(2024, 3, 10), dt.date(2024, 3, 11)),  # from today only
        ]:
            assert shown(start, end, cast["data_officer"]) == counted(start, end), (start, end)
        overall = shown(dt.date(2024, 3, 1), dt.date(2024, 3, 31), cast["data_officer"])
        assert overall[("arrest_magistrate", "")][0]["running"] == 2
