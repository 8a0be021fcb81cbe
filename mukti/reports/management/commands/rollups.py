from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from tqdm import tqdm

from mukti.deadlines import rollups as clock_days
from mukti.rescue import rollups as engagement_days


class Command(BaseCommand):
    help = (
        "Work with the dashboards' rows per day. `mukti rollups rebuild` recomputes the "
        "engagements and clocks per day from the records (after a bulk load or a restore from "
        "outside Mukti's own backups; the services keep them up to date otherwise)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="subcommand", required=True)
        sub.add_parser("rebuild", help="Recompute every row per day (safe to rerun).")

    def handle(self, *args: Any, **options: Any) -> None:
        steps = [("engagements per day", engagement_days.rebuild),
                 ("clocks per day", clock_days.rebuild)]  # fmt: skip
        with tqdm(total=len(steps), unit="table", desc="Rows per day", disable=None,
                  file=self.stderr) as bar:  # fmt: skip
            for label, rebuild in steps:
                started = time.monotonic()
                rows = rebuild()
                bar.update()
                self.stdout.write(f"{label}: {rows} rows ({time.monotonic() - started:.1f} s).")
