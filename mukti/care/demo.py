"""Care records of the demo cases (fictional), written through the care services so that the
demo shows what a caseworker would have recorded: stays and moves, hospital care, services, a
care plan, assessments over time, a repatriation under way and consent.
"""

from __future__ import annotations

from django.db import transaction

from mukti.care import services
from mukti.care.models import Placement
from mukti.cases.models import Case, Survivor
from mukti.core.demo import demo_date
from mukti.core.demo import demo_when as w
from mukti.directory.models import Office

STORY_ONE = "Bangladeshi woman held near Basirhat, rescued the night she was found"
STORY_TWO = "Minor hidden in a locked room during the first raid, Bangaon"
DOMESTIC = "Domestic worker confined in Salt Lake flat"
PETRAPOLE = "Girl rescued from a hotel in Petrapole, produced before CWC"
SHORT, LONG = "Asha Short Stay Home (demo)", "Nirmal Long-Stay Home (demo)"
HOSPITAL = "Basirhat District Hospital"
MISSION = "Deputy High Commission of Bangladesh, Kolkata"


@transaction.atomic
def care_load_demo() -> int:
    """Add the care records of the demo cases that have none yet; returns how many cases."""
    cases = {c.title: c for c in Case.objects.filter(title__in=[STORY_ONE, STORY_TWO, DOMESTIC,
                                                                PETRAPOLE])}  # fmt: skip
    offices = {o.name: o for o in Office.objects.filter(name__in=[SHORT, LONG, HOSPITAL, MISSION])}
    loaded = 0
    for title, load in LOADERS.items():
        case = cases.get(title)
        if case is None or Placement.objects.filter(case=case).exists():
            continue
        people = {s.pseudonym: s for s in Survivor.objects.filter(case_links__case=case)}
        load(case, people, offices)
        loaded += 1
    return loaded


def _story_one(case: Case, people: dict[str, Survivor], offices: dict[str, Office]) -> None:
    lead, kusum, bela = case.lead, people["Kusum"], people["Bela"]
    services.medical_record(
        actor=lead, case=case, survivor=kusum, when=w("23 Apr 2024 01:10"),
        facility=offices[HOSPITAL], kind="admission", need="pregnancy",
        discharged_on=demo_date(2024, 4, 24),
        outcome="Eight months pregnant; mother and child well.",
        follow_up_on=demo_date(2024, 5, 8), note="Admitted overnight.",
    )  # fmt: skip
    for survivor, at, sent in ((kusum, "23 Apr 2024 11:00", 27), (bela, "23 Apr 2024 11:40", 29)):
        services.medical_record(
            actor=lead, case=case, survivor=survivor, when=w(at), facility=offices[HOSPITAL],
            kind="medico_legal", need="sexual_violence", report_sent_on=demo_date(2024, 4, sent),
            note="Examination for the case; report to the investigating officer.",
        )  # fmt: skip
    services.medical_record(
        actor=lead, case=case, survivor=kusum, when=w("8 May 2024 10:00"),
        facility=offices[HOSPITAL], kind="visit", need="pregnancy",
        outcome="Antenatal check; well.",
    )  # fmt: skip
    stays = [
        services.placement_start(
            actor=lead, case=case, survivor=survivor, when=w("24 Apr 2024"),
            home=offices[SHORT], kind="temporary", note="Placed in a short-stay home.",
        )
        for survivor in (kusum, bela)
    ]  # fmt: skip
    services.placement_move(
        actor=lead, placement=stays[0], when=w("10 Jul 2024"), home=offices[LONG],
        kind="long_term", reason="Long-term care after her delivery", expected_version=None,
    )  # fmt: skip
    services.placement_move(
        actor=lead, placement=stays[1], when=w("1 Aug 2024"), home=offices[LONG],
        kind="long_term", reason="Waiting for repatriation", expected_version=None,
    )  # fmt: skip
    services.service_record(
        actor=lead, case=case, survivor=kusum, when=w("26 Apr 2024"), kind="counselling",
        provider="Shelter counsellor",
    )  # fmt: skip
    services.assessment_record(
        actor=lead, case=case, survivor=kusum, when=w("26 Apr 2024"),
        scores={"safety": 1, "legal": 1, "mental": 2, "economic": 1, "social": 2, "physical": 2},
        notes="At intake.",
    )  # fmt: skip
    services.consent_record(
        actor=lead, case=case, survivor=kusum, purpose="story", given_on=demo_date(2024, 5, 2),
        expires_on=demo_date(2026, 5, 2),
    )  # fmt: skip
    back = services.repatriation_open(
        actor=lead, case=case, survivor=bela, country="BD", when=w("2 May 2024"),
        authority=offices[MISSION], border_point="Petrapole–Benapole",
        documents="Request letter AS/2024/31 (demo)",
    )  # fmt: skip
    services.step_complete(
        actor=lead, step=back.steps.get(), completed_on=demo_date(2024, 6, 20),
        expected_version=None,
    )  # fmt: skip
    verification = services.step_start(
        actor=lead, repatriation=back, kind="nationality", when=w("22 Jun 2024"),
        authority=offices[MISSION], documents="Verification requested through the mission.",
    )  # fmt: skip
    services.step_complete(
        actor=lead, step=verification, completed_on=demo_date(2025, 9, 1), expected_version=None
    )
    services.step_start(
        actor=lead, repatriation=back, kind="home_study", when=w("5 Sep 2025"),
        authority=offices[MISSION], documents="Home study of her family in Satkhira requested.",
    )  # fmt: skip


def _story_two(case: Case, people: dict[str, Survivor], offices: dict[str, Office]) -> None:
    lead, tuli = case.lead, people["Tuli"]
    services.medical_record(
        actor=lead, case=case, survivor=tuli, when=w("7 Mar 2024 09:30"),
        facility=offices[HOSPITAL], kind="medico_legal", need="sexual_violence",
        report_sent_on=demo_date(2024, 3, 12),
        note="Examination for the case, with age assessment.",
    )  # fmt: skip
    stay = services.placement_start(
        actor=lead, case=case, survivor=tuli, when=w("7 Mar 2024"), home=offices[SHORT],
        kind="temporary", note="Temporary shelter after the CWC's order.",
    )  # fmt: skip
    services.placement_move(
        actor=lead, placement=stay, when=w("2 Apr 2024"), home=offices[LONG], kind="long_term",
        reason="CWC order for long-term care", expected_version=None,
    )  # fmt: skip
    for day, scores in (
        ("12 Mar 2024", (1, 1, 1, 1, 2, 2)),
        ("12 Sep 2024", (2, 2, 2, 2, 3, 3)),
        ("12 Sep 2025", (3, 3, 3, 2, 3, 4)),
    ):
        services.assessment_record(
            actor=lead, case=case, survivor=tuli, when=w(day),
            scores=dict(zip(("safety", "legal", "mental", "economic", "social", "physical"),
                            scores, strict=True)),
        )  # fmt: skip
    services.goal_add(
        actor=lead, case=case, survivor=tuli, domain="economic", goal="Back to school, class 8",
        target_on=demo_date(2025, 6, 1),
    )  # fmt: skip
    services.service_record(
        actor=lead, case=case, survivor=tuli, when=w("2 Jun 2024"), kind="education",
        provider="Open school",
    )  # fmt: skip
    services.follow_up_record(
        actor=lead, case=case, survivor=tuli, when=w("10 Oct 2025"),
        next_due_on=demo_date(2026, 1, 10), note="Doing well; asked about her birthday.",
    )  # fmt: skip


def _domestic(case: Case, people: dict[str, Survivor], offices: dict[str, Office]) -> None:
    lead, rupa = case.lead, people["Rupa B."]
    services.placement_start(
        actor=lead, case=case, survivor=rupa, when=w("6 Jan 2025"), home=offices[LONG],
        kind="long_term",
    )  # fmt: skip
    r = services.repatriation_open(
        actor=lead, case=case, survivor=rupa, country="BD", when=w("10 Jan 2025"),
        authority=offices[MISSION], border_point="Petrapole–Benapole",
    )  # fmt: skip
    services.step_complete(
        actor=lead,
        step=r.steps.get(),
        completed_on=demo_date(2025, 3, 18),
        expected_version=None,
    )
    services.step_start(
        actor=lead, repatriation=r, kind="nationality", when=w("20 Mar 2025"),
        authority=offices[MISSION],
        documents="Nationality verification requested from the Deputy High Commission.",
    )  # fmt: skip


def _petrapole(case: Case, people: dict[str, Survivor], offices: dict[str, Office]) -> None:
    services.medical_record(
        actor=case.lead, case=case, survivor=people["Moni"], when=w("23 Aug 2025 10:00"),
        facility=offices[HOSPITAL], kind="medico_legal", need="sexual_violence",
        report_sent_on=demo_date(2025, 8, 28),
    )  # fmt: skip
    services.placement_start(
        actor=case.lead, case=case, survivor=people["Moni"], when=w("23 Aug 2025"),
        home=offices[SHORT], kind="temporary",
    )  # fmt: skip


LOADERS = {STORY_ONE: _story_one, STORY_TWO: _story_two, DOMESTIC: _domestic,
           PETRAPOLE: _petrapole}  # fmt: skip
