"""A real crash: the process confirming a narrative into a case is killed with SIGKILL while its
transaction is open. The database must hold either the whole case or nothing of it, and the
draft must still be there to confirm again."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from mukti.deadlines.tests.test_crash import SQLITE, instance  # noqa: F401  (the fixture)

# Each starts its own instance on the configured database (database: run on PostgreSQL too).
pytestmark = [pytest.mark.slow, pytest.mark.database]

EVENTS = 400
SETUP = f"""
import datetime as dt
from mukti.accounts.models import Role
from mukti.accounts.services import user_create
from mukti.intake.services import draft_create
lead, _ = user_create(actor=None, username="meera", role=Role.CASEWORKER)
lines = ["Report of the field team, Basirhat."]
for n in range({EVENTS}):
    day = dt.date(2024, 3, 1) + dt.timedelta(days=n % 200)
    lines.append(f"On {{day:%d %B %Y}} the team met the officer at the outpost about Kusum.")
draft = draft_create(actor=lead, text="\\n".join(lines), reference_date=dt.date(2024, 12, 1))
print(draft.pk, len(draft.items["events"]))
"""
CONFIRM = """
import datetime as dt, os
from mukti.accounts.models import User
from mukti.intake.models import Draft
from mukti.intake.services import draft_confirm
draft = Draft.objects.get(pk=int(os.environ["DRAFT_ID"]))
draft_confirm(actor=User.objects.get(username="meera"), draft=draft, expected_version=None,
              title="Women held near Basirhat", offence_date=dt.date(2024, 3, 1))
"""
STATE = """
import json
from mukti.audit.services import verify_chain
from mukti.cases.models import Case, Event
from mukti.intake.models import Draft

draft = Draft.objects.get()
print(json.dumps({"cases": Case.objects.count(), "events": Event.objects.count(),
                  "draft": draft.status, "chain_ok": verify_chain().ok}))
"""


def run(env: dict[str, str], code: str) -> str:
    return subprocess.run(
        [sys.executable, "-m", "mukti.cli", "shell", "--no-imports", "-c", code],
        env=env, capture_output=True, text=True, check=True, timeout=300,
    ).stdout  # fmt: skip


def writing(env: dict[str, str]) -> bool:
    """Whether another process holds an open write transaction, seen from outside."""
    if SQLITE:
        import sqlite3

        db = sqlite3.connect(Path(env["MUKTI_DATA_DIR"]) / "mukti.sqlite3", timeout=0)
        try:
            db.execute("BEGIN IMMEDIATE")
            db.rollback()
            return False
        except sqlite3.OperationalError:
            return True
        finally:
            db.close()
    import psycopg

    with psycopg.connect(env["DATABASE_URL"]) as pg:
        row = pg.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
            "AND pid <> pg_backend_pid() AND backend_xid IS NOT NULL"
        ).fetchone()
        return bool(row and row[0])


def test_a_confirmation_killed_mid_transaction_leaves_no_half_case(
    instance: dict[str, str],  # noqa: F811
) -> None:
    subprocess.run(
        [sys.executable, "-m", "mukti.cli", "migrate", "--verbosity", "0"], env=instance,
        check=True, timeout=300,
    )  # fmt: skip
    draft_id, events = run(instance, SETUP).strip().splitlines()[-1].split()
    instance["DRAFT_ID"] = draft_id
    assert int(events) >= EVENTS // 2
    before = json.loads(run(instance, STATE))
    assert before == {"cases": 0, "events": 0, "draft": "open", "chain_ok": True}

    process = subprocess.Popen(
        [sys.executable, "-m", "mukti.cli", "shell", "--no-imports", "-c", CONFIRM],
        env=instance, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    deadline = time.monotonic() + 120
    while not writing(instance):
        if process.poll() is not None:
            pytest.fail("the confirmation ended before it could be killed")
        assert time.monotonic() < deadline
        time.sleep(0.005)
    time.sleep(0.3)  # well inside: the case and some of its events are written, not committed
    assert process.poll() is None, "the confirmation ended before it could be killed"
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=30)

    assert json.loads(run(instance, STATE)) == before
    run(instance, CONFIRM)  # the caseworker presses Save again
    after = json.loads(run(instance, STATE))
    assert after["cases"] == 1 and after["events"] >= EVENTS // 2
    assert after["draft"] != "open" and after["chain_ok"]
