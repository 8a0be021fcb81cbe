from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from mukti.exports import ctdc


class Command(BaseCommand):
    help = (
        "Check that a dataset in CTDC's shape is k-anonymous over its six quasi-identifiers "
        "(ageBroad, gender, citizenship, CountryOfExploitation, typeOfExploitConcatenated, "
        "yearOfRegistration). Exits 1 naming the smallest group if it is not. "
        "Run as: mukti check-k FILE --k 11"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument("--k", type=int, default=ctdc.K)

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        k: int = options["k"]
        try:
            text = path.read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError) as error:
            raise CommandError(f"Cannot read {path}: {error}", returncode=2) from None
        try:
            result = ctdc.check(text)
        except ctdc.NotADataset as error:
            raise CommandError(f"{path}: {error}", returncode=2) from None
        if result.rows == 0:
            self.stdout.write(f"{path}: no rows, nothing to identify (k-anonymous for any k).")
            return
        group = ", ".join(f"{name}={value}" for name, value in result.group.items())
        if not result.satisfies(k):
            raise CommandError(
                f"{path} is NOT {k}-anonymous: the smallest group has {result.smallest} row(s): "
                f"{group}.",
                returncode=1,
            )
        self.stdout.write(
            f"{path}: {result.rows} rows, {k}-anonymous (smallest group: {result.smallest} rows: "
            f"{group})."
        )
