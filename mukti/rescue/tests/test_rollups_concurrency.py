"""Caseworkers of one organisation recording requests to the police, arrests and productions on
the same day, at the same moment, on real concurrent connections (PostgreSQL): the dashboards'
rows per day count each engagement and clock once, as a full recount does, and nobody gets an
error."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection

from mukti.cases import services as cases
from mukti.cases.models import Case
from mukti.core.fuzzydate import parse_when as w
from mukti.deadlines import rollups as clock_days
from mukti.deadlines.models import ClockDay
from mukti.deadlines.tests.helpers import race
from mukti.deadlines.tests.test_clocks_never_drift import CLOCK_DAY, ENGAGEMENT_DAY, rollup_rows
from mukti.rescue import rollups as engagement_days
from mukti.rescue import services
from mukti.rescue.models import EngagementDay

pytestmark = pytest.mark.django_db(transaction=True)


def test_writes_on_the_same_day_at_once_are_each_counted_once(
    case: Case, cast: Any, offices: Any
) -> None:
    if connection.vendor != "postgresql":
        pytest.skip("SQLite serialises writers; the race needs PostgreSQL's row locks")
    others = [
        cases.case_open(actor=case.lead, title=f"Other {n}", exploitation=["sexual"])
        for n in range(3)
    ]
    for round_ in range(4):

        def work(each: Case, n: int, round_: int = round_) -> None:
            minute = 10 * n + round_
            engagement = services.engagement_record(
                actor=each.lead, case=each, office=offices["sp"], request="rescue",
                when=w(f"6 Mar 2024 10:{minute:02d}"),
            )  # fmt: skip
            services.engagement_answer(
                actor=each.lead, engagement=engagement, expected_version=None, answer="agreed",
            )  # fmt: skip
            cases.event_record(
                actor=each.lead, case=each, type="arrest", when=w(f"6 Mar 2024 11:{minute:02d}")
            )

        errors = race(*(lambda each=each, n=n: work(each, n) for n, each in enumerate(others)))
        assert errors == []
        assert rollup_rows(EngagementDay.objects.all(), ENGAGEMENT_DAY) == rollup_rows(
            engagement_days.compute(), ENGAGEMENT_DAY
        )
        assert rollup_rows(ClockDay.objects.all(), CLOCK_DAY) == rollup_rows(
            clock_days.compute(), CLOCK_DAY
        )
    assert sum(EngagementDay.objects.values_list("engagements", flat=True)) == 12
