"""Care after the rescue: shelter stays and moves, medical care, services, the care plan,
assessments, repatriation and consent, each through the care page, with its rules and roles."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from mukti.audit.models import AuditRecord
from mukti.care import selectors, services
from mukti.care.models import Assessment, Consent, Placement, RepatriationStep
from mukti.cases import services as case_services
from mukti.cases.models import CaseSurvivor, Event
from mukti.core.errors import ApplicationError
from mukti.core.fuzzydate import parse_when
from mukti.core.tests.queries import queries_of

pytestmark = pytest.mark.django_db
DOMAINS = ("safety", "legal", "mental", "economic", "social", "physical")


def _url(name: str, *args: Any) -> str:
    return reverse(f"care:{name}", args=args)


def test_a_caseworker_places_her_in_a_temporary_shelter_then_moves_her_to_a_long_term_home(
    client_as: Any, case: Any, shelters: Any
) -> None:
    client = client_as("caseworker")
    kusum = case.case_survivors.get().survivor
    response = client.post(
        _url("record-add", case.reference, "placement"),
        {"survivor": kusum.pk, "when": "23 Apr 2024", "home": shelters["temporary"].pk,
         "kind": "temporary", "note": "Arrived at night with her sister-in-law."},
    )  # fmt: skip
    assert response.status_code == 302
    stay = Placement.objects.get()
    assert stay.event.type == "shelter_placement" and stay.ended_on is None
    assert CaseSurvivor.objects.get(case=case).status == "in_care"
    move = client.post(
        _url("placement-move", case.reference, stay.pk),
        {"when": "14 May 2024", "home": shelters["long_term"].pk, "kind": "long_term",
         "reason": "CWC order for long-term care", "version": stay.version},
    )  # fmt: skip
    assert move.status_code == 302
    stay.refresh_from_db()
    assert stay.ended_on == dt.date(2024, 5, 14)
    assert stay.end_reason == "CWC order for long-term care"
    now = Placement.objects.get(ended_on__isnull=True)
    assert now.home == shelters["long_term"] and now.kind == "long_term"
    page = client.get(_url("case-care", case.reference))
    assert "Now at <strong>Nirapad Long-Term Home</strong> (Long-term home) since 14 May 2024" in (
        page.text
    )
    assert "Aashray Short-Stay Home · Temporary shelter · 23 Apr 2024 – 14 May 2024" in page.text
    assert AuditRecord.objects.filter(object_type="care.placement").count() == 3


def test_an_overlapping_stay_is_refused_and_nothing_is_saved(
    client_as: Any, case: Any, care_records: Any, shelters: Any
) -> None:
    events = Event.objects.count()
    response = client_as("caseworker").post(
        _url("record-add", case.reference, "placement"),
        {"survivor": care_records.survivor.pk, "when": "1 May 2024",
         "home": shelters["long_term"].pk, "kind": "long_term"},
    )  # fmt: skip
    assert response.status_code == 200
    assert (
        "Kusum is placed at Aashray Short-Stay Home from 23 Apr 2024 (still there): a stay from "
        "01 May 2024 would overlap it. End that stay or record a move instead." in response.text
    )
    assert Placement.objects.count() == 1 and Event.objects.count() == events


def test_a_stay_cannot_begin_before_an_ended_one_had_ended(
    case: Any, care_records: Any, shelters: Any
) -> None:
    meera = case.lead
    services.placement_end(
        actor=meera, placement=care_records.placement, ended_on=dt.date(2024, 5, 10),
        reason="Went home", expected_version=care_records.placement.version,
    )  # fmt: skip
    with pytest.raises(ApplicationError, match="would overlap it"):
        services.placement_start(
            actor=meera, case=case, survivor=care_records.survivor, when=parse_when("9 May 2024"),
            home=shelters["long_term"], kind="long_term",
        )  # fmt: skip
    # The day she left, she may arrive elsewhere.
    services.placement_start(
        actor=meera, case=case, survivor=care_records.survivor, when=parse_when("10 May 2024"),
        home=shelters["long_term"], kind="long_term",
    )  # fmt: skip
    assert Placement.objects.count() == 2


def test_a_placement_needs_a_day_and_a_shelter_home(case: Any, offices: Any, shelters: Any) -> None:
    kusum = case.case_survivors.get().survivor
    with pytest.raises(ApplicationError, match="needs the day it happened, not only May 2024"):
        services.placement_start(
            actor=case.lead, case=case, survivor=kusum, when=parse_when("May 2024"),
            home=shelters["temporary"], kind="temporary",
        )  # fmt: skip
    with pytest.raises(ApplicationError, match="is not a shelter home in the directory"):
        services.placement_start(
            actor=case.lead, case=case, survivor=kusum, when=parse_when("2 May 2024"),
            home=offices["hospital"], kind="temporary",
        )  # fmt: skip
    assert not Placement.objects.exists()


def test_redating_a_stay_on_the_timeline_into_another_is_refused(
    client_as: Any, case: Any, care_records: Any, shelters: Any
) -> None:
    first = care_records.placement
    later = services.placement_move(
        actor=case.lead, placement=first, when=parse_when("14 May 2024"),
        home=shelters["long_term"], kind="long_term", reason="CWC order", expected_version=None,
    )  # fmt: skip
    event = later.event
    response = client_as("caseworker").post(
        reverse("cases:event-edit", args=[case.reference, event.pk]),
        {"type": "shelter_placement", "when": "1 May 2024", "survivors": [care_records.survivor.pk],
         "version": event.version},
    )  # fmt: skip
    assert response.status_code == 200
    assert (
        "Kusum would be at Aashray Short-Stay Home and Nirapad Long-Term Home at once on "
        "01 May 2024." in response.text
    )
    event.refresh_from_db()
    assert event.occurred_at is not None
    assert event.occurred_at.date() == dt.date(2024, 5, 13)  # 14 May 00:00 IST, in UTC


def test_a_shelter_placement_cannot_be_typed_on_the_timeline_or_deleted_there(
    client_as: Any, case: Any, care_records: Any
) -> None:
    client = client_as("caseworker")
    form = client.get(reverse("cases:event-add", args=[case.reference]))
    assert 'value="shelter_placement"' not in form.text
    assert 'value="medical_care"' not in form.text
    event = care_records.placement.event
    page = client.post(reverse("cases:event-delete", args=[case.reference, event.pk]), follow=True)
    assert (
        "This entry is a shelter placement: removing it here would leave the records of the "
        in (page.text)
    )
    assert Event.objects.filter(pk=event.pk).exists()


def test_an_assessment_scores_six_domains_from_1_to_4(client_as: Any, case: Any, cast: Any) -> None:
    case.members.create(user=cast["aftercare_officer"])
    client = client_as("aftercare_officer")
    kusum = case.case_survivors.get().survivor
    scores = {"safety_score": 2, "legal_score": 1, "mental_score": 1, "economic_score": 5,
              "social_score": 2, "physical_score": 3}  # fmt: skip
    url = _url("record-add", case.reference, "assessment")
    bad = client.post(url, {"survivor": kusum.pk, "when": "1 Jun 2024", **scores})
    assert (
        "Economic empowerment and education is scored from 1 (most vulnerable) to 4 (strong); 5 "
        "is not a score." in bad.text
    )
    assert not Assessment.objects.exists() and not Event.objects.filter(type="assessment").exists()
    scores["economic_score"] = 1
    client.post(url, {"survivor": kusum.pk, "when": "1 Jun 2024", **scores})
    scores.update(safety_score=4, economic_score=3)
    client.post(url, {"survivor": kusum.pk, "when": "1 Dec 2024", **scores})
    assert Assessment.objects.count() == 2
    page = client.get(_url("case-care", case.reference))
    assert page.text.count("<polyline") == 6
    assert "Safety: 4" in page.text and "Economic empowerment and education: 3" in page.text
    assert "Jun 2024" in page.text and "Dec 2024" in page.text


def test_a_missing_score_is_named(case: Any) -> None:
    kusum = case.case_survivors.get().survivor
    with pytest.raises(ApplicationError, match="Score social support too"):
        services.assessment_record(
            actor=case.lead, case=case, survivor=kusum, when=parse_when("1 Jun 2024"),
            scores={"safety": 1, "legal": 1, "mental": 1, "economic": 1, "physical": 1},
        )  # fmt: skip


def test_repatriation_steps_follow_in_order_and_a_long_wait_is_flagged(
    client_as: Any, case: Any, care_records: Any, offices: Any, cast: Any
) -> None:
    from mukti.deadlines.services import rule_configure

    rule_configure(
        actor=cast["administrator"], code="repatriation_step", enabled=True, limit_hours=30 * 24
    )
    client = client_as("caseworker")
    r = care_records.repatriation
    skipped = client.post(
        _url("step-add", case.reference, r.pk), {"kind": "travel_permit", "when": "3 May 2024"}
    )
    assert "Complete the step before it first: Home and family study." in skipped.text
    early = client.post(
        _url("step-add", case.reference, r.pk), {"kind": "nationality", "when": "3 May 2024"}
    )
    assert "Complete the step before it first: Repatriation requested." in early.text
    step = care_records.step
    client.post(
        _url("step-complete", case.reference, step.pk),
        {"completed_on": "2024-05-06", "documents": "Letter 17/2024", "version": step.version},
    )
    client.post(
        _url("step-add", case.reference, r.pk),
        {"kind": "nationality", "when": "7 May 2024", "authority": offices["sp"].pk},
    )
    assert RepatriationStep.objects.count() == 2
    with time_machine.travel(dt.datetime(2024, 7, 1, 12, 0), tick=False):
        page = client.get(_url("case-care", case.reference))
    # 7 May → 1 Jul is 55 days: 25 beyond the 30 allowed.
    assert "25 days overdue" in page.text
    assert "Next step: Home and family study" not in page.text  # waits for verification


def test_the_hand_over_at_the_border_marks_her_returned(case: Any, care_records: Any) -> None:
    meera, r = case.lead, care_records.repatriation
    day = dt.date(2024, 5, 6)
    for kind in ("request", "nationality", "home_study", "travel_permit", "handover"):
        step = r.steps.filter(kind=kind).first() or services.step_start(
            actor=meera, repatriation=r, kind=kind, when=parse_when(f"{day:%d %b %Y}")
        )
        services.step_complete(actor=meera, step=step, completed_on=day, expected_version=None)
        day += dt.timedelta(days=3)
    assert CaseSurvivor.objects.get(case=case).status == "returned"


def test_consent_is_in_force_between_given_and_expiry_or_withdrawal(
    client_as: Any, case: Any, care_records: Any
) -> None:
    kusum = care_records.survivor
    assert selectors.consent_given(survivor=kusum, purpose="story", on=dt.date(2024, 6, 1))
    assert not selectors.consent_given(survivor=kusum, purpose="story", on=dt.date(2024, 5, 1))
    assert not selectors.consent_given(survivor=kusum, purpose="photographs")
    client = client_as("caseworker")
    no_partner = client.post(
        _url("record-add", case.reference, "consent"),
        {"survivor": kusum.pk, "purpose": "data_sharing", "given_on": "2024-06-01"},
    )
    assert "Name the partner she agreed to share her data with." in no_partner.text
    consent = care_records.consent
    client.post(
        _url("consent-withdraw", case.reference, consent.pk),
        {"withdrawn_on": "2024-07-01", "version": consent.version},
    )
    consent.refresh_from_db()
    assert consent.withdrawn_on == dt.date(2024, 7, 1)
    assert selectors.consent_given(survivor=kusum, purpose="story", on=dt.date(2024, 6, 30))
    assert not selectors.consent_given(survivor=kusum, purpose="story", on=dt.date(2024, 7, 1))
    assert Consent.objects.count() == 1


def test_medical_care_and_a_follow_up_due(client_as: Any, case: Any, offices: Any) -> None:
    client = client_as("caseworker")
    kusum = case.case_survivors.get().survivor
    bad = client.post(
        _url("record-add", case.reference, "medical"),
        {"survivor": kusum.pk, "when": "23 Apr 2024", "facility": offices["hospital"].pk,
         "kind": "admission", "need": "pregnancy", "discharged_on": "2024-04-20"},
    )  # fmt: skip
    assert "That date (20 Apr 2024) comes before the care itself (23 Apr 2024)." in bad.text
    assert not Event.objects.filter(type="medical_care").exists()
    client.post(
        _url("record-add", case.reference, "medical"),
        {"survivor": kusum.pk, "when": "23 Apr 2024", "facility": offices["hospital"].pk,
         "kind": "admission", "need": "pregnancy", "discharged_on": "2024-04-27",
         "outcome": "Healthy; eight months pregnant", "follow_up_on": "2024-05-10"},
    )  # fmt: skip
    page = client.get(_url("case-care", case.reference))
    assert "Admission at Basirhat District Hospital: pregnancy, discharged 27 Apr 2024" in (
        page.text
    )
    assert "Next follow-up due" in page.text and "10 May 2024" in page.text
    timeline = client.get(case.get_absolute_url())
    assert "Admission: pregnancy" in timeline.text


def test_legal_officers_do_not_see_care_and_its_events(
    client_as: Any, case: Any, care_records: Any
) -> None:
    legal = client_as("legal_officer")  # on the case team
    assert legal.get(_url("case-care", case.reference)).status_code == 403
    page = legal.get(case.get_absolute_url())
    assert page.status_code == 200
    assert "Aashray Short-Stay Home" not in page.text
    assert "Shelter placement" not in page.text
    event = care_records.placement.event
    assert (
        legal.get(reverse("cases:event-edit", args=[case.reference, event.pk])).status_code == 404
    )
    assert (
        legal.post(
            _url("record-add", case.reference, "service"), {"survivor": care_records.survivor.pk}
        ).status_code
        == 403
    )
    # The caseworker sees both.
    mine = client_as("caseworker").get(case.get_absolute_url())
    assert "Aashray Short-Stay Home" in mine.text


def test_care_pages_are_for_the_case_team_and_care_roles(
    client_as: Any, case: Any, care_records: Any
) -> None:
    assert client_as("aftercare_officer").get(_url("case-care", case.reference)).status_code == 404
    assert client_as("data_officer").get(_url("case-care", case.reference)).status_code == 403
    assert client_as("other_caseworker").get(_url("case-care", case.reference)).status_code == 404
    assert client_as("supervisor").get(_url("case-care", case.reference)).status_code == 200


def test_occupancy_counts_every_home_but_names_only_the_users_cases(
    client_as: Any, case: Any, care_records: Any
) -> None:
    mine = client_as("caseworker").get(_url("shelters"))
    assert "Aashray Short-Stay Home" in mine.text and "Kusum" in mine.text
    other = client_as("other_caseworker").get(_url("shelters"))
    assert "Kusum" not in other.text
    rows = selectors.occupancy(user=case.lead)
    temporary = next(o for o in rows if o.home.name == "Aashray Short-Stay Home")
    assert (temporary.current, temporary.free) == (1, 1)


def test_the_shelters_page_issues_a_fixed_number_of_queries(
    client_as: Any, cast: Any, case: Any, care_records: Any, places: Any
) -> None:
    from mukti.cases import services as cases
    from mukti.directory.models import Office

    client, url = client_as("caseworker"), _url("shelters")
    small = queries_of(client, url)
    for n in range(6):
        home = Office.objects.create(
            name=f"Home {n}", kind="shelter_home", jurisdiction=places["n24"], capacity=5
        )
        lead = cast["caseworker"] if n % 2 else cast["other_caseworker"]
        other = cases.case_open(actor=lead, title=f"Sheltered {n}")
        for girl in (f"Shefali {n}", f"Mitali {n}"):
            survivor = cases.survivor_add(actor=lead, case=other, pseudonym=girl)
            services.placement_start(
                actor=lead, case=other, survivor=survivor, when=parse_when("25 Apr 2024"),
                home=home, kind="temporary",
            )  # fmt: skip
    page = client.get(url).text
    assert "Home 5" in page and "Shefali 5" in page and "Shefali 4" not in page
    # session, user, 2FA device, the names of her team's residents, the homes with their counts
    assert queries_of(client, url) == small == 5


def test_the_care_page_issues_a_constant_number_of_queries(
    client_as: Any, case: Any, care_records: Any, offices: Any, shelters: Any
) -> None:
    client = client_as("caseworker")
    url = _url("case-care", case.reference)
    client.get(url)
    with CaptureQueriesContext(connection) as before:
        assert client.get(url).status_code == 200
    kusum = care_records.survivor
    for month in ("Jun", "Jul", "Aug", "Sep", "Oct", "Nov"):
        services.service_record(
            actor=case.lead, case=case, survivor=kusum, when=parse_when(f"2 {month} 2024"),
            kind="counselling",
        )  # fmt: skip
        services.medical_record(
            actor=case.lead, case=case, survivor=kusum, when=parse_when(f"3 {month} 2024"),
            facility=offices["hospital"], kind="visit", need="illness",
        )  # fmt: skip
        services.assessment_record(
            actor=case.lead, case=case, survivor=kusum, when=parse_when(f"4 {month} 2024"),
            scores=dict.fromkeys(DOMAINS, 2),
        )  # fmt: skip
    with CaptureQueriesContext(connection) as after:
        assert client.get(url).status_code == 200
    # 15 for the page, 1 to see that this read was already noted in the audit log this hour.
    assert len(after) == len(before) == 16


def test_the_doctors_report_sent_later_stops_its_clock(
    client_as: Any, case: Any, care_records: Any
) -> None:
    from mukti.deadlines.models import Clock

    medical = care_records.medical
    clock = Clock.objects.get(rule="doctor_report")
    assert clock.satisfied_at is None
    url = _url("medical-update", case.reference, medical.pk)
    bad = client_as("caseworker").post(
        url, {"report_sent_on": "2024-04-20", "version": medical.version}
    )
    assert "That date (20 Apr 2024) comes before the care itself (23 Apr 2024)." in bad.text
    client_as("caseworker").post(url, {"report_sent_on": "2024-04-26", "version": medical.version})
    clock.refresh_from_db()
    assert clock.state == "met"
    assert client_as("legal_officer").post(url, {"report_sent_on": "2024-04-26"}).status_code == 403


def test_care_notes_do_not_reach_the_search_index(client_as: Any, case: Any, shelters: Any) -> None:
    services.placement_start(
        actor=case.lead, case=case, survivor=case.case_survivors.get().survivor,
        when=parse_when("24 Apr 2024"), home=shelters["temporary"], kind="temporary",
        note="Asked about her birthday",
    )  # fmt: skip
    for who in ("legal_officer", "caseworker"):
        found = client_as(who).get(reverse("cases:case-list"), {"q": "birthday"})
        assert case.reference not in found.text
    hotline = client_as("legal_officer").get(reverse("cases:case-list"), {"q": "hotline"})
    assert case.reference in hotline.text  # the general notes still are


def test_the_consent_gate_says_why_and_narrows_exports_in_one_query(
    case: Any, care_records: Any, django_assert_num_queries: Any
) -> None:
    """One gate for every path out: the reason a caseworker reads, and the bulk filter."""
    from mukti.care import consent as gate
    from mukti.cases.models import Survivor

    kusum = care_records.survivor
    assert gate.refusal(survivor=kusum, purpose="story", on=dt.date(2024, 6, 1)) is None
    assert gate.refusal(survivor=kusum, purpose="story", on=dt.date(2024, 5, 1)) == (
        "Kusum's consent only starts on 2024-05-02."
    )
    assert gate.refusal(survivor=kusum, purpose="photographs") == (
        "Kusum has not consented to photographs of her being used."
    )
    assert gate.refusal(survivor=kusum, purpose="data_sharing", partner="Anyone") == (
        "Kusum has not consented to her data being shared with Anyone."
    )
    everyone = Survivor.objects.filter(pk=kusum.pk)
    with django_assert_num_queries(1):
        assert list(gate.consenting(everyone, purpose="story", on=dt.date(2024, 6, 1))) == [kusum]
    assert not gate.consenting(everyone, purpose="photographs").exists()
    consent = care_records.consent
    consent.withdrawn_on = dt.date(2024, 7, 1)
    consent.save()
    assert gate.refusal(survivor=kusum, purpose="story", on=dt.date(2024, 7, 2)) == (
        "Kusum withdrew her consent on 2024-07-01."
    )
    assert not gate.consenting(everyone, purpose="story", on=dt.date(2024, 7, 2)).exists()
    try:
        gate.require(survivor=kusum, purpose="story", on=dt.date(2024, 7, 2))
    except gate.ConsentRefused as refused:
        assert refused.survivor == kusum
        assert "withdrew" in refused.reason
    else:
        raise AssertionError("a withdrawn consent let her story out")


def test_a_partner_typed_with_stray_spaces_is_the_same_partner(
    case: Any, care_records: Any
) -> None:
    from mukti.care import consent as gate
    from mukti.cases.models import Survivor

    kusum = care_records.survivor
    services.consent_record(
        actor=case.lead, case=case, survivor=kusum, purpose="data_sharing",
        partner="  Shakti   Vahini ", given_on=dt.date(2024, 6, 1),
    )  # fmt: skip
    assert Consent.objects.get(purpose="data_sharing").partner == "Shakti Vahini"
    for asked in ("Shakti Vahini", "shakti  vahini"):
        assert gate.refusal(survivor=kusum, purpose="data_sharing", partner=asked) is None
        everyone = Survivor.objects.filter(pk=kusum.pk)
        assert gate.consenting(everyone, purpose="data_sharing", partner=asked).exists()


def assert_redating_refused(
    case: Any, care_records: Any, event_id: int, day: str, message: str, kept: dt.date
) -> None:
    """The care check on every timeline change refuses the redate, and nothing of it is saved:
    the entry keeps its day (``kept``, in UTC)."""
    event = Event.objects.get(pk=event_id)
    with pytest.raises(ApplicationError, match=message):
        case_services.event_update(
            actor=case.lead, event=event, expected_version=None, when=parse_when(day),
            survivors=[care_records.survivor],
        )  # fmt: skip
    event.refresh_from_db()
    assert event.occurred_at is not None and event.occurred_at.date() == kept


def test_redating_an_ended_stay_after_its_end_is_refused(case: Any, care_records: Any) -> None:
    """A stay's arrival cannot move after the day she left."""
    placement = services.placement_end(
        actor=case.lead, placement=care_records.placement, ended_on=dt.date(2024, 4, 30),
        reason="Went home", expected_version=None,
    )  # fmt: skip
    assert_redating_refused(
        case, care_records, placement.event_id, "2 May 2024",
        "left Aashray Short-Stay Home on 30 Apr 2024", dt.date(2024, 4, 22),
    )  # fmt: skip


def test_redating_a_completed_repatriation_step_after_its_completion_is_refused(
    case: Any, care_records: Any
) -> None:
    step = services.step_complete(
        actor=case.lead, step=care_records.step, completed_on=dt.date(2024, 5, 6),
        expected_version=None,
    )  # fmt: skip
    assert_redating_refused(
        case, care_records, step.event_id, "9 May 2024",
        "was completed on 06 May 2024; it cannot start", dt.date(2024, 5, 1),
    )  # fmt: skip
