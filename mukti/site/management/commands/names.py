from __future__ import annotations

from typing import Any

from django.apps import apps
from django.core.management.base import BaseCommand, CommandParser
from django.db import transaction


class Command(BaseCommand):
    help = (
        "`mukti names rebuild`: recompute every blind index of names, phones and places "
        "(survivors and accused persons) under the newest field key, from the encrypted values."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["rebuild"])

    def handle(self, *args: Any, **options: Any) -> None:
        for config in apps.get_app_configs():
            rebuild = getattr(config, "rebuild_blind_indexes", None)
            if rebuild is not None:
                with transaction.atomic():
                    count = rebuild()
                self.stdout.write(f"{config.verbose_name}: {count} re-indexed.")
