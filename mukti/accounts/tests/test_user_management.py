from __future__ import annotations

from io import StringIO
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from mukti.accounts.models import Role, User
from mukti.audit.models import AuditAction, AuditRecord

pytestmark = pytest.mark.django_db


def test_an_administrator_creates_a_user_and_sees_a_one_time_password(client_as: Any) -> None:
    response = client_as("administrator").post(
        reverse("accounts:user-create"),
        {"username": "shreya", "first_name": "Shreya", "role": Role.LEGAL_OFFICER},
    )
    assert response.status_code == 200
    password = response.context["password"]
    assert password in response.text
    user = User.objects.get(username="shreya")
    assert user.role == Role.LEGAL_OFFICER
    assert user.must_change_password
    assert user.check_password(password)
    record = AuditRecord.objects.get(action=AuditAction.CREATE, object_id=str(user.pk))
    assert record.actor_label == "admin"
    assert password not in str(record.changes)


def test_a_duplicate_username_is_refused_and_nothing_is_saved(client_as: Any) -> None:
    before = User.objects.count()
    response = client_as("administrator").post(
        reverse("accounts:user-create"), {"username": "MEERA", "role": Role.CASEWORKER}
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


def test_an_administrator_issues_a_new_one_time_password(
    client_as: Any, cast: dict[str, User]
) -> None:
    anjali = cast["other_caseworker"]
    response = client_as("administrator").post(
        reverse("accounts:user-issue-password", args=[anjali.pk])
    )
    anjali.refresh_from_db()
    assert anjali.must_change_password
    assert anjali.check_password(response.context["password"])


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
