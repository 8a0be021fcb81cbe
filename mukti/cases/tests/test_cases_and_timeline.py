from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import time_machine
from django.db import connection
from django.urls import reverse

from mukti.audit.models import AuditAction, AuditRecord
from mukti.cases import services
from mukti.cases.models import Case, CaseStatus, CaseSurvivor, Event, SurvivorStatus
from mukti.core.errors import ApplicationError
from mukti.core.fuzzydate import parse_when

pytestmark = pytest.mark.django_db


def test_opening_a_case_gives_it_the_next_reference_of_the_year(client_as: Any, cast: Any) -> None:
    client = client_as("caseworker")
    response = client.post(
        reverse("cases:case-create"),
        {"title": "Lead from Hasnabad", "priority": 3, "lead": cast["caseworker"].pk,
         "team": [cast["legal_officer"].pk], "exploitation": ["sexual", "labour"]},
    )  # fmt: skip
    assert response.status_code == 302
    first = Case.objects.get(title="Lead from Hasnabad")
    year = first.opened_on.year
    assert first.reference == f"MK-{year}-0001"
    assert response["Location"] == first.get_absolute_url()
    assert set(first.members.values_list("user__username", flat=True)) == {"meera", "farida"}
    assert first.exploitation == ["sexual", "labour"]
    second = services.case_open(actor=cast["caseworker"], title="Another")
    assert second.reference == f"MK-{year}-0002"
    assert AuditRecord.objects.filter(action=AuditAction.CREATE, object_id=str(first.pk)).exists()


def test_an_old_case_is_entered_with_the_day_it_was_opened(client_as: Any, cast: Any) -> None:
    client = client_as("caseworker")
    data = {"title": "Back-entered from the 2023 register", "priority": 2,
            "lead": cast["caseworker"].pk, "opened_on": "3 Mar 2023"}  # fmt: skip
    assert client.post(reverse("cases:case-create"), data).status_code == 302
    old = Case.objects.get(title="Back-entered from the 2023 register")
    assert old.opened_on == dt.date(2023, 3, 3) and old.reference == "MK-2023-0001"
    future = client.post(
        reverse("cases:case-create"), {**data, "title": "Later", "opened_on": "3 Mar 2999"}
    )
    assert "a day still to come" in future.text
    assert not Case.objects.filter(title="Later").exists()


def test_a_future_offence_date_is_refused(client_as: Any, cast: Any) -> None:
    response = client_as("caseworker").post(
        reverse("cases:case-create"),
        {"title": "Future", "priority": 2, "lead": cast["caseworker"].pk,
         "offence_date": "2999-01-01"},
    )  # fmt: skip
    assert response.status_code == 200
    assert "is in the future" in response.text
    assert not Case.objects.filter(title="Future").exists()


def test_a_case_cannot_close_while_a_survivor_is_located_but_not_rescued(
    cast: Any, case: Case, places: Any
) -> None:
    survivor = case.case_survivors.get().survivor
    services.sighting_record(
        actor=cast["caseworker"], case=case, survivor=survivor, when=parse_when("20 Apr 2024"),
        place=places["outpost_area"], source="informant", confidence="confirmed",
    )  # fmt: skip
    assert CaseSurvivor.objects.get(case=case).status == SurvivorStatus.LOCATED
    with pytest.raises(ApplicationError, match="Kusum is located but not rescued"):
        services.case_change_status(
            actor=cast["supervisor"], case=case, expected_version=None, status="closed",
            reason="No further action",
        )  # fmt: skip
    case.refresh_from_db()
    assert case.status == CaseStatus.INTAKE


def test_only_a_supervisor_closes_a_case_and_with_a_reason(client_as: Any, case: Case) -> None:
    url = reverse("cases:case-status", args=[case.reference])
    data = {"status": "closed", "reason": "Family traced; no trafficking found", "version": 1}
    assert client_as("caseworker").post(url, data).status_code == 403
    assert Case.objects.get(pk=case.pk).status == CaseStatus.INTAKE
    no_reason = client_as("supervisor").post(url, {**data, "reason": ""}, follow=True)
    assert "Say why the case is being closed." in no_reason.text
    client_as("supervisor").post(url, data)
    case.refresh_from_db()
    assert case.status == CaseStatus.CLOSED and case.closed_on is not None
    record = AuditRecord.objects.filter(action=AuditAction.UPDATE, object_id=str(case.pk)).first()
    assert record is not None
    assert record.reason == "Family traced; no trafficking found"


def test_a_rescue_moves_the_survivor_on_and_allows_the_rescued_status(
    cast: Any, case: Case
) -> None:
    survivor = case.case_survivors.get().survivor
    with pytest.raises(ApplicationError, match="No survivor of this case has been rescued yet"):
        services.case_change_status(
            actor=cast["caseworker"], case=case, expected_version=None, status="rescued"
        )
    services.event_record(
        actor=cast["caseworker"], case=case, type="rescue_attempt", outcome="hidden",
        when=parse_when("14 Apr 2024 23:00"), survivors=[survivor],
    )  # fmt: skip
    assert CaseSurvivor.objects.get(case=case).status == SurvivorStatus.MISSING
    services.event_record(
        actor=cast["caseworker"], case=case, type="rescue_attempt", outcome="rescued",
        when=parse_when("6 May 2024 22:30"), survivors=[survivor],
    )  # fmt: skip
    assert CaseSurvivor.objects.get(case=case).status == SurvivorStatus.RESCUED
    services.case_change_status(
        actor=cast["caseworker"], case=case, expected_version=None, status="rescued"
    )


@pytest.mark.parametrize(
    ("when", "message"),
    [
        ("31 Feb 2024", "31 February 2024 does not exist"),
        ("1 Jan 2999", "is in the future"),
        ("sometime", "is not a date Mukti can read"),
        ("1 Mar 2024", "would come before the trafficking on 02 Mar 2024"),
    ],
)
def test_an_impossible_event_date_is_refused_and_nothing_saved(
    client_as: Any, case: Case, when: str, message: str
) -> None:
    before = Event.objects.count()
    response = client_as("caseworker").post(
        reverse("cases:event-add", args=[case.reference]),
        {"quick-type": "rescue", "quick-when": when},
    )
    assert response.status_code == 200
    assert message in response.text
    assert Event.objects.count() == before


def test_an_attempt_needs_an_outcome(case: Case, cast: Any) -> None:
    with pytest.raises(ApplicationError, match="Say how the rescue attempt ended"):
        services.event_record(
            actor=cast["caseworker"], case=case, type="rescue_attempt",
            when=parse_when("14 Apr 2024 23:00"),
        )  # fmt: skip


def test_the_quick_entry_leaves_engagements_and_attempts_to_the_rescue_panel(
    client_as: Any, case: Case
) -> None:
    response = client_as("caseworker").post(
        reverse("cases:event-add", args=[case.reference]),
        {
            "quick-type": "rescue_attempt",
            "quick-when": "14 Apr 2024 23:00",
            "quick-outcome": "rescued",
        },
    )
    assert "Select a valid choice." in response.text
    assert not Event.objects.filter(type="rescue_attempt").exists()


def test_quick_entry_answers_htmx_with_the_timeline_in_order(
    client_as: Any, case: Case, official: Any
) -> None:
    client = client_as("caseworker")
    url = reverse("cases:event-add", args=[case.reference])
    entries = [
        ("22 Apr 2024 22:55", "rescue"),
        ("22 Apr 2024 14:10", "verified"),
        ("2 Mar 2024", "trafficked"),
    ]
    for when, type_ in entries:
        response = client.post(
            url,
            {"quick-type": type_, "quick-when": when, "quick-actor_official": official.pk},
            HTTP_HX_REQUEST="true",
        )
        assert response.status_code == 200
        assert "<html" not in response.text
    text = response.text
    labels = ("2 Mar 2024", "≈ early Mar 2024", "22 Apr 2024, 14:10", "22 Apr 2024, 22:55")
    order = [text.index(label) for label in labels]
    assert order == sorted(order)
    assert "Ashok Halder (Officer-in-Charge, Rajbari Outpost)" in text


def test_the_timeline_can_be_filtered_by_type(client_as: Any, case: Case, cast: Any) -> None:
    services.event_record(
        actor=cast["caseworker"], case=case, type="verified", when=parse_when("20 Apr 2024"),
        note="AHTU verified the details",
    )  # fmt: skip
    page = client_as("caseworker").get(case.get_absolute_url(), {"type": "verified"})
    assert "AHTU verified the details" in page.text
    assert "Mother called the hotline." not in page.text


def test_an_event_of_a_case_outside_the_team_is_not_found(client_as: Any, case: Case) -> None:
    event = case.events.first()
    assert event is not None
    response = client_as("other_caseworker").post(
        reverse("cases:event-edit", args=[case.reference, event.pk]),
        {"type": "other", "when": "3 Mar 2024"},
    )
    assert response.status_code == 404
    event.refresh_from_db()
    assert event.type == "information_received"


def test_editing_and_deleting_an_event_is_audited(client_as: Any, case: Case) -> None:
    event = case.events.first()
    assert event is not None
    client = client_as("caseworker")
    url = reverse("cases:event-edit", args=[case.reference, event.pk])
    response = client.post(
        url,
        {"type": "information_received", "when": "5 Mar 2024", "note": "Corrected", "version": 1},
    )
    assert response.status_code == 302
    event.refresh_from_db()
    assert event.when_label == "5 Mar 2024" and event.note == "Corrected"
    client.post(reverse("cases:event-delete", args=[case.reference, event.pk]))
    assert not Event.objects.filter(pk=event.pk).exists()
    assert AuditRecord.objects.filter(action=AuditAction.DELETE, object_type="cases.event").exists()


def test_a_second_editor_of_a_case_is_told_who_changed_it(
    client_as: Any, case: Case, cast: Any
) -> None:
    url = reverse("cases:case-edit", args=[case.reference])
    data = {"title": "Renamed by Meera", "priority": 2, "lead": cast["caseworker"].pk,
            "team": [cast["legal_officer"].pk],
            "version": case.version}  # fmt: skip
    assert client_as("caseworker").post(url, data).status_code == 302
    response = client_as("legal_officer").post(url, {**data, "title": "Renamed by Farida"})
    assert response.status_code == 200
    assert "This record was changed by Meera at" in response.text
    case.refresh_from_db()
    assert case.title == "Renamed by Meera"


@time_machine.travel(dt.datetime(2024, 4, 22, 20, 0, tzinfo=dt.UTC), tick=False)
def test_the_case_page_shows_the_last_confirmed_location_and_how_long_ago(
    client_as: Any, case: Case, cast: Any, places: Any
) -> None:
    survivor = case.case_survivors.get().survivor
    services.sighting_record(
        actor=cast["caseworker"], case=case, survivor=survivor,
        when=parse_when("22 Apr 2024 11:30"), place=places["outpost_area"],
        address="House behind the kiln", source="informant", confidence="confirmed",
    )  # fmt: skip
    services.sighting_record(
        actor=cast["caseworker"], case=case, survivor=survivor,
        when=parse_when("22 Apr 2024 15:00"), place=places["ps_area"], source="rumour",
        confidence="unconfirmed",
    )  # fmt: skip
    page = client_as("caseworker").get(case.get_absolute_url())
    assert "Rajbari Outpost area</strong>, House behind the kiln" in page.text
    assert "14\xa0hours" in page.text  # 11:30 IST is 06:00 UTC; now is 20:00 UTC
    case.refresh_from_db()
    assert case.district is not None and case.district.name == "North 24 Parganas"


def test_a_place_missing_from_the_directory_is_refused_in_plain_words(
    client_as: Any, case: Case
) -> None:
    before = Event.objects.count()
    response = client_as("caseworker").post(
        reverse("cases:event-add", args=[case.reference]),
        {"quick-type": "verified", "quick-when": "20 Apr 2024", "quick-place": "999999"},
    )
    assert "That place is not in the directory." in response.text
    assert Event.objects.count() == before


def test_her_status_can_be_set_by_hand_and_is_audited(
    client_as: Any, case: Case, cast: Any, places: Any
) -> None:
    survivor = case.case_survivors.get().survivor
    services.sighting_record(
        actor=cast["caseworker"], case=case, survivor=survivor, when=parse_when("20 Apr 2024"),
        place=places["outpost_area"], source="informant", confidence="confirmed",
    )  # fmt: skip
    url = reverse("cases:survivor-status", args=[case.reference, survivor.pk])
    client_as("caseworker").post(url, {"status": "missing"})
    assert CaseSurvivor.objects.get(case=case).status == SurvivorStatus.MISSING
    record = AuditRecord.objects.filter(action=AuditAction.UPDATE, object_id=str(case.pk)).first()
    assert record is not None
    assert record.changes == {"status of Kusum": ["located", "missing"]}
    client_as("caseworker").post(url, {"status": "flying"})
    assert CaseSurvivor.objects.get(case=case).status == SurvivorStatus.MISSING


def test_removing_the_only_confirmed_sighting_stops_her_clock(
    client_as: Any, case: Case, cast: Any, places: Any
) -> None:
    survivor = case.case_survivors.get().survivor
    later = services.sighting_record(
        actor=cast["caseworker"], case=case, survivor=survivor, when=parse_when("22 Apr 2024"),
        place=places["outpost_area"], source="informant", confidence="confirmed",
    )  # fmt: skip
    first = services.sighting_record(
        actor=cast["caseworker"], case=case, survivor=survivor, when=parse_when("20 Apr 2024"),
        place=places["outpost_area"], source="informant", confidence="confirmed",
    )  # fmt: skip
    assert CaseSurvivor.objects.get(case=case).located_at == first.event.occurred_at
    services.event_delete(actor=cast["caseworker"], event=first.event)
    assert CaseSurvivor.objects.get(case=case).located_at == later.event.occurred_at
    services.event_delete(actor=cast["caseworker"], event=later.event)
    assert CaseSurvivor.objects.get(case=case).located_at is None


def test_a_quick_entry_also_refreshes_the_clocks_panel_and_the_survivors(
    client_as: Any, case: Case
) -> None:
    kusum = case.case_survivors.get().survivor
    client = client_as("caseworker")
    assert "medical examination" not in client.get(case.get_absolute_url()).text
    response = client.post(
        reverse("cases:event-add", args=[case.reference]),
        {"quick-type": "rescue", "quick-when": "22 Apr 2024 22:55", "quick-survivors": kusum.pk},
        HTTP_HX_REQUEST="true",
    )
    assert '<div id="survivors" hx-swap-oob="true">' in response.text
    clocks = response.text.split('<div id="clocks" hx-swap-oob="true">')[1]
    assert "Survivor of sexual violence sent for medical examination" in clocks


def test_what_people_typed_is_escaped_on_the_timeline(
    client_as: Any, case: Case, cast: Any, places: Any
) -> None:
    # The timeline's rows are built in Python (cases/templatetags/timeline.py), not by the
    # template engine: every part that comes from a record must still be escaped.
    survivor = case.case_survivors.get().survivor
    services.event_record(
        actor=cast["caseworker"], case=case, type="verified", when=parse_when("20 Apr 2024"),
        note='<script>alert("note")</script>\r\nnext line', quote="<script>alert('quote')</script>",
    )  # fmt: skip
    services.sighting_record(
        actor=cast["caseworker"], case=case, survivor=survivor, when=parse_when("early Mar 2024"),
        place=places["outpost_area"], source="<img src=x onerror=alert(1)>",
        address='<script>alert("address")</script>',
    )  # fmt: skip
    for response in (
        client_as("caseworker").get(case.get_absolute_url()),
        client_as("caseworker").get(case.get_absolute_url(), HTTP_HX_REQUEST="true"),
    ):
        text = response.text
        assert "<script>alert" not in text and "<img src=x" not in text
        assert "&lt;script&gt;alert(&quot;note&quot;)&lt;/script&gt;<br>next line" in text
        assert "“&lt;script&gt;alert(&#x27;quote&#x27;)&lt;/script&gt;”" in text
        assert "&lt;script&gt;alert(&quot;address&quot;)&lt;/script&gt;" in text
        assert "source: &lt;img src=x onerror=alert(1)&gt;)" in text


def test_the_timelines_compiled_query_reads_each_case_and_filter_afresh(
    case: Case, cast: Any
) -> None:
    # selectors.timeline compiles its SQL once per connection and kind of query, then only
    # replaces the case: the second and third rounds read from the compiled query.
    from mukti.cases import selectors

    other = services.case_open(actor=cast["caseworker"], title="Another", lead=cast["caseworker"])
    services.event_record(
        actor=cast["caseworker"], case=other, type="verified", when=parse_when("20 Apr 2024"),
        note="Only in the other case",
    )  # fmt: skip
    expected = list(case.events.order_by("sort_at", "id").values_list("pk", flat=True))
    for _ in range(3):
        mine = selectors.timeline(case=case, user=cast["caseworker"])
        theirs = selectors.timeline(case=other, user=cast["caseworker"])
        assert [e.pk for e in mine] == expected and all(e.case is case for e in mine)
        assert "Only in the other case" in [e.note for e in theirs]
        assert all(e.case is other for e in theirs)
        assert selectors.timeline(case=other, user=cast["caseworker"], type="rescue") == []
        verified = selectors.timeline(case=other, user=cast["caseworker"], type="verified")
        assert [e.note for e in verified] == ["Only in the other case"]
    # A made-up kind finds nothing and is not kept (the callers drop it before, in any case).
    from django.db import connection

    kept = len(connection.__dict__.get("mukti_timeline_sql", {}))
    assert selectors.timeline(case=other, user=cast["caseworker"], type="made-up") == []
    assert len(connection.__dict__.get("mukti_timeline_sql", {})) == kept


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's planner setting")
def test_the_timeline_is_planned_in_the_order_written_and_leaves_the_setting_as_it_was(
    case: Case, cast: Any
) -> None:
    # The timeline's thirty LEFT JOINs are planned in the order written (join_collapse_limit 1),
    # for that one statement: a later query, in autocommit or in the same transaction, is
    # planned with the connection's own setting. One query, as before.
    from django.db import transaction
    from django.test.utils import CaptureQueriesContext

    from mukti.cases import selectors

    def setting() -> str:
        with connection.cursor() as cursor:
            cursor.execute("SHOW join_collapse_limit")
            return str(cursor.fetchone()[0])

    before = setting()
    expected = list(case.events.order_by("sort_at", "id").values_list("pk", flat=True))
    with CaptureQueriesContext(connection) as queries:
        rows = selectors.timeline(case=case, user=cast["caseworker"])
    assert [e.pk for e in rows] == expected and expected
    fixed = [q["sql"] for q in queries.captured_queries if "join_collapse_limit" in q["sql"]]
    assert len(fixed) == 1 and fixed[0].startswith("SET LOCAL join_collapse_limit = 1;")
    assert 'LEFT OUTER JOIN "rescue_engagement"' in fixed[0]
    assert setting() == before
    with transaction.atomic():
        assert [e.pk for e in selectors.timeline(case=case, user=cast["caseworker"])] == expected
        assert setting() == before
