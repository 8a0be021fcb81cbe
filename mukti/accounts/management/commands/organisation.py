from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import IntegrityError, transaction
from django.db.models import Count

from mukti.accounts.models import Organisation
from mukti.audit.models import AuditAction
from mukti.audit.services import audit_record


class Command(BaseCommand):
    help = (
        "The organisations sharing this instance: `list` them with their number of accounts and "
        "cases, or `rename OLD NEW`. New ones are made by `mukti createuser --organisation`."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["list", "rename"])
        parser.add_argument("names", nargs="*", help="rename: the current name, then the new one")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "list":
            rows = Organisation.objects.annotate(
                accounts=Count("users", distinct=True), case_count=Count("cases", distinct=True)
            )
            for row in rows:
                self.stdout.write(f"{row.name}: {row.accounts} accounts, {row.case_count} cases")
            return
        if len(options["names"]) != 2:
            raise CommandError("rename needs the current name and the new one.")
        old, new = (name.strip() for name in options["names"])
        try:
            with transaction.atomic():
                organisation = Organisation.objects.select_for_update().get(name=old)
                organisation.name = new
                organisation.save(update_fields=["name"])
                audit_record(
                    actor=None,
                    action=AuditAction.UPDATE,
                    obj=organisation,
                    changes={"name": [old, new]},
                )
        except Organisation.DoesNotExist:
            raise CommandError(f"There is no organisation named {old!r}.") from None
        except IntegrityError:
            raise CommandError(f"An organisation named {new!r} exists already.") from None
        self.stdout.write(f"Renamed {old} to {new}.")
