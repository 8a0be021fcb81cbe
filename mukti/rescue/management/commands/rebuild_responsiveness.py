from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from tqdm import tqdm

from mukti.rescue.monthly import rebuild


class Command(BaseCommand):
    help = (
        "Recompute the monthly responsiveness rows from the requests to authorities, one "
        "organisation per transaction (safe to rerun or interrupt). The services keep them up "
        "to date; run it after loading data behind their back (a restore of part of a "
        "database, rows edited by hand)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--organisation",
            type=int,
            action="append",
            help="only this organisation's id (repeat for several); by default every one",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        with tqdm(
            unit="organisation", desc="Responsiveness", disable=None, file=self.stderr
        ) as bar:

            def progress(done: int, total: int) -> None:
                bar.total = total
                bar.update(done - bar.n)

            result = rebuild(organisations=options["organisation"], progress=progress)
        self.stdout.write(
            f"Recomputed the monthly responsiveness of {result.organisations} organisation(s): "
            f"{result.rows} rows."
        )
