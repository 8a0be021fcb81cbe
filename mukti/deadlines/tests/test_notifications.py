"""Alerts: each responsible person is told once when a clock enters its warning period and once
when it is breached, in the app and by e-mail, even if the worker stops or runs twice."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import time_machine
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from mukti.cases import services as cases
from mukti.cases.models import Case
from mukti.core.fuzzydate import parse_when as w
from mukti.deadlines import services
from mukti.deadlines.models import Clock, Notification
from mukti.deadlines.tasks import clocks_scan
from mukti.deadlines.tests.helpers import race

pytestmark = pytest.mark.django_db


def local(
    year: int, month: int, day: int, hour: int = 0, minute: int = 0, second: int = 0
) -> dt.datetime:
    return timezone.make_aware(dt.datetime(year, month, day, hour, minute, second))


@pytest.fixture
def arrest(case: Case, cast: Any) -> Clock:
    """An arrest typed in at once: its 24-hour clock runs to 7 Mar 23:15 (warning from 17:15)."""
    for user in cast.values():
        user.email = f"{user.username}@example.org"
        user.save(update_fields=["email"])
    with time_machine.travel(local(2024, 3, 6, 23, 30), tick=False):
        cases.event_record(actor=case.lead, case=case, type="arrest", when=w("6 Mar 2024 23:15"))
    return Clock.objects.get(rule="arrest_magistrate")


def scan_at(*when: int) -> int | None:
    with time_machine.travel(local(*when), tick=False):
        return clocks_scan.enqueue().return_value


def test_the_team_is_warned_once_then_told_once_of_the_breach(arrest: Clock, cast: Any) -> None:
    assert scan_at(2024, 3, 7, 12, 0) == 0  # not yet in its last quarter
    assert scan_at(2024, 3, 7, 18, 0) == 2  # Meera (lead) and Farida (legal officer)
    assert scan_at(2024, 3, 7, 19, 0) == 0  # nothing twice
    # A statutory clock breached: the supervisor is told as well.
    assert scan_at(2024, 3, 8, 0, 0) == 3
    assert scan_at(2024, 3, 9, 0, 0) == 0
    told = Notification.objects.order_by("stage", "user__username")
    assert [(n.stage, n.user.username) for n in told] == [
        ("breached", "farida"), ("breached", "meera"), ("breached", "rupa"),
        ("warning", "farida"), ("warning", "meera"),
    ]  # fmt: skip
    assert len(mail.outbox) == 5
    assert mail.outbox[-1].subject == (
        f"[Mukti] Breached: Arrested person produced before a magistrate — {arrest.case.reference}"
    )
    assert "was due on 7 Mar 2024, 23:15 (CrPC s.57)" in mail.outbox[-1].body
    assert f"http://127.0.0.1:8000/cases/{arrest.case.reference}/" in mail.outbox[-1].body
    warning = next(m for m in mail.outbox if "Due" in m.subject)
    assert "is due on 7 Mar 2024, 23:15" in warning.body
    assert "Rokeya" not in mail.outbox[-1].body  # never a legal name


def test_only_the_side_of_the_work_a_clock_belongs_to_is_told(
    case: Case, cast: Any, shelters: Any
) -> None:
    from mukti.care import services as care

    with time_machine.travel(local(2024, 4, 24, 10, 0), tick=False):
        care.placement_start(
            actor=case.lead, case=case, survivor=case.case_survivors.get().survivor,
            when=w("24 Apr 2024"), home=shelters["temporary"], kind="temporary",
        )  # fmt: skip
    scan_at(2024, 7, 24, 0, 0)
    assert [n.user.username for n in Notification.objects.all()] == ["meera"]  # not the lawyer


def test_a_clock_typed_in_after_its_deadline_raises_no_alert(case: Case) -> None:
    with time_machine.travel(local(2024, 3, 10, 9, 0), tick=False):
        cases.event_record(actor=case.lead, case=case, type="arrest", when=w("6 Mar 2024 23:15"))
    assert scan_at(2024, 3, 10, 9, 5) == 0
    assert not Notification.objects.exists()


def test_a_satisfied_clock_raises_no_alert(arrest: Clock, case: Case) -> None:
    with time_machine.travel(local(2024, 3, 7, 11, 0), tick=False):
        cases.event_record(
            actor=case.lead, case=case, type="produced_magistrate", when=w("7 Mar 2024 11:00")
        )
    assert scan_at(2024, 3, 8, 0, 0) == 0


def test_a_mail_failure_half_way_loses_and_repeats_nothing(arrest: Clock, monkeypatch: Any) -> None:
    with time_machine.travel(local(2024, 3, 8, 0, 0), tick=False):
        services.notifications_scan()
    calls: list[str] = []
    real = services.send_mail

    def flaky(subject: str, body: str, sender: Any, to: list[str]) -> int:
        calls.append(to[0])
        if len(calls) == 2:
            raise ConnectionError("SMTP server went away")
        return real(subject, body, sender, to)

    monkeypatch.setattr(services, "send_mail", flaky)
    with pytest.raises(ConnectionError):
        services.notifications_email()
    assert Notification.objects.filter(emailed_at__isnull=False).count() == 1
    assert services.notifications_email() == 2  # the rest, once
    assert services.notifications_email() == 0
    assert len(mail.outbox) == 3
    assert sorted(m.to[0] for m in mail.outbox) == [
        "farida@example.org", "meera@example.org", "rupa@example.org"
    ]  # fmt: skip


@pytest.mark.django_db(transaction=True)  # the worker commits and reconnects like a real one
def test_the_worker_runs_the_queue_on_the_database(arrest: Clock, settings: Any) -> None:
    from django.core.management import call_command
    from django_tasks_db.models import DBTaskResult

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    with time_machine.travel(local(2024, 3, 8, 0, 0), tick=False):
        call_command("worker", "--once", stdout=__import__("io").StringIO())
    assert Notification.objects.filter(stage="breached", emailed_at__isnull=False).count() == 3
    assert sorted(r.task_path.rsplit(".", 1)[1] for r in DBTaskResult.objects.all()) == [
        "clocks_scan", "notifications_email",
    ]  # fmt: skip
    assert {r.status for r in DBTaskResult.objects.all()} == {"SUCCESSFUL"}
    assert len(mail.outbox) == 3


def test_alerts_show_in_the_app_with_an_unread_count(
    arrest: Clock, client_as: Any, cast: Any
) -> None:
    scan_at(2024, 3, 8, 0, 0)
    client = client_as("caseworker")
    badge = client.get(reverse("deadlines:notifications-badge"))
    assert 'data-testid="unread">1<' in badge.text
    # A count in the reader's digits: Bengali ones on a Bengali page.
    meera = cast["caseworker"]
    type(meera).objects.filter(pk=meera.pk).update(language="bn")
    assert 'data-testid="unread">১<' in client.get(reverse("deadlines:notifications-badge")).text
    type(meera).objects.filter(pk=meera.pk).update(language=meera.language)
    page = client.get(reverse("deadlines:notifications"))
    assert "Arrested person produced before a magistrate" in page.text
    client.post(reverse("deadlines:notifications-read"))
    assert 'data-testid="unread"' not in client.get(reverse("deadlines:notifications-badge")).text
    other = client_as("other_caseworker").get(reverse("deadlines:notifications"))
    assert "Arrested person" not in other.text


def test_the_lateness_report_counts_met_late_breached_and_recorded_late_per_rule_and_team(
    client_as: Any, case: Case, cast: Any
) -> None:
    from mukti.deadlines.selectors import lateness

    with time_machine.travel(local(2024, 3, 6, 23, 30), tick=False):
        cases.event_record(actor=case.lead, case=case, type="arrest", when=w("6 Mar 2024 23:15"))
    with time_machine.travel(local(2024, 3, 9, 9, 0), tick=False):
        cases.event_record(
            actor=case.lead, case=case, type="produced_magistrate", when=w("8 Mar 2024 05:15")
        )
        cases.event_record(actor=case.lead, case=case, type="arrest", when=w("8 Mar 2024 06:00"))
    # The first production came 6 hours late; the second arrest was typed in after its deadline.
    with time_machine.travel(local(2024, 3, 31, 12, 0), tick=False):
        rows = lateness(
            actor=cast["data_officer"], start=dt.date(2024, 3, 1), end=dt.date(2024, 3, 31)
        )
    overall, team = [r for r in rows if r.rule.code == "arrest_magistrate"]
    assert overall.team == "" and team.team == "Team of Meera"
    assert overall.counts == {"met": 0, "met_late": 1, "breached": 0, "recorded_late": 1,
                              "running": 0}  # fmt: skip
    # 6 hours, and the second arrest's 22 days and 6 hours (534 h) by 31 March, noon
    assert (overall.median_late, overall.worst_late) == pytest.approx((270.0, 534.0))
    page = client_as("data_officer").get(
        reverse("deadlines:lateness"), {"start": "2024-03-01", "end": "2024-03-31"}
    )
    assert "Team of Meera" in page.text and "Kusum" not in page.text
    assert client_as("caseworker").get(reverse("deadlines:lateness")).status_code == 403
    bad = client_as("supervisor").get(
        reverse("deadlines:lateness"), {"start": "2024-03-31", "end": "2024-03-01"}
    )
    assert "The period must end after it starts." in bad.text


@pytest.mark.django_db(transaction=True)
def test_two_workers_at_once_tell_nobody_twice(case: Case, cast: Any) -> None:
    """Real concurrent connections (PostgreSQL): two scans and two e-mail sweeps racing over the
    same clocks create each notification once and send each e-mail once."""
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("SQLite serialises writers; the race needs PostgreSQL's row locks")
    for user in cast.values():
        user.email = f"{user.username}@example.org"
        user.save(update_fields=["email"])
    with time_machine.travel(local(2024, 3, 6, 23, 30), tick=False):
        for hour in range(18, 23):
            cases.event_record(
                actor=case.lead, case=case, type="arrest", when=w(f"6 Mar 2024 {hour}:00")
            )
    errors = race(*[lambda: services.notifications_scan(local(2024, 3, 8, 0, 0))] * 2)
    errors += race(services.notifications_email, services.notifications_email)
    assert errors == []
    assert Notification.objects.count() == 15  # 5 clocks × (Meera, Farida, Rupa), breached
    assert len(mail.outbox) == 15
    assert len({(m.to[0], m.body) for m in mail.outbox}) == 15  # no message sent twice
    assert not Notification.objects.filter(emailed_at__isnull=True).exists()


def test_each_person_is_written_to_in_her_own_language(arrest: Clock, cast: Any) -> None:
    """Meera chose Bengali: her warning gives the time in Bengali; Farida's stays in English."""
    meera = cast["caseworker"]
    meera.language = "bn"
    meera.save(update_fields=["language"])
    assert scan_at(2024, 3, 7, 18, 0) == 2
    to_meera = next(m for m in mail.outbox if m.to == [meera.email])
    to_farida = next(m for m in mail.outbox if m.to == [cast["legal_officer"].email])
    assert "৭ মার্চ ২০২৪, ২৩:১৫" in to_meera.body
    assert "7 Mar 2024, 23:15" in to_farida.body


def test_the_unread_count_is_the_alerts_each_may_still_act_on(
    arrest: Clock, case: Case, cast: Any
) -> None:
    """The count in the menu (a query compiled once per connection) counts exactly the unread
    alerts of the list, for those on the case's team and those who see the whole organisation,
    as alerts are read, acknowledged and the case closed."""
    from mukti.deadlines import selectors

    def check() -> list[int]:
        counts = []
        for user in cast.values():
            listed = selectors.notifications(user=user, limit=10_000)
            unread = sum(1 for note in listed if note.read_at is None)
            assert selectors.unread_count(user=user) == unread, user.username
            counts.append(unread)
        return counts

    assert check() == [0] * len(cast)
    scan_at(2024, 3, 8, 0, 0)
    assert sum(check()) == 3  # the lead, the legal officer and the supervisor
    services.notifications_mark_read(actor=cast["caseworker"])
    assert sum(check()) == 2
    services.clock_acknowledge(actor=cast["legal_officer"], clock=arrest, reason="Produced late")
    assert sum(check()) == 1  # the supervisor's
    Case.objects.filter(pk=case.pk).update(status="closed")
    assert check() == [0] * len(cast)
