from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from mukti.backups.management.commands._progress import TableBars
from mukti.backups.services import backup_default_path, backup_write
from mukti.core.errors import ApplicationError


class Command(BaseCommand):
    help = (
        "Write the whole database into one archive encrypted with MUKTI_BACKUP_KEY "
        "(default: var/backups/mukti-YYYYMMDD-HHMMSS.mukti-backup). See docs/backup.md."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--output", type=Path, help="Where to write the archive.")

    def handle(self, *args: Any, **options: Any) -> None:
        path = options["output"] or backup_default_path()
        bars = TableBars(self.stderr)
        try:
            summary = backup_write(actor=None, path=path, progress=bars)
        except ApplicationError as error:
            raise CommandError(error.message, returncode=2) from None
        finally:
            bars.close()
        self.stdout.write(
            f"Backup written to {summary.path}: {summary.rows} rows in {summary.tables} tables, "
            f"{summary.size} bytes (SHA-256 {summary.sha256})."
        )
