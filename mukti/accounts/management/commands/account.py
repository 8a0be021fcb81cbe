from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from mukti.accounts import services
from mukti.accounts.models import User
from mukti.core.errors import ApplicationError


class Command(BaseCommand):
    help = (
        "Help someone who cannot sign in, from the server (for example the only administrator): "
        "unlock the account, reset two-factor sign-in, end every session, or issue a one-time "
        "password. Each is audited with the reason given."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")
        what = parser.add_mutually_exclusive_group(required=True)
        what.add_argument("--unlock", action="store_true")
        what.add_argument("--reset-two-factor", action="store_true")
        what.add_argument("--sign-out-everywhere", action="store_true")
        what.add_argument("--one-time-password", action="store_true")
        parser.add_argument("--reason", required=True, help="recorded in the audit log")

    def handle(self, *args: Any, **options: Any) -> None:
        user = User.objects.filter(username__iexact=options["username"]).first()
        if user is None:
            raise CommandError(f"No user is called {options['username']!r}.")
        reason = options["reason"].strip()
        if len(reason) < 5:
            raise CommandError("Give a reason of a few words: it is recorded in the audit log.")
        try:
            if options["unlock"]:
                services.user_unlock(actor=None, user=user, reason=reason)
                self.stdout.write(f"{user.username} can sign in again.")
            elif options["reset_two_factor"]:
                services.two_factor_reset(actor=None, user=user, reason=reason)
                self.stdout.write(
                    f"{user.username} will set up two-factor sign-in at the next sign-in; "
                    "every session has ended."
                )
            elif options["sign_out_everywhere"]:
                services.user_end_sessions(actor=None, user=user, reason=reason)
                self.stdout.write(f"{user.username} is signed out everywhere.")
            else:
                password = services.user_issue_password(actor=None, user=user)
                self.stdout.write(f"One-time password for {user.username}: {password}")
        except ApplicationError as error:
            raise CommandError(error.message) from None
