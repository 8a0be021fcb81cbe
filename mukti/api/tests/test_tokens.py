"""Personal API tokens: made on the security page, shown once, kept hashed, refused once
expired or revoked, and never more than their owner."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable
from typing import Any

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from mukti.accounts.models import User
from mukti.api.models import ApiToken
from mukti.api.services import token_revoke
from mukti.api.tests.conftest import make_token
from mukti.audit.models import AuditAction, AuditRecord

pytestmark = pytest.mark.django_db


def bearer(token: str) -> Client:
    return Client(HTTP_AUTHORIZATION=f"Bearer {token}")


def test_a_token_made_on_the_page_is_shown_once_and_kept_hashed(
    client_as: Callable[[str], Client], cast: dict[str, User]
) -> None:
    client = client_as("caseworker")
    expires = timezone.localdate() + dt.timedelta(days=30)
    response = client.post(
        reverse("api:token-list"),
        {"name": "district sheet", "expires_on": f"{expires:%Y-%m-%d}", "can_write": "0"},
    )
    assert response.status_code == 200
    secret = response.context["secret"]
    assert secret.startswith("mk_")
    token = ApiToken.objects.get()
    assert token.digest == hashlib.sha256(secret.encode()).hexdigest()
    assert secret not in str(token.__dict__)
    assert not token.can_write
    assert AuditRecord.objects.filter(
        action=AuditAction.CREATE, object_type="api.apitoken", actor=cast["caseworker"]
    ).exists()
    again = client.get(reverse("api:token-list"))
    assert secret not in again.content.decode()
    assert "district sheet" in again.content.decode()


def test_a_token_lasts_at_most_a_year(client_as: Callable[[str], Client]) -> None:
    too_late = timezone.localdate() + dt.timedelta(days=400)
    response = client_as("caseworker").post(
        reverse("api:token-list"),
        {"name": "forever", "expires_on": f"{too_late:%Y-%m-%d}", "can_write": "1"},
    )
    assert "A token lasts at most a year" in response.content.decode()
    assert not ApiToken.objects.exists()


def test_the_security_page_links_to_the_tokens(client_as: Callable[[str], Client]) -> None:
    page = client_as("caseworker").get(reverse("accounts:security"))
    assert reverse("api:token-list") in page.content.decode()


def test_first_use_is_audited_once_and_last_use_shown(cast: dict[str, User], case: Any) -> None:
    client = bearer(make_token(cast["caseworker"]))
    for _ in range(2):
        assert client.get(reverse("api-v1:case-list")).status_code == 200
    token = ApiToken.objects.get()
    assert token.last_used_at is not None
    assert (
        AuditRecord.objects.filter(action=AuditAction.LOGIN, object_id=str(token.pk)).count() == 1
    )


def test_an_expired_token_is_refused(cast: dict[str, User], case: Any) -> None:
    client = bearer(make_token(cast["caseworker"]))
    with time_machine.travel(timezone.now() + dt.timedelta(days=31)):
        response = client.get(reverse("api-v1:case-list"))
    assert response.status_code == 401
    assert response.json()["error"]["message"] == "This token is unknown, expired or revoked."
    assert response["WWW-Authenticate"].startswith("Bearer")


def test_a_revoked_token_is_refused_and_the_revocation_audited(
    cast: dict[str, User], case: Any
) -> None:
    client = bearer(make_token(cast["caseworker"]))
    token = ApiToken.objects.get()
    token_revoke(actor=cast["caseworker"], token=token)
    assert client.get(reverse("api-v1:case-list")).status_code == 401
    assert AuditRecord.objects.filter(
        action=AuditAction.UPDATE, object_type="api.apitoken", object_id=str(token.pk)
    ).exists()


def test_no_token_or_a_made_up_one_gets_401(case: Any) -> None:
    assert Client().get(reverse("api-v1:case-list")).status_code == 401
    assert bearer("mk_0000000000_guess").get(reverse("api-v1:case-list")).status_code == 401


def test_a_signed_in_session_opens_no_api(client_as: Callable[[str], Client], case: Any) -> None:
    """The API reads tokens only: a browser's cookie cannot be ridden by another site."""
    assert client_as("caseworker").get(reverse("api-v1:case-list")).status_code == 401


def test_an_administrator_revokes_anyones_token_but_a_caseworker_cannot(
    cast: dict[str, User], client_as: Callable[[str], Client]
) -> None:
    make_token(cast["caseworker"])
    token = ApiToken.objects.get()
    url = reverse("api:token-revoke", args=[token.pk])
    assert client_as("other_caseworker").post(url).status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None
    admin = client_as("administrator")
    assert token.name in admin.get(reverse("api:token-admin")).content.decode()
    assert admin.post(url).status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert token.revoked_by == cast["administrator"]


def test_a_deactivated_persons_token_stops_working(cast: dict[str, User], case: Any) -> None:
    client = bearer(make_token(cast["caseworker"]))
    User.objects.filter(pk=cast["caseworker"].pk).update(is_active=False)
    assert client.get(reverse("api-v1:case-list")).status_code == 401


def test_over_the_rate_limit_answers_429_with_retry_after(
    cast: dict[str, User], case: Any, settings: Any
) -> None:
    settings.MUKTI_API_RATE_PER_MINUTE = 3
    client = bearer(make_token(cast["caseworker"]))
    with time_machine.travel(timezone.now().replace(second=10), tick=False):
        codes = [client.get(reverse("api-v1:case-list")).status_code for _ in range(4)]
        refused = client.get(reverse("api-v1:case-list"))
    assert codes == [200, 200, 200, 429]
    assert refused["Retry-After"] == "50"
    assert "Too many requests" in refused.json()["error"]["message"]
    with time_machine.travel(timezone.now() + dt.timedelta(minutes=1)):
        assert client.get(reverse("api-v1:case-list")).status_code == 200
