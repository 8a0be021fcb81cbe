from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.db import transaction
from tqdm import tqdm

from mukti.cases.models import Case
from mukti.deadlines.services import clocks_refresh


class Command(BaseCommand):
    help = "Work with deadline clocks. `mukti clocks rebuild` recomputes every case's clocks."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="subcommand", required=True)
        sub.add_parser("rebuild", help="Recompute the clocks of every case (safe to rerun).")

    def handle(self, *args: Any, **options: Any) -> None:
        ids = list(Case.objects.order_by("pk").values_list("pk", flat=True))
        with tqdm(
            total=len(ids), unit="case", desc="Clocks", disable=None, file=self.stderr
        ) as bar:
            for pk in ids:
                # One short transaction per case: a rebuild interrupted half-way resumes cleanly.
                with transaction.atomic():
                    clocks_refresh(Case.objects.get(pk=pk))
                bar.update(1)
        self.stdout.write(f"Recomputed the clocks of {len(ids)} cases.")
