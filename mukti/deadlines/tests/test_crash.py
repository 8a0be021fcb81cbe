"""A real crash: `mukti clocks rebuild` killed with SIGKILL half-way leaves every case's clocks
either complete or untouched, and the next run finishes the job without duplicates."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings

# Each starts its own instance on the configured database (database: run on PostgreSQL too).
pytestmark = [pytest.mark.slow, pytest.mark.database]

SQLITE = settings.DATABASES["default"]["ENGINE"].endswith("sqlite3")


@pytest.fixture
def instance(
    tmp_path: Path, migrated_sqlite: Any, migrated_postgres: str | None
) -> Iterator[dict[str, str]]:
    """A separate instance (its own database) that the commands run against; its database
    starts migrated (conftest's `migrated_sqlite`, `migrated_postgres`)."""
    env = {k: v for k, v in os.environ.items() if k not in {"MUKTI_ENV"}}
    env["MUKTI_DATA_DIR"] = str(tmp_path)
    env["PYTHONUNBUFFERED"] = "1"
    name = ""
    if SQLITE:
        env.pop("DATABASE_URL", None)
        migrated_sqlite(tmp_path)
    else:
        import psycopg

        base = os.environ["DATABASE_URL"].rsplit("/", 1)[0]
        name = f"mukti_crash_{uuid.uuid4().hex[:8]}"
        with psycopg.connect(f"{base}/postgres", autocommit=True) as db:
            db.execute(f'CREATE DATABASE "{name}" TEMPLATE "{migrated_postgres}"')
        env["DATABASE_URL"] = f"{base}/{name}"
    try:
        yield env
    finally:
        if name:
            with psycopg.connect(f"{base}/postgres", autocommit=True) as db:
                db.execute(f'DROP DATABASE "{name}" WITH (FORCE)')


def mukti(env: dict[str, str], *args: str) -> str:
    done = subprocess.run(
        [sys.executable, "-m", "mukti.cli", *args], env=env, capture_output=True, text=True,
        check=True, timeout=300,
    )  # fmt: skip
    return done.stdout


def count_clocks(env: dict[str, str]) -> int:
    """Straight from the database file or server, as the killed process left it."""
    if SQLITE:
        import sqlite3

        with sqlite3.connect(Path(env["MUKTI_DATA_DIR"]) / "mukti.sqlite3", timeout=5) as db:
            return db.execute("SELECT count(*) FROM deadlines_clock").fetchone()[0]
    import psycopg

    with psycopg.connect(env["DATABASE_URL"]) as db:
        row = db.execute("SELECT count(*) FROM deadlines_clock").fetchone()
        assert row is not None
        return row[0]


def clocks(env: dict[str, str]) -> dict[int, set[tuple[str, int, str]]]:
    script = (
        "import django, os, json; os.environ['DJANGO_SETTINGS_MODULE']='mukti.settings';"
        "django.setup(); from mukti.deadlines.models import Clock;"
        "print(json.dumps([[c, r, t, d.isoformat()] for c, r, t, d in "
        "Clock.objects.values_list('case_id', 'rule', 'trigger_id', 'due_at')]))"
    )
    out = subprocess.run(
        [sys.executable, "-c", script], env=env, capture_output=True, text=True, check=True
    ).stdout
    import json

    per_case: dict[int, set[tuple[str, int, str]]] = {}
    for case, rule, trigger, due in json.loads(out):
        per_case.setdefault(case, set()).add((rule, trigger, due))
    return per_case


def test_a_rebuild_killed_half_way_leaves_each_batch_whole(instance: dict[str, str]) -> None:
    mukti(instance, "migrate", "--verbosity", "0")
    mukti(
        instance,
        "synth",
        "--cases",
        "1500",
        "--events-per-case",
        "10",
        "--engagements-per-case",
        "0",
    )
    mukti(instance, "clocks", "rebuild")
    complete = clocks(instance)
    assert sum(len(v) for v in complete.values()) > 500
    wipe = "from mukti.deadlines.models import Clock; Clock.objects.all().delete()"
    mukti(instance, "shell", "-c", wipe)
    process = subprocess.Popen(
        [sys.executable, "-m", "mukti.cli", "clocks", "rebuild", "--batch", "50"], env=instance,
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    # Kill it as soon as the first batches are committed.
    deadline = time.monotonic() + 120
    while count_clocks(instance) == 0:
        assert process.poll() is None, "the rebuild ended before it could be killed"
        assert time.monotonic() < deadline
        time.sleep(0.02)
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=30)
    partial = clocks(instance)
    done = [case for case in complete if partial.get(case)]
    assert 0 < len(done) < len(complete)
    for case, expected in complete.items():
        assert partial.get(case, set()) in (set(), expected), f"case {case} is half-written"
    mukti(instance, "clocks", "rebuild")
    assert clocks(instance) == complete
