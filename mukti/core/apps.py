from __future__ import annotations

import statistics
from typing import Any

from django.apps import AppConfig
from django.db.backends.signals import connection_created


class _Median:
    """MEDIAN(x) for SQLite, which has no percentile aggregate (PostgreSQL uses its own)."""

    def __init__(self) -> None:
        self.values: list[float] = []

    def step(self, value: float | None) -> None:
        if value is not None:
            self.values.append(value)

    def finalize(self) -> float | None:
        return statistics.median(self.values) if self.values else None


def _sqlite_functions(sender: Any, connection: Any, **kwargs: Any) -> None:
    if connection.vendor == "sqlite":
        connection.connection.create_aggregate("MUKTI_MEDIAN", 1, _Median)


class CoreConfig(AppConfig):
    name = "mukti.core"
    label = "core"

    def ready(self) -> None:
        from mukti.core import translations

        connection_created.connect(_sqlite_functions, dispatch_uid="mukti-sqlite-functions")
        translations.install()
