"""Querysets whose SQL is compiled once per database connection, then only run (issue 24).

Django compiles a queryset's SQL afresh every time it is evaluated: resolving the joins, the
selected columns and the ordering costs 0.5-1 ms of CPU for a simple query, more than
PostgreSQL takes to run it, and the case page runs a dozen such queries whose SQL never changes
but for the case's id. A function marked ``@compiled`` builds its queryset once per connection
and *shape*, with stand-in arguments; later calls put the real ones in the SQL's parameters,
run it and turn the rows into what the queryset itself would have returned (model objects, with
their ``select_related`` rows and annotations; or the tuples, dicts or values of ``values_list``
and ``values``)::

    @compiled
    def _clocks(case_id: int, *, rules: tuple[str, ...]) -> QuerySet[Clock]:
        return Clock.objects.filter(case_id=case_id, rule__in=rules).order_by("due_at", "id")

    _clocks(case.pk, rules=("fir_24h", ...))

- The positional arguments are the values that change from call to call: ids, text (a
  reference), dates and times (now). Each must reach the SQL as a parameter, as it is or as its
  field gives it to the database, which is checked when the SQL is compiled (an error there,
  not a wrong query later).
- The keyword arguments are the shape: everything else the SQL depends on (a role's hidden
  kinds, a filter). They are part of the cache's key, so they must be hashable, and take few
  values (never free text: each value is compiled and kept).
- What a queryset does after its SQL is not done: no ``prefetch_related`` (the caller runs
  ``prefetch_related_objects`` on the result), no related manager's instance set on each row
  (``case.clocks`` sets ``clock.case``; build from ``Clock.objects`` and set it yourself).

The plans are kept on the connection's wrapper, which belongs to one thread and lives as long as
it, as the converters a plan holds are that connection's. The reads go where the queryset's
would: ``router.db_for_read`` of its model, so a request that wrote reads from the primary.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

from django.db import connections, router
from django.db.models import Model, QuerySet
from django.db.models.query import (
    FlatValuesListIterable,
    ModelIterable,
    ValuesIterable,
    ValuesListIterable,
    get_related_populators,
)
from django.db.models.sql.compiler import SQLCompiler

R = TypeVar("R")  # a row: the model, or a values() dict, a values_list() tuple or value

Argument = int | str | dt.datetime | dt.date
# How Django turns a date or a time into a parameter of the database (on SQLite, a string).
_ADAPTERS = {dt.datetime: "adapt_datetimefield_value", dt.date: "adapt_datefield_value"}


def stand_in(n: int, kind: type = int) -> Any:
    """The value the SQL is compiled with for the n-th argument of this kind: unlike any value a
    query would carry (an id far outside any sequence's range, a date in 1901), and checked:
    each must turn up in the parameters."""
    if kind is int:
        return -7_300_000_000_000_000_000 - n
    if kind is str:
        return f"mukti-stand-in-{n}-7f3a9c0e"
    if kind is dt.datetime:
        return dt.datetime(1901, 2, 3, 4, 5, 6, 100 + n, tzinfo=dt.UTC)
    if kind is dt.date:
        return dt.date(1901, 2, 3) + dt.timedelta(days=n)
    raise TypeError(f"@compiled takes ids, text, dates and times, not {kind.__name__}")


@dataclass(frozen=True)
class Plan:
    """A queryset's compiled SQL, where its ids go, and how its rows become results."""

    compiler: SQLCompiler
    sql: str
    params: tuple[Any, ...]
    # (position in params, index of the argument, the connection's adapter for its kind or "")
    slots: tuple[tuple[int, int, str], ...]
    iterable: type
    # models: the model's columns in a row, the names they set, the joined rows' populators, and
    # the annotations' (name, column)
    columns: slice = field(default_factory=lambda: slice(0))
    init_list: tuple[str, ...] = ()
    populators: tuple[Any, ...] = ()
    annotations: tuple[tuple[str, int], ...] = ()
    # values(): the names of a row's columns
    names: tuple[str, ...] = ()
    empty: bool = False
    # what turns each column's value from the database into Python's (Django works them out
    # anew for every query: a fifth of a small query's CPU)
    converters: dict[int, Any] = field(default_factory=dict)

    def convert(self, fetched: list[Any]) -> Any:
        """The fetched rows with their values converted, as ``compiler.results_iter``."""
        if not self.converters:
            return fetched
        return self.compiler.apply_converters(fetched, self.converters)

    def fetch(self, db: str, args: tuple[Any, ...], sql: str = "", skip: int = 0) -> list[Any]:
        """The raw rows of the query with these arguments; ``sql`` may wrap the plan's own
        (with the same parameters), ``skip`` results before the rows."""
        connection = connections[db]
        params = list(self.params)
        for position, index, adapter in self.slots:
            value = args[index]
            params[position] = getattr(connection.ops, adapter)(value) if adapter else value
        with connection.cursor() as cursor:
            cursor.execute(sql or self.sql, params)
            for _ in range(skip):
                cursor.nextset()
            return cursor.fetchall()

    def run(self, db: str, args: tuple[Any, ...]) -> list[Any]:
        """The rows of the query with these arguments, as the queryset would return them."""
        if self.empty:
            return []
        rows = self.convert(self.fetch(db, args))
        if self.iterable is ModelIterable:
            return self._objects(db, rows)
        if self.iterable is ValuesIterable:
            return [dict(zip(self.names, row, strict=True)) for row in rows]
        if self.iterable is FlatValuesListIterable:
            return [row[0] for row in rows]
        return [tuple(row) for row in rows]

    def _objects(self, db: str, rows: Any) -> list[Model]:
        model = self.compiler.klass_info["model"]
        init_list, columns = list(self.init_list), self.columns
        result = []
        for row in rows:
            obj = model.from_db(db, init_list, row[columns])
            for populator in self.populators:
                populator.populate(row, obj)
            for name, column in self.annotations:
                setattr(obj, name, row[column])
            result.append(obj)
        return result


def plan(queryset: QuerySet[Any], kinds: tuple[type, ...], db: str) -> Plan:
    """Compile ``queryset``, built with ``stand_in(n, kind)`` for its n-th argument, for
    ``db``."""
    from django.core.exceptions import EmptyResultSet

    iterable: type = queryset._iterable_class
    if iterable not in (ModelIterable, ValuesIterable, ValuesListIterable, FlatValuesListIterable):
        raise TypeError(f"@compiled cannot read a queryset of {iterable.__name__}")
    if queryset._prefetch_related_lookups:  # type: ignore[attr-defined]
        raise TypeError("@compiled runs no prefetch_related: prefetch on the list it returns")
    compiler = queryset.query.get_compiler(using=db)
    try:
        sql, params = compiler.as_sql()  # also sets compiler.select, klass_info, ...
    except EmptyResultSet:  # e.g. ``rule__in=()``: no row, whatever the ids
        return Plan(compiler, "", (), (), iterable, empty=True)
    selected = [column[0] for column in compiler.select[0 : compiler.col_count]]
    if compiler.has_composite_fields(selected):
        raise TypeError("@compiled cannot read composite primary keys")
    converters = compiler.get_converters(selected)
    ops = connections[db].ops
    wanted: dict[tuple[type, Any], tuple[int, str]] = {}
    for n, kind in enumerate(kinds):
        value = stand_in(n, kind)
        wanted[(kind, value)] = (n, "")
        if kind in _ADAPTERS:  # as the field gives it to the database
            adapted = getattr(ops, _ADAPTERS[kind])(value)
            wanted.setdefault((type(adapted), adapted), (n, _ADAPTERS[kind]))
    slots = tuple(
        (position, *wanted[(type(value), value)])
        for position, value in enumerate(params)
        if (type(value), value) in wanted
    )
    missing = set(range(len(kinds))) - {index for _position, index, _adapter in slots}
    if missing:
        raise ValueError(
            f"@compiled: argument {sorted(missing)} of {queryset.model.__name__} is not a "
            "parameter of its SQL (give it to filter() as it is, not through an expression)"
        )
    if iterable is not ModelIterable:
        # As Django's ValuesIterable names the columns (5.2 selects them in the order asked).
        query = queryset.query
        names = tuple(query.selected or ()) or (
            *query.extra_select,
            *query.values_select,
            *query.annotation_select,
        )
        return Plan(
            compiler, sql, tuple(params), slots, iterable, names=names, converters=converters
        )
    info = compiler.klass_info
    fields = info["select_fields"]
    columns = slice(fields[0], fields[-1] + 1)
    return Plan(
        compiler,
        sql,
        tuple(params),
        slots,
        iterable,
        columns=columns,
        init_list=tuple(column[0].target.attname for column in compiler.select[columns]),
        populators=tuple(get_related_populators(info, compiler.select, db)),  # type: ignore[call-arg]
        annotations=tuple(compiler.annotation_col_map.items()),
        converters=converters,
    )


class Compiled(Generic[R]):
    """A queryset-building function whose SQL is compiled once per connection and shape."""

    def __init__(self, build: Callable[..., QuerySet[Any, R]]) -> None:
        functools.update_wrapper(self, build)
        self.build = build
        self.key = f"{build.__module__}.{build.__qualname__}"
        self.model: type[Model] | None = None

    def __call__(self, *args: Argument, **shape: Hashable) -> list[R]:
        kinds = tuple(type(arg) for arg in args)
        if self.model is None:  # the model, to route the reads, from a first build
            self.model = self._build(kinds, shape).model
        db = router.db_for_read(self.model)
        cache = connections[db].__dict__.setdefault("mukti_compiled", {})
        key = (self.key, kinds, tuple(sorted(shape.items())))
        compiled: Plan | None = cache.get(key)
        if compiled is None:
            compiled = cache[key] = plan(self._build(kinds, shape), kinds, db)
        return compiled.run(db, args)

    def _build(self, kinds: tuple[type, ...], shape: dict[str, Hashable]) -> QuerySet[Any, R]:
        return self.build(*(stand_in(n, kind) for n, kind in enumerate(kinds)), **shape)

    def queryset(self, *args: Argument, **shape: Hashable) -> QuerySet[Any, R]:
        """The queryset itself (tests compare the two)."""
        return self.build(*args, **shape)


def compiled(build: Callable[..., QuerySet[Any, R]]) -> Compiled[R]:
    """Mark a function that builds a queryset from ids (positional) and a shape (keywords):
    calling it returns the queryset's rows as a list, its SQL compiled once per connection."""
    return Compiled(build)
