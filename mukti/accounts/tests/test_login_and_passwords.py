from __future__ import annotations

import re
from typing import Any

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from mukti.accounts.models import Authenticator, Role, User
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
    assert failed.object_repr == "meera"


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
    link = re.search(r"http://testserver(/accounts/password/reset/\S+/)", mail.outbox[0].body)
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
