from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from mukti.accounts.models import Role
from mukti.accounts.services import user_create
from mukti.core.errors import ApplicationError


class Command(BaseCommand):
    help = "Create a user with a role and print a one-time password (changed at first login)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")
        parser.add_argument("--role", required=True, choices=Role.values)
        parser.add_argument("--email", default="")
        parser.add_argument("--first-name", default="")
        parser.add_argument("--last-name", default="")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            with transaction.atomic():
                user, password = user_create(
                    actor=None,
                    username=options["username"],
                    role=options["role"],
                    email=options["email"],
                    first_name=options["first_name"],
                    last_name=options["last_name"],
                )
        except ApplicationError as error:
            raise CommandError(error.message) from None
        self.stdout.write(f"Created {user.username} ({user.role_label}).")
        self.stdout.write(f"One-time password: {password}")
