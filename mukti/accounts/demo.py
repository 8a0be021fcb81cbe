"""Fictional demo staff, one or two per role. Idempotent like the demo directory."""

from __future__ import annotations

from django.db import transaction

from mukti.accounts.models import Role, User
from mukti.accounts.services import user_create

ADMIN_USERNAME = "admin"

# (username, first name, last name, role)
DEMO_USERS: list[tuple[str, str, str, str]] = [
    (ADMIN_USERNAME, "Demo", "Administrator", Role.ADMINISTRATOR),
    ("meera", "Meera", "Banerjee", Role.CASEWORKER),
    ("anjali", "Anjali", "Mukherjee", Role.CASEWORKER),
    ("rupa", "Rupa", "Sen", Role.SUPERVISOR),
    ("farida", "Farida", "Khatun", Role.LEGAL_OFFICER),
    ("tanusree", "Tanusree", "Pal", Role.AFTERCARE_OFFICER),
    ("imran", "Imran", "Sheikh", Role.DATA_OFFICER),
]


@transaction.atomic
def users_load_demo() -> User:
    """Create the missing demo users (each with a one-time password nobody is told) and return
    the administrator."""
    existing = set(User.objects.values_list("username", flat=True))
    for username, first, last, role in DEMO_USERS:
        if username not in existing:
            user_create(
                actor=None,
                username=username,
                first_name=first,
                last_name=last,
                role=role,
                email=f"{username}@demo.mukti.invalid",
            )
    return User.objects.get(username=ADMIN_USERNAME)


def demo_users_never_signed_in() -> list[User]:
    names = [username for username, *_ in DEMO_USERS if username != ADMIN_USERNAME]
    return list(User.objects.filter(username__in=names, last_login=None).order_by("pk"))
