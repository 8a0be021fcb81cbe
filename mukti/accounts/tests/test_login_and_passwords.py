from __future__ import annotations

import re
from io import StringIO
from typing import Any

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.urls import reverse

from mukti.accounts.models import Authenticator, LoginFailure, Role, User
from mukti.accounts.services import user_create
from mukti.accounts.tests.test_sign_in_security import code_now
from mukti.audit.models import AuditAction, AuditRecord
from mukti.conftest import PASSWORD

pytestmark = pytest.mark.django_db
NEW_PASSWORD = "a-much-longer-passphrase-2026"


def test_it_sends_anonymous_visitors_to_the_login_page(client: Client) -> None:
    response = client.get(reverse("directory:index"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_a_user_logs_in_and_out_and_both_are_audited(cast: dict[str, User]) -> None:
    device = Authenticator.objects.create(user=cast["caseworker"], name="app", confirmed=True)
    client = Client()
    response = client.post(
        reverse("accounts:login"), {"username": "meera", "password": PASSWORD}, follow=True
    )
    assert "Open the authenticator app" in response.text
    response = client.post(
        reverse("accounts:two-factor-verify"), {"code": code_now(device)}, follow=True
    )
    assert response.status_code == 200
    assert "Welcome, Meera" in response.text
    client.post(reverse("accounts:logout"))
    assert client.get(reverse("home")).status_code == 302
    actions = list(
        AuditRecord.objects.filter(actor=cast["caseworker"]).values_list("action", flat=True)
    )
    assert AuditAction.LOGIN in actions and AuditAction.LOGOUT in actions


def test_a_wrong_password_is_refused_in_plain_words_and_audited(cast: dict[str, User]) -> None:
    response = Client().post(reverse("accounts:login"), {"username": "meera", "password": "nope"})
    assert response.status_code == 200
    assert "Please enter a correct username and password" in response.text
    failed = AuditRecord.objects.get(action=AuditAction.LOGIN_FAILED)
    assert (failed.object_id, failed.object_repr) == (str(cast["caseworker"].pk), "meera")


def test_a_password_typed_as_the_username_is_never_kept(cast: dict[str, User]) -> None:
    """People type their password into the username box: the text must not reach the audit
    chain (kept for ever) nor the throttling table, only a keyed hash of it."""
    secret = "Tahmina-Basirhat-2024!"
    Client().post(reverse("accounts:login"), {"username": secret, "password": "x"})
    Client().post(reverse("accounts:login"), {"username": secret.upper(), "password": "y"})
    first, second = AuditRecord.objects.filter(action=AuditAction.LOGIN_FAILED).order_by("seq")
    assert first.object_repr.startswith("unknown username ") and first.object_id == ""
    assert first.object_repr == second.object_repr  # the same name, told apart from others
    out = StringIO()
    call_command("audit", "digest", secret, stdout=out)
    assert out.getvalue().strip() == first.object_repr
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM audit_auditrecord")
        audit_rows = repr(cursor.fetchall())
        cursor.execute("SELECT * FROM accounts_loginfailure")
        failure_rows = repr(cursor.fetchall())
    for rows in (audit_rows, failure_rows):
        assert secret.lower() not in rows.lower() and "tahmina" not in rows.lower()
    assert LoginFailure.objects.count() == 2


def test_a_one_time_password_must_be_changed_before_anything_else(db: None) -> None:
    user, one_time = user_create(actor=None, username="newbie", role=Role.CASEWORKER)
    client = Client()
    client.post(reverse("accounts:login"), {"username": "newbie", "password": one_time})
    response = client.get(reverse("directory:index"))
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:password-change") + "?next=%2Fdirectory%2F"
    # An htmx fragment is not answered with the form (it would land inside the page).
    fragment = client.get(reverse("deadlines:notifications-badge"), HTTP_HX_REQUEST="true")
    assert fragment.status_code == 204
    assert fragment["HX-Redirect"] == reverse("accounts:password-change")
    assert "hx-get" not in client.get(reverse("accounts:password-change")).text
    response = client.post(
        reverse("accounts:password-change"),
        {"old_password": one_time, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert not user.must_change_password
    assert user.check_password(NEW_PASSWORD)
    # The session survived; the next step is setting up two-factor sign-in.
    response = client.get(reverse("directory:index"))
    assert response["Location"].startswith(reverse("accounts:two-factor-setup"))
    assert AuditRecord.objects.filter(action=AuditAction.PASSWORD_CHANGE, actor=user).exists()


def test_it_refuses_a_short_new_password_with_the_reason(client_as: Any) -> None:
    client = client_as("caseworker")
    response = client.post(
        reverse("accounts:password-change"),
        {"old_password": PASSWORD, "new_password1": "short", "new_password2": "short"},
    )
    assert response.status_code == 200
    assert "at least 12 characters" in response.text
    assert 'aria-invalid="true"' in response.text


def test_a_forgotten_password_is_reset_through_an_emailed_link(cast: dict[str, User]) -> None:
    meera = cast["caseworker"]
    meera.email = "meera@example.org"
    meera.save()
    client = Client()
    response = client.post(reverse("accounts:password-reset"), {"email": "meera@example.org"})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    link = re.search(r"http://testserver(/accounts/password/reset/\S+/)", str(mail.outbox[0].body))
    assert link is not None
    response = client.get(link.group(1), follow=True)
    form_url = response.redirect_chain[-1][0]
    response = client.post(form_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert response.status_code == 302
    meera.refresh_from_db()
    assert meera.check_password(NEW_PASSWORD)
    assert AuditRecord.objects.filter(action=AuditAction.PASSWORD_RESET, actor=meera).exists()
    # The link works once.
    response = client.get(link.group(1), follow=True)
    assert "This link no longer works" in response.text


def test_a_reset_request_for_an_unknown_address_reveals_nothing(db: None) -> None:
    response = Client().post(reverse("accounts:password-reset"), {"email": "who@example.org"})
    assert response.status_code == 302
    assert mail.outbox == []


def test_passwords_are_stored_with_argon2(settings: Any, db: None) -> None:
    settings.PASSWORD_HASHERS = [
        "django.contrib.auth.hashers.Argon2PasswordHasher",
        "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    ]
    user, _ = user_create(actor=None, username="hashcheck", role=Role.CASEWORKER)
    assert user.password.startswith("argon2$")
