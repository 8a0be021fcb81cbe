"""Two-factor sign-in, lockout after failed sign-ins, session expiry and signing out everywhere.

Everything here goes through the real forms, as a person signing in would.
"""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_otp.oath import totp

from mukti.accounts import services
from mukti.accounts.models import (
    Authenticator,
    RecoveryCode,
    Role,
    TwoFactorResetRequest,
    User,
)
from mukti.accounts.services import user_create
from mukti.accounts.testing import sign_in
from mukti.audit.models import AuditAction, AuditRecord
from mukti.conftest import PASSWORD

pytestmark = pytest.mark.django_db
NEW_PASSWORD = "a-much-longer-passphrase-2026"
LOCKED = "This account is locked after too many failed sign-ins"


def code_now(device: Authenticator, offset: int = 0) -> str:
    """What the person's authenticator app shows (offset in 30-second steps)."""
    token = totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits, drift=offset)
    return f"{token:06d}"


def enrolled(user: User) -> Authenticator:
    return Authenticator.objects.create(user=user, name="authenticator", confirmed=True)


def password_step(client: Client, username: str, password: str = PASSWORD, **extra: Any) -> Any:
    return client.post(
        reverse("accounts:login"), {"username": username, "password": password}, **extra
    )


def test_a_new_user_sets_up_two_factor_after_choosing_a_password(db: None) -> None:
    user, one_time = user_create(actor=None, username="newbie", role=Role.CASEWORKER)
    client = Client()
    password_step(client, "newbie", one_time)
    response = client.post(
        reverse("accounts:password-change"),
        {"old_password": one_time, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    # Nothing opens before the authenticator is set up.
    response = client.get(reverse("directory:index"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:two-factor-setup"))
    page = client.get(response["Location"])
    assert "<svg" in page.text and "<script" not in page.text.split("<main")[1].split("</main")[0]
    secret = re.search(r'data-testid="two-factor-secret">([A-Z2-7 ]+)<', page.text)
    assert secret is not None
    device = Authenticator.objects.get(user=user, confirmed=False)
    # The key shown is the device's key, so any authenticator app can be set up from the text.
    assert (
        secret.group(1).replace(" ", "") == __import__("base64").b32encode(device.bin_key).decode()
    )
    # A reload shows the same key (an app set up from the first view still works).
    assert secret.group(1) in client.get(reverse("accounts:two-factor-setup")).text

    wrong = client.post(reverse("accounts:two-factor-setup"), {"code": "000000"})
    assert "That code is not the one your app shows now" in wrong.text
    assert not Authenticator.objects.filter(user=user, confirmed=True).exists()

    done = client.post(
        reverse("accounts:two-factor-setup"), {"code": code_now(device), "next": "/directory/"}
    )
    assert done.status_code == 200
    codes = re.findall(r"<li>((?:[0-9a-hjkmnp-tv-z]{4}-){3}[0-9a-hjkmnp-tv-z]{4})</li>", done.text)
    assert len(codes) == 10
    assert client.get(reverse("directory:index")).status_code == 200
    assert AuditRecord.objects.filter(action=AuditAction.TWO_FACTOR_ENROL, actor=user).exists()


def test_a_password_alone_opens_nothing_until_the_code_is_given(cast: dict[str, User]) -> None:
    meera = cast["caseworker"]
    device = enrolled(meera)
    client = Client()
    response = password_step(client, "meera")
    assert response.status_code == 302
    response = client.get("/cases/?q=x")
    assert response.status_code == 302
    verify = reverse("accounts:two-factor-verify")
    assert response["Location"] == f"{verify}?next=%2Fcases%2F%3Fq%3Dx"
    # An htmx fragment navigates instead of swapping the form into the page.
    fragment = client.get(reverse("deadlines:notifications-badge"), HTTP_HX_REQUEST="true")
    assert fragment.status_code == 204 and fragment["HX-Redirect"] == verify
    assert client.post(reverse("cases:case-create"), {}).status_code == 302

    wrong = client.post(verify, {"code": "123456"})
    assert "That code is not right" in wrong.text
    right = client.post(verify, {"code": code_now(device), "next": "/cases/?q=x"})
    assert right.status_code == 302 and right["Location"] == "/cases/?q=x"
    assert client.get("/cases/").status_code == 200


def test_a_code_works_only_once(cast: dict[str, User]) -> None:
    device = enrolled(cast["caseworker"])
    code = code_now(device)
    first = Client()
    password_step(first, "meera")
    assert first.post(reverse("accounts:two-factor-verify"), {"code": code}).status_code == 302
    second = Client()  # someone who saw the code over her shoulder
    password_step(second, "meera")
    replay = second.post(reverse("accounts:two-factor-verify"), {"code": code})
    assert replay.status_code == 200 and "That code is not right" in replay.text


def test_a_recovery_code_signs_in_once_and_is_audited(cast: dict[str, User]) -> None:
    meera = cast["caseworker"]
    enrolled(meera)
    codes = services.recovery_codes_renew(user=meera)
    client = Client()
    password_step(client, "meera")
    response = client.post(reverse("accounts:two-factor-verify"), {"code": codes[0].upper()})
    assert response.status_code == 302
    assert client.get(reverse("home")).status_code == 200
    assert RecoveryCode.objects.filter(device__user=meera).count() == 9
    used = AuditRecord.objects.get(action=AuditAction.RECOVERY_CODE_USED)
    assert used.actor == meera and used.reason == "9 recovery codes left"
    again = Client()
    password_step(again, "meera")
    assert (
        "That code is not right"
        in again.post(reverse("accounts:two-factor-verify"), {"code": codes[0]}).text
    )


def fail_from_many_addresses(username: str, times: int = 5) -> Any:
    """Wrong passwords from three addresses in turn (a guesser spread over a network)."""
    response = None
    for number in range(times):
        address = f"198.51.100.{number % 3 + 1}"
        response = password_step(Client(), username, "wrong-password", REMOTE_ADDR=address)
    return response


def test_five_wrong_passwords_lock_the_account_until_an_administrator_unlocks_it(
    cast: dict[str, User], client_as: Any
) -> None:
    for number in range(4):
        address = f"198.51.100.{number % 3 + 1}"
        response = password_step(Client(), "meera", "wrong-password", REMOTE_ADDR=address)
        assert "Please enter a correct username and password" in response.text
    response = password_step(Client(), "meera", "wrong-password", REMOTE_ADDR="198.51.100.2")
    assert LOCKED in response.text
    # Even the right password is refused now, before it is checked, from anywhere.
    response = password_step(Client(), "meera", REMOTE_ADDR="192.0.2.77")
    assert response.status_code == 200 and LOCKED in response.text
    meera = User.objects.get(username="meera")
    assert meera.is_locked
    lock = AuditRecord.objects.get(action=AuditAction.LOCK)
    assert lock.object_id == str(meera.pk) and "5 failed sign-ins" in lock.reason

    admin = client_as("administrator")
    assert "locked" in admin.get(reverse("accounts:user-list")).text
    no_reason = admin.post(reverse("accounts:user-unlock", args=[meera.pk]), {}, follow=True)
    assert "Say why, for the audit log" in no_reason.text
    assert User.objects.get(pk=meera.pk).is_locked
    done = admin.post(
        reverse("accounts:user-unlock", args=[meera.pk]),
        {"reason": "she called from the field office"},
        follow=True,
    )
    assert "Meera can sign in again." in done.text
    unlock = AuditRecord.objects.get(action=AuditAction.UNLOCK)
    assert unlock.actor == cast["administrator"]
    assert unlock.reason == "she called from the field office"
    assert password_step(Client(), "meera").status_code == 302


def test_a_lock_ends_by_itself_after_the_lock_period(cast: dict[str, User], settings: Any) -> None:
    settings.MUKTI_LOGIN_LOCK_MINUTES = 30
    fail_from_many_addresses("meera")
    assert LOCKED in password_step(Client(), "meera").text
    with time_machine.travel(timezone.now() + timedelta(minutes=31), tick=False):
        assert password_step(Client(), "meera").status_code == 302
        assert not User.objects.get(username="meera").is_locked


def test_an_unknown_username_is_answered_like_a_real_one(db: None) -> None:
    fail_from_many_addresses("nobody-here")
    # Same words as for a real account: a guesser learns nothing about which accounts exist.
    assert LOCKED in password_step(Client(), "nobody-here", "wrong-password").text


def test_many_failures_from_one_network_refuse_it_but_not_others(
    cast: dict[str, User], settings: Any
) -> None:
    settings.MUKTI_LOGIN_IP_LIMIT = 6
    for number in range(6):  # six usernames, so no account is locked
        password_step(Client(), f"guess{number}", "x", REMOTE_ADDR="203.0.113.9")
    refused = password_step(Client(), "meera", REMOTE_ADDR="203.0.113.9")
    assert "Too many failed sign-ins from this network" in refused.text
    assert password_step(Client(), "meera", REMOTE_ADDR="198.51.100.4").status_code == 302
    assert not User.objects.get(username="meera").is_locked


def test_wrong_codes_count_towards_the_lock_and_end_the_session(cast: dict[str, User]) -> None:
    enrolled(cast["caseworker"])
    client = Client()
    password_step(client, "meera")
    for _ in range(4):
        response = client.post(reverse("accounts:two-factor-verify"), {"code": "000000"})
        assert "That code is not right" in response.text
    response = client.post(reverse("accounts:two-factor-verify"), {"code": "000000"}, follow=True)
    assert LOCKED in response.text
    assert User.objects.get(username="meera").is_locked
    assert client.get(reverse("home")).status_code == 302  # signed out
    assert response.redirect_chain[-1][0] == reverse("accounts:login")


def test_a_session_ends_after_thirty_idle_minutes(cast: dict[str, User], client_as: Any) -> None:
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        client = client_as("caseworker")
        assert client.get(reverse("home")).status_code == 200
    with time_machine.travel(start + timedelta(minutes=25), tick=False):
        assert client.get(reverse("home")).status_code == 200  # activity: the clock restarts
    # The alerts badge refreshes itself every two minutes; that is not the person at work.
    for minutes in range(27, 55, 2):
        with time_machine.travel(start + timedelta(minutes=minutes), tick=False):
            assert client.get(reverse("deadlines:notifications-badge")).status_code == 200
    with time_machine.travel(start + timedelta(minutes=56), tick=False):
        response = client.get(reverse("home"), follow=True)
    assert "signed out after 30 minutes without activity" in response.text
    assert response.redirect_chain[-1][0].startswith(reverse("accounts:login"))


def test_a_session_ends_twelve_hours_after_signing_in_however_busy(client_as: Any) -> None:
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        client = client_as("caseworker")
        client.get(reverse("home"))
    for minutes in range(20, 12 * 60, 20):
        with time_machine.travel(start + timedelta(minutes=minutes), tick=False):
            assert client.get(reverse("home")).status_code == 200
    with time_machine.travel(start + timedelta(hours=12, minutes=5), tick=False):
        response = client.get(reverse("home"), follow=True)
    assert "12 hours after signing in" in response.text


def test_sign_out_everywhere_ends_every_session_of_that_person(
    cast: dict[str, User], client_as: Any
) -> None:
    laptop, phone = client_as("caseworker"), client_as("caseworker")
    other = client_as("supervisor")
    response = phone.post(reverse("accounts:sessions-end"), follow=True)
    assert "You are signed out everywhere" in response.text
    assert laptop.get(reverse("home")).status_code == 302
    assert phone.get(reverse("home")).status_code == 302
    assert other.get(reverse("home")).status_code == 200
    assert AuditRecord.objects.filter(
        action=AuditAction.SESSIONS_ENDED, actor=cast["caseworker"]
    ).exists()


def test_an_administrator_resets_a_lost_phone_once_a_second_person_approves(
    cast: dict[str, User], client_as: Any
) -> None:
    meera = cast["caseworker"]
    laptop = client_as("caseworker")  # signed in with the phone that is now lost
    admin = client_as("administrator")
    response = admin.post(
        reverse("accounts:user-two-factor-reset", args=[meera.pk]),
        {"reason": "phone stolen in Basirhat"},
        follow=True,
    )
    # Meera reads cases: the reset waits for a second administrator or a supervisor.
    assert "a second administrator or a supervisor must approve it" in response.text
    assert Authenticator.objects.filter(user=meera).exists()
    asked = AuditRecord.objects.get(action=AuditAction.TWO_FACTOR_RESET_ASKED)
    assert asked.actor == cast["administrator"] and asked.reason == "phone stolen in Basirhat"
    # The administrator cannot approve her own request; nor can a caseworker.
    assert "phone stolen" not in admin.get(reverse("accounts:approvals")).text
    request = TwoFactorResetRequest.objects.get()
    admin.post(reverse("accounts:approval-approve", args=[request.pk]))
    assert Authenticator.objects.filter(user=meera).exists()
    assert client_as("other_caseworker").get(reverse("accounts:approvals")).status_code == 403

    rupa = client_as("supervisor")
    assert "phone stolen in Basirhat" in rupa.get(reverse("accounts:approvals")).text
    done = rupa.post(reverse("accounts:approval-approve", args=[request.pk]), follow=True)
    assert "will set up two-factor sign-in again" in done.text
    assert not Authenticator.objects.filter(user=meera).exists()
    assert laptop.get(reverse("home")).status_code == 302
    client = Client()
    password_step(client, "meera")
    assert client.get(reverse("home"))["Location"].startswith(reverse("accounts:two-factor-setup"))
    reset = AuditRecord.objects.get(action=AuditAction.TWO_FACTOR_RESET)
    assert reset.actor == cast["supervisor"]
    assert reset.reason == "asked by Admin (phone stolen in Basirhat), approved by Rupa"


def test_a_second_factor_that_reads_no_cases_is_reset_at_once(
    cast: dict[str, User], client_as: Any
) -> None:
    imran = cast["data_officer"]
    enrolled(imran)
    client_as("administrator").post(
        reverse("accounts:user-two-factor-reset", args=[imran.pk]), {"reason": "new phone"}
    )
    assert not Authenticator.objects.filter(user=imran).exists()
    assert AuditRecord.objects.get(action=AuditAction.TWO_FACTOR_RESET).reason == "new phone"


def test_only_administrators_unlock_or_reset(cast: dict[str, User], client_as: Any) -> None:
    target = cast["other_caseworker"].pk
    for role in ("caseworker", "supervisor", "data_officer"):
        client = client_as(role)
        for name in ("user-unlock", "user-two-factor-reset", "user-sessions-end"):
            response = client.post(reverse(f"accounts:{name}", args=[target]), {"reason": "x"})
            assert response.status_code == 403, (role, name)


def test_new_recovery_codes_replace_the_old_ones(cast: dict[str, User], client_as: Any) -> None:
    meera = cast["caseworker"]
    old = services.recovery_codes_renew(user=meera)
    client = client_as("caseworker")
    response = client.post(reverse("accounts:recovery-codes-renew"))
    new = re.findall(
        r"<li>((?:[0-9a-hjkmnp-tv-z]{4}-){3}[0-9a-hjkmnp-tv-z]{4})</li>", response.text
    )
    assert len(new) == 10 and not set(old) & set(new)
    assert "10" in client.get(reverse("accounts:security")).text


def test_the_test_sign_in_helper_is_what_the_real_flow_produces(cast: dict[str, User]) -> None:
    # accounts.testing.sign_in stands in for the two steps in other tests: prove it is the same.
    meera = cast["caseworker"]
    real = Client()
    password_step(real, "meera")
    device = Authenticator.objects.create(user=meera, name="authenticator", confirmed=True)
    real.post(reverse("accounts:two-factor-verify"), {"code": code_now(device)})
    helper = sign_in(Client(), meera)
    keys = {"_auth_user_id", "otp_device_id"}
    assert {k: real.session[k] for k in keys} == {k: helper.session[k] for k in keys}


def test_the_server_operator_helps_an_administrator_who_lost_her_phone(
    cast: dict[str, User],
) -> None:
    from io import StringIO

    from django.core.management import CommandError, call_command

    admin = cast["administrator"]
    enrolled(admin)
    fail_from_many_addresses("admin")
    assert User.objects.get(pk=admin.pk).is_locked
    with pytest.raises(CommandError, match="Give a reason"):
        call_command("account", "admin", "--unlock", "--reason", "")
    out = StringIO()
    call_command("account", "admin", "--unlock", "--reason", "locked out at night", stdout=out)
    call_command("account", "admin", "--reset-two-factor", "--reason", "phone lost", stdout=out)
    assert "admin can sign in again." in out.getvalue()
    assert not User.objects.get(pk=admin.pk).is_locked
    assert not Authenticator.objects.filter(user=admin).exists()
    records = AuditRecord.objects.filter(actor=None, object_id=str(admin.pk))
    assert {r.action for r in records} >= {AuditAction.UNLOCK, AuditAction.TWO_FACTOR_RESET}
    with pytest.raises(CommandError, match="No user is called"):
        call_command("account", "nobody", "--unlock", "--reason", "a mistake")
