"""Mukti's PostgreSQL backend reads times with psycopg's compiled loader, and they are exactly
what Django's own loader gives: same instants, same ``tzinfo``, to the microsecond."""

from __future__ import annotations

import datetime as dt
import zoneinfo

import pytest
from django.db import connection

from mukti.cases.models import Case
from mukti.core.postgresql.base import compiled_loader_applies

postgres = pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's loaders")

TIMESTAMPTZ = 1184  # PostgreSQL's type oid
VALUES = [
    "2024-03-01 10:00:00+05:30",
    "2024-03-01 23:59:59.999999+05:45",
    "1971-12-16 00:00:00.000001-03:30",
    "2026-12-01 18:30:00+00",
    "0001-01-01 00:00:00+00",
    "9999-12-31 23:59:59.999999+00",
    "2024-02-29 12:00:00+14",
]
SQL = "SELECT v::timestamptz FROM unnest(%s::text[]) AS v"


def test_the_compiled_loader_is_used_only_where_it_gives_django_s_values() -> None:
    import psycopg

    # (psycopg's compiled loader is there with psycopg[binary], which requirements.txt pins)
    assert compiled_loader_applies(dt.UTC) is (psycopg.pq.__impl__ != "python")
    assert compiled_loader_applies(dt.timezone(dt.timedelta(hours=5, minutes=30))) is False
    assert compiled_loader_applies(zoneinfo.ZoneInfo("Asia/Kolkata")) is False
    assert compiled_loader_applies(None) is False


@postgres
@pytest.mark.django_db
def test_times_read_with_the_compiled_loader_equal_django_s() -> None:
    from psycopg.pq import Format

    with connection.cursor() as cursor:
        loader = cursor.connection.adapters.get_loader(TIMESTAMPTZ, Format.TEXT)
        # The connection keeps Django's loader (its create_cursor reads it) ...
        assert loader.__module__.startswith("django."), loader
        # ... and each cursor reads with psycopg's compiled one.
        ours = cursor.cursor.adapters.get_loader(TIMESTAMPTZ, Format.TEXT)
        assert ours.__module__.startswith("psycopg_"), ours
        cursor.execute(SQL, [VALUES])
        fast = [row[0] for row in cursor.fetchall()]
    with connection.connection.cursor() as plain:  # a cursor Django's loader reads
        assert plain.adapters.get_loader(TIMESTAMPTZ, Format.TEXT) is loader
        plain.execute(SQL, [VALUES])
        django = [row[0] for row in plain.fetchall()]
    assert fast == django
    assert [t.isoformat() for t in fast] == [t.isoformat() for t in django]
    assert all(t.tzinfo is dt.UTC and d.tzinfo is dt.UTC for t, d in zip(fast, django, strict=True))
    assert fast[0] == dt.datetime(2024, 3, 1, 4, 30, tzinfo=dt.UTC)
    assert fast[1].microsecond == 999999


@postgres
@pytest.mark.django_db
def test_models_read_their_times_through_it(cast: dict, places: dict) -> None:
    """Through the ORM too, and through a server-side cursor (``iterator()``): a time comes back
    as it was written."""
    from psycopg.pq import Format

    from mukti.cases import services

    case = services.case_open(
        actor=cast["caseworker"], title="Loader check", district=places["n24"]
    )
    when = dt.datetime(2024, 3, 1, 4, 30, 0, 123456, tzinfo=dt.UTC)
    Case.objects.filter(pk=case.pk).update(updated_at=when)
    assert Case.objects.get(pk=case.pk).updated_at == when
    (read,) = Case.objects.filter(pk=case.pk).iterator(chunk_size=1)
    with connection.chunked_cursor() as named:  # the cursor iterator() reads with
        assert type(named).__module__.startswith(("django.", "mukti."))
        loader = named.cursor.adapters.get_loader(TIMESTAMPTZ, Format.TEXT)
        assert loader.__module__.startswith("psycopg_"), loader
    assert read.updated_at == when and read.updated_at.tzinfo is dt.UTC
