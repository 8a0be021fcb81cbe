from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from mukti.backups.management.commands._progress import TableBars
from mukti.backups.services import backup_read, backup_restore, restore_problems
from mukti.core.errors import ApplicationError


class Command(BaseCommand):
    help = (
        "Restore a `mukti backup` archive into a new, migrated, empty instance. Without --yes it "
        "only checks the archive and the database and says what it would do."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", type=Path, help="The .mukti-backup file.")
        parser.add_argument(
            "--yes", action="store_true", help="Restore (replacing every row of this database)."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path = options["path"]
        bars = TableBars(self.stderr)
        try:
            if options["yes"]:
                summary = backup_restore(actor=None, path=path, progress=bars)
            else:
                manifest = backup_read(path=path, progress=bars)
                problems = restore_problems(manifest)
                if problems:
                    raise ApplicationError(f"Cannot restore: {'; '.join(problems)}.")
        except ApplicationError as error:
            raise CommandError(error.message, returncode=2) from None
        finally:
            bars.close()
        if not options["yes"]:
            rows = sum(table["rows"] for table in manifest["tables"])
            self.stdout.write(
                f"The backup is whole: {rows} rows in {len(manifest['tables'])} tables, made "
                f"{manifest['created_at']} on {manifest['database']} (Mukti "
                f"{manifest['mukti_version']}). This database can take it. Nothing was changed; "
                "run again with --yes to restore."
            )
            return
        self.stdout.write(
            f"Restored {summary.rows} rows in {summary.tables} tables from the backup made "
            f"{summary.manifest['created_at']}."
        )
        if not summary.chain.ok:
            hint = (
                " Is MUKTI_AUDIT_KEY the key of the installation the backup came from? The chain "
                "is keyed with it, so it must move with the backup."
                if summary.chain.bad_seq == 1
                else ""
            )
            raise CommandError(
                f"Audit chain broken after the restore: {summary.chain.problem}.{hint}",
                returncode=1,
            )
        self.stdout.write(f"Audit chain intact: {summary.chain.checked} records verified.")
