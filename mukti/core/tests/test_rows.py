"""plain_rows reads exactly what values_list reads, on SQLite and on PostgreSQL."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import F

from mukti.cases import services as cases
from mukti.cases.models import Event
from mukti.core.fuzzydate import parse_when
from mukti.core.rows import plain_rows
from mukti.deadlines.models import Clock
from mukti.deadlines.services import clocks_rebuild


def test_plain_rows_equal_values_list_for_every_column_type(case: Any) -> None:
    cases.event_record(actor=case.lead, case=case, type="rescue", when=parse_when("6 Mar 2024"))
    cases.event_record(
        actor=case.lead, case=case, type="arrest", when=parse_when("7 Mar 2024 23:15")
    )
    queries = [
        Event.objects.order_by("id").values_list(
            "id", "type", "occurred_at", "precision", "created_at", "case__opened_on"
        ),
        Clock.objects.order_by("id").values_list(
            "case_id",
            "rule",
            "started_at",
            "start_approximate",
            "due_at",
            "satisfied_at",
            "recorded_late",
        ),
        Event.objects.order_by("id").values_list("id", "case__lead__username", "survivors__id"),
    ]
    for query in queries:
        expected = list(query)
        assert expected, "the fixture should give every query rows"
        got = plain_rows(query)
        assert got == expected
        # Same types too: an aware date-time is not equal to a naive one, but check the zone.
        for got_row, row in zip(got, expected, strict=True):
            for a, b in zip(got_row, row, strict=True):
                assert type(a) is type(b)
                if isinstance(a, dt.datetime) and isinstance(b, dt.datetime):
                    assert a.utcoffset() == b.utcoffset() == dt.timedelta(0)


def test_plain_rows_of_an_empty_filter_are_empty(db: None) -> None:
    assert plain_rows(Event.objects.filter(case_id__in=[]).values_list("id")) == []


def test_plain_rows_attach_the_zone_to_an_expression_too(case: Any) -> None:
    cases.event_record(actor=case.lead, case=case, type="rescue", when=parse_when("6 Mar 2024"))
    query = Event.objects.annotate(later=F("occurred_at")).values_list("later")
    assert plain_rows(query) == list(query)


def test_clocks_written_raw_by_a_rebuild_read_back_as_the_ones_a_change_wrote(case: Any) -> None:
    """A rebuild inserts clocks as raw rows (adapt_rows on SQLite, COPY on PostgreSQL); they
    must read back exactly as the clocks the ORM wrote when the entries were recorded."""
    cases.event_record(
        actor=case.lead, case=case, type="arrest", when=parse_when("7 Mar 2024 23:15")
    )
    cases.event_record(actor=case.lead, case=case, type="rescue", when=parse_when("Mar 2024"))
    columns = ("rule", "trigger_id", "survivor_id", "started_at", "start_approximate", "due_at",
               "satisfied_at", "satisfied_by_id", "recorded_at", "recorded_late")  # fmt: skip
    before = sorted(Clock.objects.values_list(*columns), key=repr)
    assert before
    Clock.objects.all().delete()
    clocks_rebuild()
    assert sorted(Clock.objects.values_list(*columns), key=repr) == before
