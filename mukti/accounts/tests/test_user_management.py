from __future__ import annotations

import re
from io import StringIO
from typing import Any

import pytest
from django.core import mail
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from mukti.accounts.models import Role, User
from mukti.audit.models import AuditAction, AuditRecord
from mukti.conftest import make_user
from mukti.core.tests.queries import queries_of

pytestmark = pytest.mark.django_db


def link_in(message: Any) -> str:
    match = re.search(r"https?://testserver(/accounts/password/reset/\S+/\S+/)", message.body)
    assert match is not None, message.body
    return match.group(1)


def test_an_administrator_creates_a_user_whose_password_link_goes_only_to_her(
    client_as: Any, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        response = client_as("administrator").post(
            reverse("accounts:user-create"),
            {
                "username": "shreya",
                "first_name": "Shreya",
                "role": Role.SUPERVISOR,
                "email": "shreya@example.org",
            },
            follow=True,
        )
    assert "A link to choose a password was e-mailed to shreya@example.org" in response.text
    user = User.objects.get(username="shreya")
    assert user.role == Role.SUPERVISOR and user.must_change_password
    # The administrator is shown no password and no link; the owner gets the link by e-mail.
    assert "password" not in (response.context or {})
    [message] = mail.outbox
    assert message.to == ["shreya@example.org"]
    link = link_in(message)
    assert link not in response.text
    owner = Client()
    form = owner.get(link, follow=True)
    assert form.status_code == 200
    done = owner.post(
        form.redirect_chain[-1][0],
        {
            "new_password1": "a-long-passphrase-of-hers",
            "new_password2": "a-long-passphrase-of-hers",
        },
    )
    assert done.status_code == 302
    user.refresh_from_db()
    assert user.check_password("a-long-passphrase-of-hers") and not user.must_change_password
    assert owner.get(link, follow=True).context["validlink"] is False  # it works once
    record = AuditRecord.objects.get(action=AuditAction.CREATE, object_id=str(user.pk))
    assert record.actor_label == "admin"
    sent = AuditRecord.objects.get(action=AuditAction.PASSWORD_LINK, object_id=str(user.pk))
    assert sent.reason == "to shreya@example.org"


def test_an_account_without_an_email_address_is_not_created_on_the_web(client_as: Any) -> None:
    before = User.objects.count()
    response = client_as("administrator").post(
        reverse("accounts:user-create"), {"username": "shreya", "role": Role.SUPERVISOR}
    )
    assert response.status_code == 200
    assert "Give an e-mail address" in response.text
    assert "mukti account NAME --one-time-password" in response.text
    assert User.objects.count() == before


def test_a_duplicate_username_is_refused_and_nothing_is_saved(client_as: Any) -> None:
    before = User.objects.count()
    response = client_as("administrator").post(
        reverse("accounts:user-create"),
        {"username": "MEERA", "role": Role.CASEWORKER, "email": "m@example.org"},
    )
    assert response.status_code == 200
    assert "The username “MEERA” is already taken" in response.text
    assert User.objects.count() == before


def test_an_administrator_changes_a_role(client_as: Any, cast: dict[str, User]) -> None:
    anjali = cast["other_caseworker"]
    response = client_as("administrator").post(
        reverse("accounts:user-edit", args=[anjali.pk]),
        {"first_name": "Anjali", "role": Role.SUPERVISOR, "is_active": "on", "version": 1},
    )
    assert response.status_code == 302
    anjali.refresh_from_db()
    assert anjali.role == Role.SUPERVISOR
    assert anjali.version == 2
    record = AuditRecord.objects.get(action=AuditAction.UPDATE, object_id=str(anjali.pk))
    assert record.changes["role"] == [Role.CASEWORKER, Role.SUPERVISOR]


def test_the_last_administrator_cannot_be_demoted(client_as: Any, cast: dict[str, User]) -> None:
    admin = cast["administrator"]
    response = client_as("administrator").post(
        reverse("accounts:user-edit", args=[admin.pk]),
        {"role": Role.CASEWORKER, "is_active": "on", "version": admin.version},
    )
    assert response.status_code == 200
    assert "the only active administrator" in response.text
    admin.refresh_from_db()
    assert admin.role == Role.ADMINISTRATOR


def test_a_stale_edit_is_refused_naming_who_changed_it(
    client_as: Any, cast: dict[str, User]
) -> None:
    anjali = cast["other_caseworker"]
    admin_client = client_as("administrator")
    url = reverse("accounts:user-edit", args=[anjali.pk])
    first = {"first_name": "Anjali", "role": Role.CASEWORKER, "is_active": "on", "version": 1}
    assert admin_client.post(url, {**first, "phone": "1"}).status_code == 302
    response = admin_client.post(url, {**first, "last_name": "Overwritten"})
    assert response.status_code == 200
    assert "This record was changed by Admin at" in response.text
    anjali.refresh_from_db()
    assert anjali.last_name == ""


def test_a_forgotten_password_gets_a_link_by_email_not_a_password_on_screen(
    client_as: Any, cast: dict[str, User], django_capture_on_commit_callbacks: Any
) -> None:
    anjali = cast["other_caseworker"]
    anjali.email = "anjali@example.org"
    anjali.save(update_fields=["email"])
    old_password = anjali.password
    with django_capture_on_commit_callbacks(execute=True):
        response = client_as("administrator").post(
            reverse("accounts:user-issue-password", args=[anjali.pk]), follow=True
        )
    assert "A link to choose a new password was e-mailed to anjali@example.org" in response.text
    anjali.refresh_from_db()
    assert anjali.password == old_password  # nothing the administrator could sign in with
    [message] = mail.outbox
    assert message.to == ["anjali@example.org"] and link_in(message) not in response.text
    # Without an address, nothing is sent and the server operator is named instead.
    meera = cast["caseworker"]
    response = client_as("administrator").post(
        reverse("accounts:user-issue-password", args=[meera.pk]), follow=True
    )
    assert "Give an e-mail address" in response.text and len(mail.outbox) == 1


def test_the_server_operator_still_issues_a_one_time_password(cast: dict[str, User]) -> None:
    out = StringIO()
    call_command(
        "account", "rupa", "--one-time-password", "--reason", "no e-mail in the field", stdout=out
    )
    password = out.getvalue().split("One-time password for rupa: ")[1].strip()
    rupa = User.objects.get(username="rupa")
    assert rupa.check_password(password) and rupa.must_change_password


def test_only_administrators_manage_users(client_as: Any) -> None:
    for role in ("caseworker", "supervisor", "data_officer"):
        assert client_as(role).get(reverse("accounts:user-list")).status_code == 403


def test_createuser_prints_a_one_time_password(db: None) -> None:
    out = StringIO()
    call_command("createuser", "nadia", "--role", "caseworker", stdout=out)
    password = out.getvalue().split("One-time password: ")[1].strip()
    assert User.objects.get(username="nadia").check_password(password)
    with pytest.raises(CommandError, match="already taken"):
        call_command("createuser", "nadia", "--role", "caseworker", stdout=StringIO())


def test_the_user_list_issues_a_fixed_number_of_queries(client_as: Any) -> None:
    client, url = client_as("administrator"), reverse("accounts:user-list")
    client_as("caseworker")  # signed in once: her two-factor sign-in is on
    small = queries_of(client, url)
    for n in range(12):
        make_user(
            f"user{n}", (Role.CASEWORKER, Role.SUPERVISOR)[n % 2], is_active=bool(n % 3),
            locked_at=timezone.now() if n % 4 == 1 else None,
        )  # fmt: skip
    page = client.get(url).text
    assert "user11" in page and "locked" in page and "inactive" in page
    assert queries_of(client, url) == small == 4  # session, user, 2FA device, the users
