"""The session after the second factor, where the code step sends you, and what browsers keep."""

from __future__ import annotations

from typing import Any

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from mukti.accounts.models import Role, User
from mukti.accounts.services import user_create, user_set_password
from mukti.accounts.tests.test_sign_in_security import (
    NEW_PASSWORD,
    code_now,
    enrolled,
    password_step,
)

pytestmark = pytest.mark.django_db


def session_key(client: Client) -> str:
    return client.cookies[settings.SESSION_COOKIE_NAME].value


def test_the_session_key_changes_when_the_second_factor_is_given(cast: dict[str, User]) -> None:
    device = enrolled(cast["caseworker"])
    client = Client()
    password_step(client, "meera")
    after_password = session_key(client)
    response = client.post(reverse("accounts:two-factor-verify"), {"code": code_now(device)})
    assert response.status_code == 302
    assert session_key(client) != after_password
    # The key known before the code step opens nothing now.
    stale = Client()
    stale.cookies[settings.SESSION_COOKIE_NAME] = after_password
    assert stale.get(reverse("home")).status_code == 302
    assert client.get(reverse("home")).status_code == 200


def test_the_session_key_changes_when_the_authenticator_is_set_up(db: None) -> None:
    user, _one_time = user_create(actor=None, username="newbie", role=Role.CASEWORKER)
    user_set_password(user=user, password=NEW_PASSWORD)
    client = Client()
    password_step(client, "newbie", NEW_PASSWORD)
    client.get(reverse("accounts:two-factor-setup"))
    before = session_key(client)
    device = user.authenticator_set.get(confirmed=False)
    done = client.post(reverse("accounts:two-factor-setup"), {"code": code_now(device)})
    assert done.status_code == 200
    assert session_key(client) != before


@pytest.mark.parametrize(
    "target", ["https://evil.example/phish", "//evil.example/", "/\\evil.example", "javascript:x"]
)
def test_the_recovery_codes_page_continues_only_to_this_site(db: None, target: str) -> None:
    user, _one_time = user_create(actor=None, username="newbie", role=Role.CASEWORKER)
    user_set_password(user=user, password=NEW_PASSWORD)
    client = Client()
    password_step(client, "newbie", NEW_PASSWORD)
    setup = client.get(reverse("accounts:two-factor-setup"), {"next": target})
    assert "evil" not in setup.text and "javascript:" not in setup.text
    device = user.authenticator_set.get(confirmed=False)
    done = client.post(
        reverse("accounts:two-factor-setup"), {"code": code_now(device), "next": target}
    )
    assert done.status_code == 200
    assert "evil" not in done.text and "javascript:" not in done.text
    assert f'href="{reverse("home")}"' in done.text


def test_the_recovery_codes_page_continues_to_a_page_of_this_site(db: None) -> None:
    user, _one_time = user_create(actor=None, username="newbie", role=Role.CASEWORKER)
    user_set_password(user=user, password=NEW_PASSWORD)
    client = Client()
    password_step(client, "newbie", NEW_PASSWORD)
    client.get(reverse("accounts:two-factor-setup"))
    device = user.authenticator_set.get(confirmed=False)
    done = client.post(
        reverse("accounts:two-factor-setup"), {"code": code_now(device), "next": "/directory/"}
    )
    assert 'href="/directory/"' in done.text


def test_the_code_step_does_not_redirect_off_the_site(cast: dict[str, User]) -> None:
    device = enrolled(cast["caseworker"])
    client = Client()
    password_step(client, "meera")
    response = client.post(
        reverse("accounts:two-factor-verify"),
        {"code": code_now(device), "next": "https://evil.example/"},
    )
    assert response["Location"] == reverse("home")


def test_pages_shown_to_a_signed_in_person_are_not_stored(client_as: Any, case: Any) -> None:
    client = client_as("caseworker")
    for url in [reverse("home"), case.get_absolute_url(), reverse("accounts:security")]:
        response = client.get(url)
        assert response.status_code == 200, url
        assert "no-store" in response["Cache-Control"], url
        assert "private" in response["Cache-Control"], url
    fragment = client.get(reverse("deadlines:notifications-badge"), HTTP_HX_REQUEST="true")
    assert "no-store" in fragment["Cache-Control"]
    renewed = client.post(reverse("accounts:recovery-codes-renew"))
    assert "no-store" in renewed["Cache-Control"]
