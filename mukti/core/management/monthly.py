"""The command that rebuilds a kind of monthly summary rows (``mukti rebuild_responsiveness``,
``mukti rebuild_lateness``): one organisation per transaction, with a progress bar."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from tqdm import tqdm

from mukti.core.monthly import RebuildResult


class MonthlyRebuildCommand(BaseCommand):
    # What the rows count ("responsiveness"), and the function that rebuilds them.
    what = ""
    rebuild: Callable[..., RebuildResult]

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--organisation",
            type=int,
            action="append",
            help="only this organisation's id (repeat for several); by default every one",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        with tqdm(
            unit="organisation", desc=self.what.capitalize(), disable=None, file=self.stderr
        ) as bar:

            def progress(done: int, total: int) -> None:
                bar.total = total
                bar.update(done - bar.n)

            organisations: Iterable[int] | None = options["organisation"]
            result = type(self).rebuild(organisations=organisations, progress=progress)
        self.stdout.write(
            f"Recomputed the monthly {self.what} of {result.organisations} organisation(s): "
            f"{result.rows} rows."
        )
