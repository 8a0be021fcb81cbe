"""Due soon and Alerts are a work list: closed cases drop out, breached clocks can be
acknowledged, people removed from a case stop seeing it, durations read as words; and the
clocks start from what the rescue really was (approximate attempts, people brought out)."""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any

import pytest
import time_machine
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse
from django.utils import timezone

from mukti.audit.models import AuditRecord
from mukti.care import services as care
from mukti.cases import services as cases
from mukti.cases.models import Case, Event
from mukti.core.errors import ApplicationError
from mukti.core.fuzzydate import parse_when as w
from mukti.core.templatetags.display import duration_words
from mukti.core.tests.queries import queries_of
from mukti.deadlines import rules as rules_module
from mukti.deadlines import services
from mukti.deadlines.models import Acknowledgement, Clock, ClockRebuild, Notification
from mukti.deadlines.tasks import clocks_scan
from mukti.rescue import services as rescue

pytestmark = pytest.mark.django_db


def local(
    year: int, month: int, day: int, hour: int = 0, minute: int = 0, second: int = 0
) -> dt.datetime:
    return timezone.make_aware(dt.datetime(year, month, day, hour, minute, second))


@pytest.fixture
def breached(case: Case) -> Clock:
    """An arrest typed in at once whose magistrate clock has long run out, with its alerts sent."""
    with time_machine.travel(local(2024, 3, 6, 23, 30), tick=False):
        cases.event_record(actor=case.lead, case=case, type="arrest", when=w("6 Mar 2024 23:15"))
    with time_machine.travel(local(2024, 3, 8, 0, 0), tick=False):
        clocks_scan.enqueue()
    return Clock.objects.get(rule="arrest_magistrate")


def due_rows(client: Any) -> str:
    return client.get(reverse("deadlines:due-soon")).text


def test_acknowledging_a_breach_takes_it_off_my_lists_only_and_is_audited(
    breached: Clock, client_as: Any, cast: Any
) -> None:
    meera, farida = client_as("caseworker"), client_as("legal_officer")
    assert "Arrested person produced" in due_rows(meera)
    url = reverse("deadlines:clock-acknowledge", args=[breached.pk])
    refused = meera.post(url, {"reason": "ok"}, follow=True)
    assert "Say in a few words what is being done about it." in refused.text
    done = meera.post(url, {"reason": "Produced on the 8th; entry to follow"}, follow=True)
    assert "Acknowledged: Arrested person produced before a magistrate" in done.text
    assert "Arrested person produced" not in due_rows(meera)
    alerts = meera.get(reverse("deadlines:notifications")).text
    assert "Arrested person produced" not in alerts
    assert "Arrested person produced" in due_rows(farida)  # hers is her own list
    audit = AuditRecord.objects.filter(reason="Produced on the 8th; entry to follow").get()
    assert audit.actor == cast["caseworker"]
    again = meera.post(url, {"reason": "Produced on the 8th"}, follow=True)
    assert "You have already acknowledged this clock." in again.text
    assert Acknowledgement.objects.count() == 1
    # Still counted where lateness is measured.
    report = client_as("supervisor").get(
        reverse("deadlines:lateness"), {"start": "2024-03-01", "end": "2024-03-31"}
    )
    assert "Arrested person produced" in report.text


def test_a_running_clock_cannot_be_acknowledged_and_a_stranger_gets_not_found(
    case: Case, client_as: Any, cast: Any
) -> None:
    with time_machine.travel(local(2024, 3, 6, 23, 30), tick=False):
        cases.event_record(actor=case.lead, case=case, type="arrest", when=w("6 Mar 2024 23:15"))
    running = Clock.objects.get(rule="arrest_magistrate")
    with (
        time_machine.travel(local(2024, 3, 7, 10, 0), tick=False),
        pytest.raises(ApplicationError, match="Only a breached clock"),
    ):
        services.clock_acknowledge(actor=cast["caseworker"], clock=running, reason="Noted.")
    url = reverse("deadlines:clock-acknowledge", args=[running.pk])
    assert client_as("other_caseworker").post(url, {"reason": "Not mine"}).status_code == 404
    assert client_as("aftercare_officer").post(url, {"reason": "Not mine"}).status_code == 404
    assert not Acknowledgement.objects.exists()


def test_a_closed_case_leaves_due_soon_and_alerts(
    breached: Clock, client_as: Any, cast: Any
) -> None:
    case = breached.case
    cases.event_record(
        actor=case.lead, case=case, type="rescue", when=w("9 Mar 2024 10:00"),
        survivors=[case.case_survivors.get().survivor],
    )  # fmt: skip
    meera = client_as("caseworker")
    assert "Arrested person produced" in due_rows(meera)
    badge = meera.get(reverse("deadlines:notifications-badge")).text
    assert 'data-testid="unread">1<' in badge
    case.refresh_from_db()
    cases.case_change_status(
        actor=cast["supervisor"], case=case, expected_version=case.version, status="closed",
        reason="Survivor reintegrated; trial concluded elsewhere.",
    )  # fmt: skip
    assert "Arrested person produced" not in due_rows(meera)
    assert "Arrested person" not in meera.get(reverse("deadlines:notifications")).text
    assert 'data-testid="unread"' not in meera.get(reverse("deadlines:notifications-badge")).text


def test_someone_removed_from_the_team_no_longer_sees_its_alerts(
    breached: Clock, client_as: Any, cast: Any
) -> None:
    farida = client_as("legal_officer")
    assert "Arrested person" in farida.get(reverse("deadlines:notifications")).text
    case = breached.case
    cases.case_update(actor=case.lead, case=case, expected_version=None, team=[])
    page = farida.get(reverse("deadlines:notifications")).text
    assert "Arrested person" not in page and case.reference not in page
    assert 'data-testid="unread"' not in farida.get(reverse("deadlines:notifications-badge")).text


def test_the_administrator_sees_that_alerts_were_sent_but_not_what_about(
    breached: Clock, client_as: Any
) -> None:
    page = client_as("administrator").get(reverse("deadlines:alerts-sent")).text
    assert page.count('data-testid="alert-sent"') == 3  # Meera, Farida and Rupa
    assert "rupa" in page and "Breached" in page
    assert breached.case.reference not in page and "magistrate" not in page
    assert client_as("caseworker").get(reverse("deadlines:alerts-sent")).status_code == 403


@pytest.mark.parametrize(
    ("span", "words"),
    [
        (dt.timedelta(minutes=12), "12 min"),
        (dt.timedelta(hours=5, minutes=20), "5 h 20 min"),
        (dt.timedelta(hours=30), "30 h"),
        (dt.timedelta(days=3, hours=4, minutes=59), "3 days 4 h"),
        (dt.timedelta(hours=8242.4), "343 days 10 h"),
        (dt.timedelta(days=-2, hours=-1), "2 days 1 h"),
    ],
)
def test_durations_read_as_words_never_as_raw_hours(span: dt.timedelta, words: str) -> None:
    assert duration_words(span) == words


def test_durations_in_words_are_kept_per_language_and_say_the_same() -> None:
    """Kept on each language's translation object: the same words as worked out afresh, in the
    language of the page (a duration first said in English is not then said so in Bengali)."""
    from django.utils import translation

    from mukti.core.templatetags.display import _words

    spans = [dt.timedelta(minutes=m) for m in (0, 12, 59, 60, 320, 2879, 2880, 4619, 500_000)]
    seen: dict[str, list[str]] = {}
    for _round in range(2):  # worked out, then read from what was kept
        for language in ("en", "bn", "hi"):
            with translation.override(language):
                said = [duration_words(span) for span in spans]
                assert said == [_words(int(span.total_seconds() // 60)) for span in spans]
                assert seen.setdefault(language, said) == said
    assert seen["en"][-1] == "347 days 5 h"
    assert seen["bn"][-1] != seen["en"][-1] and seen["hi"][-1] != seen["en"][-1]


def test_the_lateness_report_says_how_late_in_words(client_as: Any, case: Case) -> None:
    with time_machine.travel(local(2024, 3, 6, 23, 30), tick=False):
        cases.event_record(actor=case.lead, case=case, type="arrest", when=w("6 Mar 2024 23:15"))
    cases.event_record(
        actor=case.lead, case=case, type="produced_magistrate", when=w("8 Mar 2024 05:15")
    )
    page = client_as("supervisor").get(
        reverse("deadlines:lateness"), {"start": "2024-03-01", "end": "2024-03-31"}
    )
    assert "6 h / 6 h" in page.text and "6.0" not in page.text


def test_an_attempt_takes_an_approximate_date_and_sorts_where_it_belongs(
    case: Case, offices: Any, places: Any
) -> None:
    kusum = case.case_survivors.get().survivor
    cases.sighting_record(
        actor=case.lead, case=case, survivor=kusum, when=w("early Nov 2024"),
        place=places["ps_area"], source="informant", confidence="probable",
    )  # fmt: skip
    operation = rescue.operation_plan(
        actor=case.lead, case=case, target_place=places["ps_area"], lead_office=offices["ps"],
        planned_for=local(2024, 11, 2, 22, 0), survivors_sought=[kusum],
    )  # fmt: skip
    rescue.attempt_record(
        actor=case.lead, operation=operation, when=w("early Nov 2024"), outcome="hidden"
    )
    attempt = Event.objects.get(type="rescue_attempt")
    assert attempt.precision == "early_month"
    # Both "early Nov": the raid sorts with the sighting that led to it, after it, not before.
    order = list(case.events.order_by("sort_at", "id").values_list("type", flat=True))
    assert order[-2:] == ["location_identified", "rescue_attempt"]
    with pytest.raises(ApplicationError, match="Give when the attempt was made"):
        rescue.attempt_record(
            actor=case.lead, operation=operation, when=w("unknown"), outcome="hidden"
        )
    with pytest.raises(ApplicationError, match="dated before the day the operation was planned"):
        rescue.attempt_record(
            actor=case.lead, operation=operation, when=w("Oct 2024"), outcome="hidden"
        )


def test_a_child_brought_out_and_made_a_survivor_gets_her_cwc_clock(
    client_as: Any, case: Case, rescue_records: Any
) -> None:
    client = client_as("caseworker")
    url = reverse("rescue:brought-out-promote", args=[case.reference, rescue_records.other.pk])
    client.post(url, {"pseudonym": "Bela", "age_years": "15"})
    bela = case.case_survivors.get(survivor__pseudonym="Bela").survivor
    clock = Clock.objects.get(case=case, rule="minor_cwc", survivor=bela)
    assert clock.started_at == local(2024, 4, 22, 22, 55)
    assert bela in rescue_records.success.event.survivors.all()


def test_a_child_brought_out_into_a_new_case_has_her_rescue_on_its_timeline(
    client_as: Any, case: Case, rescue_records: Any
) -> None:
    client = client_as("caseworker")
    url = reverse("rescue:brought-out-promote", args=[case.reference, rescue_records.other.pk])
    client.post(url, {"pseudonym": "Bela", "age_years": "15", "new_case": "on"})
    new_case = Case.objects.exclude(pk=case.pk).get()
    rescue_event = new_case.events.get(type="rescue")
    assert rescue_event.occurred_at == local(2024, 4, 22, 22, 55)
    assert case.reference in rescue_event.note
    assert Clock.objects.filter(case=new_case, rule="minor_cwc").exists()


def test_an_age_assessment_is_not_the_examination_for_the_offence(case: Case, offices: Any) -> None:
    kusum = case.case_survivors.get().survivor
    care.medical_record(
        actor=case.lead, case=case, survivor=kusum, when=w("23 Apr 2024 10:00"),
        facility=offices["hospital"], kind="examination", need="age_assessment",
    )  # fmt: skip
    assert not Clock.objects.filter(rule="doctor_report").exists()
    care.medical_record(
        actor=case.lead, case=case, survivor=kusum, when=w("23 Apr 2024 12:00"),
        facility=offices["hospital"], kind="medico_legal", need="sexual_violence",
    )  # fmt: skip
    assert Clock.objects.filter(rule="doctor_report").count() == 1


def break_the_arrest_rule(monkeypatch: Any, starts: Any) -> None:
    """A rule with a bug in it (the outside world here is a future programming mistake)."""
    patched = [
        dataclasses.replace(r, starts=starts) if r.code == "arrest_magistrate" else r
        for r in rules_module.RULES
    ]
    monkeypatch.setattr(services, "RULES", patched)


def test_a_rule_failing_for_one_case_is_reported_and_the_others_go_on(
    case: Case, cast: Any, monkeypatch: Any
) -> None:
    other = cases.case_open(actor=cast["caseworker"], title="Second", exploitation=["sexual"])
    for each in (case, other):
        cases.event_record(actor=each.lead, case=each, type="arrest", when=w("6 Mar 2024 23:15"))
    Clock.objects.all().delete()
    real = rules_module.RULES_BY_CODE["arrest_magistrate"].starts

    def broken_for_the_first(c: Any, events: Any) -> Any:
        if c.pk == case.pk:
            raise ValueError("a rule's own bug")
        return real(c, events)

    break_the_arrest_rule(monkeypatch, broken_for_the_first)
    with pytest.raises(CommandError, match="1 case"):
        call_command("clocks", "rebuild", stdout=__import__("io").StringIO())
    assert list(Clock.objects.values_list("case_id", flat=True)) == [other.pk]
    result = services.clocks_rebuild()
    assert result.failures == [(case.reference, "a rule's own bug")]


def test_a_queued_rebuild_shows_the_failing_cases_on_the_rules_page(
    case: Case, client_as: Any, monkeypatch: Any, django_capture_on_commit_callbacks: Any
) -> None:
    cases.event_record(actor=case.lead, case=case, type="arrest", when=w("6 Mar 2024 23:15"))

    def broken(c: Any, events: Any) -> Any:
        raise ValueError("a rule's own bug")

    break_the_arrest_rule(monkeypatch, broken)
    admin = client_as("administrator")
    with django_capture_on_commit_callbacks(execute=True):
        admin.post(reverse("deadlines:rules"), {"rule": "located_not_rescued", "enabled": "on"})
    page = admin.get(reverse("deadlines:rules")).text
    assert f"{case.reference}: a rule&#x27;s own bug" in page
    assert Notification.objects.count() == 0


def _clocks_in_cases(cast: Any, count: int) -> None:
    """``count`` more cases, led in turn by each caseworker (two teams): an arrest whose
    magistrate clock is running, met or met late, and a minor rescued whose CWC clock runs."""
    first = Case.objects.filter(title__startswith="Clocks").count()
    for n in range(first, first + count):
        lead = cast["caseworker"] if n % 2 else cast["other_caseworker"]
        each = cases.case_open(actor=lead, title=f"Clocks {n}", team=[cast["legal_officer"]])
        girl = cases.survivor_add(actor=lead, case=each, pseudonym=f"Rimi {n}", age_years=15)
        with time_machine.travel(local(2024, 3, 6, 23, 30), tick=False):
            cases.event_record(actor=lead, case=each, type="arrest", when=w("6 Mar 2024 23:15"))
            cases.event_record(
                actor=lead, case=each, type="rescue", when=w("6 Mar 2024 22:00"), survivors=[girl]
            )
        if n % 3:
            cases.event_record(
                actor=lead, case=each, type="produced_magistrate",
                when=w(f"{7 + n % 3} Mar 2024 10:00"),
            )  # fmt: skip


@pytest.mark.parametrize(
    ("name", "params", "role", "shows", "expected"),
    [
        # session, user, 2FA device, the clocks due, the clocks breached
        ("deadlines:due-soon", {}, "supervisor", "Clocks 8", 5),
        # and first, for one who sees her team's cases only, whether she is on more than
        # FEW_CASES (which decides how the clocks are read)
        ("deadlines:due-soon", {}, "caseworker", "Clocks 7", 6),
        # session, user, 2FA device, the monthly lateness rows of the period summed per rule
        # and team (a whole month: no clock is read; a partial month adds one query), the
        # latest clock rebuild (still recounting?)
        ("deadlines:lateness", {"start": "2024-03-01", "end": "2024-03-31"}, "supervisor",
         "Arrested person produced", 5),
    ],
)  # fmt: skip
def test_due_soon_and_lateness_issue_a_fixed_number_of_queries(
    cast: Any,
    client_as: Any,
    name: str,
    params: dict[str, str],
    role: str,
    shows: str,
    expected: int,
) -> None:
    client, url = client_as(role), reverse(name)
    _clocks_in_cases(cast, 2)
    with time_machine.travel(local(2024, 3, 7, 12, 0), tick=False):
        small = queries_of(client, url, params)
    _clocks_in_cases(cast, 7)
    if shows.startswith("Clocks"):  # a case of the last ones (one the role is on): its reference
        shows = Case.objects.get(title=shows).reference
    with time_machine.travel(local(2024, 3, 7, 12, 0), tick=False):
        assert shows in client.get(url, params).text
        assert queries_of(client, url, params) == small == expected


@pytest.mark.parametrize("role", ["supervisor", "caseworker", "legal_officer", "aftercare_officer"])
def test_the_home_page_counts_are_those_of_due_soon_lists(
    breached: Clock, case: Case, cast: Any, role: str
) -> None:
    """``due_soon_counts`` (the home page) counts, rule by rule, the rows ``due_soon`` lists."""
    from collections import Counter

    from mukti.deadlines.selectors import due_soon, due_soon_counts

    with time_machine.travel(local(2024, 3, 9, 10, 0), tick=False):
        cases.event_record(actor=case.lead, case=case, type="rescue", when=w("9 Mar 2024 9:00"))
        cases.event_record(actor=case.lead, case=case, type="arrest", when=w("9 Mar 2024 9:30"))
        for hours in (24, 72):
            lists = due_soon(actor=cast[role], hours=hours)
            counts = due_soon_counts(actor=cast[role], hours=hours)
            assert counts.upcoming == Counter(r.rule.code for r in lists.upcoming)
            assert counts.breached == Counter(r.rule.code for r in lists.breached)
    if role == "supervisor":
        assert counts.upcoming and counts.breached  # something was counted


def test_the_rules_page_shows_each_stage_of_a_rebuild(client_as: Any) -> None:
    """Cases first (a bar of cases done), then the lateness report's months, which are counted
    once every clock is rewritten (no bar full while work goes on), then when it finished. The
    lateness report says its figures can still change until then."""
    admin = client_as("administrator")
    rebuild = ClockRebuild.objects.create(done=3, total=10)
    page = admin.get(reverse("deadlines:rules")).text
    assert '<progress max="10" value="3">' in page and "Recomputing clocks: 3 of 10 cases" in page
    ClockRebuild.objects.filter(pk=rebuild.pk).update(done=10)
    page = admin.get(reverse("deadlines:rules")).text
    assert "Clocks of all 10 cases recomputed; recounting the lateness report" in page
    assert 'value="10"' not in page  # an indeterminate bar: still working
    lateness = client_as("supervisor").get(reverse("deadlines:lateness")).text
    assert "these figures can change until that has finished" in lateness
    ClockRebuild.objects.filter(pk=rebuild.pk).update(finished_at=timezone.now())
    page = admin.get(reverse("deadlines:rules")).text
    assert "(10 cases)" in page and "<progress" not in page
    lateness = client_as("supervisor").get(reverse("deadlines:lateness")).text
    assert "these figures can change" not in lateness


@pytest.mark.parametrize("role", ["caseworker", "other_caseworker", "legal_officer"])
def test_a_team_is_listed_alike_read_case_by_case_or_from_the_deadline_index(
    cast: Any, role: str, monkeypatch: Any
) -> None:
    """A team of up to ``FEW_CASES`` cases has its clocks read case by case, a larger one from
    the deadline index: the same rows, in the same order, either way."""
    from mukti.deadlines import selectors

    _clocks_in_cases(cast, 6)
    actor = cast[role]

    def listed() -> tuple[list[int], list[int], Any]:
        # The minors' CWC clocks ran out at 22:00; the magistrate's run until 23:15.
        with time_machine.travel(local(2024, 3, 7, 22, 30), tick=False):
            lists = selectors.due_soon(actor=actor)
            counts = selectors.due_soon_counts(actor=actor)
            shape = selectors._scope(actor, 72)[3]
        upcoming = [row.clock.pk for row in lists.upcoming]
        breached = [row.clock.pk for row in lists.breached]
        return upcoming, breached, (counts, shape["few"])

    upcoming, breached, (counts, few) = listed()
    assert few and upcoming and breached  # a small team, with clocks in both lists
    # As if she were on more than FEW_CASES cases: too many to read one by one.
    monkeypatch.setattr(actor, "_mukti_few_cases", False)
    assert listed() == (upcoming, breached, (counts, False))
