"""Authenticator keys are encrypted at rest and recovery codes are stored only as keyed hashes
(ASVS 2.6.2, 2.8.2). The raw rows are read with SQL, as someone holding a copy of the database
would read them."""

from __future__ import annotations

import base64
import math
from importlib import import_module

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.test import Client
from django.urls import reverse

from mukti.accounts import services
from mukti.accounts.models import (
    RECOVERY_ALPHABET,
    RECOVERY_LENGTH,
    Authenticator,
    RecoveryCode,
    User,
)
from mukti.accounts.tests.test_sign_in_security import code_now, password_step

pytestmark = pytest.mark.django_db


def raw_rows(table: str) -> str:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM {table}")
        return repr(cursor.fetchall())


def test_the_authenticator_key_is_encrypted_in_the_database(cast: dict[str, User]) -> None:
    device = services.two_factor_start(user=cast["caseworker"])
    device.refresh_from_db()
    assert len(device.bin_key) == 20
    stored = raw_rows("accounts_authenticator")
    assert device.key not in stored
    assert base64.b32encode(device.bin_key).decode() not in stored
    assert "gAAAA" in stored  # a Fernet token


def test_recovery_codes_have_80_bits_and_only_their_hashes_are_stored(
    cast: dict[str, User],
) -> None:
    codes = services.recovery_codes_renew(user=cast["caseworker"])
    assert len(set(codes)) == 10
    assert all(len(code) == 19 and code.count("-") == 3 for code in codes)  # xxxx-xxxx-xxxx-xxxx
    assert RECOVERY_LENGTH * math.log2(len(RECOVERY_ALPHABET)) >= 80
    stored = raw_rows("accounts_recoverycode")
    for code in codes:
        assert code not in stored and code.replace("-", "") not in stored
    assert RecoveryCode.objects.filter(device__user=cast["caseworker"]).count() == 10


def test_a_recovery_code_typed_with_spaces_or_capitals_still_works(cast: dict[str, User]) -> None:
    meera = cast["caseworker"]
    Authenticator.objects.create(user=meera, name="authenticator", confirmed=True)
    code = services.recovery_codes_renew(user=meera)[3]
    client = Client()
    password_step(client, "meera")
    typed = code.replace("-", " ").upper()
    assert client.post(reverse("accounts:two-factor-verify"), {"code": typed}).status_code == 302


def test_the_migration_moves_plain_keys_and_codes_out_of_django_otps_tables(
    cast: dict[str, User],
) -> None:
    from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
    from django_otp.plugins.otp_totp.models import TOTPDevice

    meera = cast["caseworker"]
    old_device = TOTPDevice.objects.create(user=meera, name="authenticator", confirmed=True)
    static = StaticDevice.objects.create(user=meera, name="recovery codes", confirmed=True)
    StaticToken.objects.create(device=static, token="ab12cd34")
    migration = import_module(
        "mukti.accounts.migrations.0004_move_second_factors_out_of_plain_text"
    )
    state = MigrationExecutor(connection).loader.project_state(
        ("accounts", "0004_move_second_factors_out_of_plain_text")
    )
    migration.move(state.apps, None)

    assert not TOTPDevice.objects.exists() and not StaticToken.objects.exists()
    moved = Authenticator.objects.get(user=meera)
    assert moved.key == old_device.key and moved.confirmed
    assert old_device.key not in raw_rows("accounts_authenticator")
    assert "ab12cd34" not in raw_rows("accounts_recoverycode")
    # She signs in as before: with the app, or with her old (unused) recovery code.
    client = Client()
    password_step(client, "meera")
    response = client.post(reverse("accounts:two-factor-verify"), {"code": code_now(moved)})
    assert response.status_code == 302
    client = Client()
    password_step(client, "meera")
    response = client.post(reverse("accounts:two-factor-verify"), {"code": "AB12CD34"})
    assert response.status_code == 302


def test_the_migration_hashes_the_names_failed_sign_ins_were_kept_by(db: None) -> None:
    from django.utils import timezone

    from mukti.accounts.models import LoginFailure, username_digest

    migration = import_module(
        "mukti.accounts.migrations.0005_login_failures_by_keyed_hash_of_the_name"
    )
    state = MigrationExecutor(connection).loader.project_state(
        ("accounts", "0004_move_second_factors_out_of_plain_text")
    )
    typed = "My-Secret-Passw0rd"
    LoginFailure.objects.create(username=typed.lower(), ip="192.0.2.1", at=timezone.now())
    migration.hash_names(state.apps, None)
    assert LoginFailure.objects.get().username == username_digest(typed)
    assert typed.lower() not in raw_rows("accounts_loginfailure")
