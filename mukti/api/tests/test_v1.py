"""The API's resources, through the same rules as the pages."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from typing import Any

import pytest
import time_machine
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from mukti.accounts.models import User
from mukti.audit.models import AuditAction, AuditRecord
from mukti.cases.models import Case
from mukti.intake.extraction import Extractor

pytestmark = pytest.mark.django_db
JSON = "application/json"

Api = Callable[..., Client]


def test_the_case_list_shows_the_team_its_cases_only(api_as: Api, case: Case) -> None:
    mine = api_as("caseworker").get(reverse("api-v1:case-list")).json()
    assert [row["reference"] for row in mine["results"]] == [case.reference]
    assert mine["results"][0]["survivors"] == ["Kusum"]
    theirs = api_as("other_caseworker").get(reverse("api-v1:case-list")).json()
    assert theirs["results"] == []


def test_the_case_list_filters_and_searches_as_the_page_does(api_as: Api, case: Case) -> None:
    client = api_as("supervisor")
    url = reverse("api-v1:case-list")
    assert len(client.get(url, {"q": "Basirhat"}).json()["results"]) == 1
    assert client.get(url, {"q": "Kolkata harbour"}).json()["results"] == []
    assert client.get(url, {"status": "closed"}).json()["results"] == []
    assert len(client.get(url, {"nationality": "bd"}).json()["results"]) == 1


def test_pages_follow_a_stable_order(api_as: Api, cast: dict[str, User], case: Case) -> None:
    from mukti.cases.services import case_open

    for n in range(4):
        case_open(actor=cast["caseworker"], title=f"Case {n}")
    client = api_as("caseworker")
    seen: list[str] = []
    url: str | None = reverse("api-v1:case-list") + "?per_page=2&sort=reference"
    while url:
        body = client.get(url).json()
        seen += [row["reference"] for row in body["results"]]
        url = body["next"]
    assert seen == sorted(seen) and len(seen) == 5
    bad = client.get(reverse("api-v1:case-list"), {"per_page": 1000})
    assert bad.status_code == 400
    assert bad.json()["error"]["message"] == "per_page must be from 1 to 100."


def test_the_case_list_takes_a_fixed_number_of_queries(
    api_as: Api, cast: dict[str, User], case: Case
) -> None:
    from mukti.cases.services import case_open

    # One minute of the token's rate window throughout: a new minute costs one more query.
    with time_machine.travel(dt.datetime(2026, 6, 1, 10, 0, 20, tzinfo=dt.UTC), tick=False):
        client = api_as("supervisor")
        url = reverse("api-v1:case-list")
        client.get(url)  # the token's first use is audited once
        with CaptureQueriesContext(connection) as few:
            assert client.get(url).status_code == 200
        for n in range(5):
            case_open(actor=cast["caseworker"], title=f"Case {n}")
        with CaptureQueriesContext(connection) as more:
            assert client.get(url).status_code == 200
    assert len(few) == len(more)


def test_a_case_outside_the_team_is_not_found(api_as: Api, case: Case) -> None:
    client = api_as("other_caseworker")
    for name in ("case-detail", "survivor-list", "event-list", "clock-list"):
        response = client.get(reverse(f"api-v1:{name}", args=[case.reference]))
        assert response.status_code == 404, name
        assert response.json() == {"error": {"message": "Not found.", "fields": {}}}
    patch = client.patch(
        reverse("api-v1:case-update", args=[case.reference]),
        {"title": "Taken"},
        content_type=JSON,
    )
    assert patch.status_code == 404


def test_a_read_only_token_cannot_write(api_as: Api, case: Case) -> None:
    client = api_as("caseworker", write=False)
    assert client.get(reverse("api-v1:case-detail", args=[case.reference])).status_code == 200
    response = client.post(reverse("api-v1:case-list"), {"title": "New"}, content_type=JSON)
    assert response.status_code == 403
    assert "read-only" in response.json()["error"]["message"]
    event = client.post(
        reverse("api-v1:event-create", args=[case.reference]),
        {"type": "other", "when": "2024"},
        content_type=JSON,
    )
    assert event.status_code == 403
    assert Case.objects.count() == 1


def test_a_role_without_the_right_is_refused(api_as: Api, case: Case) -> None:
    response = api_as("data_officer").get(reverse("api-v1:case-list"))
    assert response.status_code == 403


def test_a_case_opened_through_the_api_is_audited(api_as: Api, cast: dict[str, User]) -> None:
    response = api_as("caseworker").post(
        reverse("api-v1:case-list"),
        {"title": "Girls taken to Pune", "priority": 3, "exploitation": ["sexual"]},
        content_type=JSON,
    )
    assert response.status_code == 201, response.content
    body = response.json()
    case = Case.objects.get(reference=body["reference"])
    assert response["Location"] == reverse("api-v1:case-detail", args=[case.reference])
    assert body["lead"]["username"] == "meera"
    assert AuditRecord.objects.filter(
        action=AuditAction.CREATE, object_type="cases.case", object_id=str(case.pk),
        actor=cast["caseworker"],
    ).exists()  # fmt: skip


def test_errors_use_the_forms_words_in_one_shape(api_as: Api) -> None:
    client = api_as("caseworker")
    missing = client.post(reverse("api-v1:case-list"), {}, content_type=JSON)
    assert missing.status_code == 400
    assert missing.json()["error"]["fields"]["title"] == ["This field is required."]
    future = client.post(
        reverse("api-v1:case-list"),
        {"title": "Later", "opened_on": "2999-01-01"},
        content_type=JSON,
    )
    assert future.status_code == 400
    message = future.json()["error"]["message"]
    assert message == "The case cannot be opened on 01 Jan 2999, a day still to come.", (
        future.json()
    )
    assert future.json()["error"]["fields"] == {"opened_on": [message]}
    shape = client.post(reverse("api-v1:case-list"), {"priority": "high"}, content_type=JSON)
    assert shape.status_code == 400
    assert "priority" in shape.json()["error"]["fields"]
    not_json = client.post(reverse("api-v1:case-list"), "{", content_type=JSON)
    assert not_json.status_code == 400
    assert set(not_json.json()) == {"error"}


def test_a_change_needs_the_version_and_a_stale_one_is_refused(api_as: Api, case: Case) -> None:
    client = api_as("caseworker")
    url = reverse("api-v1:case-update", args=[case.reference])
    read = client.get(reverse("api-v1:case-detail", args=[case.reference]))
    etag = read["ETag"]
    assert etag == f'"{case.version}"'
    unsure = client.patch(url, {"title": "Renamed"}, content_type=JSON)
    assert unsure.status_code == 428
    saved = client.patch(url, {"title": "Renamed"}, content_type=JSON, HTTP_IF_MATCH=etag)
    assert saved.status_code == 200, saved.content
    assert saved.json()["title"] == "Renamed"
    assert saved.json()["summary"] == case.summary  # fields not sent are kept
    assert saved.json()["exploitation"] == ["sexual"]
    stale = client.patch(url, {"title": "Again"}, content_type=JSON, HTTP_IF_MATCH=etag)
    assert stale.status_code == 409, stale.json()
    assert "while you were editing it" in stale.json()["error"]["message"]
    case.refresh_from_db()
    assert case.title == "Renamed"


def test_survivors_are_pseudonymous_and_the_identity_is_revealed_with_a_reason(
    api_as: Api, cast: dict[str, User], case: Case
) -> None:
    client = api_as("caseworker")
    listed = client.get(reverse("api-v1:survivor-list", args=[case.reference]))
    assert "Rokeya" not in listed.content.decode()
    survivor_id = listed.json()["results"][0]["id"]
    url = reverse("api-v1:survivor-reveal", args=[case.reference, survivor_id])
    short = client.post(url, {"reason": "need"}, content_type=JSON)
    assert short.status_code == 400
    assert short.json()["error"]["fields"]["reason"] == [
        "Say why you need to see her identity (at least a few words)."
    ]
    shown = client.post(url, {"reason": "Court asks for her name"}, content_type=JSON)
    assert shown.status_code == 200
    assert shown.json()["legal_name"] == "Rokeya Begum Testname"
    assert AuditRecord.objects.filter(
        action=AuditAction.REVEAL, actor=cast["caseworker"], reason="Court asks for her name"
    ).exists()
    read_only = api_as("caseworker", write=False).post(
        url, {"reason": "Court asks for her name"}, content_type=JSON
    )
    assert read_only.status_code == 403


def test_a_survivor_added_through_the_api(api_as: Api, case: Case) -> None:
    response = api_as("caseworker").post(
        reverse("api-v1:survivor-add", args=[case.reference]),
        {"pseudonym": "Malati", "age_years": 15},
        content_type=JSON,
    )
    assert response.status_code == 201, response.content
    assert response.json()["minor"] is True
    taken = api_as("caseworker").post(
        reverse("api-v1:survivor-add", args=[case.reference]),
        {"pseudonym": "Malati"},
        content_type=JSON,
    )
    assert taken.status_code == 400


def test_timeline_events_are_listed_and_recorded(
    api_as: Api, cast: dict[str, User], case: Case
) -> None:
    client = api_as("caseworker")
    url = reverse("api-v1:event-list", args=[case.reference])
    survivor_id = case.case_survivors.get().survivor_id
    made = client.post(
        reverse("api-v1:event-create", args=[case.reference]),
        {"type": "other", "when": "20 Mar 2024 10:00", "survivors": [survivor_id],
         "note": "Called the shelter."},
        content_type=JSON,
    )  # fmt: skip
    assert made.status_code == 201, made.content
    assert made.json()["survivors"] == [survivor_id]
    events = client.get(url).json()["results"]
    assert [e["note"] for e in events] == ["Mother called the hotline.", "Called the shelter."]
    assert AuditRecord.objects.filter(
        action=AuditAction.CREATE, object_type="cases.event", object_id=str(made.json()["id"])
    ).exists()
    bad = client.post(
        reverse("api-v1:event-create", args=[case.reference]),
        {"type": "other", "when": "sometime soonish"},
        content_type=JSON,
    )
    assert bad.status_code == 400
    assert "when" in bad.json()["error"]["fields"]


def test_clocks_and_the_directory_are_read(api_as: Api, case: Case, official: Any) -> None:
    client = api_as("caseworker")
    clocks = client.get(reverse("api-v1:clock-list", args=[case.reference]))
    assert clocks.status_code == 200
    assert isinstance(clocks.json(), list)
    officials = client.get(reverse("api-v1:official-list")).json()["results"]
    assert official.name in [row["name"] for row in officials]
    assert client.get(reverse("api-v1:office-list")).status_code == 200
    assert client.get(reverse("api-v1:jurisdiction-list"), {"q": "a"}).status_code == 200


def test_extract_answers_what_the_command_prints(api_as: Api) -> None:
    text = (
        "On 3 March 2024 the girl, Rina (16), was taken from Basirhat to Pune by an agent. "
        "Police rescued her on 10 April 2024."
    )
    response = api_as("caseworker", write=False).post(
        reverse("api-v1:extract"),
        {"text": text, "reference_date": "2024-05-01"},
        content_type=JSON,
    )
    assert response.status_code == 200
    import datetime as dt

    expected = Extractor().extract(text, reference_date=dt.date(2024, 5, 1), source="api")
    assert response.json() == json.loads(json.dumps(expected, default=str))


def test_the_description_is_openapi_3_1_and_the_reference_works_offline(
    client: Client,
) -> None:
    schema = client.get(reverse("api-v1:openapi-json")).json()
    assert schema["openapi"].startswith("3.1")
    assert "/api/v1/cases/{reference}" in schema["paths"]
    assert client.get("/api/schema/")["Location"] == reverse("api-v1:openapi-json")
    page = client.get(reverse("api-v1:openapi-view"))
    html = page.content.decode()
    assert page.status_code == 200
    assert "http://" not in html and "https://" not in html  # no CDN
    assert "<script>" not in html  # nothing inline to run: the CSP allows only our files
    assert "'unsafe-inline'" not in page["Content-Security-Policy"]


def test_a_sighting_is_recorded_and_listed(api_as: Api, case: Case, places: dict[str, Any]) -> None:
    client = api_as("caseworker")
    survivor_id = case.case_survivors.get().survivor_id
    url = reverse("api-v1:sighting-create", args=[case.reference])
    vague = client.post(
        url,
        {"survivor": survivor_id, "when": "unknown", "place": places["outpost_area"].pk,
         "source": "Neighbour", "confidence": "confirmed"},
        content_type=JSON,
    )  # fmt: skip
    assert vague.status_code == 400
    assert vague.json()["error"]["message"].startswith("A confirmed sighting needs at least")
    made = client.post(
        url,
        {"survivor": survivor_id, "when": "4 Mar 2024", "place": places["outpost_area"].pk,
         "source": "Neighbour", "confidence": "confirmed", "address": "Blue house"},
        content_type=JSON,
    )  # fmt: skip
    assert made.status_code == 201, made.content
    listed = client.get(reverse("api-v1:sighting-list", args=[case.reference])).json()
    assert [row["address"] for row in listed["results"]] == ["Blue house"]
    assert (
        api_as("other_caseworker")
        .get(reverse("api-v1:sighting-list", args=[case.reference]))
        .status_code
        == 404
    )


def test_text_no_database_can_hold_is_refused_in_words(api_as: Api, case: Case) -> None:
    """PostgreSQL refuses NUL in any text: it is a form error or ignored, never a 500."""
    client = api_as("caseworker")
    survivor_id = case.case_survivors.get().survivor_id
    reveal = client.post(
        reverse("api-v1:survivor-reveal", args=[case.reference, survivor_id]),
        {"reason": "Court order\x00 for her name"},
        content_type=JSON,
    )
    assert reveal.status_code == 400
    [message] = reveal.json()["error"]["fields"]["reason"]
    assert message.startswith("This text contains an invisible control character (NUL)")
    assert client.get(reverse("api-v1:official-list"), {"q": "a\x00b"}).status_code == 200
    events = client.get(reverse("api-v1:event-list", args=[case.reference]), {"type": "\x00"})
    assert len(events.json()["results"]) == 1


def test_escalation_chains_and_rescue_operations_are_read(
    api_as: Api, case: Case, rescue_records: Any
) -> None:
    client = api_as("caseworker")
    hops = client.get(reverse("api-v1:escalation-list", args=[case.reference])).json()
    assert [(hop["chain"], hop["answer"]) for hop in hops] == [(1, "referred"), (1, "pending")]
    assert hops[1]["previous"] == hops[0]["id"]
    assert hops[0]["minutes_to_answer"] == 100
    operations = client.get(reverse("api-v1:operation-list", args=[case.reference])).json()
    [operation] = operations
    assert [a["outcome"] for a in operation["attempts"]] == ["hidden", "rescued"]
    assert operation["attempts"][1]["people_brought_out"] == 2
    outsider = api_as("other_caseworker")
    for name in ("escalation-list", "operation-list"):
        response = outsider.get(reverse(f"api-v1:{name}", args=[case.reference]))
        assert response.status_code == 404


def test_an_escalation_is_recorded_then_answered(
    api_as: Api, cast: dict[str, User], case: Case, offices: dict[str, Any]
) -> None:
    client = api_as("caseworker")
    made = client.post(
        reverse("api-v1:escalation-create", args=[case.reference]),
        {"office": offices["sp"].pk, "request": "rescue", "when": "22 Apr 2024 18:00"},
        content_type=JSON,
    )
    assert made.status_code == 201, made.content
    hop = made.json()
    assert (hop["chain"], hop["answer"], hop["mode"]) == (1, "pending", "in_person")
    url = reverse("api-v1:escalation-answer", args=[case.reference, hop["id"]])
    from mukti.rescue.models import Engagement

    version = Engagement.objects.get(pk=hop["id"]).version
    early = client.post(
        url,
        {"answer": "agreed", "answered_at": "2024-04-22T17:00:00+05:30", "version": version},
        content_type=JSON,
    )
    assert early.status_code == 400
    answered = client.post(
        url,
        {"answer": "agreed", "answered_at": "2024-04-22T19:00:00+05:30", "version": version},
        content_type=JSON,
    )
    assert answered.status_code == 200, answered.content
    assert answered.json()["answer"] == "agreed"
    assert answered.json()["minutes_to_answer"] == 60
    stale = client.post(
        url, {"answer": "declined", "note": "Not our area", "version": version}, content_type=JSON
    )
    assert stale.status_code == 409, stale.json()
    assert AuditRecord.objects.filter(
        object_type="rescue.engagement", object_id=str(hop["id"]), action=AuditAction.UPDATE
    ).exists()
    read_only = api_as("caseworker", write=False).post(
        url, {"answer": "declined", "version": version + 1}, content_type=JSON
    )
    assert read_only.status_code == 403


def test_the_case_detail_takes_a_fixed_number_of_queries(
    api_as: Api, cast: dict[str, User], case: Case
) -> None:
    from mukti.cases.services import case_update, survivor_add

    client = api_as("supervisor")
    url = reverse("api-v1:case-detail", args=[case.reference])
    client.get(url)  # the token's first use is audited once
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    for name in ("Mitali", "Rina", "Sabina"):
        survivor_add(actor=cast["caseworker"], case=case, pseudonym=name)
    case_update(
        actor=cast["caseworker"], case=case, expected_version=None,
        team=[cast["legal_officer"], cast["aftercare_officer"], cast["other_caseworker"]],
    )  # fmt: skip
    with CaptureQueriesContext(connection) as more:
        body = client.get(url).json()
    assert len(body["survivors"]) == 4 and len(body["team"]) == 4
    assert len(few) == len(more)
