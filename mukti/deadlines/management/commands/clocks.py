from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from tqdm import tqdm

from mukti.deadlines.services import REBUILD_BATCH, clocks_rebuild


class Command(BaseCommand):
    help = "Work with deadline clocks. `mukti clocks rebuild` recomputes every case's clocks."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="subcommand", required=True)
        rebuild = sub.add_parser(
            "rebuild", help="Recompute the clocks of every case (safe to rerun or interrupt)."
        )
        rebuild.add_argument(
            "--batch", type=int, default=REBUILD_BATCH, help="Cases per transaction."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        with tqdm(unit="case", desc="Clocks", disable=None, file=self.stderr) as bar:

            def progress(done: int, total: int) -> None:
                bar.total = total
                bar.update(done - bar.n)

            result = clocks_rebuild(progress=progress, batch=max(1, options["batch"]))
        self.stdout.write(f"Recomputed the clocks of {result.cases} cases.")
        for reference, error in result.failures:
            self.stderr.write(f"{reference}: its clocks could not be computed: {error}")
        if result.failures:
            raise CommandError(
                f"{len(result.failures)} case(s) kept their previous clocks; correct and rerun."
            )
