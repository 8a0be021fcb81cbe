from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from mukti.accounts.models import Organisation, Role
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
        parser.add_argument(
            "--organisation",
            default="",
            help="The organisation (NGO or police unit) the account belongs to; made if new. "
            "Needed once the instance has several.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            with transaction.atomic():
                organisation = None
                if options["organisation"]:
                    organisation, made = Organisation.objects.get_or_create(
                        name=options["organisation"].strip()
                    )
                    if made:
                        self.stdout.write(f"Created the organisation {organisation.name}.")
                user, password = user_create(
                    organisation=organisation,
                    actor=None,
                    username=options["username"],
                    role=options["role"],
                    email=options["email"],
                    first_name=options["first_name"],
                    last_name=options["last_name"],
                )
        except ApplicationError as error:
            raise CommandError(error.message) from None
        self.stdout.write(f"Created {user.username} ({user.role_label}, {user.organisation}).")
        self.stdout.write(f"One-time password: {password}")
