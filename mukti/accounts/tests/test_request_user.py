"""The user and the second factor of every request, read through queries compiled once per
connection (``accounts.backends``, ``accounts.middleware.OTPMiddleware``; issue 24), decide as
Django and django-otp do: a deactivated or deleted account is signed out, and a session whose
authenticator was removed, unconfirmed or is another person's is no longer verified."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth import BACKEND_SESSION_KEY, SESSION_KEY
from django.test import Client
from django.urls import reverse
from django_otp import DEVICE_ID_SESSION_KEY

from mukti.accounts.models import Authenticator, User
from mukti.accounts.testing import sign_in
from mukti.conftest import PASSWORD

pytestmark = pytest.mark.django_db

HOME = "/"
LOGIN = reverse("accounts:login")
VERIFY = reverse("accounts:two-factor-verify")
SETUP = reverse("accounts:two-factor-setup")


@pytest.fixture
def meera(cast: dict[str, User]) -> Client:
    client = sign_in(Client(), cast["caseworker"])
    for _ in range(2):  # the queries compiled, then only run
        assert client.get(HOME).status_code == 200
    return client


def test_a_deactivated_or_deleted_account_is_signed_out(meera: Client, cast: Any) -> None:
    user = cast["caseworker"]
    User.objects.filter(pk=user.pk).update(is_active=False)
    assert meera.get(HOME)["Location"].startswith(LOGIN)
    other = sign_in(Client(), cast["other_caseworker"])
    assert other.get(HOME).status_code == 200
    session = other.session
    session[SESSION_KEY] = "999999"  # an account that is no more (accounts are never deleted)
    session.save()
    assert other.get(HOME)["Location"].startswith(LOGIN)


@pytest.mark.parametrize("change", ["removed", "unconfirmed", "another person's"])
def test_a_session_whose_authenticator_changed_is_no_longer_verified(
    meera: Client, cast: Any, change: str
) -> None:
    device = Authenticator.objects.get(user=cast["caseworker"])
    if change == "removed":
        device.delete()
    elif change == "unconfirmed":
        Authenticator.objects.filter(pk=device.pk).update(confirmed=False)
    else:
        Authenticator.objects.filter(pk=device.pk).update(user=cast["supervisor"])
    answer = meera.get(HOME)
    assert answer.status_code == 302
    assert answer["Location"].split("?")[0] in (VERIFY, SETUP)  # a step of the sign-in is owed
    assert DEVICE_ID_SESSION_KEY not in meera.session  # django-otp's own bookkeeping
    assert meera.get(reverse("cases:case-list")).status_code == 302


def test_a_device_id_of_another_kind_is_read_as_django_otp_reads_it(
    meera: Client, cast: Any
) -> None:
    session = meera.session
    session[DEVICE_ID_SESSION_KEY] = "otp_static.staticdevice/999999"
    session.save()
    assert meera.get(HOME)["Location"].split("?")[0] in (VERIFY, SETUP)
    assert DEVICE_ID_SESSION_KEY not in meera.session


def test_the_backend_signs_in_through_the_login_form(client: Client, cast: Any) -> None:
    """The password step through the real form: the session names this backend."""
    assert client.post(LOGIN, {"username": "meera", "password": PASSWORD}).status_code == 302
    assert client.session[BACKEND_SESSION_KEY] == "mukti.accounts.backends.ModelBackend"
    assert client.get(HOME)["Location"].split("?")[0] in (VERIFY, SETUP)  # the second factor owed
