from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from tqdm import tqdm

from mukti.audit.models import AuditRecord
from mukti.audit.services import verify_chain


class Command(BaseCommand):
    help = "Work with the audit log. `mukti audit verify` checks the hash chain end to end."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="subcommand", required=True)
        sub.add_parser("verify", help="Walk the chain; exit 1 naming the first bad record.")

    def handle(self, *args: Any, **options: Any) -> None:
        total = AuditRecord.objects.count()
        with tqdm(total=total, unit="rec", desc="Verifying", disable=None, file=self.stderr) as bar:
            result = verify_chain(on_record=lambda: bar.update(1))
        if not result.ok:
            raise CommandError(f"Audit chain broken: {result.problem}.", returncode=1)
        self.stdout.write(f"Audit chain intact: {result.checked} records verified.")
