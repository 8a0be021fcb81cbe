from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.db import connection
from tqdm import tqdm

from mukti.site.synth import synthesise


class Command(BaseCommand):
    help = (
        "Generate reproducible synthetic cases (≈20 events each, survivors, sightings, a "
        "synthetic directory) for benchmarks. Never run it on a real database."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--cases", type=int, default=1000)
        parser.add_argument("--events-per-case", type=int, default=20)
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument("--batch", type=int, default=1000)
        parser.add_argument(
            "--engagements-per-case",
            type=int,
            default=3,
            help="requests to authorities per case, with their answers",
        )
        parser.add_argument(
            "--organisations",
            type=int,
            default=1,
            help="spread the cases over this many synthetic organisations, 40 staff each",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.monotonic()
        months: list[tqdm] = []  # the second step's bar, shown once it starts

        def monthly_progress(done: int, total: int) -> None:
            if not months:
                months.append(
                    tqdm(total=total, unit="organisation", desc="Responsiveness", file=self.stderr)
                )
            months[0].update(done - months[0].n)

        with tqdm(
            total=options["cases"], unit="case", desc="Synthesising", file=self.stderr
        ) as bar:
            result = synthesise(
                cases=options["cases"],
                events_per_case=options["events_per_case"],
                seed=options["seed"],
                batch=options["batch"],
                engagements_per_case=options["engagements_per_case"],
                organisations=options["organisations"],
                progress=bar.update,
                responsiveness_progress=monthly_progress,
            )
        for step in months:
            step.close()
        seconds = time.monotonic() - started
        self.stdout.write(
            f"Created {result.cases} cases, {result.survivors} survivors, {result.events} events "
            f"and {result.engagements} requests to authorities in {seconds:.0f} s"
            + (
                f" ({result.indexes_seconds:.0f} s of it building indexes and checking "
                "constraints after the bulk load)."
                if result.indexes_seconds
                else "."
            )
        )
        # Fresh planner statistics after a bulk load: without them PostgreSQL's planner guesses
        # from empty tables (a "Due soon" read every breached clock: 287 ms instead of 16) until
        # autovacuum gets round to it, and SQLite's has none until `PRAGMA optimize`.
        started = time.monotonic()
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        self.stdout.write(
            f"Planner statistics refreshed (ANALYZE, {time.monotonic() - started:.1f} s)."
        )
