"""Fictional demo staff, one or two per role. Idempotent like the demo directory."""

from __future__ import annotations

from django.db import transaction

from mukti.accounts.models import Organisation, Role, User
from mukti.accounts.services import user_create

ADMIN_USERNAME = "admin"
# Two fictional organisations: the NGO whose cases the demo holds, and a partner across the
# border that shares the instance and sees none of them.
DEMO_NGO = "Sundarban Rescue Network (demo)"
DEMO_PARTNER = "Jessore Reintegration Trust (demo)"

# (username, first name, last name, role, organisation)
DEMO_USERS: list[tuple[str, str, str, str, str]] = [
    (ADMIN_USERNAME, "Demo", "Administrator", Role.ADMINISTRATOR, DEMO_NGO),
    ("meera", "Meera", "Banerjee", Role.CASEWORKER, DEMO_NGO),
    ("anjali", "Anjali", "Mukherjee", Role.CASEWORKER, DEMO_NGO),
    ("rupa", "Rupa", "Sen", Role.SUPERVISOR, DEMO_NGO),
    ("farida", "Farida", "Khatun", Role.LEGAL_OFFICER, DEMO_NGO),
    ("tanusree", "Tanusree", "Pal", Role.AFTERCARE_OFFICER, DEMO_NGO),
    ("imran", "Imran", "Sheikh", Role.DATA_OFFICER, DEMO_NGO),
    ("nasrin", "Nasrin", "Akter", Role.SUPERVISOR, DEMO_PARTNER),
]

# The partner across the border reads the pages in Bengali.
DEMO_LANGUAGES = {"nasrin": "bn"}


@transaction.atomic
def users_load_demo() -> User:
    """Create the missing demo users (each with a one-time password nobody is told) and return
    the administrator."""
    existing = set(User.objects.values_list("username", flat=True))
    for username, first, last, role, organisation in DEMO_USERS:
        if username not in existing:
            user_create(
                actor=None,
                organisation=Organisation.objects.get_or_create(name=organisation)[0],
                username=username,
                first_name=first,
                last_name=last,
                role=role,
                email=f"{username}@demo.mukti.invalid",
            )
            if username in DEMO_LANGUAGES:
                User.objects.filter(username=username).update(language=DEMO_LANGUAGES[username])
    return User.objects.get(username=ADMIN_USERNAME)


def demo_users_never_signed_in() -> list[User]:
    names = [username for username, *_ in DEMO_USERS if username != ADMIN_USERNAME]
    return list(User.objects.filter(username__in=names, last_login=None).order_by("pk"))
