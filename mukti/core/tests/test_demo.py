from __future__ import annotations

import json
import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from mukti.accounts.models import User
from mukti.audit.services import verify_chain
from mukti.care.models import Assessment, Placement, Repatriation
from mukti.directory.models import Jurisdiction, Office, Official
from mukti.reports import monthly

pytestmark = pytest.mark.slow


def run_demo() -> str:
    out = StringIO()
    call_command("demo", "--no-serve", stdout=out)
    return out.getvalue()


@pytest.mark.django_db
def test_the_demo_loads_once_and_prints_a_working_admin_login() -> None:
    first = run_demo()
    counts = (
        Jurisdiction.objects.count(),
        Office.objects.count(),
        Official.objects.count(),
        User.objects.count(),
    )
    # Seven people of the demo NGO and one of its partner organisation.
    assert counts[0] >= 20 and counts[1] >= 25 and counts[2] >= 12 and counts[3] == 8
    # The partner across the border reads in Bengali; the others follow their browser.
    assert dict(User.objects.exclude(language="").values_list("username", "language")) == {
        "nasrin": "bn"
    }
    care = (Placement.objects.count(), Assessment.objects.count(), Repatriation.objects.count())
    assert care == (8, 4, 2)
    # What the statistics count was kept by the services as the demo was recorded through them.
    facts, rows = monthly.stored_facts(), monthly.stored_rows()
    assert len(facts) >= 10 and rows
    monthly.rebuild()
    assert (monthly.stored_facts(), monthly.stored_rows()) == (facts, rows)
    second = run_demo()
    assert (
        Jurisdiction.objects.count(),
        Office.objects.count(),
        Official.objects.count(),
        User.objects.count(),
    ) == counts
    assert (
        Placement.objects.count(),
        Assessment.objects.count(),
        Repatriation.objects.count(),
    ) == care
    assert first != second  # a fresh one-time password each run
    match = re.match(r"Admin login: (\S+) / (\S+)\n", second)
    assert match is not None
    others = re.search(
        r"Other demo users \(one-time passwords, shown only on this console\): (.+)\n", second
    )
    assert others is not None
    logins = dict(pair.split(" / ") for pair in others.group(1).split(", "))
    assert set(logins) == {"meera", "anjali", "rupa", "farida", "tanusree", "imran", "nasrin"}
    meera = Client()
    meera.post(reverse("accounts:login"), {"username": "meera", "password": logins["meera"]})
    assert meera.get(reverse("home"))["Location"].startswith(reverse("accounts:password-change"))
    client = Client()
    response = client.post(
        reverse("accounts:login"),
        {"username": match.group(1), "password": match.group(2)},
        follow=True,
    )
    assert "Choose your own password to continue" in response.text
    assert verify_chain().ok


@pytest.mark.django_db
@pytest.mark.parametrize("today", ["2026-12-01 12:00", "2028-05-17 09:00"])
def test_the_demo_lives_in_the_present_whatever_day_it_is_loaded(today: str) -> None:
    import datetime as dt

    import time_machine
    from django.utils import timezone

    from mukti.cases.models import Event
    from mukti.deadlines.selectors import due_soon

    now = timezone.make_aware(dt.datetime.strptime(today, "%Y-%m-%d %H:%M"))
    with time_machine.travel(now, tick=False):
        run_demo()
        latest = Event.objects.filter(occurred_at__isnull=False).latest("occurred_at").occurred_at
        assert latest is not None
        assert now - dt.timedelta(days=45) < latest <= now
        due = due_soon(actor=User.objects.get(username="rupa"), hours=24)
        # Clocks running out within the day, and a few breached, none of them years ago.
        assert due.upcoming and all(row.clock.due_at > now for row in due.upcoming)
        assert 1 <= len(due.breached) <= 8
        assert all(now - row.clock.due_at < dt.timedelta(days=365) for row in due.breached)


@pytest.mark.django_db
def test_the_demo_directory_has_the_places_a_west_bengal_team_works_with() -> None:
    run_demo()
    for name in (
        "Barasat Police District",
        "Basirhat Police District",
        "Bangaon Police District",
        "Barrackpore Police Commissionerate",
        "Bidhannagar Police Commissionerate",
    ):
        assert Jurisdiction.objects.filter(name=name, parent__name="North 24 Parganas").exists()
    kinds = set(Office.objects.values_list("kind", flat=True))
    assert {"ahtu", "cwc", "hospital", "shelter_home", "mission", "outpost"} <= kinds
    assert Office.objects.filter(kind="shelter_home").count() == 2


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_mukti_demo_serves_a_working_instance(tmp_path: Path, migrated_sqlite: Any) -> None:
    port = free_port()
    migrated_sqlite(tmp_path)
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "MUKTI_ENV"}}
    env["MUKTI_DATA_DIR"] = str(tmp_path)
    env["PYTHONUNBUFFERED"] = "1"
    process = subprocess.Popen(
        [sys.executable, "-m", "mukti.cli", "demo", "--port", str(port)],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        env=env,
    )
    try:
        assert process.stdout is not None
        lines = [process.stdout.readline() for _ in range(4)]
        assert lines[0].startswith("Admin login: admin / ")
        assert lines[1].startswith("Other demo users (one-time passwords, shown only on this")
        started = re.fullmatch(r"Task worker started \(pid (\d+)\)\.\n", lines[2])
        assert started is not None
        worker = int(started.group(1))
        assert lines[3] == f"Serving on http://127.0.0.1:{port}/\n"
        deadline = time.monotonic() + 30
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=5) as r:
                    body = json.load(r)
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.2)
        assert body == {"status": "ok", "database": "ok"}
        with urllib.request.urlopen(
            f"http://127.0.0.1:{port}/static/vendor/bootstrap-5.3.9/bootstrap.min.css", timeout=5
        ) as r:
            assert r.status == 200
        assert (tmp_path / "mukti.sqlite3").exists()
    finally:
        process.terminate()
        process.wait(timeout=10)
    # Stopping the demo stops its worker too.
    assert (
        not Path(f"/proc/{worker}").exists()
        or "zombie" in Path(f"/proc/{worker}/status").read_text()
    )
