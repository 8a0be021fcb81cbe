"""``MonthOfDay``: the month of a date column, worked out by the database itself on SQLite
too (``date(day, 'start of month')``), the same months as Django's ``TruncMonth``."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from typing import Any

import pytest
from django.db.models import Count
from django.db.models.functions import TruncMonth

from mukti.cases import services as case_services
from mukti.cases.models import Case
from mukti.core.aggregates import MonthOfDay

pytestmark = pytest.mark.django_db

DAYS = [
    dt.date(2024, 1, 1), dt.date(2024, 1, 31), dt.date(2024, 2, 29), dt.date(2024, 3, 1),
    dt.date(2024, 12, 31), dt.date(2025, 1, 1), dt.date(1999, 7, 15),
]  # fmt: skip


def test_the_months_are_truncmonths(cast: Any) -> None:
    for n, day in enumerate(DAYS):
        case_services.case_open(actor=cast["caseworker"], title=f"Case {n}", opened_on=day)

    def months(function: Any) -> Counter[dt.date]:
        rows = Case.objects.annotate(m=function("opened_on")).values("m").annotate(n=Count("id"))
        return Counter({row["m"]: row["n"] for row in rows})

    expected = Counter(day.replace(day=1) for day in DAYS)
    assert months(MonthOfDay) == months(TruncMonth) == expected
    assert all(type(m) is dt.date for m in months(MonthOfDay))


def test_a_time_column_is_refused() -> None:
    with pytest.raises(TypeError, match="date column"):
        list(Case.objects.annotate(m=MonthOfDay("updated_at")).values("m"))
