"""Plain rows for bulk work: a ``values_list`` query read straight from the cursor.

Django's generic result converters cost more than the query itself when a job reads millions of
values (a rebuild of every clock reads about two million events). The database driver already
returns the right Python types for every column but one: SQLite hands back date-times without
their time zone, which Django's converter would attach. ``plain_rows`` attaches it directly, and
does nothing else, so its rows equal what ``values_list`` returns (tests/test_rows.py checks it on
both databases)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import EmptyResultSet
from django.db import connections, models
from django.db.models import DateTimeField


def plain_rows(queryset: models.QuerySet[Any]) -> list[tuple[Any, ...]]:
    """The rows of a ``values_list(...)`` query, as tuples in the query's column order."""
    connection = connections[queryset.db]
    compiler = queryset.query.get_compiler(using=queryset.db)
    try:
        sql, params = compiler.as_sql()
    except EmptyResultSet:  # filtered on an empty list: no row can match
        return []
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    if connection.vendor != "sqlite" or not rows:
        return rows
    zone = connection.timezone or dt.UTC
    columns = [
        i
        for i, (expression, _sql, _alias) in enumerate(compiler.select)
        if isinstance(getattr(expression, "output_field", None), DateTimeField)
    ]
    if not columns:
        return rows
    return [_aware(row, columns, zone) for row in rows]


def _aware(row: tuple[Any, ...], columns: list[int], zone: dt.tzinfo) -> tuple[Any, ...]:
    values = list(row)
    for i in columns:
        value = values[i]
        if value is not None:
            if value.__class__ is str:  # an expression's value, which the driver leaves as text
                value = dt.datetime.fromisoformat(value)
            values[i] = value.replace(tzinfo=zone)
    return tuple(values)


def adapt_rows(rows: Iterable[tuple[Any, ...]], datetimes: set[int]) -> list[tuple[Any, ...]]:
    """Rows ready for a raw INSERT: aware date-times as this database stores them (SQLite keeps
    naive text in the connection's zone, as Django's adapter writes it; PostgreSQL takes them as
    they are)."""
    from django.db import connection

    if connection.vendor != "sqlite":
        return list(rows)
    zone = connection.timezone or dt.UTC

    def adapt(value: Any) -> Any:
        if value is None:
            return None
        return str(value.astimezone(zone).replace(tzinfo=None))

    return [tuple(adapt(v) if i in datetimes else v for i, v in enumerate(row)) for row in rows]
