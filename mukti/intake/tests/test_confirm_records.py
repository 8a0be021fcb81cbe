"""Confirming a draft makes what the forms would have made: engagements with their answers and
the referral chain, sightings, a rescue operation and its attempts, arrests of accused persons,
shelter stays, medical records and productions, so that clocks, the located-not-rescued window
and responsiveness read an imported case as a typed one."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from django.urls import reverse

from mukti.accounts.models import User
from mukti.care.models import MedicalCare, MedicalKind, MedicalReason, Placement
from mukti.cases.models import (
    AttemptOutcome,
    Case,
    CaseStatus,
    Confidence,
    EventSource,
    Priority,
    Sighting,
    SurvivorStatus,
)
from mukti.deadlines.models import Clock
from mukti.directory.demo import directory_load_demo
from mukti.directory.models import Office, Official
from mukti.intake.models import Draft, DraftStatus
from mukti.intake.selectors import directory_suggestions
from mukti.intake.services import (
    draft_confirm,
    draft_create,
    draft_item_add,
    draft_items_update,
)
from mukti.intake.tests.test_views import confirm_data, formset_data
from mukti.justice.models import Arrest
from mukti.rescue import selectors as rescue_selectors
from mukti.rescue.models import Answer, Engagement, Operation, OperationStatus, Request

pytestmark = pytest.mark.django_db

SAMPLE = (
    Path(__file__).resolve().parent.parent / "corpus/dev/d01-field-report-north-24-parganas.txt"
).read_text(encoding="utf-8")


@pytest.fixture
def directory(cast: dict[str, User]) -> None:
    directory_load_demo(actor=cast["administrator"])


def official(name: str) -> Official:
    return Official.objects.select_related("office").get(name=name)


def values(suggestions: list[Any]) -> list[str]:
    return [s.value for s in suggestions]


def test_the_sample_report_offers_the_ssp_the_ic_of_the_ahtu_and_the_sp_basirhat(
    cast: dict[str, User], directory: None
) -> None:
    draft = draft_create(actor=cast["caseworker"], text=SAMPLE)
    found = directory_suggestions(items=draft.items)
    ssp, ic, sp = official("Arindam Sen"), official("Tapas Biswas"), official("Partha Ghosh")
    # "the SSP" names neither a person nor a place: matched by title, in the district named.
    assert values(found["official:Senior Superintendent of Police"])[0] == f"p{ssp.pk}"
    # "SP, Basirhat": the SP of Basirhat, not of Barasat or Bangaon.
    assert values(found["official:Superintendent of Police"])[0] == f"p{sp.pk}"
    other_sps = Official.objects.filter(rank="sp").exclude(pk=sp.pk)
    assert not {f"p{o.pk}" for o in other_sps} & set(
        values(found["official:Superintendent of Police"])
    )
    ahtu = found["organisation:AHTU"]
    assert f"o{ic.office_id}" in values(ahtu) and f"p{ic.pk}" in values(ahtu)
    # Each event is matched to whom its sentence names, as the review page then shows.
    by_evidence = {e["evidence"][:40]: e for e in draft.items["events"]}
    met = next(e for k, e in by_evidence.items() if k.startswith("Our social workers"))
    assert met["official"] == f"p{ssp.pk}"
    connect = next(e for e in draft.items["events"] if "connect with" in e["evidence"])
    assert connect["type"] == "referred" and connect["official"] == f"p{sp.pk}"
    directed = next(e for e in draft.items["events"] if "directed to the" in e["evidence"])
    assert directed["official"] == f"o{ic.office_id}"


def confirmed_sample(client_as: Any, cast: dict[str, User]) -> Case:
    """The sample report pasted, a pseudonym given and the shelter home chosen, then confirmed
    through the review page."""
    client = client_as("caseworker")
    client.post(reverse("intake:draft-new"), {"text": SAMPLE})
    draft = Draft.objects.get()
    home = Office.objects.get(name="Asha Short Stay Home (demo)")
    stay = next(e for e in draft.items["events"] if e["type"] == "shelter_placement")
    page = client.get(draft.get_absolute_url()).text
    assert f'value="o{home.pk}"' in page  # the shelter homes of the district are offered
    assert "Case status after saving" in page and 'value="sexual"' in page
    data = formset_data(
        draft, v1={"pseudonym": "Shapla"}, **{stay["id"]: {"official": f"o{home.pk}"}}
    )
    for event in draft.items["events"]:
        row = next(i for i, e in enumerate(draft.items["events"]) if e["id"] == event["id"])
        data.setdefault(f"events-{row}-place", event.get("place") or "")
        data.setdefault(f"events-{row}-official", event.get("official") or "")
    data |= {"case-exploitation": ["sexual"], "case-minor": "", "case-status": "in_care"}
    response = client.post(
        reverse("intake:draft-confirm", args=[draft.pk]), data | confirm_data(draft)
    )
    assert response.status_code == 302, response.text
    return Case.objects.get()


def test_confirming_the_sample_report_makes_the_escalation_chain_rescue_and_care(
    client_as: Any, cast: dict[str, User], directory: None
) -> None:
    case = confirmed_sample(client_as, cast)
    ssp, ahtu_ic, sp = official("Arindam Sen"), official("Tapas Biswas"), official("Partha Ghosh")
    hops = list(Engagement.objects.filter(case=case).select_related("office").order_by("id"))
    assert [h.office.name for h in hops] == [
        ssp.office.name,  # met the SSP
        ahtu_ic.office.name,  # directed to the AHTU, which verified, then could not trace her
        ssp.office.name,  # shared this with the SSP, who sent us to the SP, Basirhat
        ssp.office.name,  # asked the SSP to start the rescue; told to go to the SP
        sp.office.name,  # the SP verified, deferred, then sent us to the OC
        "Rajbari Outpost",  # the OC agreed
    ]
    assert [h.answer for h in hops] == [
        Answer.REFERRED, Answer.UNABLE_TO_TRACE, Answer.REFERRED, Answer.REFERRED,
        Answer.REFERRED, Answer.AGREED,
    ]  # fmt: skip
    assert [h.previous_id for h in hops] == [None, hops[0].pk, hops[1].pk, None, hops[3].pk,
                                             hops[4].pk]  # fmt: skip
    assert hops[0].official == ssp and hops[0].request == Request.VERIFICATION
    assert hops[3].request == Request.RESCUE
    assert hops[0].referred_to_office == ahtu_ic.office
    assert hops[4].referred_to_office == Office.objects.get(name="Rajbari Outpost")
    assert "Deferred" in hops[4].answer_note
    assert all(h.event.source == EventSource.IMPORTED for h in hops)
    # Two sightings: the district (probable), then "present at the address" (confirmed).
    sightings = list(Sighting.objects.filter(event__case=case).order_by("event_id"))
    assert [s.confidence for s in sightings] == [Confidence.PROBABLE, Confidence.CONFIRMED]
    operation = Operation.objects.get(case=case)
    assert operation.status == OperationStatus.SUCCEEDED
    assert operation.lead_office.name == "Rajbari Outpost"
    attempt = operation.attempts.get()
    assert attempt.event.outcome == AttemptOutcome.RESCUED
    assert attempt.event.when_label == "20 Apr 2024, 22:55"
    assert [str(b.survivor) for b in attempt.brought_out.all()] == ["Shapla"]
    medical = MedicalCare.objects.get(case=case)
    assert medical.facility.name == "Basirhat District Hospital"
    assert (medical.kind, medical.need) == (MedicalKind.ADMISSION, MedicalReason.PREGNANCY)
    placement = Placement.objects.get(case=case)
    assert placement.home.name == "Asha Short Stay Home (demo)"
    case.refresh_from_db()
    assert case.status == CaseStatus.IN_CARE and case.exploitation == ["sexual"]
    assert case.priority == Priority.URGENT  # the SP deferred the rescue
    link = case.case_survivors.get()
    assert link.status == SurvivorStatus.IN_CARE and link.located_at is not None
    # "Trafficked" is a trafficking event, not "Other".
    assert case.events.filter(type="trafficked").count() == 1
    assert not case.events.filter(type="other").exists()
    # The clocks a typed rescue of an adult in sexual exploitation starts.
    rules = set(Clock.objects.filter(case=case).values_list("rule", flat=True))
    assert {"itpa_production", "itpa_custody"} <= rules
    # Responsiveness counts the imported hops, per office.
    rows = rescue_selectors.responsiveness(
        actor=cast["supervisor"], start=dt.date(2024, 4, 1), end=dt.date(2024, 4, 30)
    )
    counts = {row.name: (row.engagements, row.referred) for row in rows}
    assert counts[ssp.office.name] == (3, 3)
    assert counts[sp.office.name] == (1, 1)
    # The case page shows the chain, not "No authority contacted yet".
    page = client_as("caseworker").get(case.get_absolute_url()).text
    assert "No authority contacted yet" not in page
    assert "Arindam Sen" in page and "Partha Ghosh" in page


HELD = (
    "On 2 May 2024 our informant confirmed that Rina was being held at a house in Basirhat. "
    "The same day we met the SP, Basirhat and asked him to rescue her."
)


def test_a_located_survivor_of_an_imported_case_is_in_the_located_not_rescued_window(
    cast: dict[str, User], directory: None
) -> None:
    draft = draft_create(actor=cast["caseworker"], text=HELD)
    # The reader missed her name: the caseworker selects it in the text.
    start = HELD.index("Rina")
    draft = draft_item_add(actor=cast["caseworker"], draft=draft, expected_version=draft.version,
                           kind="survivor", start=start, end=start + 4)  # fmt: skip
    victims = [{"id": v["id"], "pseudonym": "Juthi"} for v in draft.items["victims"]]
    draft = draft_items_update(
        actor=cast["caseworker"], draft=draft, expected_version=draft.version, events=[],
        victims=victims,
    )  # fmt: skip
    case = draft_confirm(
        actor=cast["caseworker"], draft=draft, expected_version=draft.version, title="Rina"
    )
    link = case.case_survivors.get()
    assert link.status == SurvivorStatus.LOCATED and link.located_at is not None
    waiting = rescue_selectors.located_not_rescued(actor=cast["caseworker"])
    assert [w.case_id for w in waiting] == [case.pk]
    hop = Engagement.objects.get(case=case)
    assert hop.official == official("Partha Ghosh") and hop.request == Request.RESCUE
    assert hop.answer == Answer.PENDING  # the escalation clock runs until the SP answers
    assert Clock.objects.filter(case=case).exists()


def test_a_refused_record_saves_nothing_and_names_the_event(
    cast: dict[str, User], directory: None
) -> None:
    draft = draft_create(actor=cast["caseworker"], text=SAMPLE)
    victims = [{"id": v["id"], "pseudonym": "Shapla"} for v in draft.items["victims"]]
    # The caseworker says the hospital stay was at a police station: not a hospital.
    medical = next(e for e in draft.items["events"] if e["type"] == "medical_care")
    outpost = Office.objects.get(name="Rajbari Outpost")
    # A hospital stay put at a police outpost is a plain timeline entry (no medical record
    # at an office that is no hospital); a survivor aged 15 in a case marked "no minor" is
    # refused, before anything is saved.
    draft = draft_items_update(
        actor=cast["caseworker"], draft=draft, expected_version=draft.version,
        events=[{"id": medical["id"], "official": f"o{outpost.pk}"}],
        victims=[{**v, "age": 15} for v in victims], case={"minor": "no", "status": "in_care"},
    )  # fmt: skip
    before = (Engagement.objects.count(), Case.objects.count(), Sighting.objects.count())
    with pytest.raises(Exception) as error:
        draft_confirm(actor=cast["caseworker"], draft=draft, expected_version=draft.version,
                      title="x")  # fmt: skip
    assert "no minor" in str(error.value)
    assert (Engagement.objects.count(), Case.objects.count(), Sighting.objects.count()) == before
    draft.refresh_from_db()
    assert draft.status == DraftStatus.OPEN


def test_an_event_the_service_refuses_rolls_back_every_record_made_before_it(
    cast: dict[str, User], directory: None
) -> None:
    draft = draft_create(actor=cast["caseworker"], text=SAMPLE)
    victims = [{"id": v["id"], "pseudonym": "Shapla"} for v in draft.items["victims"]]
    last = draft.items["events"][-1]
    # The last event (the shelter placement) dated before the offence: refused by the timeline.
    draft = draft_items_update(
        actor=cast["caseworker"], draft=draft, expected_version=draft.version,
        events=[{"id": last["id"], "when": "1 Jan 2024"}], victims=victims,
    )  # fmt: skip
    with pytest.raises(Exception) as error:
        draft_confirm(actor=cast["caseworker"], draft=draft, expected_version=draft.version,
                      title="x", offence_date=dt.date(2024, 2, 19))  # fmt: skip
    assert f"Event {len(draft.items['events'])} (shelter placement)" in str(error.value)
    assert not Case.objects.exists() and not Engagement.objects.exists()
    assert not Operation.objects.exists() and not Arrest.objects.exists()


RAIDS = (
    "On 2 March 2024 we received a tip-off that Rina, a 15-year-old girl from Basirhat, was "
    "being held in a brothel at Rajbari. We met the Officer in Charge (OC) of Rajbari Outpost the "
    "same day. On 3 March 2024 the OC raided the house but found nothing. On 5 March 2024 the OC "
    "raided it again and rescued Rina. Sima Das (42) was arrested. On 6 March 2024 Rina was "
    "produced before the CWC and sent to a shelter home."
)


def test_a_failed_raid_then_a_rescue_an_arrest_and_a_cwc_production_of_a_child(
    client_as: Any, cast: dict[str, User], directory: None
) -> None:
    draft = draft_create(actor=cast["caseworker"], text=RAIDS)
    assert draft.items["case"]["minor"] == "yes"
    home = Office.objects.get(name="Asha Short Stay Home (demo)")
    stay = next(e for e in draft.items["events"] if e["type"] == "shelter_placement")
    page = client_as("caseworker").get(draft.get_absolute_url()).text
    assert "arrested: Sima Das (42)" in page
    draft = draft_items_update(
        actor=cast["caseworker"], draft=draft, expected_version=draft.version,
        events=[{"id": stay["id"], "official": f"o{home.pk}"}],
        victims=[{"id": "v1", "pseudonym": "Juthi", "age": 15}],
    )  # fmt: skip
    case = draft_confirm(
        actor=cast["caseworker"], draft=draft, expected_version=draft.version, title="Rajbari"
    )
    operation = Operation.objects.get(case=case)
    outcomes = [a.event.outcome for a in operation.attempts.order_by("event__occurred_at")]
    assert outcomes == [AttemptOutcome.TARGET_ABSENT, AttemptOutcome.RESCUED]
    assert operation.status == OperationStatus.SUCCEEDED
    assert operation.lead_office.name == "Rajbari Outpost"
    arrest = Arrest.objects.select_related("accused").get(case=case)
    assert (arrest.accused.name, arrest.accused.approximate_age) == ("Sima Das", 42)
    production = case.events.get(type="produced_cwc")
    assert production.actor_office is not None and production.actor_office.kind == "cwc"
    assert Placement.objects.get(case=case).home == home
    survivor = case.case_survivors.get().survivor
    assert survivor.is_minor is True
    case.refresh_from_db()
    assert case.status == CaseStatus.IN_CARE
    # A rescued child is produced before the CWC within 24 hours: the clock started and met.
    clock = Clock.objects.get(case=case, rule="minor_cwc")
    assert clock.satisfied_at is not None


def test_a_deferral_without_a_time_is_a_timeline_entry_and_the_hop_keeps_waiting(
    cast: dict[str, User], directory: None
) -> None:
    text = (
        "On 2 May 2024 we met the SP, Basirhat and asked him to rescue Rina Khatun, a 19-year-old "
        "woman held in a hotel. On 3 May 2024 the SP postponed the raid."
    )
    draft = draft_create(actor=cast["caseworker"], text=text)
    draft = draft_items_update(
        actor=cast["caseworker"], draft=draft, expected_version=draft.version, events=[],
        victims=[{"id": v["id"], "pseudonym": "Juthi"} for v in draft.items["victims"]],
    )  # fmt: skip
    case = draft_confirm(
        actor=cast["caseworker"], draft=draft, expected_version=draft.version, title="Rina"
    )
    hop = Engagement.objects.get(case=case)
    assert hop.office == official("Partha Ghosh").office and hop.answer == Answer.PENDING
    deferred = case.events.get(type="rescue_deferred")
    assert deferred.source == EventSource.IMPORTED and deferred.when_label == "3 May 2024"


def test_an_arrest_sentence_that_names_the_cwc_production_does_not_show_the_accused_to_care(
    client_as: Any, cast: dict[str, User], directory: None
) -> None:
    """One sentence, two areas: the arrest (justice) and the production (everyone). The
    production entry carries no quote, so the aftercare officer never reads the accused's name."""
    from mukti.cases import services as case_services

    text = (
        "Kolkata, 5 March 2024. Acting on a tip-off, the AHTU raided a house in Rajbari and "
        "rescued a 15-year-old girl, Juthi, on 4 March 2024. The accused Sima Das (42) was "
        "arrested on 4 March 2024 and the girl was produced before the CWC Basirhat."
    )
    draft = draft_create(actor=cast["caseworker"], text=text)
    draft = draft_items_update(
        actor=cast["caseworker"], draft=draft, expected_version=draft.version, events=[],
        victims=[{"id": "v1", "pseudonym": "Juthi", "age": 15}],
    )  # fmt: skip
    case = draft_confirm(
        actor=cast["caseworker"], draft=draft, expected_version=draft.version, title="Rajbari"
    )
    case_services.case_update(
        actor=cast["caseworker"], case=case, expected_version=None,
        team=[cast["aftercare_officer"], cast["legal_officer"]],
    )  # fmt: skip
    arrest = case.events.get(type="arrest")
    assert "Sima Das" in arrest.quote  # the legal officer reads the sentence
    productions = list(case.events.filter(type="produced_cwc"))
    assert productions and all("Sima Das" not in p.quote for p in productions)
    care_page = client_as("aftercare_officer").get(case.get_absolute_url())
    assert care_page.status_code == 200
    assert "Sima Das" not in care_page.text
    assert "Sima Das" in client_as("legal_officer").get(case.get_absolute_url()).text


@pytest.mark.parametrize(
    ("now", "text"),
    [
        ("locating", "In January 2024 Kusum was lured from Satkhira by a man who promised a job."),
        ("reintegration", "On 2 March 2024 she was sent to a shelter home in Basirhat."),
        ("closed", "On 2 March 2024 she was sent to a shelter home in Basirhat."),
    ],
)
def test_a_draft_added_to_a_case_further_on_never_takes_it_back_or_reopens_it(
    case: Case, cast: dict[str, User], directory: None, now: str, text: str
) -> None:
    Case.objects.filter(pk=case.pk).update(status=now)
    draft = draft_create(actor=cast["caseworker"], text=text)
    draft = draft_items_update(
        actor=cast["caseworker"], draft=draft, expected_version=draft.version, events=[],
        victims=[{"id": v["id"], "pseudonym": "Rima"} for v in draft.items["victims"]],
    )  # fmt: skip
    proposed = draft.items["case"]["status"]
    assert proposed != now  # the draft proposes an earlier state
    draft_confirm(actor=cast["caseworker"], draft=draft, expected_version=draft.version, case=case)
    case.refresh_from_db()
    assert case.status == now
