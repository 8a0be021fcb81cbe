"""``@compiled`` querysets return what the queryset itself returns, compile their SQL once per
connection and shape, and refuse what they cannot do rather than return something else."""

from __future__ import annotations

import datetime as dt
from typing import Any
from unittest import mock

import pytest
from django.db import connection
from django.db.models import Count, F, Q, QuerySet
from django.db.models.sql.compiler import SQLCompiler
from django.test.utils import CaptureQueriesContext

from mukti.cases.models import CaseSurvivor, Event
from mukti.core.compiled import compiled
from mukti.rescue.models import Engagement

pytestmark = pytest.mark.django_db


def fields(obj: Any) -> dict[str, Any] | None:
    """Every field of a model object, and which were not read."""
    if obj is None:
        return None
    deferred = obj.get_deferred_fields()
    return {f.attname: getattr(obj, f.attname) for f in obj._meta.concrete_fields} | {
        "deferred": deferred
    }


@compiled
def _engagements(case_id: int, *, answered: bool = False) -> QuerySet[Engagement]:
    rows = Engagement.objects.filter(Q(case_id=case_id) | Q(previous__case_id=case_id))
    if answered:
        rows = rows.exclude(answered_at=None)
    return (
        rows.select_related("event", "office", "official", "referred_to_office")
        .annotate(staff=Count("our_staff"))
        .order_by("event__occurred_at", "id")
    )


@compiled
def _links(case_id: int) -> QuerySet[CaseSurvivor]:
    return CaseSurvivor.objects.filter(case_id=case_id).only("status", "survivor__pseudonym")


def test_objects_equal_the_querysets_with_joined_rows_and_annotations(
    rescue_records: Any, case: Any
) -> None:
    for answered in (False, True):
        expected = list(_engagements.queryset(case.pk, answered=answered))
        got = _engagements(case.pk, answered=answered)
        assert [fields(e) for e in got] == [fields(e) for e in expected]
        assert len(got) == (2 if not answered else 1)
        for mine, theirs in zip(got, expected, strict=True):
            assert getattr(mine, "staff") == getattr(theirs, "staff")  # noqa: B009
            for name in ("event", "office", "official", "referred_to_office"):
                assert fields(getattr(mine, name)) == fields(getattr(theirs, name))


def test_deferred_fields_stay_deferred(case: Any) -> None:
    (link,) = _links(case.pk)
    (expected,) = _links.queryset(case.pk)
    assert link.get_deferred_fields() == expected.get_deferred_fields()
    assert link.status == expected.status


@compiled
def _values(case_id: int) -> QuerySet[Any, Any]:
    return Event.objects.filter(case_id=case_id).order_by("id").values("type", at=F("sort_at"))


@compiled
def _tuples(case_id: int) -> QuerySet[Any, tuple[Any, ...]]:
    # Asked in another order than the SQL selects them (the annotation is last in the SQL).
    return (
        Event.objects.filter(case_id=case_id)
        .annotate(n=Count("survivors"))
        .order_by("id")
        .values_list("n", "type", "id")
    )


@compiled
def _flat(case_id: int) -> QuerySet[Any, int]:
    return Event.objects.filter(case_id=case_id).order_by("-id").values_list("id", flat=True)


def test_values_tuples_and_flat_lists_equal_the_querysets(rescue_records: Any, case: Any) -> None:
    for query in (_values, _tuples, _flat):
        expected = list(query.queryset(case.pk))
        assert expected, query
        assert query(case.pk) == expected


def test_the_sql_is_compiled_once_per_shape_and_run_each_time(case: Any) -> None:
    _engagements(case.pk)
    _engagements(case.pk, answered=True)
    with (
        mock.patch.object(SQLCompiler, "as_sql", autospec=True, wraps=SQLCompiler.as_sql) as spy,
        CaptureQueriesContext(connection) as ctx,
    ):
        _engagements(case.pk)
        _engagements(case.pk, answered=True)
        _engagements(case.pk + 1000)
    assert spy.call_count == 0
    assert len(ctx.captured_queries) == 3
    assert str(case.pk + 1000) in ctx.captured_queries[2]["sql"]


def test_an_id_that_is_no_parameter_is_refused() -> None:
    @compiled
    def unused(case_id: int) -> QuerySet[Event]:
        return Event.objects.all()

    with pytest.raises(ValueError, match="not a parameter"):
        unused(1)


def test_prefetching_is_refused() -> None:
    @compiled
    def prefetching(case_id: int) -> QuerySet[Event]:
        return Event.objects.filter(case_id=case_id).prefetch_related("survivors")

    with pytest.raises(TypeError, match="prefetch"):
        prefetching(1)


def test_a_query_that_can_match_nothing_runs_no_sql(case: Any) -> None:
    @compiled
    def none_of(case_id: int, *, kinds: tuple[str, ...]) -> QuerySet[Event]:
        return Event.objects.filter(case_id=case_id, type__in=kinds)

    with CaptureQueriesContext(connection) as ctx:
        assert none_of(case.pk, kinds=()) == []
    assert ctx.captured_queries == []
    assert [e.pk for e in none_of(case.pk, kinds=("information_received",))] == [
        e.pk for e in case.events.all()
    ]


@compiled
def _events_between(
    case_id: int, since: dt.datetime, until: dt.date, reference: str
) -> QuerySet[Event]:
    return Event.objects.filter(
        case_id=case_id,
        occurred_at__gte=since,
        occurred_at__date__lte=until,
        case__reference=reference,
    ).order_by("id")


def test_text_dates_and_times_are_arguments_too(rescue_records: Any, case: Any) -> None:
    """As the field gives them to the database: on SQLite, as text in UTC."""
    moments = sorted(e.occurred_at for e in case.events.all() if e.occurred_at)
    assert len(moments) >= 4
    for since in moments:
        for until in {m.date() for m in moments}:
            for reference in (case.reference, "MK-1999-0001"):
                expected = [
                    e.pk for e in _events_between.queryset(case.pk, since, until, reference)
                ]
                got = [e.pk for e in _events_between(case.pk, since, until, reference)]
                assert got == expected
    assert _events_between(case.pk, moments[0], moments[-1].date(), case.reference)


def test_an_argument_of_another_kind_is_refused(case: Any) -> None:
    with pytest.raises(TypeError, match="not float"):
        _flat(1.5)  # type: ignore[arg-type]
