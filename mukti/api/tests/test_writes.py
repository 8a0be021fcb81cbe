"""The API's writes beyond cases and timelines: rescue operations and attempts, the case's
status, a survivor's record and identity. Each goes through the page's form and service, so the
same rules answer in the same words, and nothing is saved when one refuses."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from mukti.accounts.models import Organisation, Role, User
from mukti.audit.models import AuditAction, AuditRecord
from mukti.cases.models import Case, CaseStatus, Event, ProtectedIdentity, Survivor
from mukti.conftest import make_user
from mukti.rescue.models import Attempt, Operation, OperationStatus

pytestmark = pytest.mark.django_db
JSON = "application/json"

Api = Callable[..., Client]


def _url(name: str, *args: Any) -> str:
    return reverse(f"api-v1:{name}", args=list(args))


def _plan(offices: dict[str, Any], **extra: Any) -> dict[str, Any]:
    return {
        "target_place": offices["outpost"].jurisdiction_id,
        "lead_office": offices["outpost"].pk,
        "planned_for": "2024-04-22T22:00:00+05:30",
        **extra,
    }


# Rescue operations and attempts


def test_a_caseworker_plans_an_operation_as_on_the_page(
    api_as: Api, cast: dict[str, User], case: Case, offices: dict[str, Any], official: Any
) -> None:
    kusum = case.case_survivors.get().survivor_id
    response = api_as("caseworker").post(
        _url("operation-create", case.reference),
        _plan(offices, lead_official=official.pk, survivors_sought=[kusum],
              target_address="Second floor, blue gate", risk_notes="Guards at night"),
        content_type=JSON,
    )  # fmt: skip
    assert response.status_code == 201, response.content
    body = response.json()
    op = Operation.objects.get(pk=body["id"])
    assert body["status"] == "planned" and body["survivors_sought"] == [kusum]
    assert body["ngo_staff"] == [cast["caseworker"].pk]  # you, by default, as on the page
    assert body["target_address"] == "Second floor, blue gate"
    assert response["ETag"] == f'"{op.version}"'
    assert response["Location"] == _url("operation-detail", case.reference, op.pk)
    assert AuditRecord.objects.filter(
        action=AuditAction.CREATE, object_type="rescue.operation", object_id=str(op.pk)
    ).exists()
    detail = api_as("legal_officer").get(_url("operation-detail", case.reference, op.pk))
    assert detail.status_code == 200 and detail.json()["id"] == op.pk


def test_an_operation_refused_by_the_service_saves_nothing(
    api_as: Api, case: Case, offices: dict[str, Any], official: Any
) -> None:
    client = api_as("caseworker")
    # The officer works at the outpost, not at the SP's office: the service's words.
    wrong = client.post(
        _url("operation-create", case.reference),
        _plan(offices, lead_office=offices["sp"].pk, lead_official=official.pk),
        content_type=JSON,
    )
    assert wrong.status_code == 400
    error = wrong.json()["error"]
    assert error["message"].endswith(f"not at {offices['sp'].name}.")
    assert list(error["fields"]) == ["lead_official"]
    missing = client.post(_url("operation-create", case.reference), {}, content_type=JSON)
    assert missing.status_code == 400
    assert missing.json()["error"]["fields"]["lead_office"] == ["This field is required."]
    assert not Operation.objects.exists()


def test_an_operation_is_corrected_with_the_version_read(
    api_as: Api, case: Case, rescue_records: Any, offices: dict[str, Any]
) -> None:
    op = rescue_records.operation
    op.refresh_from_db()
    client = api_as("caseworker")
    url = _url("operation-update", case.reference, op.pk)
    unversioned = client.patch(url, {"risk_notes": "Dogs"}, content_type=JSON)
    assert unversioned.status_code == 428
    # After its attempts at 22:10, it cannot be planned for the next day.
    late = client.patch(
        url, {"planned_for": "2024-04-23T10:00:00+05:30", "version": op.version},
        content_type=JSON,
    )  # fmt: skip
    assert late.status_code == 400
    assert late.json()["error"]["fields"] == {"planned_for": [late.json()["error"]["message"]]}
    assert "cannot be planned after its own attempt" in late.json()["error"]["message"]
    ok = client.patch(
        url, {"risk_notes": "Dogs"}, content_type=JSON, HTTP_IF_MATCH=f'"{op.version}"'
    )
    assert ok.status_code == 200, ok.content
    assert ok.json()["risk_notes"] == "Dogs"
    assert ok.json()["lead_office"]["id"] == offices["outpost"].pk  # left out: kept
    stale = client.patch(url, {"risk_notes": "None"}, content_type=JSON, HTTP_IF_MATCH='"1"')
    assert stale.status_code == 409
    assert "was changed by" in stale.json()["error"]["message"]
    op.refresh_from_db()
    assert op.risk_notes == "Dogs"


def test_a_planned_operation_is_cancelled_with_a_reason_and_a_rescue_cannot_be(
    api_as: Api, case: Case, rescue_records: Any, offices: dict[str, Any]
) -> None:
    client = api_as("caseworker")
    done = rescue_records.operation
    done.refresh_from_db()
    refused = client.post(
        _url("operation-cancel", case.reference, done.pk),
        {"reason": "Called off", "version": done.version},
        content_type=JSON,
    )
    assert refused.status_code == 400
    assert "cannot be cancelled" in refused.json()["error"]["message"]
    made = client.post(_url("operation-create", case.reference), _plan(offices), content_type=JSON)
    op_id, version = made.json()["id"], made.json()["version"]
    events = Event.objects.count()
    no_reason = client.post(
        _url("operation-cancel", case.reference, op_id), {"reason": " ", "version": version},
        content_type=JSON,
    )  # fmt: skip
    assert no_reason.status_code == 400
    assert no_reason.json()["error"]["fields"]["reason"] == ["This field is required."]
    cancelled = client.post(
        _url("operation-cancel", case.reference, op_id),
        {"reason": "The police unit was called away", "when": "23 Apr 2024 09:00",
         "version": version},
        content_type=JSON,
    )  # fmt: skip
    assert cancelled.status_code == 200, cancelled.content
    assert cancelled.json()["status"] == "cancelled"
    assert cancelled.json()["cancel_reason"] == "The police unit was called away"
    assert Event.objects.count() == events + 1  # its entry on the timeline


def test_a_failed_attempt_is_recorded_and_makes_the_case_urgent(
    api_as: Api, case: Case, offices: dict[str, Any]
) -> None:
    client = api_as("caseworker")
    op = client.post(_url("operation-create", case.reference), _plan(offices), content_type=JSON)
    url = _url("attempt-create", case.reference, op.json()["id"])
    early = client.post(url, {"when": "21 Apr 2024 23:00", "outcome": "hidden"}, content_type=JSON)
    assert early.status_code == 400
    assert early.json()["error"]["fields"] == {"when": [early.json()["error"]["message"]]}
    assert "dated before the day the operation was planned" in early.json()["error"]["message"]
    failed = client.post(
        url, {"when": "22 Apr 2024 22:10", "outcome": "target_absent",
              "what_followed": "Moved the night before"},
        content_type=JSON,
    )  # fmt: skip
    assert failed.status_code == 201, failed.content
    assert failed.json()["outcome"] == "target_absent"
    assert failed.json()["what_followed"] == "Moved the night before"
    case.refresh_from_db()
    assert case.priority == 4  # urgent, as after a failed attempt on the page
    assert Operation.objects.get(pk=op.json()["id"]).status == OperationStatus.OPEN


def test_a_rescue_names_everyone_brought_out_or_saves_nothing(
    api_as: Api, case: Case, offices: dict[str, Any]
) -> None:
    client = api_as("caseworker")
    kusum = case.case_survivors.get().survivor_id
    op = client.post(_url("operation-create", case.reference), _plan(offices), content_type=JSON)
    url = _url("attempt-create", case.reference, op.json()["id"])
    miscounted = client.post(
        url, {"when": "22 Apr 2024 22:55", "outcome": "rescued", "people_brought_out": 3,
              "survivors_out": [kusum], "others_out": ["woman, about 26"]},
        content_type=JSON,
    )  # fmt: skip
    assert miscounted.status_code == 400
    assert miscounted.json()["error"]["message"].startswith(
        "You counted 3 people brought out but listed 2."
    )
    assert not Attempt.objects.exists()
    rescued = client.post(
        url, {"when": "22 Apr 2024 22:55", "outcome": "rescued", "people_brought_out": 2,
              "survivors_out": [kusum], "others_out": ["woman, about 26"],
              "handoff_office": offices["ps"].pk, "handoff_at": "2024-04-22T23:30:00+05:30"},
        content_type=JSON,
    )  # fmt: skip
    assert rescued.status_code == 201, rescued.content
    body = rescued.json()
    assert body["survivors_out"] == [kusum] and body["others_out"] == ["woman, about 26"]
    attempt = Attempt.objects.get(pk=body["id"])
    assert attempt.hand_offs.get().office == offices["ps"]
    assert case.case_survivors.get().status == "rescued"
    again = client.post(url, {"when": "23 Apr 2024", "outcome": "aborted"}, content_type=JSON)
    assert again.status_code == 400
    assert again.json()["error"]["message"] == (
        "This operation is succeeded; plan a new one for another attempt."
    )


def test_an_attempt_is_corrected_but_a_failure_never_becomes_a_rescue(
    api_as: Api, case: Case, rescue_records: Any
) -> None:
    client = api_as("caseworker")
    failed = rescue_records.operation.attempts.order_by("pk").first()
    url = _url("attempt-update", case.reference, failed.pk)
    version = failed.event.version
    rescue = client.patch(url, {"outcome": "rescued", "version": version}, content_type=JSON)
    assert rescue.status_code == 400
    assert "outcome" in rescue.json()["error"]["fields"]
    fixed = client.patch(
        url, {"what_followed": "They had been moved", "version": version}, content_type=JSON
    )
    assert fixed.status_code == 200, fixed.content
    assert fixed.json()["what_followed"] == "They had been moved"
    assert fixed.json()["outcome"] == "hidden"
    stale = client.patch(url, {"outcome": "aborted", "version": version}, content_type=JSON)
    assert stale.status_code == 409
    failed.event.refresh_from_db()
    assert failed.event.outcome == "hidden"


def test_operation_writes_follow_the_case_team_and_the_token(
    api_as: Api, case: Case, rescue_records: Any, offices: dict[str, Any]
) -> None:
    op = rescue_records.operation
    outsider = api_as("other_caseworker")
    assert outsider.get(_url("operation-detail", case.reference, op.pk)).status_code == 404
    made = outsider.post(_url("operation-create", case.reference), _plan(offices),
                         content_type=JSON)  # fmt: skip
    assert made.status_code == 404
    reader = api_as("caseworker", write=False)
    assert reader.post(_url("operation-create", case.reference), _plan(offices),
                       content_type=JSON).status_code == 403  # fmt: skip
    # An operation of another case is not found under this one.
    other = Case.objects.create(
        reference="MK-2024-9999", title="Other", organisation=case.organisation, lead=case.lead
    )
    assert (
        api_as("supervisor").get(_url("operation-detail", other.reference, op.pk)).status_code
        == 404
    )
    assert Operation.objects.count() == 1


# The case's status


def test_the_case_moves_through_its_lifecycle_with_the_pages_rules(api_as: Api, case: Case) -> None:
    worker = api_as("caseworker")
    url = _url("case-status", case.reference)
    unversioned = worker.post(url, {"status": "locating"}, content_type=JSON)
    assert unversioned.status_code == 428
    moved = worker.post(url, {"status": "locating", "version": case.version}, content_type=JSON)
    assert moved.status_code == 200, moved.content
    assert moved.json()["status"] == "locating"
    version = moved.json()["version"]
    assert moved["ETag"] == f'"{version}"'
    too_soon = worker.post(url, {"status": "in_care", "version": version}, content_type=JSON)
    assert too_soon.status_code == 400
    assert too_soon.json()["error"] == {
        "message": "No survivor of this case has been rescued yet; record the rescue first.",
        "fields": {"status": ["No survivor of this case has been rescued yet; record the "
                              "rescue first."]},
    }  # fmt: skip
    closing = worker.post(
        url, {"status": "closed", "reason": "Found safe", "version": version}, content_type=JSON
    )
    assert closing.status_code == 403  # only supervisors close a case
    boss = api_as("supervisor")
    no_reason = boss.post(url, {"status": "closed", "version": version}, content_type=JSON)
    assert no_reason.status_code == 400
    assert no_reason.json()["error"]["fields"] == {"reason": ["Say why the case is being closed."]}
    closed = boss.post(
        url, {"status": "closed", "reason": "Found safe at home", "version": version},
        content_type=JSON,
    )  # fmt: skip
    assert closed.status_code == 200, closed.content
    assert closed.json()["closed_on"] is not None
    reopened = boss.post(
        url, {"status": "locating", "version": closed.json()["version"]}, content_type=JSON
    )
    assert reopened.status_code == 200 and reopened.json()["closed_on"] is None
    stale = boss.post(url, {"status": "closed", "reason": "Again", "version": version},
                      content_type=JSON)  # fmt: skip
    assert stale.status_code == 409
    case.refresh_from_db()
    assert case.status == CaseStatus.LOCATING


def test_a_case_with_a_survivor_located_but_not_rescued_cannot_be_closed(
    api_as: Api, case: Case
) -> None:
    client = api_as("supervisor")
    kusum = case.case_survivors.get().survivor_id
    located = client.post(
        _url("survivor-status", case.reference, kusum), {"status": "located"}, content_type=JSON
    )
    assert located.status_code == 200 and located.json()["status"] == "located"
    case.refresh_from_db()
    refused = client.post(
        _url("case-status", case.reference),
        {"status": "closed", "reason": "No news", "version": case.version},
        content_type=JSON,
    )
    assert refused.status_code == 400
    assert refused.json()["error"]["message"].startswith(
        "The case cannot be closed while Kusum is located but not rescued."
    )
    bad = client.post(
        _url("survivor-status", case.reference, kusum), {"status": "lost"}, content_type=JSON
    )
    assert bad.status_code == 400


# Survivors


def test_a_survivors_record_is_changed_with_its_version(api_as: Api, case: Case) -> None:
    survivor = case.case_survivors.get().survivor
    url = _url("survivor-update", case.reference, survivor.pk)
    client = api_as("caseworker")
    assert client.patch(url, {"languages": "Bengali"}, content_type=JSON).status_code == 428
    ok = client.patch(
        url, {"languages": "Bengali, Hindi", "version": survivor.version}, content_type=JSON
    )
    assert ok.status_code == 200, ok.content
    assert ok.json()["languages"] == "Bengali, Hindi"
    assert ok.json()["nationality"] == "BD" and ok.json()["age_years"] == 22  # kept
    stale = client.patch(url, {"languages": "Hindi", "version": survivor.version},
                         content_type=JSON)  # fmt: skip
    assert stale.status_code == 409
    survivor.refresh_from_db()
    assert survivor.languages == "Bengali, Hindi"


def test_a_pseudonym_already_used_is_refused_in_the_pages_words(
    api_as: Api, cast: dict[str, User], case: Case
) -> None:
    from mukti.cases.services import survivor_add

    survivor_add(actor=cast["caseworker"], case=case, pseudonym="Mitali")
    kusum = case.case_survivors.get(survivor__pseudonym="Kusum").survivor
    response = api_as("caseworker").patch(
        _url("survivor-update", case.reference, kusum.pk),
        {"pseudonym": "mitali", "version": kusum.version},
        content_type=JSON,
    )
    assert response.status_code == 400
    assert response.json()["error"]["fields"] == {
        "pseudonym": ["The pseudonym “mitali” is already used. Choose another."]
    }


def test_care_needs_are_left_to_care_staff(api_as: Api, case: Case) -> None:
    survivor = case.case_survivors.get().survivor
    url = _url("survivor-update", case.reference, survivor.pk)
    refused = api_as("legal_officer").patch(
        url, {"care_needs": "Asthma", "version": survivor.version}, content_type=JSON
    )
    assert refused.status_code == 400
    assert refused.json()["error"]["message"] == (
        "Health and care needs are recorded by care staff; leave them to them."
    )
    survivor.refresh_from_db()
    assert survivor.care_needs == "" and survivor.version == 1
    allowed = api_as("caseworker").patch(
        url, {"care_needs": "Asthma", "version": survivor.version}, content_type=JSON
    )
    assert allowed.status_code == 200, allowed.content
    survivor.refresh_from_db()
    assert survivor.care_needs == "Asthma"


def test_an_identity_is_corrected_only_after_a_reveal_and_is_audited(
    api_as: Api, cast: dict[str, User], case: Case
) -> None:
    survivor = case.case_survivors.get().survivor
    client = api_as("caseworker")
    url = _url("survivor-identity-update", case.reference, survivor.pk)
    reason = "Checking her papers for the FIR"
    protected = ProtectedIdentity.objects.get(survivor=survivor)
    before = client.patch(
        url, {"reason": reason, "aliases": "Rina", "version": protected.version},
        content_type=JSON,
    )  # fmt: skip
    assert before.status_code == 400
    assert before.json()["error"]["message"] == (
        "Reveal her identity first, giving the reason; then correct it."
    )
    revealed = client.post(
        _url("survivor-reveal", case.reference, survivor.pk), {"reason": reason},
        content_type=JSON,
    )  # fmt: skip
    assert revealed.status_code == 200
    version = revealed.json()["version"]
    empty = client.patch(
        url, {"reason": reason, "legal_name": "", "version": version}, content_type=JSON
    )
    assert empty.status_code == 400
    assert empty.json()["error"]["fields"] == {"legal_name": [empty.json()["error"]["message"]]}
    fixed = client.patch(
        url, {"reason": reason, "aliases": "Rina", "version": version}, content_type=JSON
    )
    assert fixed.status_code == 200, fixed.content
    assert fixed.json()["aliases"] == "Rina"
    assert fixed.json()["legal_name"] == "Rokeya Begum Testname"  # not sent: kept
    assert AuditRecord.objects.filter(
        action=AuditAction.UPDATE, object_type="cases.protectedidentity", actor=cast["caseworker"],
        reason=reason,
    ).exists()  # fmt: skip
    stale = client.patch(url, {"reason": reason, "aliases": "X", "version": version},
                         content_type=JSON)  # fmt: skip
    assert stale.status_code == 409
    reader = api_as("caseworker", write=False)
    assert reader.patch(url, {"reason": reason, "version": version},
                        content_type=JSON).status_code == 403  # fmt: skip


# Another organisation


def test_another_organisation_finds_none_of_it(
    api_as: Api, case: Case, rescue_records: Any, offices: dict[str, Any]
) -> None:
    elsewhere = Organisation.objects.create(name="Other NGO")
    boss = make_user("other-boss", Role.SUPERVISOR, organisation=elsewhere)
    from mukti.api.tests.conftest import make_token

    client = Client(HTTP_AUTHORIZATION=f"Bearer {make_token(boss)}")
    survivor = case.case_survivors.get().survivor_id
    op = rescue_records.operation
    attempt = op.attempts.order_by("pk").first()
    calls = [
        ("get", _url("case-detail", case.reference), {}),
        ("post", _url("case-status", case.reference), {"status": "locating", "version": 1}),
        ("patch", _url("survivor-update", case.reference, survivor), {"version": 1}),
        ("post", _url("survivor-status", case.reference, survivor), {"status": "located"}),
        ("get", _url("operation-list", case.reference), {}),
        ("post", _url("operation-create", case.reference), _plan(offices)),
        ("get", _url("operation-detail", case.reference, op.pk), {}),
        ("patch", _url("operation-update", case.reference, op.pk), {"version": 1}),
        ("post", _url("operation-cancel", case.reference, op.pk), {"reason": "x", "version": 1}),
        (
            "post",
            _url("attempt-create", case.reference, op.pk),
            {"when": "2024", "outcome": "aborted"},
        ),
        ("patch", _url("attempt-update", case.reference, attempt.pk), {"version": 1}),
    ]
    for method, url, body in calls:
        response = getattr(client, method)(url, body, content_type=JSON)
        assert response.status_code == 404, (method, url, response.status_code)
    assert Operation.objects.count() == 1 and Attempt.objects.count() == 2
    assert Survivor.objects.get(pk=survivor).version == 1


# The directory


def test_a_legal_officer_adds_and_corrects_an_office_and_an_official(
    api_as: Api, offices: dict[str, Any], places: dict[str, Any]
) -> None:
    client = api_as("legal_officer")
    made = client.post(
        _url("office-create"),
        {"name": "Hingalganj Police Station", "kind": "police_station",
         "jurisdiction": offices["ps"].jurisdiction_id, "phones": ["03217 255 100"]},
        content_type=JSON,
    )  # fmt: skip
    assert made.status_code == 201, made.content
    office = made.json()
    assert office["phones"] and made["Location"] == _url("office-detail", office["id"])
    twice = client.post(
        _url("office-create"),
        {"name": "Hingalganj Police Station", "kind": "police_station",
         "jurisdiction": offices["ps"].jurisdiction_id},
        content_type=JSON,
    )  # fmt: skip
    assert twice.status_code == 400
    url = _url("office-update", office["id"])
    assert client.patch(url, {"email": "oc@example.org"}, content_type=JSON).status_code == 428
    bad = client.patch(url, {"email": "not mail", "version": office["version"]}, content_type=JSON)
    assert bad.status_code == 400
    assert bad.json()["error"]["fields"]["email"] == ["Enter a valid email address."]
    fixed = client.patch(
        url, {"email": "oc@example.org", "version": office["version"]}, content_type=JSON
    )
    assert fixed.status_code == 200, fixed.content
    assert fixed.json()["email"] == "oc@example.org"
    assert fixed.json()["name"] == "Hingalganj Police Station"  # kept
    stale = client.patch(url, {"notes": "x", "version": office["version"]}, content_type=JSON)
    assert stale.status_code == 409

    person = client.post(
        _url("official-create"),
        {"name": "Sk. Rafiq Testname", "rank": "si", "office": office["id"],
         "tenure_start": "2025-01-01", "tenure_end": "2024-01-01"},
        content_type=JSON,
    )  # fmt: skip
    assert person.status_code == 400
    assert person.json()["error"]["fields"] == {
        "tenure_end": ["The end of the tenure cannot be before its start."]
    }
    person = client.post(
        _url("official-create"),
        {"name": "Sk. Rafiq Testname", "rank": "si", "office": office["id"]},
        content_type=JSON,
    )
    assert person.status_code == 201, person.content
    moved = client.patch(
        _url("official-update", person.json()["id"]),
        {"office": offices["ps"].pk, "version": person.json()["version"]},
        content_type=JSON,
    )
    assert moved.status_code == 200, moved.content
    assert moved.json()["office"]["id"] == offices["ps"].pk


def test_directory_writes_follow_the_pages_roles(api_as: Api, offices: dict[str, Any]) -> None:
    body = {"name": "New outpost", "kind": "police_station",
            "jurisdiction": offices["ps"].jurisdiction_id}  # fmt: skip
    assert api_as("data_officer").post(_url("office-create"), body,
                                       content_type=JSON).status_code == 403  # fmt: skip
    assert (
        api_as("legal_officer", write=False)
        .post(_url("office-create"), body, content_type=JSON)
        .status_code
        == 403
    )
    assert not type(offices["ps"]).objects.filter(name="New outpost").exists()
