"""The monthly summary rows of a period are read through the index that begins (organisation,
all_districts, month) on SQLite too (issue 24). Written as ``all_districts=True``, Django gave
SQLite the bare column, which it does not match to an index column: a year of responsiveness
at 100,000 cases read every district's rows of the year through the district index, 60 ms
instead of 3 ms (``core.monthly.every_district``)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from mukti.deadlines import selectors as deadlines
from mukti.rescue import selectors as rescue

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's plan"),
]

START, END = dt.date(2024, 1, 1), dt.date(2024, 12, 31)


def _office(actor: Any) -> Any:
    return rescue.responsiveness(actor=actor, start=START, end=END)


def _official(actor: Any) -> Any:
    return rescue.responsiveness(actor=actor, start=START, end=END, by="official")


def _lateness(actor: Any) -> Any:
    return deadlines.lateness(actor=actor, start=START, end=END)


@pytest.mark.parametrize(
    ("read", "table", "index"),
    [
        (_office, "rescue_responsivenessmonth", "responsiveness_month_key"),
        (_official, "rescue_responsivenessmonth", "responsiveness_month_key"),
        (_lateness, "deadlines_latenessmonth", "lateness_month_key"),
    ],
)
def test_a_year_of_every_district_is_read_by_the_summary_index(
    cast: Any, read: Callable[[Any], Any], table: str, index: str
) -> None:
    with CaptureQueriesContext(connection) as queries:
        read(cast["supervisor"])
    (sql,) = [q["sql"] for q in queries.captured_queries if f'FROM "{table}"' in q["sql"]]
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN QUERY PLAN " + sql)
        plan = " | ".join(str(row[-1]) for row in cursor.fetchall())
    assert f"USING INDEX {index} (organisation_id=? AND all_districts=? AND month>?" in plan, plan
