"""Every rule, table-driven: what starts its clock, when it is due, what satisfies it. Plus the
administrator's switches, "recorded after the deadline", and who sees which clocks."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from mukti.audit.models import AuditRecord
from mukti.care import services as care
from mukti.cases import services as cases
from mukti.cases.models import Case
from mukti.core.errors import ApplicationError
from mukti.core.fuzzydate import parse_when as w
from mukti.deadlines.models import Clock
from mukti.deadlines.rules import RULES, add_months
from mukti.rescue import services as rescue

pytestmark = pytest.mark.django_db


def local(
    year: int, month: int, day: int, hour: int = 0, minute: int = 0, second: int = 0
) -> dt.datetime:
    return timezone.make_aware(dt.datetime(year, month, day, hour, minute, second))


def kusum(case: Case) -> Any:
    return case.case_survivors.get().survivor


def ev(type: str, when: str, **extra: Any) -> Callable[[Case, Any], Any]:
    def record(case: Case, env: Any) -> Any:
        return cases.event_record(actor=case.lead, case=case, type=type, when=w(when), **extra)

    return record


def sexual_offence(case: Case, env: Any) -> None:
    case.exploitation = ["sexual"]
    case.save(update_fields=["exploitation"])


def examination(
    report: dt.date | None, kind: str = "medico_legal", need: str = "sexual_violence",
    when: str = "23 Apr 2024 10:00",
) -> Callable[[Case, Any], Any]:  # fmt: skip
    def record(case: Case, env: Any) -> Any:
        return care.medical_record(
            actor=case.lead, case=case, survivor=kusum(case), when=w(when),
            facility=env["offices"]["hospital"], kind=kind, need=need, report_sent_on=report,
        )  # fmt: skip

    return record


def about_kusum(type: str, when: str, **extra: Any) -> Callable[[Case, Any], Any]:
    def record(case: Case, env: Any) -> Any:
        return cases.event_record(
            actor=case.lead, case=case, type=type, when=w(when), survivors=[kusum(case)], **extra
        )

    return record


def temporary_stay(ended: dt.date | None) -> Callable[[Case, Any], Any]:
    def record(case: Case, env: Any) -> Any:
        stay = care.placement_start(
            actor=case.lead, case=case, survivor=kusum(case), when=w("24 Apr 2024"),
            home=env["shelters"]["temporary"], kind="temporary",
        )  # fmt: skip
        if ended:
            care.placement_end(
                actor=case.lead, placement=stay, ended_on=ended, reason="CWC order",
                expected_version=None,
            )  # fmt: skip

    return record


def engagement(answer: str = "", **extra: Any) -> Callable[[Case, Any], Any]:
    def record(case: Case, env: Any) -> Any:
        e = rescue.engagement_record(
            actor=case.lead, case=case, office=env["offices"]["sp"], request="rescue",
            when=w("22 Apr 2024 14:10"),
        )  # fmt: skip
        if answer:
            rescue.engagement_answer(
                actor=case.lead, engagement=e, expected_version=None, answer=answer,
                answered_at=local(2024, 4, 22, 15, 0), note="Tomorrow, they said.", **extra,
            )  # fmt: skip

    return record


def step(done: dt.date | None) -> Callable[[Case, Any], Any]:
    def record(case: Case, env: Any) -> Any:
        r = care.repatriation_open(
            actor=case.lead, case=case, survivor=kusum(case), country="BD",
            when=w("2 May 2024"),
        )  # fmt: skip
        if done:
            care.step_complete(
                actor=case.lead, step=r.steps.get(), completed_on=done, expected_version=None
            )

    return record


def follow_up(case: Case, env: Any) -> None:
    care.follow_up_record(
        actor=case.lead, case=case, survivor=kusum(case), when=w("10 May 2024"),
        next_due_on=dt.date(2024, 6, 10),
    )  # fmt: skip


def compensation_applied(case: Case, env: Any) -> None:
    care.service_record(
        actor=case.lead, case=case, survivor=kusum(case), when=w("31 May 2024 11:00"),
        kind="compensation",
    )  # fmt: skip


def child(case: Case, env: Any) -> None:
    env["child"] = cases.survivor_add(
        actor=case.lead, case=case, pseudonym="Tuli", age_years=15,
        age_assessed_on=dt.date(2024, 3, 1),
    )  # fmt: skip


def about_her(type: str, when: str) -> Callable[[Case, Any], Any]:
    def record(case: Case, env: Any) -> Any:
        return cases.event_record(
            actor=case.lead, case=case, type=type, when=w(when), survivors=[env["child"]]
        )

    return record


def fir(ahtu: dt.datetime | None) -> Callable[[Case, Any], Any]:
    def record(case: Case, env: Any) -> Any:
        from mukti.justice import services as justice
        from mukti.justice.models import LegalSection

        justice.fir_register(
            actor=case.lead, case=case, police_station=env["offices"]["ps"], number="217/2024",
            when=w("6 Mar 2024 23:50"), sections=LegalSection.objects.filter(act="ITPA"),
            ahtu_informed_at=ahtu,
        )  # fmt: skip

    return record


def e_fir(signed: dt.datetime | None) -> Callable[[Case, Any], Any]:
    def record(case: Case, env: Any) -> Any:
        from mukti.justice import services as justice
        from mukti.justice.models import LegalSection

        case.offence_date = dt.date(2024, 8, 1)
        case.save(update_fields=["offence_date"])
        justice.fir_register(
            actor=case.lead, case=case, police_station=env["offices"]["ps"], number="301/2024",
            when=w("2 Aug 2024 10:00"), sections=LegalSection.objects.filter(act="BNS"),
            electronic=True, signed_at=signed,
        )  # fmt: skip

    return record


def award(paid: dt.date | None) -> Callable[[Case, Any], Any]:
    def record(case: Case, env: Any) -> Any:
        from mukti.justice import services as justice

        given = justice.compensation_award(
            actor=case.lead, case=case, survivor=kusum(case), when=w("1 Jun 2025"),
            awarded_by="DLSA", amount_awarded=100000,
        )  # fmt: skip
        if paid:
            justice.compensation_pay(
                actor=case.lead, compensation=given, amount_paid=100000, paid_on=paid,
                expected_version=None,
            )  # fmt: skip

    return record


# rule, steps, due (local), satisfied at (local) or None
TABLE: list[tuple[str, list[Callable[[Case, Any], Any]], tuple[int, ...], tuple[int, ...] | None]]
TABLE = [
    ("arrest_magistrate", [ev("arrest", "6 Mar 2024 23:15"),
                           ev("produced_magistrate", "7 Mar 2024 11:00")],
     (2024, 3, 7, 23, 15), (2024, 3, 7, 11, 0)),
    ("doctor_report", [examination(dt.date(2024, 4, 29))], (2024, 4, 30, 10, 0),
     (2024, 4, 29, 0, 0)),
    ("doctor_report", [examination(None)], (2024, 4, 30, 10, 0), None),
    ("investigation", [sexual_offence, ev("fir_registered", "31 Mar 2024 18:00"),
                       ev("chargesheet_filed", "3 Jun 2024")],
     (2024, 5, 31, 18, 0), (2024, 6, 3, 0, 0)),
    ("default_bail", [ev("arrest", "6 Mar 2024 23:15"),
                      ev("produced_magistrate", "7 Mar 2024 11:00"),
                      ev("chargesheet_filed", "1 Jun 2024")],
     (2024, 6, 5, 11, 0), (2024, 6, 1, 0, 0)),
    ("compensation_decided", [compensation_applied], (2024, 7, 31, 11, 0), None),
    ("escalation_unanswered", [engagement()], (2024, 4, 22, 18, 10), None),
    ("escalation_unanswered", [engagement("verified")], (2024, 4, 22, 18, 10),
     (2024, 4, 22, 15, 0)),
    ("deferral_passed", [engagement("deferred", deferred_until=local(2024, 4, 23, 10, 0)),
                         ev("rescue", "23 Apr 2024 11:30")],
     (2024, 4, 23, 12, 0), (2024, 4, 23, 11, 30)),
    ("temporary_shelter", [temporary_stay(dt.date(2024, 6, 1))], (2024, 7, 23, 0, 0),
     (2024, 6, 1, 0, 0)),
    ("repatriation_step", [step(None)], (2024, 7, 1, 0, 0), None),
    ("repatriation_step", [step(dt.date(2024, 5, 20))], (2024, 7, 1, 0, 0),
     (2024, 5, 20, 0, 0)),
    ("follow_up_visit", [follow_up], (2024, 6, 11, 0, 0), None),
    # POCSO s.19(6) runs from the police receiving the information, not from the NGO's tip.
    ("pocso_report", [sexual_offence, child,
                      about_her("information_received", "1 Mar 2024"),
                      about_her("police_informed", "5 Mar 2024 10:00"),
                      ev("pocso_reported", "5 Mar 2024 20:00")],
     (2024, 3, 6, 10, 0), (2024, 3, 5, 20, 0)),
    ("pocso_report", [sexual_offence, child, about_her("information_received", "1 Mar 2024"),
                      ev("fir_registered", "6 Mar 2024 23:50")],
     (2024, 3, 7, 23, 50), None),
    # BNSS s.184: only the examination for the offence meets it, from the police's information.
    # She came to us herself: from the police's information, once her statement is recorded.
    ("medical_examination", [sexual_offence, about_kusum("statement_recorded", "22 Apr 2024 09:00"),
                             about_kusum("police_informed", "22 Apr 2024 11:00"),
                             examination(None, when="23 Apr 2024 10:00")],
     (2024, 4, 23, 11, 0), (2024, 4, 23, 10, 0)),
    ("medical_examination", [sexual_offence, about_kusum("statement_recorded", "22 Apr 2024 09:00"),
                             about_kusum("police_informed", "22 Apr 2024 11:00"),
                             examination(None, kind="admission", need="pregnancy",
                                         when="22 Apr 2024 20:00"),
                             examination(None, kind="examination", need="age_assessment",
                                         when="22 Apr 2024 21:00")],
     (2024, 4, 23, 11, 0), None),
    # A woman held, the police told, then rescued: from her rescue, when they could send her.
    ("medical_examination", [sexual_offence, about_kusum("police_informed", "20 Apr 2024 11:00"),
                             about_kusum("rescue", "22 Apr 2024 23:00"),
                             examination(None, when="23 Apr 2024 10:00")],
     (2024, 4, 23, 23, 0), (2024, 4, 23, 10, 0)),
    ("itpa_custody", [sexual_offence, about_kusum("rescue", "23 Apr 2024 01:00"),
                      about_kusum("produced_magistrate", "30 Apr 2024 15:00")],
     (2024, 5, 3, 1, 0), (2024, 4, 30, 15, 0)),
    ("minor_cwc", [child, about_her("rescue", "6 Mar 2024 22:30"),
                   about_her("produced_cwc", "7 Mar 2024 11:00")],
     (2024, 3, 7, 22, 30), (2024, 3, 7, 11, 0)),
    ("itpa_production", [sexual_offence, about_kusum("rescue", "23 Apr 2024 01:00"),
                         about_kusum("produced_magistrate", "23 Apr 2024 15:00")],
     (2024, 4, 24, 1, 0), (2024, 4, 23, 15, 0)),
    ("sir_report", [child, about_her("produced_cwc", "7 Mar 2024 11:00"),
                    about_her("sir_submitted", "20 Mar 2024")],
     (2024, 3, 22, 11, 0), (2024, 3, 20, 0, 0)),
    ("cwc_final_order", [child, about_her("produced_cwc", "7 Mar 2024 11:00")],
     (2024, 7, 7, 11, 0), None),
    ("child_evidence", [child, about_her("produced_cwc", "7 Mar 2024 11:00"),
                        ev("cognisance", "1 Apr 2024 11:00"),
                        about_her("testimony", "25 Apr 2024")],
     (2024, 5, 1, 11, 0), (2024, 4, 25, 0, 0)),
    ("pocso_trial", [child, about_her("produced_cwc", "7 Mar 2024 11:00"),
                     ev("cognisance", "1 Apr 2024 11:00")],
     (2025, 4, 1, 11, 0), None),
    ("ahtu_fir", [fir(local(2024, 3, 7, 20, 0))], (2024, 3, 7, 23, 50), (2024, 3, 7, 20, 0)),
    ("ahtu_fir", [fir(None)], (2024, 3, 7, 23, 50), None),
    ("e_fir_signed", [e_fir(local(2024, 8, 4, 9, 0))], (2024, 8, 5, 10, 0),
     (2024, 8, 4, 9, 0)),
    ("e_fir_signed", [e_fir(None)], (2024, 8, 5, 10, 0), None),
    ("compensation_unpaid", [award(dt.date(2025, 7, 1))], (2025, 7, 31, 0, 0),
     (2025, 7, 1, 0, 0)),
]  # fmt: skip


@pytest.mark.parametrize(("rule", "steps", "due", "satisfied"), TABLE)
def test_each_rule_starts_is_due_and_is_satisfied_as_the_law_or_practice_says(
    rule: str, steps: list[Any], due: tuple[int, ...], satisfied: Any, case: Case,
    offices: Any, shelters: Any,
) -> None:  # fmt: skip
    env = {"offices": offices, "shelters": shelters}
    for record in steps:
        record(case, env)
    c = Clock.objects.get(case=case, rule=rule)
    assert c.due_at == local(*due)
    assert c.satisfied_at == (local(*satisfied) if satisfied else None)


def test_every_rule_is_in_the_table() -> None:
    assert {r.code for r in RULES} - {row[0] for row in TABLE} == {
        "located_not_rescued",
    }  # fmt: skip (covered in test_clocks.py)


def test_an_operational_reason_is_in_the_reader_s_language_and_a_citation_as_the_law_writes_it(
    case: Case,
) -> None:
    """The basis column of Due soon, the clocks panel, the API and the e-mails: an operational
    rule's reason was English prose on every page; a citation keeps its official form."""
    from django.utils import translation

    from mukti.deadlines.rules import RULES, RULES_BY_CODE

    operational = [r for r in RULES if r.kind == "operational"]
    with translation.override("en-gb"):
        english = {r.code: r.basis(case) for r in operational}
    assert len(english) == 8
    for language in ("bn", "hi"):
        with translation.override(language):
            for rule in operational:
                assert rule.basis(case) != english[rule.code], (language, rule.code)
            assert RULES_BY_CODE["investigation"].basis(case) in {"BNSS s.193(2)", "CrPC s.173(1A)"}
    with translation.override("en-gb"):
        assert RULES_BY_CODE["located_not_rescued"].basis(case) == (
            "Operational: victims are moved once traffickers sense interest"
        )


def test_default_bail_runs_from_the_first_remand_not_from_the_arrest(case: Case) -> None:
    ev("produced_magistrate", "3 Mar 2024 11:00")(case, None)  # before any arrest: not a remand
    assert not Clock.objects.filter(rule="default_bail").exists()
    ev("arrest", "6 Mar 2024 23:15")(case, None)
    assert not Clock.objects.filter(rule="default_bail").exists()


def test_investigation_clock_is_only_for_sexual_offences(case: Case) -> None:
    case.exploitation = ["labour"]
    case.save(update_fields=["exploitation"])
    ev("fir_registered", "31 Mar 2024 18:00")(case, None)
    assert not Clock.objects.filter(rule="investigation").exists()


@pytest.mark.parametrize(
    ("start", "months", "end"),
    [
        ((2024, 1, 31, 10, 0), 1, (2024, 2, 29, 10, 0)),  # leap February
        ((2023, 12, 15, 23, 30), 2, (2024, 2, 15, 23, 30)),  # across the year
        ((2024, 8, 31, 0, 0), 4, (2024, 12, 31, 0, 0)),
        ((2024, 10, 31, 9, 0), 4, (2025, 2, 28, 9, 0)),
    ],
)
def test_calendar_months_keep_the_local_time_and_clamp_the_day(
    start: tuple[int, ...], months: int, end: tuple[int, ...]
) -> None:
    assert add_months(local(*start), months) == local(*end)


def test_a_clock_whose_trigger_is_typed_in_after_its_deadline_is_not_a_fresh_alert(
    client_as: Any, case: Case
) -> None:
    with time_machine.travel(local(2024, 3, 9, 10, 0), tick=False):
        ev("arrest", "6 Mar 2024 23:15")(case, None)  # typed in two days later
    c = Clock.objects.get(rule="arrest_magistrate")
    assert c.state == "recorded_late"
    page = client_as("caseworker").get(case.get_absolute_url())
    assert "Recorded after the deadline: due 7 Mar 2024, 23:15, recorded 9 Mar 2024, 10:00" in (
        page.text
    )
    with time_machine.travel(local(2024, 3, 6, 23, 30), tick=False):
        ev("arrest", "6 Mar 2024 23:20")(case, None)  # typed in at once
    fresh = Clock.objects.get(
        rule="arrest_magistrate", trigger__occurred_at=local(2024, 3, 6, 23, 20)
    )
    assert fresh.state == "breached"


def test_a_date_that_would_end_a_clock_before_it_starts_is_refused(
    case: Case, offices: Any
) -> None:
    e = rescue.engagement_record(
        actor=case.lead, case=case, office=offices["sp"], request="rescue",
        when=w("22 Apr 2024 14:10"),
    )  # fmt: skip
    rescue.engagement_answer(
        actor=case.lead, engagement=e, expected_version=None, answer="deferred",
        answered_at=local(2024, 4, 22, 15, 0), deferred_until=local(2024, 4, 22, 16, 0),
        note="Tomorrow.",
    )  # fmt: skip
    events = case.events.count()
    with pytest.raises(ApplicationError, match=r"would end .* before it starts"):
        cases.event_update(
            actor=case.lead, event=e.event, expected_version=None, type="authority_contacted",
            when=w("23 Apr 2024 09:00"),
        )  # fmt: skip
    e.event.refresh_from_db()
    assert e.event.occurred_at == local(2024, 4, 22, 14, 10) and case.events.count() == events


def test_an_administrator_switches_a_rule_off_and_changes_an_operational_limit(
    client_as: Any, case: Case, places: Any, django_capture_on_commit_callbacks: Any
) -> None:
    admin = client_as("administrator")
    url = reverse("deadlines:rules")
    page = admin.get(url)
    assert "Located but not rescued" in page.text and "BNSS s.58" in page.text
    with django_capture_on_commit_callbacks(execute=True):
        response = admin.post(url, {"rule": "located_not_rescued", "enabled": "on",
                                    "limit_hours": "3"}, follow=True)  # fmt: skip
    assert "Saved: Located but not rescued. The clocks are being recomputed." in response.text
    cases.sighting_record(
        actor=case.lead, case=case, survivor=kusum(case), when=w("22 Apr 2024 11:30"),
        place=places["outpost_area"], source="informant", confidence="confirmed",
    )  # fmt: skip
    assert Clock.objects.get(rule="located_not_rescued").due_at == local(2024, 4, 22, 14, 30)
    ev("arrest", "6 Mar 2024 23:15")(case, None)
    with django_capture_on_commit_callbacks(execute=True):
        admin.post(url, {"rule": "arrest_magistrate"})  # unticked: off
    assert not Clock.objects.filter(rule="arrest_magistrate").exists()  # rebuilt at once
    audit = AuditRecord.objects.filter(object_type="deadlines.rulesetting")
    assert audit.count() == 2


@pytest.mark.parametrize(
    ("rule", "limit", "message"),
    [
        ("arrest_magistrate", "48", "is set by law (BNSS s.58); its limit cannot be changed."),
        ("located_not_rescued", "0", "A limit must be at least one hour; to stop the rule, "
                                     "switch it off."),
        ("follow_up_visit", "5", "runs to the date in the record; it has no limit to change."),
    ],
)  # fmt: skip
def test_statutory_zero_and_meaningless_limits_are_refused(
    client_as: Any, rule: str, limit: str, message: str
) -> None:
    response = client_as("administrator").post(
        reverse("deadlines:rules"), {"rule": rule, "enabled": "on", "limit_hours": limit}
    )
    assert message in response.text
    assert not AuditRecord.objects.filter(object_type="deadlines.rulesetting").exists()


def test_only_administrators_manage_rules(client_as: Any) -> None:
    for role in ("caseworker", "supervisor", "data_officer"):
        assert client_as(role).get(reverse("deadlines:rules")).status_code == 403


def test_care_clocks_are_not_shown_to_legal_officers(
    client_as: Any, case: Case, shelters: Any, offices: Any
) -> None:
    temporary_stay(None)(case, {"shelters": shelters})
    legal = client_as("legal_officer").get(case.get_absolute_url())
    assert "Temporary shelter stay too long" not in legal.text
    mine = client_as("caseworker").get(case.get_absolute_url())
    assert "Temporary shelter stay too long" in mine.text


def test_due_soon_lists_upcoming_clocks_first_then_breached_ones(
    client_as: Any, case: Case
) -> None:
    with time_machine.travel(local(2024, 3, 5, 20, 30), tick=False):
        ev("arrest", "5 Mar 2024 20:00")(case, None)
    with time_machine.travel(local(2024, 3, 6, 23, 30), tick=False):
        ev("arrest", "6 Mar 2024 23:15")(case, None)
    with time_machine.travel(local(2024, 3, 7, 6, 0), tick=False):
        page = client_as("caseworker").get(reverse("deadlines:due-soon")).text
        short = client_as("caseworker").get(reverse("deadlines:due-soon") + "?hours=24").text
    upcoming, breached = page.split("Breached</caption>")
    assert "in 17" in upcoming and "breached 10" in breached
    assert "Due in the next 24 hours" in short


def test_a_rebuild_interrupted_half_way_resumes_without_duplicates_or_loss(
    case: Case, cast: Any, monkeypatch: Any
) -> None:
    from mukti.deadlines import services

    second = cases.case_open(actor=case.lead, title="Second case")
    for c in (case, second):
        ev("arrest", "6 Mar 2024 23:15")(c, None)
    expected = sorted(Clock.objects.values_list("case_id", "rule", "trigger_id", "due_at"))
    Clock.objects.all().delete()
    monkeypatch.setattr(services, "REBUILD_BATCH", 1)
    real = services.clocks_refresh_many
    calls = []

    def dies_on_the_second_batch(cases: Any, rules: Any = None, **options: Any) -> Any:
        calls.append(cases)
        if len(calls) == 2:
            raise KeyboardInterrupt  # the worker is stopped mid-batch
        return real(cases, rules, **options)

    monkeypatch.setattr(services, "clocks_refresh_many", dies_on_the_second_batch)
    with pytest.raises(KeyboardInterrupt):
        services.clocks_rebuild()
    assert set(Clock.objects.values_list("case_id", flat=True)) == {case.pk}  # first batch kept
    monkeypatch.setattr(services, "clocks_refresh_many", real)
    services.clocks_rebuild()
    services.clocks_rebuild()
    got = sorted(Clock.objects.values_list("case_id", "rule", "trigger_id", "due_at"))
    assert got == expected
