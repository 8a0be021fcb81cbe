from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from django.db import OperationalError
from django.test import Client

from mukti.core.middleware import POLICY


@pytest.mark.django_db
def test_healthz_reports_ok_with_a_working_database() -> None:
    response = Client().get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}


@pytest.mark.django_db
def test_healthz_answers_503_without_saying_where_the_database_is(
    monkeypatch: Any, caplog: Any
) -> None:
    from django.db import connection

    detail = (
        'connection to server at "db.internal" (10.0.0.5), port 5432 failed: FATAL: '
        'password authentication failed for user "mukti_app"'
    )

    def broken_cursor(*args: Any, **kwargs: Any) -> Any:
        raise OperationalError(detail)

    monkeypatch.setattr(connection, "cursor", broken_cursor)
    with caplog.at_level("ERROR", logger="mukti.site.views"):
        response = Client().get("/healthz")
    assert response.status_code == 503
    assert response.json() == {"status": "error", "database": "database unavailable"}
    for secret in ("db.internal", "10.0.0.5", "5432", "mukti_app"):
        assert secret not in response.text
    assert "mukti_app" in caplog.text  # the operator's log has the detail


@pytest.mark.django_db
def test_pages_carry_a_strict_content_security_policy() -> None:
    response = Client().get("/accounts/login/")
    assert response["Content-Security-Policy"] == POLICY
    assert "unsafe-inline" not in POLICY
    assert response["X-Frame-Options"] == "DENY"
    assert "<script>" not in response.text and "style=" not in response.text


def run_mukti(tmp_path: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "MUKTI_ENV"}}
    clean.update({"MUKTI_DATA_DIR": str(tmp_path), **env})
    return subprocess.run(
        [sys.executable, "-m", "mukti.cli", *args],
        capture_output=True,
        text=True,
        env=clean,
        timeout=120,
        check=False,
    )


def test_a_bad_database_url_fails_with_one_clear_line(tmp_path: Path) -> None:
    result = run_mukti(tmp_path, "check", DATABASE_URL="mysql2://nowhere/db")
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1
    assert lines[0].startswith("mukti: configuration error: DATABASE_URL")


def test_an_unreachable_database_fails_with_one_clear_line(tmp_path: Path) -> None:
    result = run_mukti(
        tmp_path, "migrate", DATABASE_URL="postgres://postgres@127.0.0.1:1/nothing_here"
    )
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1
    assert lines[0].startswith("mukti: cannot use the database:")


@pytest.mark.parametrize(
    "missing",
    ["SECRET_KEY", "MUKTI_FIELD_KEYS", "MUKTI_BACKUP_KEY", "MUKTI_AUDIT_KEY", "ALLOWED_HOSTS"],
)
def test_production_refuses_to_start_without_its_secrets(tmp_path: Path, missing: str) -> None:
    from cryptography.fernet import Fernet

    env = {
        "MUKTI_ENV": "production",
        "SECRET_KEY": "x" * 60,
        "MUKTI_FIELD_KEYS": Fernet.generate_key().decode(),
        "MUKTI_BACKUP_KEY": Fernet.generate_key().decode(),
        "MUKTI_AUDIT_KEY": "a" * 48,
        "ALLOWED_HOSTS": "mukti.example.org",
    }
    env.pop(missing)
    result = run_mukti(tmp_path, "check", **env)
    assert result.returncode == 2
    assert f"{missing} must be set when MUKTI_ENV=production" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "secret_key").exists()


def test_development_keeps_its_generated_secrets_private(tmp_path: Path) -> None:
    result = run_mukti(tmp_path, "check")
    assert result.returncode == 0, result.stderr
    for name in ("secret_key", "field_keys", "backup_key", "audit_key"):
        assert oct((tmp_path / name).stat().st_mode & 0o777) == "0o600"


@pytest.mark.parametrize(("max_age", "checked"), [("0", False), ("60", True)])
def test_a_kept_connection_is_checked_before_reuse(
    monkeypatch: pytest.MonkeyPatch, max_age: str, checked: bool
) -> None:
    from mukti import settings

    monkeypatch.setenv("DATABASE_CONN_MAX_AGE", max_age)
    config = settings._database("postgres://postgres@127.0.0.1:5432/anything")
    assert config["CONN_MAX_AGE"] == int(max_age)
    assert config["CONN_HEALTH_CHECKS"] is checked


@pytest.mark.django_db
def test_the_system_checks_have_nothing_to_say_on_the_configured_database() -> None:
    """What `mukti migrate` and `mukti demo` print before they start: nothing (on SQLite, the
    covering indexes' INCLUDE columns are left out, which is no news to act on)."""
    from django.core import checks

    said = [m for m in checks.run_checks(databases=["default"]) if not m.is_silenced()]
    assert said == []
