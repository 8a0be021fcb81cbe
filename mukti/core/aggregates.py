"""Aggregates both databases compute the same way, so that a dashboard groups and summarises in
the database instead of reading every row into Python."""

from __future__ import annotations

from typing import Any

from django.db.models import Aggregate, DateField, DateTimeField, FloatField, Func, TextField
from django.db.models.functions import TruncMonth


class MinutesBetween(Func):
    """Minutes from the first to the second timestamp, computed by the database (reading tens of
    thousands of timestamps into Python costs more than the whole query)."""

    arity = 2
    output_field = FloatField()

    def as_sqlite(self, compiler: Any, connection: Any, **extra: Any) -> Any:
        return self.as_sql(
            compiler, connection, template="(julianday(%(expressions)s)) * 1440.0",
            arg_joiner=") - julianday(", **extra,
        )  # fmt: skip

    def as_postgresql(self, compiler: Any, connection: Any, **extra: Any) -> Any:
        return self.as_sql(
            compiler, connection, template="EXTRACT(EPOCH FROM (%(expressions)s)) / 60.0",
            arg_joiner=" - ", **extra,
        )  # fmt: skip


class Median(Aggregate):
    """The exact median: PostgreSQL's PERCENTILE_CONT, or the MUKTI_MEDIAN aggregate that
    mukti.core registers on every SQLite connection."""

    function = "MUKTI_MEDIAN"
    output_field = FloatField()

    def as_postgresql(self, compiler: Any, connection: Any, **extra: Any) -> Any:
        # A copy with PostgreSQL's form (Aggregate.as_sql wraps self.template in its FILTER).
        clone = self.copy()
        clone.template = "PERCENTILE_CONT(0.5) WITHIN GROUP (ORDER BY %(expressions)s)"
        return clone.as_sql(compiler, connection, **extra)


class JSONTexts(Aggregate):
    """The JSON values of a group as one text, separated by commas (``"[" + it + "]"`` is a
    JSON array of them): a group's histograms decoded by one ``json.loads`` in Python rather
    than one per row. GROUP_CONCAT on SQLite (which stores JSON as text), STRING_AGG on
    PostgreSQL."""

    function = "GROUP_CONCAT"
    template = "%(function)s(%(expressions)s, ',')"
    output_field = TextField()

    def as_postgresql(self, compiler: Any, connection: Any, **extra: Any) -> Any:
        clone = self.copy()
        clone.template = "STRING_AGG((%(expressions)s)::text, ',')"
        return clone.as_sql(compiler, connection, **extra)


class JSONListItems(Aggregate):
    """The items of a group's JSON lists as one text, separated by commas (``"[" + it + "]"``
    is one JSON list of them all): a group's lists decoded as one flat list, without a Python
    object per row. The brackets of each list trimmed, empty lists left out."""

    function = "GROUP_CONCAT"
    template = "%(function)s(NULLIF(TRIM(%(expressions)s, '[]'), ''), ',')"
    output_field = TextField()

    def as_postgresql(self, compiler: Any, connection: Any, **extra: Any) -> Any:
        clone = self.copy()
        clone.template = "STRING_AGG(NULLIF(BTRIM((%(expressions)s)::text, '[]'), ''), ',')"
        return clone.as_sql(compiler, connection, **extra)


class MonthOfDay(TruncMonth):
    """``TruncMonth`` of a date column (not a time: no time zone is involved), which SQLite
    works out itself with ``date(day, 'start of month')``. Django's SQLite backend calls a
    Python function for every row instead: the supervisors' dashboard's cases of a year by
    month took 65 ms of its 120 at 100,000 cases (issue 24). PostgreSQL's is native already."""

    def resolve_expression(self, *args: Any, **kwargs: Any) -> Any:
        resolved = super().resolve_expression(*args, **kwargs)
        field = resolved.lhs.output_field
        if not isinstance(field, DateField) or isinstance(field, DateTimeField):
            raise TypeError("MonthOfDay truncates a date column, not a time")
        return resolved

    def as_sqlite(self, compiler: Any, connection: Any, **extra: Any) -> Any:
        sql, params = compiler.compile(self.lhs)
        return f"date({sql}, 'start of month')", params
