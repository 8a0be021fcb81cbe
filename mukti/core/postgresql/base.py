"""Django's PostgreSQL backend, reading ``timestamptz`` values with psycopg's compiled loader.

Django registers its own loader for ``timestamptz`` (``BaseTzLoader``), a Python subclass of
psycopg's pure-Python one, so that values come back in the connection's time zone whatever the
server says. psycopg's compiled loader cannot be subclassed, so every time read went through
Python: 12 % of the CPU of a case page and 5 % of the case list (docs/benchmarks.md,
"Thirteenth step"). Mukti's connections run in UTC (Django sets ``TimeZone`` to UTC when
``USE_TZ`` is on and the database has no ``TIME_ZONE`` of its own), and in UTC the compiled
loader gives the very same values: aware datetimes whose ``tzinfo`` is ``datetime.timezone.utc``.
So each cursor reads them with it; with another time zone, or without psycopg's C extension,
Django's loader stays.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import psycopg
from django.db.backends.postgresql import base
from psycopg.types.datetime import TimestamptzLoader


def compiled_loader_applies(timezone: Any) -> bool:
    """The compiled loader gives what Django's does: the connection's time zone is UTC and
    psycopg's C implementation is installed (psycopg swaps its Python loader for the compiled
    one when a map registers it)."""
    return timezone is dt.UTC and psycopg.pq.__impl__ in ("c", "binary")


class DatabaseWrapper(base.DatabaseWrapper):
    def create_cursor(self, name: str | None = None) -> Any:
        cursor = super().create_cursor(name)
        if compiled_loader_applies(self.timezone):
            # The cursor's own map (a copy of the connection's, made on this first write): the
            # connection keeps Django's loader, which Django's create_cursor reads.
            cursor.adapters.register_loader("timestamptz", TimestamptzLoader)
        return cursor
