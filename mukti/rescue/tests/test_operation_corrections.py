"""Rescue operations and attempts are corrected (versioned) and operations cancelled (with the
reason, kept visible); what attempts start (clocks, survivor status) follows, exactly as a full
rebuild would make it."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from mukti.audit.models import AuditAction, AuditRecord
from mukti.cases.models import Case, CaseSurvivor, Event, SurvivorStatus
from mukti.core.errors import ApplicationError
from mukti.core.fuzzydate import parse_when
from mukti.deadlines import services as deadlines
from mukti.deadlines.models import Clock
from mukti.rescue import services
from mukti.rescue.models import Attempt, Operation, OperationStatus

pytestmark = pytest.mark.django_db

CLOCK_COLUMNS = (
    "rule", "trigger_id", "survivor_id", "started_at", "start_approximate", "due_at",
    "satisfied_at", "satisfied_by_id", "recorded_at", "recorded_late",
)  # fmt: skip


def stored_clocks() -> list[tuple[Any, ...]]:
    return sorted(Clock.objects.values_list(*CLOCK_COLUMNS), key=repr)


def assert_clocks_equal_a_full_rebuild() -> None:
    incremental = stored_clocks()
    result = deadlines.clocks_rebuild()
    assert result.failures == []
    assert stored_clocks() == incremental


def aware(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> dt.datetime:
    return timezone.make_aware(dt.datetime(year, month, day, hour, minute))


def _url(name: str, case: Case, pk: int) -> str:
    return reverse(f"rescue:{name}", args=[case.reference, pk])


def planned(case: Case, offices: Any, **values: Any) -> Operation:
    kusum = case.case_survivors.get().survivor
    return services.operation_plan(
        actor=case.lead, case=case, target_place=offices["outpost"].jurisdiction,
        lead_office=offices["outpost"], planned_for=aware(2024, 4, 14, 22, 0),
        survivors_sought=[kusum], **values,
    )  # fmt: skip


def operation_form(operation: Operation, **changes: Any) -> dict[str, Any]:
    data = {
        "target_place": operation.target_place_id, "target_address": "",
        "survivors_sought": list(operation.survivors_sought.values_list("pk", flat=True)),
        "lead_office": operation.lead_office_id, "lead_official": operation.lead_official_id or "",
        "ngo_staff": list(operation.ngo_staff.values_list("pk", flat=True)),
        "planned_for": timezone.localtime(operation.planned_for).strftime("%Y-%m-%dT%H:%M"),
        "risk_notes": "", "version": operation.version,
    }  # fmt: skip
    data.update(changes)
    return data


# --- correcting an operation ------------------------------------------------------------------


def test_an_operation_is_corrected_and_its_attempts_take_its_new_police_unit(
    client_as: Any, case: Case, cast: Any, rescue_records: Any, offices: Any
) -> None:
    operation = Operation.objects.get(pk=rescue_records.operation.pk)
    client = client_as("caseworker")
    form = client.get(_url("operation-edit", case, operation.pk))
    assert form.status_code == 200 and 'value="22 Apr 2024, 22:00"' in form.text
    response = client.post(
        _url("operation-edit", case, operation.pk),
        operation_form(operation, lead_office=offices["ps"].pk, lead_official="",
                       target_address="Green house behind the market",
                       ngo_staff=[cast["caseworker"].pk, cast["other_caseworker"].pk]),
    )  # fmt: skip
    assert response.status_code == 302
    operation.refresh_from_db()
    assert operation.lead_office == offices["ps"] and operation.version == 4
    assert operation.target_address == "Green house behind the market"
    events = Event.objects.filter(attempt__operation=operation)
    assert {e.actor_office_id for e in events} == {offices["ps"].pk}
    assert {e.actor_official_id for e in events} == {None}
    staff = AuditRecord.objects.filter(
        action=AuditAction.UPDATE, object_type="rescue.operation", object_id=str(operation.pk)
    ).values_list("changes", flat=True)
    assert any("ngo_staff" in changes for changes in staff)
    page = client.get(case.get_absolute_url()).text
    assert "by Anjali, Meera" in page  # the attempts name our staff present
    assert_clocks_equal_a_full_rebuild()


def test_an_operation_cannot_be_planned_after_its_own_attempt(
    client_as: Any, case: Case, rescue_records: Any
) -> None:
    operation = Operation.objects.get(pk=rescue_records.operation.pk)
    response = client_as("caseworker").post(
        _url("operation-edit", case, operation.pk),
        operation_form(operation, planned_for="2024-04-25T22:00"),
    )
    assert response.status_code == 200
    assert "the operation cannot be planned after its own attempt" in response.text
    operation.refresh_from_db()
    assert operation.planned_for == aware(2024, 4, 22, 22, 0) and operation.version == 3


def test_a_correction_from_an_older_form_is_refused_as_a_conflict(
    client_as: Any, case: Case, offices: Any
) -> None:
    operation = planned(case, offices)
    stale = operation_form(operation, risk_notes="Guards at the back door")
    services.operation_update(
        actor=case.lead, operation=operation, expected_version=operation.version,
        target_place=operation.target_place, lead_office=offices["ps"],
        planned_for=operation.planned_for,
    )  # fmt: skip
    response = client_as("caseworker").post(_url("operation-edit", case, operation.pk), stale)
    assert response.status_code == 200 and "while you were editing it" in response.text
    operation.refresh_from_db()
    assert operation.lead_office == offices["ps"] and operation.risk_notes == ""


def test_a_change_of_the_staff_alone_still_moves_the_version(
    case: Case, cast: Any, offices: Any
) -> None:
    operation = planned(case, offices)
    updated = services.operation_update(
        actor=case.lead, operation=operation, expected_version=1,
        target_place=operation.target_place, lead_office=operation.lead_office,
        planned_for=operation.planned_for, survivors_sought=list(operation.survivors_sought.all()),
        ngo_staff=[cast["other_caseworker"]],
    )  # fmt: skip
    assert updated.version == 2
    with pytest.raises(ApplicationError, match="while you were editing it"):
        services.operation_update(
            actor=case.lead, operation=operation, expected_version=1,
            target_place=operation.target_place, lead_office=operation.lead_office,
            planned_for=operation.planned_for,
        )  # fmt: skip


# --- cancelling an operation ------------------------------------------------------------------


def test_an_operation_is_cancelled_with_its_reason_and_stays_on_the_case_as_cancelled(
    client_as: Any, case: Case, offices: Any
) -> None:
    operation = planned(case, offices)
    client = client_as("caseworker")
    form = client.get(_url("operation-cancel", case, operation.pk))
    assert form.status_code == 200 and "Why is it cancelled?" in form.text
    assert ">Cancel the operation</button>" in form.text and ">Keep the operation</a>" in form.text
    response = client.post(
        _url("operation-cancel", case, operation.pk),
        {"reason": "The police withdrew: the informant was exposed", "when": "14 Apr 2024 18:00",
         "version": operation.version},
    )  # fmt: skip
    assert response.status_code == 302
    operation.refresh_from_db()
    assert operation.status == OperationStatus.CANCELLED
    assert operation.cancel_reason == "The police withdrew: the informant was exposed"
    entry = Event.objects.get(case=case, type="other")
    assert entry.note.endswith("cancelled: The police withdrew: the informant was exposed")
    assert entry.occurred_at == aware(2024, 4, 14, 18, 0)
    record = AuditRecord.objects.filter(
        action=AuditAction.UPDATE, object_type="rescue.operation", object_id=str(operation.pk)
    ).last()
    assert record is not None and record.reason == operation.cancel_reason
    page = client.get(case.get_absolute_url()).text
    assert "The police withdrew: the informant was exposed" in page
    assert _url("attempt-add", case, operation.pk) not in page
    assert _url("operation-cancel", case, operation.pk) not in page
    with pytest.raises(ApplicationError, match="This operation is cancelled"):
        services.attempt_record(
            actor=case.lead, operation=operation, when=parse_when("15 Apr 2024 01:00"),
            outcome="aborted",
        )  # fmt: skip
    assert_clocks_equal_a_full_rebuild()


def test_a_cancellation_needs_a_reason_and_changes_nothing_without_one(
    client_as: Any, case: Case, offices: Any
) -> None:
    operation = planned(case, offices)
    response = client_as("caseworker").post(
        _url("operation-cancel", case, operation.pk),
        {"reason": "   ", "when": "14 Apr 2024 18:00", "version": operation.version},
    )
    assert response.status_code == 200 and "This field is required." in response.text
    with pytest.raises(ApplicationError, match="Say why the operation is cancelled"):
        services.operation_cancel(
            actor=case.lead, operation=operation, expected_version=None, reason=" "
        )
    operation.refresh_from_db()
    assert operation.status == OperationStatus.PLANNED
    assert not Event.objects.filter(case=case, type="other").exists()


def test_a_successful_operation_cannot_be_cancelled(
    client_as: Any, case: Case, rescue_records: Any
) -> None:
    operation = Operation.objects.get(pk=rescue_records.operation.pk)
    response = client_as("caseworker").post(
        _url("operation-cancel", case, operation.pk),
        {"reason": "mistake", "when": "23 Apr 2024 10:00", "version": operation.version},
    )
    assert response.status_code == 200
    assert "a rescue that happened cannot be cancelled" in response.text
    operation.refresh_from_db()
    assert operation.status == OperationStatus.SUCCEEDED


def test_an_open_operation_after_a_failed_attempt_is_cancelled_and_the_attempt_remains(
    case: Case, offices: Any
) -> None:
    operation = planned(case, offices)
    services.attempt_record(
        actor=case.lead, operation=operation, when=parse_when("14 Apr 2024 23:00"),
        outcome="hidden",
    )  # fmt: skip
    services.operation_cancel(
        actor=case.lead, operation=operation, expected_version=None, reason="She was moved"
    )
    assert Attempt.objects.filter(operation=operation).count() == 1
    assert CaseSurvivor.objects.get(case=case).status == SurvivorStatus.MISSING
    with pytest.raises(ApplicationError, match="already cancelled"):
        services.operation_cancel(
            actor=case.lead, operation=operation, expected_version=None, reason="again"
        )
    assert_clocks_equal_a_full_rebuild()


# --- correcting an attempt --------------------------------------------------------------------


def test_a_rescue_redated_moves_the_clocks_it_started_exactly_as_a_rebuild_would(
    client_as: Any, case: Case, rescue_records: Any
) -> None:
    attempt = Attempt.objects.get(operation=rescue_records.operation, event__outcome="rescued")
    started = Clock.objects.filter(trigger=attempt.event)
    assert started.exists()
    response = client_as("caseworker").post(
        _url("attempt-edit", case, attempt.pk),
        {"when": "23 Apr 2024 01:30", "outcome": "rescued", "what_followed": "Taken to the PS",
         "version": attempt.event.version},
    )  # fmt: skip
    assert response.status_code == 302
    attempt.refresh_from_db()
    attempt.event.refresh_from_db()
    assert attempt.event.occurred_at == aware(2024, 4, 23, 1, 30)
    assert attempt.what_followed == "Taken to the PS" and attempt.event.note == "Taken to the PS"
    assert {c.started_at for c in started.all()} == {aware(2024, 4, 23, 1, 30)}
    assert CaseSurvivor.objects.get(case=case).status == SurvivorStatus.RESCUED
    assert_clocks_equal_a_full_rebuild()


def test_a_failed_attempt_changes_how_it_failed_but_does_not_become_a_rescue_here(
    client_as: Any, case: Case, rescue_records: Any
) -> None:
    failed = Attempt.objects.get(operation=rescue_records.operation, event__outcome="hidden")
    client = client_as("caseworker")
    url = _url("attempt-edit", case, failed.pk)
    refused = client.post(url, {"when": "22 Apr 2024 22:10", "outcome": "rescued",
                                "version": failed.event.version})  # fmt: skip
    assert refused.status_code == 200 and "Select a valid choice." in refused.text
    with pytest.raises(ApplicationError, match="cannot become a rescue here"):
        services.attempt_update(
            actor=case.lead, attempt=failed, expected_version=None,
            when=parse_when("22 Apr 2024 22:10"), outcome="rescued",
        )  # fmt: skip
    ok = client.post(url, {"when": "22 Apr 2024 22:10", "outcome": "target_absent",
                           "version": failed.event.version})  # fmt: skip
    assert ok.status_code == 302
    failed.event.refresh_from_db()
    assert failed.event.outcome == "target_absent"
    assert_clocks_equal_a_full_rebuild()


def test_an_attempt_corrected_to_before_the_plan_or_from_an_older_form_is_refused(
    client_as: Any, case: Case, rescue_records: Any
) -> None:
    attempt = Attempt.objects.get(operation=rescue_records.operation, event__outcome="rescued")
    client = client_as("caseworker")
    url = _url("attempt-edit", case, attempt.pk)
    early = client.post(url, {"when": "20 Apr 2024 22:00", "outcome": "rescued",
                              "version": attempt.event.version})  # fmt: skip
    assert "is dated before the day the operation was planned" in early.text
    stale = attempt.event.version
    client.post(url, {"when": "22 Apr 2024 23:00", "outcome": "rescued", "version": stale})
    again = client.post(url, {"when": "22 Apr 2024 23:30", "outcome": "rescued",
                              "version": stale})  # fmt: skip
    assert again.status_code == 200 and "while you were editing it" in again.text
    attempt.event.refresh_from_db()
    assert attempt.event.occurred_at == aware(2024, 4, 22, 23, 0)


# --- access -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "status"),
    [("other_caseworker", 404), ("aftercare_officer", 404), ("data_officer", 403)],
)
def test_only_the_case_team_corrects_or_cancels_a_rescue(
    client_as: Any, case: Case, rescue_records: Any, role: str, status: int
) -> None:
    operation = Operation.objects.get(pk=rescue_records.operation.pk)
    attempt = operation.attempts.order_by("pk")[0]
    client = client_as(role)
    for url, data in (
        (_url("operation-edit", case, operation.pk), operation_form(operation)),
        (_url("operation-cancel", case, operation.pk), {"reason": "x", "when": "23 Apr 2024"}),
        (_url("attempt-edit", case, attempt.pk), {"when": "22 Apr 2024 22:20",
                                                  "outcome": "aborted"}),
    ):  # fmt: skip
        assert client.get(url).status_code == status
        assert client.post(url, data).status_code == status
    operation.refresh_from_db()
    assert operation.version == 3 and operation.status == OperationStatus.SUCCEEDED


def test_an_attempt_of_another_case_is_not_found_through_this_one(
    client_as: Any, case: Case, cast: Any, offices: Any, rescue_records: Any
) -> None:
    from mukti.cases import services as case_services

    other = case_services.case_open(actor=cast["caseworker"], title="Another")
    attempt = rescue_records.operation.attempts.order_by("pk")[0]
    response = client_as("caseworker").get(_url("attempt-edit", other, attempt.pk))
    assert response.status_code == 404


def test_a_rescue_redated_days_later_no_longer_counts_as_following_the_engagements(
    case: Case, rescue_records: Any
) -> None:
    from mukti.rescue.models import Engagement

    assert Engagement.objects.filter(case=case, rescue_followed=True).count() == 2
    attempt = Attempt.objects.get(operation=rescue_records.operation, event__outcome="rescued")
    services.attempt_update(
        actor=case.lead, attempt=attempt, expected_version=attempt.event.version,
        when=parse_when("28 Apr 2024 01:30"), outcome="rescued",
    )  # fmt: skip
    assert Engagement.objects.filter(case=case, rescue_followed=True).count() == 0
    assert CaseSurvivor.objects.get(case=case).status == SurvivorStatus.RESCUED
    assert_clocks_equal_a_full_rebuild()
