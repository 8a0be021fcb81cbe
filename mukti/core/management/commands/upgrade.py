"""`mukti upgrade`: after installing a new version, bring the instance up to it, and check it.

Each step says what it does; the first that fails stops the upgrade with its error, and the
site should stay stopped until it is fixed (docs/deploy.md). Safe to run twice.
"""

from __future__ import annotations

from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser


class Command(BaseCommand):
    help = "Migrate the database, collect static files, check the deployment and the audit chain."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--skip-audit",
            action="store_true",
            help="Do not walk the audit chain (it reads every record: minutes on a large log).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        steps: list[tuple[str, Any]] = [
            ("Migrating the database", lambda: call_command("migrate", interactive=False)),
            (
                "Collecting static files",
                lambda: call_command("collectstatic", interactive=False, verbosity=0),
            ),
            (
                "Checking the deployment settings",
                lambda: call_command("check", deploy=True, fail_level="WARNING"),
            ),
        ]
        if not options["skip_audit"]:
            steps.append(("Verifying the audit chain", lambda: call_command("audit", "verify")))
        for number, (label, run) in enumerate(steps, start=1):
            self.stdout.write(f"[{number}/{len(steps)}] {label}…")
            try:
                run()
            except (CommandError, SystemExit) as error:
                raise CommandError(f"{label} failed: {error}") from error
        self.stdout.write(self.style.SUCCESS("Upgrade complete."))
