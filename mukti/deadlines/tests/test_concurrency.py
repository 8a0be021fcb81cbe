"""Two workers rebuilding the clocks and a web request changing the same case, at the same moment
on real concurrent connections (PostgreSQL): no clock goes missing, none is duplicated, and
nobody gets an error."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection

from mukti.cases import services as cases
from mukti.cases.models import Case
from mukti.core.fuzzydate import parse_when as w
from mukti.deadlines import services
from mukti.deadlines.models import Clock
from mukti.deadlines.tests.helpers import race

pytestmark = pytest.mark.django_db(transaction=True)


def clocks() -> list[tuple[Any, ...]]:
    return sorted(
        Clock.objects.values_list("case_id", "rule", "trigger_id", "survivor_id", "due_at")
    )


def test_two_rebuilds_and_an_edit_at_once_leave_every_clock_once(case: Case, cast: Any) -> None:
    if connection.vendor != "postgresql":
        pytest.skip("SQLite serialises writers; the race needs PostgreSQL's row locks")
    kusum = case.case_survivors.get().survivor
    others = [
        cases.case_open(actor=case.lead, title=f"Other {n}", exploitation=["sexual"])
        for n in range(3)
    ]
    for each in (case, *others):
        cases.event_record(actor=each.lead, case=each, type="arrest", when=w("6 Mar 2024 23:15"))
    for hour in range(10, 16):
        Clock.objects.all().delete()  # the workers' rebuilds have everything to insert

        def edit(hour: int = hour) -> None:
            cases.event_record(
                actor=case.lead, case=case, type="rescue", when=w(f"7 Mar 2024 {hour}:00"),
                survivors=[kusum],
            )  # fmt: skip

        errors = race(services.clocks_rebuild, services.clocks_rebuild, edit)
        assert errors == []
        after_the_race = clocks()
        assert len(after_the_race) == len(set(after_the_race))
        services.clocks_rebuild()
        assert clocks() == after_the_race  # nothing missing, nothing extra
    assert Clock.objects.filter(case=case, rule="itpa_production").count() == 1
