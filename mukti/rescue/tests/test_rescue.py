from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from mukti.cases import services as case_services
from mukti.cases.models import Case, CaseSurvivor, Event, Priority, SurvivorStatus
from mukti.core.errors import ApplicationError
from mukti.core.fuzzydate import parse_when
from mukti.core.tests.queries import queries_of
from mukti.directory.models import Official
from mukti.rescue import selectors, services
from mukti.rescue.models import Answer, Engagement, OperationStatus

pytestmark = pytest.mark.django_db


def aware(
    year: int, month: int, day: int, hour: int = 0, minute: int = 0, second: int = 0
) -> dt.datetime:
    return timezone.make_aware(dt.datetime(year, month, day, hour, minute, second))


def test_the_chain_reads_as_a_path_with_the_time_each_hop_took(
    case: Case, rescue_records: Any
) -> None:
    services.engagement_answer(
        actor=case.lead, engagement=rescue_records.second, expected_version=None,
        answer="agreed", answered_at=aware(2024, 4, 22, 20, 20),
    )  # fmt: skip
    (chain,) = selectors.case_chains(case=case)
    assert chain.text == "Basirhat: referred → OC Rajbari Outpost: agreed"
    assert [round(h.minutes_waited or 0) for h in chain.hops] == [100, 15]


def test_an_answer_before_the_request_is_refused(case: Case, rescue_records: Any) -> None:
    with pytest.raises(ApplicationError, match="cannot come before the request"):
        services.engagement_answer(
            actor=case.lead, engagement=rescue_records.second, expected_version=None,
            answer="agreed", answered_at=aware(2024, 4, 22, 19, 0),
        )  # fmt: skip
    rescue_records.second.refresh_from_db()
    assert rescue_records.second.answer == Answer.PENDING


def test_a_referral_back_to_the_same_office_is_refused_as_a_loop(
    case: Case, rescue_records: Any, offices: Any
) -> None:
    with pytest.raises(ApplicationError, match="referred you to itself"):
        services.engagement_answer(
            actor=case.lead, engagement=rescue_records.second, expected_version=None,
            answer="referred", answered_at=aware(2024, 4, 22, 20, 30),
            referred_to_office=offices["outpost"],
        )  # fmt: skip


def test_a_deferral_needs_a_later_time_and_the_reason(case: Case, rescue_records: Any) -> None:
    e = rescue_records.second
    kwargs = {"actor": case.lead, "engagement": e, "expected_version": None, "answer": "deferred",
              "answered_at": aware(2024, 4, 22, 20, 30)}  # fmt: skip
    with pytest.raises(ApplicationError, match="Say until when"):
        services.engagement_answer(**kwargs, note="Too late tonight")
    with pytest.raises(ApplicationError, match="Write the reason"):
        services.engagement_answer(**kwargs, deferred_until=aware(2024, 4, 23, 10, 0))
    services.engagement_answer(
        **kwargs, deferred_until=aware(2024, 4, 23, 10, 0), note="Too late tonight"
    )
    assert Case.objects.get(pk=case.pk).priority == Priority.URGENT


def test_a_referral_opens_the_next_hop_pre_filled(
    client_as: Any, case: Case, offices: Any, official: Any
) -> None:
    client = client_as("caseworker")
    client.post(
        reverse("rescue:engagement-add", args=[case.reference]),
        {"office": offices["sp"].pk, "request": "rescue", "mode": "in_person",
         "when": "22 Apr 2024 18:00"},
    )  # fmt: skip
    engagement = Engagement.objects.get()
    response = client.post(
        reverse("rescue:engagement-answer", args=[case.reference, engagement.pk]),
        {"answer": "referred", "answered_at": "2024-04-22T19:40", "version": engagement.version,
         "referred_to_office": offices["outpost"].pk, "referred_to_official": official.pk},
    )  # fmt: skip
    next_url = response["Location"]
    assert next_url.endswith(f"?previous={engagement.pk}")
    form = client.get(next_url)
    assert f'<option value="{offices["outpost"].pk}" selected>' in form.text
    # The official's option says her office (picking her fills the office picker).
    picked = f'<option value="{official.pk}" data-office="{official.office_id}" selected>'
    assert picked in form.text


def test_one_tap_answers_update_the_chain_in_place(
    client_as: Any, case: Case, rescue_records: Any
) -> None:
    e = rescue_records.second
    response = client_as("caseworker").post(
        reverse("rescue:engagement-quick-answer", args=[case.reference, e.pk]),
        {"answer": "agreed", "version": e.version},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200 and "<html" not in response.text
    assert "OC Rajbari Outpost: agreed" in response.text
    e.refresh_from_db()
    assert e.answer == Answer.AGREED and e.answered_at is not None


def test_a_quick_answer_that_is_not_offered_is_refused(
    client_as: Any, case: Case, rescue_records: Any
) -> None:
    e = rescue_records.second
    client_as("caseworker").post(
        reverse("rescue:engagement-quick-answer", args=[case.reference, e.pk]),
        {"answer": "referred"},
    )
    e.refresh_from_db()
    assert e.answer == Answer.PENDING


def test_a_failed_attempt_keeps_the_operation_open_and_raises_the_priority(
    case: Case, cast: Any, offices: Any, official: Any
) -> None:
    kusum = case.case_survivors.get().survivor
    operation = services.operation_plan(
        actor=cast["caseworker"], case=case, target_place=offices["outpost"].jurisdiction,
        lead_office=offices["outpost"], planned_for=aware(2024, 4, 14, 22, 0),
        survivors_sought=[kusum],
    )  # fmt: skip
    services.attempt_record(
        actor=cast["caseworker"], operation=operation, when=parse_when("14 Apr 2024 23:00"),
        outcome="hidden", what_followed="Seen, then hidden in a locked room",
    )  # fmt: skip
    operation.refresh_from_db()
    assert operation.status == OperationStatus.OPEN
    assert Case.objects.get(pk=case.pk).priority == Priority.URGENT
    assert CaseSurvivor.objects.get(case=case).status == SurvivorStatus.MISSING
    services.attempt_record(
        actor=cast["caseworker"], operation=operation, when=parse_when("6 May 2024 22:30"),
        outcome="rescued", people_brought_out=1, survivors_out=[kusum],
    )  # fmt: skip
    operation.refresh_from_db()
    assert operation.status == OperationStatus.SUCCEEDED
    assert CaseSurvivor.objects.get(case=case).status == SurvivorStatus.RESCUED
    attempts = Event.objects.filter(case=case, type="rescue_attempt").order_by("sort_at")
    assert [e.outcome for e in attempts] == ["hidden", "rescued"]


def second_operation(case: Case, offices: Any) -> Any:
    return services.operation_plan(
        actor=case.lead, case=case, target_place=offices["outpost"].jurisdiction,
        lead_office=offices["outpost"], planned_for=aware(2024, 4, 22, 23, 0),
    )  # fmt: skip


def test_a_head_count_that_disagrees_with_the_names_is_refused(
    case: Case, rescue_records: Any, offices: Any
) -> None:
    kusum = case.case_survivors.get().survivor
    operation = second_operation(case, offices)
    before = Event.objects.count()
    with pytest.raises(ApplicationError, match="You counted 3 people brought out but listed 2"):
        services.attempt_record(
            actor=case.lead, operation=operation,
            when=parse_when("23 Apr 2024 01:00"), outcome="rescued", people_brought_out=3,
            survivors_out=[kusum], others_out=["a girl, about 14"],
        )  # fmt: skip
    assert Event.objects.count() == before


def test_an_attempt_before_the_planned_day_is_refused(
    case: Case, rescue_records: Any, offices: Any
) -> None:
    with pytest.raises(ApplicationError, match="dated before the day the operation was planned"):
        services.attempt_record(
            actor=case.lead, operation=second_operation(case, offices),
            when=parse_when("21 Apr 2024 23:00"), outcome="aborted",
        )  # fmt: skip


def test_someone_brought_out_becomes_a_survivor_in_two_clicks(
    client_as: Any, case: Case, rescue_records: Any
) -> None:
    client = client_as("caseworker")
    url = reverse("rescue:brought-out-promote", args=[case.reference, rescue_records.other.pk])
    assert "woman, about 26" in client.get(url).text
    response = client.post(url, {"pseudonym": "Bela", "new_case": "on"})
    new_case = Case.objects.exclude(pk=case.pk).get()
    assert response["Location"] == new_case.get_absolute_url()
    link = new_case.case_survivors.get()
    assert link.survivor.pseudonym == "Bela" and link.status == SurvivorStatus.RESCUED
    assert set(new_case.members.values_list("user__username", flat=True)) >= {"meera", "farida"}
    rescue_records.other.refresh_from_db()
    assert rescue_records.other.survivor == link.survivor


@time_machine.travel(dt.datetime(2024, 4, 22, 18, 0, tzinfo=dt.UTC), tick=False)
def test_the_window_lists_located_survivors_longest_wait_first(
    client_as: Any, case: Case, cast: Any, places: Any, offices: Any
) -> None:
    kusum = case.case_survivors.get().survivor
    case_services.sighting_record(
        actor=cast["caseworker"], case=case, survivor=kusum, when=parse_when("22 Apr 2024 11:30"),
        place=places["outpost_area"], source="informant", confidence="confirmed",
    )  # fmt: skip
    other = case_services.case_open(actor=cast["caseworker"], title="Second")
    tuli = case_services.survivor_add(actor=cast["caseworker"], case=other, pseudonym="Tuli")
    case_services.sighting_record(
        actor=cast["caseworker"], case=other, survivor=tuli, when=parse_when("22 Apr 2024 20:00"),
        place=places["ps_area"], source="volunteer", confidence="confirmed",
    )  # fmt: skip
    engagement = services.engagement_record(
        actor=cast["caseworker"], case=case, office=offices["sp"], request="rescue",
        when=parse_when("22 Apr 2024 21:00"),
    )  # fmt: skip
    services.engagement_answer(
        actor=cast["caseworker"], engagement=engagement, expected_version=None,
        answer="deferred", answered_at=aware(2024, 4, 22, 21, 20),
        deferred_until=aware(2024, 4, 22, 22, 0), note="Tomorrow, they said",
    )  # fmt: skip
    page = client_as("caseworker").get(reverse("rescue:window"))
    text = page.text
    assert text.index("Kusum") < text.index("Tuli")
    assert "12 h" in text  # 11:30 IST to 23:30 IST
    assert "Office of the SP, Basirhat: Deferred" in text
    assert "(passed)" in text  # the promised time has gone by
    assert "Kusum" not in client_as("other_caseworker").get(reverse("rescue:window")).text


def test_responsiveness_is_for_supervisors_and_data_officers(
    client_as: Any, rescue_records: Any
) -> None:
    url = reverse("rescue:responsiveness")
    params = {"start": "2024-01-01", "end": "2024-12-31", "by": "office"}
    assert client_as("caseworker").get(url, params).status_code == 403
    for role in ("supervisor", "data_officer"):
        page = client_as(role).get(url, params)
        assert page.status_code == 200
        assert "Office of the SP, Basirhat" in page.text


def test_responsiveness_figures(case: Case, rescue_records: Any, cast: Any) -> None:
    services.engagement_answer(
        actor=case.lead, engagement=rescue_records.second, expected_version=None,
        answer="agreed", answered_at=aware(2024, 4, 22, 20, 25),
    )  # fmt: skip
    rows = selectors.responsiveness(
        actor=cast["supervisor"], start=dt.date(2024, 1, 1), end=dt.date(2024, 12, 31)
    )
    by_name = {r.name: r for r in rows}
    sp = by_name["Office of the SP, Basirhat"]
    assert (sp.engagements, sp.answered, sp.referred, sp.median_minutes) == (1, 1, 1, 100)
    outpost = by_name["Rajbari Outpost"]
    assert outpost.median_minutes == 20 and outpost.rescues_after == 1


def _located_cases(cast: Any, places: Any, official: Any, count: int) -> None:
    """``count`` more cases, each with a survivor located, a deferred answer and a failed
    attempt: every column of the window and of responsiveness has something to read."""
    first = Case.objects.filter(title__startswith="Located").count()
    for n in range(first, first + count):
        other = case_services.case_open(actor=cast["caseworker"], title=f"Located {n}")
        person = case_services.survivor_add(
            actor=cast["caseworker"], case=other, pseudonym=f"Mou {n}"
        )
        case_services.sighting_record(
            actor=cast["caseworker"], case=other, survivor=person, place=places["ps_area"],
            when=parse_when(f"{10 + n} Apr 2024 20:00"), source="volunteer", confidence="confirmed",
        )  # fmt: skip
        engagement = services.engagement_record(
            actor=cast["caseworker"], case=other, office=official.office,
            official=official if n % 2 else None, request="rescue",
            when=parse_when(f"{11 + n} Apr 2024 21:00"),
        )  # fmt: skip
        services.engagement_answer(
            actor=cast["caseworker"], engagement=engagement, expected_version=None,
            answer="deferred", answered_at=aware(2024, 4, 11 + n, 21, 20),
            deferred_until=aware(2024, 4, 12 + n, 22, 0), note="After the festival, they said",
        )  # fmt: skip
        case_services.event_record(
            actor=cast["caseworker"], case=other, type="rescue_attempt",
            when=parse_when(f"{12 + n} Apr 2024 23:00"), outcome="target_absent",
        )  # fmt: skip


@time_machine.travel(dt.datetime(2024, 4, 30, 12, 0, tzinfo=dt.UTC), tick=False)
def test_the_window_issues_a_fixed_number_of_queries(
    client_as: Any, cast: Any, places: Any, official: Any
) -> None:
    client, url = client_as("caseworker"), reverse("rescue:window")
    _located_cases(cast, places, official, 2)
    small = queries_of(client, url)
    _located_cases(cast, places, official, 6)
    assert "Mou 5" in client.get(url).text
    assert queries_of(client, url) == small == 5  # session, user, 2FA device, count, rows


@time_machine.travel(dt.datetime(2024, 4, 30, 12, 0, tzinfo=dt.UTC), tick=False)
@pytest.mark.parametrize("by", ["office", "official"])
def test_responsiveness_issues_a_fixed_number_of_queries(
    client_as: Any, cast: Any, places: Any, offices: Any, official: Any, by: str
) -> None:
    client, url = client_as("supervisor"), reverse("rescue:responsiveness")
    params = {"start": "2024-01-01", "end": "2024-12-31", "by": by}
    _located_cases(cast, places, official, 2)
    small = queries_of(client, url, params)
    _located_cases(cast, places, official, 6)
    for n, office in enumerate(offices.values()):
        officer = Official.objects.create(name=f"Officer {n}", rank="si", office=office)
        services.engagement_record(
            actor=cast["caseworker"], case=Case.objects.get(title=f"Located {n}"),
            office=office, official=officer, request="trace",
            when=parse_when(f"{20 + n} Apr 2024 10:00"),
        )  # fmt: skip
    assert "Officer 4" in client.get(url, {**params, "by": "official"}).text
    assert queries_of(client, url, params) == small == 5  # session, user, 2FA, figures, names


def test_an_inverted_period_is_explained(client_as: Any) -> None:
    page = client_as("supervisor").get(
        reverse("rescue:responsiveness"),
        {"start": "2024-12-31", "end": "2024-01-01", "by": "office"},
    )
    assert "The end of the period is before its start." in page.text


def test_the_case_page_with_rescue_records_has_a_fixed_query_count(
    client_as: Any, case: Case, rescue_records: Any, offices: Any
) -> None:
    client = client_as("caseworker")

    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(case.get_absolute_url()).status_code == 200
        return len(ctx.captured_queries)

    client.get(case.get_absolute_url())  # the first read of the hour is noted in the audit log
    small = count()
    for i in range(5):
        e = services.engagement_record(
            actor=case.lead, case=case, office=offices["ps"], request="trace",
            when=parse_when(f"{23 + i} Apr 2024 10:00"),
        )  # fmt: skip
        services.engagement_answer(
            actor=case.lead, engagement=e, expected_version=None, answer="unable_to_trace",
            answered_at=aware(2024, 4, 23 + i, 11, 0),
        )  # fmt: skip
    # 26 for the page (2 of them: who from our team took part in the engagements, and in the
    # attempts; 1 each the documents and referrals panels; 3 the sharing panel: stories,
    # packets, survivors' consents), 1 to see that this read was already noted in the audit log
    # this hour.
    assert count() == small == 27


def test_a_succeeded_operation_takes_no_more_attempts(case: Case, rescue_records: Any) -> None:
    with pytest.raises(ApplicationError, match="This operation is succeeded"):
        services.attempt_record(
            actor=case.lead, operation=rescue_records.operation,
            when=parse_when("23 Apr 2024 01:00"), outcome="aborted",
        )  # fmt: skip


def test_an_attempt_cannot_be_deleted_or_turned_into_a_rescue_from_the_timeline(
    client_as: Any, case: Case, rescue_records: Any
) -> None:
    event = rescue_records.success.event
    client = client_as("caseworker")
    page = client.post(reverse("cases:event-delete", args=[case.reference, event.pk]), follow=True)
    assert (
        "This entry is a rescue attempt: removing it here would leave the records of the rescue "
        "panel wrong." in page.text
    )
    assert Event.objects.filter(pk=event.pk).exists()
    failed = Event.objects.get(case=case, type="rescue_attempt", outcome="hidden")
    response = client.post(
        reverse("cases:event-edit", args=[case.reference, failed.pk]),
        {"type": "rescue_attempt", "when": "22 Apr 2024 22:10", "outcome": "rescued",
         "version": failed.version},
    )  # fmt: skip
    assert "its kind and outcome are kept by the rescue panel" in response.text
    failed.refresh_from_db()
    assert failed.outcome == "hidden"


def test_no_response_does_not_count_as_a_time_to_answer(case: Case, rescue_records: Any) -> None:
    e = services.engagement_answer(
        actor=case.lead, engagement=rescue_records.second, expected_version=None,
        answer="no_response",
    )  # fmt: skip
    assert e.answered_at is None and e.minutes_to_answer is None


def test_a_rescue_recorded_later_marks_the_engagements_it_followed(
    case: Case, rescue_records: Any, cast: Any
) -> None:
    fresh = services.engagement_record(
        actor=case.lead, case=case, office=rescue_records.first.office, request="rescue",
        when=parse_when("1 May 2024 10:00"),
    )  # fmt: skip
    assert fresh.asked_at is not None and fresh.asked_precise and not fresh.rescue_followed
    kusum = case.case_survivors.get().survivor
    case_services.event_record(
        actor=case.lead, case=case, type="rescue", when=parse_when("2 May 2024 23:00"),
        survivors=[kusum],
    )  # fmt: skip
    fresh.refresh_from_db()
    assert fresh.rescue_followed


def test_a_one_tap_answer_also_refreshes_the_clocks_and_the_timeline(
    client_as: Any, case: Case, cast: Any, offices: Any
) -> None:
    from django.utils import timezone

    from mukti.core.fuzzydate import parse_when
    from mukti.rescue import services as rescue_services

    asked = timezone.localtime() - dt.timedelta(minutes=30)
    e = rescue_services.engagement_record(
        actor=cast["caseworker"], case=case, office=offices["sp"], request="rescue",
        when=parse_when(asked.strftime("%d %b %Y %H:%M")),
    )  # fmt: skip
    client = client_as("caseworker")
    before = client.get(case.get_absolute_url()).text.split('<div id="clocks"')[1]
    assert "left" in before.split("</section>")[0]  # the escalation clock runs
    response = client.post(
        reverse("rescue:engagement-quick-answer", args=[case.reference, e.pk]),
        {"answer": "verified", "version": e.version},
        HTTP_HX_REQUEST="true",
        HTTP_HX_CURRENT_URL=f"http://testserver{case.get_absolute_url()}",
    )
    text = response.text
    assert '<div id="clocks" hx-swap-oob="true">' in text
    assert '<div id="timeline" hx-swap-oob="true">' in text
    clocks = text.split('<div id="clocks" hx-swap-oob="true">')[1].split('<div id="timeline"')[0]
    # The escalation clock of the hop just answered is met now, not still running.
    assert "Authority approached, no answer yet" in clocks
    assert "Met on" in clocks and "left" not in clocks
    timeline = text.split('<div id="timeline" hx-swap-oob="true">')[1]
    assert "answer: verified" in timeline


def test_the_next_hop_starts_when_the_referral_was_answered(
    client_as: Any, case: Case, rescue_records: Any
) -> None:
    # Back-entry of an old chain: the next hop is pre-filled with the referral's answer time.
    page = client_as("caseworker").get(
        reverse("rescue:engagement-add", args=[case.reference]),
        {"previous": rescue_records.first.pk},
    )
    assert 'value="22 Apr 2024 19:40"' in page.text
