"""Lockout that a single guesser cannot turn against a caseworker, and that does not tell real
usernames from unknown ones (ASVS 2.2.1)."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

import pytest
import time_machine
from django.contrib.auth.hashers import MD5PasswordHasher
from django.core import mail
from django.test import Client
from django.utils import timezone

from mukti.accounts.models import User
from mukti.accounts.tests.test_sign_in_security import (
    LOCKED,
    fail_from_many_addresses,
    password_step,
)
from mukti.audit.models import AuditAction, AuditRecord

pytestmark = pytest.mark.django_db
ATTACKER = "203.0.113.66"
FIELD_OFFICE = "192.0.2.10"
PAIR_LOCKED = "Too many failed sign-ins to this account from your network"
WRONG = "Please enter a correct username and password"


def test_one_address_cannot_lock_a_caseworker_out_elsewhere(cast: dict[str, User]) -> None:
    for _ in range(12):
        password_step(Client(), "meera", "wrong-password", REMOTE_ADDR=ATTACKER)
    # The guesser is refused, even with the right password ...
    assert PAIR_LOCKED in password_step(Client(), "meera", REMOTE_ADDR=ATTACKER).text
    # ... while Meera signs in from the police station during the rescue.
    assert password_step(Client(), "meera", REMOTE_ADDR=FIELD_OFFICE).status_code == 302
    assert not User.objects.get(username="meera").is_locked
    assert not AuditRecord.objects.filter(action=AuditAction.LOCK).exists()


def test_an_unknown_name_is_refused_for_an_address_in_the_same_words(db: None) -> None:
    for _ in range(5):
        password_step(Client(), "nobody-here", "wrong-password", REMOTE_ADDR=ATTACKER)
    assert PAIR_LOCKED in password_step(Client(), "nobody-here", REMOTE_ADDR=ATTACKER).text


def test_failures_from_several_addresses_lock_the_whole_account(cast: dict[str, User]) -> None:
    fail_from_many_addresses("meera")
    assert LOCKED in password_step(Client(), "meera", REMOTE_ADDR=FIELD_OFFICE).text
    lock = AuditRecord.objects.get(action=AuditAction.LOCK)
    assert "5 failed sign-ins from 3 network addresses" in lock.reason


def test_a_lock_lasts_and_ends_the_same_for_real_and_unknown_names(
    cast: dict[str, User], settings: Any, monkeypatch: Any
) -> None:
    settings.MUKTI_LOGIN_LOCK_MINUTES = 30  # longer than the 15-minute window
    fail_from_many_addresses("meera")
    fail_from_many_addresses("nobody-here")
    hashed: list[str] = []
    encode = MD5PasswordHasher.encode

    def counting(self: Any, *a: Any, **k: Any) -> str:
        hashed.append("x")
        return encode(self, *a, **k)

    monkeypatch.setattr(MD5PasswordHasher, "encode", counting)
    for minutes, answer in [(1, LOCKED), (16, LOCKED), (31, WRONG)]:
        with time_machine.travel(timezone.now() + timedelta(minutes=minutes), tick=False):
            for name in ("meera", "nobody-here"):
                hashed.clear()
                response = password_step(Client(), name, "wrong-again", REMOTE_ADDR=FIELD_OFFICE)
                assert answer in response.text, (name, minutes)
                # A password hash is computed either way: the time taken does not tell them apart.
                assert hashed, (name, minutes)


def unlock_link(cast: dict[str, User], capture: Any) -> str:
    meera = cast["caseworker"]
    meera.email = "meera@example.org"
    meera.save(update_fields=["email"])
    with capture(execute=True):  # the mail goes once the lock is committed
        fail_from_many_addresses("meera")
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["meera@example.org"]
    match = re.search(r"https?://\S+/accounts/unlock/\S+/", str(mail.outbox[0].body))
    assert match is not None, mail.outbox[0].body
    return match.group(0).split("testserver", 1)[1]


def test_the_owner_unlocks_her_account_with_the_emailed_link_once(
    cast: dict[str, User], django_capture_on_commit_callbacks: Any
) -> None:
    link = unlock_link(cast, django_capture_on_commit_callbacks)
    client = Client()
    page = client.get(link)
    assert page.status_code == 200 and "Unlock my account" in page.text
    assert User.objects.get(username="meera").is_locked  # opening the link unlocks nothing
    done = client.post(link, follow=True)
    assert "Your account is unlocked" in done.text
    assert not User.objects.get(username="meera").is_locked
    unlock = AuditRecord.objects.get(action=AuditAction.UNLOCK)
    assert unlock.actor is None and unlock.reason == "with the link e-mailed to the account"
    assert password_step(Client(), "meera", REMOTE_ADDR=FIELD_OFFICE).status_code == 302
    # The link works once: used again (even after a new lock), it is refused.
    fail_from_many_addresses("meera")
    again = Client().post(link, follow=True)
    assert "This unlock link has been used already" in again.text
    assert User.objects.get(username="meera").is_locked


def test_an_unlock_link_expires(
    cast: dict[str, User], settings: Any, django_capture_on_commit_callbacks: Any
) -> None:
    settings.MUKTI_LOGIN_LOCK_MINUTES = 0  # locked until unlocked
    link = unlock_link(cast, django_capture_on_commit_callbacks)
    later = timezone.now() + timedelta(hours=settings.MUKTI_UNLOCK_LINK_HOURS, minutes=1)
    with time_machine.travel(later, tick=False):
        response = Client().post(link, follow=True)
    assert "This unlock link has been used already, is out of date" in response.text
    assert User.objects.get(username="meera").is_locked
    tampered = Client().post(link.replace("/unlock/", "/unlock/x"), follow=True)
    assert "This unlock link" in tampered.text


def test_no_mail_is_sent_for_an_unknown_name(
    db: None, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        fail_from_many_addresses("nobody-here")
    assert mail.outbox == []
