"""The invariant of the statistics' monthly rows: after any sequence of changes made through the
services (sightings that locate a survivor, rescue attempts that bring her or others out or
fail, corrected and redated; someone brought out added as a survivor of this case or of a new
one; repatriations handed over, FIRs, arrests, chargesheets, judgements, compensation awarded
and paid; the case moved to another district, its countries or a survivor's age changed;
entries redated and deleted, refused changes included), the stored facts and rows are exactly
what a full ``mukti rebuild_statistics`` writes, and the figures the page reads from them, for
any year or quarter, are those ``statistics_raw`` counts from the records.

It drives the clocks' state machine (its changes span the same services) with the changes
the statistics count added, and checks this after every step. Runs on SQLite and on PostgreSQL
(CI runs both). ``MUKTI_DRIFT_EXAMPLES`` raises the number of sequences for a deeper run.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from typing import Any

import pytest
from django.utils import timezone
from hypothesis import strategies as st
from hypothesis.stateful import initialize, invariant, precondition, rule, run_state_machine_as_test

from mukti.care import services as care
from mukti.care.models import STEP_ORDER
from mukti.cases import services as cases
from mukti.cases.models import CaseSurvivor
from mukti.core.fuzzydate import parse_when
from mukti.core.testing import drift_settings
from mukti.deadlines.tests.test_clocks_never_drift import DAY, HOUR, PRECISION, ClocksNeverDrift
from mukti.directory.models import Office
from mukti.justice import services as justice
from mukti.justice.models import LegalSection
from mukti.reports import monthly
from mukti.reports.dashboard import hours_from_records, hours_located_to_rescued
from mukti.reports.models import Measure
from mukti.reports.statistics import Period, from_months, statistics_raw
from mukti.rescue import services as rescue
from mukti.rescue.models import BroughtOut

pytestmark = [pytest.mark.django_db, pytest.mark.slow]

# The machine's entries fall from August 2024 to early 2025.
# Spans of the dashboard: whole months, months with partial edges, days within one month.
SPANS = [
    (dt.date(2024, 1, 1), dt.date(2025, 12, 31)),
    (dt.date(2024, 8, 16), dt.date(2024, 12, 15)),
    (dt.date(2024, 9, 3), dt.date(2024, 9, 20)),
    (dt.date(2024, 10, 1), dt.date(2025, 1, 9)),
]
STEPS = 30  # changes in a sequence
PERIODS = [Period(2024), Period(2024, 3), Period(2024, 4), Period(2025), Period(2025, 1)]


class StatisticsNeverDrift(ClocksNeverDrift):
    # What the sequences counted, over all of them: each measure must have been exercised.
    seen: Counter[str] = Counter()

    @initialize()
    def open_the_case(self) -> None:
        super().open_the_case()
        self.named_elsewhere: list[Any] = []
        # From across the border, as most of the rescues the statistics count (the rule below
        # changes it).
        self.change_the_countries(origin="BD", destination="IN")
        self.accused = [
            justice.accused_add(
                actor=self.lead, case=self.case, role="recruiter", name=name
            ).accused
            for name in ("Kalu Sheikh", "Bina Das")
        ]
        self.court = Office.objects.get_or_create(
            name="Special Court, Barasat", kind="court",
            defaults={"jurisdiction": self.env["places"]["n24"]},
        )[0]  # fmt: skip

    @rule(origin=st.sampled_from(["", "BD", "IN"]), destination=st.sampled_from(["", "IN", "NP"]))
    def change_the_countries(self, origin: str, destination: str) -> None:
        self.attempt(
            lambda: cases.case_update(
                actor=self.lead, case=self.case, expected_version=None,
                origin_country=origin, destination_country=destination,
            )
        )  # fmt: skip

    @precondition(lambda self: self.operations)
    @rule(data=st.data(), later=st.integers(0, 20), others=st.integers(1, 3))
    def others_brought_out(self, data: Any, later: int, others: int) -> None:
        operation = data.draw(st.sampled_from(self.operations))
        day = (timezone.localtime(operation.planned_for).date() - dt.date(2024, 8, 1)).days
        self.attempt(
            lambda: rescue.attempt_record(
                actor=self.lead, operation=operation, when=self.when(day + later, 23, 0),
                outcome="rescued", people_brought_out=others,
                others_out=[f"woman {n}" for n in range(others)],
            )
        )  # fmt: skip

    @rule(data=st.data(), age=st.integers(12, 30), new_case=st.booleans())
    def someone_brought_out_becomes_a_survivor(self, data: Any, age: int, new_case: bool) -> None:
        unnamed = list(
            BroughtOut.objects.filter(
                attempt__operation__case=self.case, survivor__isnull=True
            ).order_by("pk")
        )
        if not unnamed:
            return
        brought_out = data.draw(st.sampled_from(unnamed))
        survivor = self.attempt(
            lambda: rescue.brought_out_add_to_case(
                actor=self.lead, brought_out=brought_out, pseudonym=self.name(),
                new_case=new_case, age_years=age, age_assessed_on=dt.date(2024, 7, 1),
            )
        )  # fmt: skip
        if survivor is not None and not new_case:
            self.survivors.append(survivor)
        elif survivor is not None:
            self.named_elsewhere.append(survivor)

    @precondition(lambda self: self.named_elsewhere)
    @rule(data=st.data(), age=st.integers(12, 30))
    def change_the_age_of_someone_named_elsewhere(self, data: Any, age: int) -> None:
        """She is a survivor of the new case only; the raid's case counts her among its people
        rescued, a minor or not."""
        survivor = data.draw(st.sampled_from(self.named_elsewhere))
        case = CaseSurvivor.objects.get(survivor=survivor).case
        self.attempt(
            lambda: cases.survivor_update(
                actor=self.lead, case=case, survivor=survivor, expected_version=None,
                age_years=age, age_assessed_on=dt.date(2024, 7, 1),
            )
        )  # fmt: skip

    @rule(data=st.data(), day=DAY, hour=HOUR, precision=PRECISION)
    def arrest_someone(self, data: Any, day: int, hour: int, precision: int) -> None:
        accused = data.draw(st.sampled_from(self.accused))
        self.attempt(
            lambda: justice.arrest_record(
                actor=self.lead, case=self.case, accused=accused,
                when=self.when(day, hour, precision),
            )
        )  # fmt: skip

    @precondition(lambda self: self.steps)
    @rule(data=st.data(), later=st.integers(0, 30))
    def the_next_repatriation_step(self, data: Any, later: int) -> None:
        """The step after the last one completed (the last before the hand-over at the border
        is the travel permit)."""
        step = data.draw(st.sampled_from(self.steps))
        repatriation = step.repatriation
        done = [s for s in repatriation.steps.select_related("event") if s.completed_on]
        if not done:
            return
        last = max(done, key=lambda s: STEP_ORDER.index(s.kind))
        if last.kind == STEP_ORDER[-1]:
            return
        kind = STEP_ORDER[STEP_ORDER.index(last.kind) + 1]
        day = (last.completed_on - dt.date(2024, 8, 1)).days + later
        started = self.attempt(
            lambda: care.step_start(
                actor=self.lead, repatriation=repatriation, kind=kind, when=self.when(day, 0, 1)
            )
        )
        if started is not None:
            self.steps.append(started)

    @rule(
        data=st.data(), day=DAY, hour=HOUR, later=st.integers(1, 400), confirmed=st.booleans(),
        failed_first=st.booleans(),
    )  # fmt: skip
    def located_then_rescued(
        self, data: Any, day: int, hour: int, later: int, confirmed: bool, failed_first: bool
    ) -> None:
        """In one step, as the rarer sequences need: she is seen, a raid is planned and brings
        her out some hours later (the hours from located to rescued)."""
        survivor = data.draw(st.sampled_from(self.survivors))
        self.record_a_sighting_of(survivor, day, hour, confirmed)
        operation = self.attempt(
            lambda: rescue.operation_plan(
                actor=self.lead, case=self.case, target_place=self.env["places"]["outpost_area"],
                lead_office=self.env["offices"]["outpost"], planned_for=self.at(day, hour),
                survivors_sought=[survivor],
            )
        )  # fmt: skip
        if operation is None:
            return
        self.operations.append(operation)
        if failed_first:  # she was hidden at the first attempt, the same night
            self.attempt(
                lambda: rescue.attempt_record(
                    actor=self.lead, operation=operation, when=self.when(day, hour, 0),
                    outcome="hidden",
                )
            )  # fmt: skip
        rescued_at = self.at(day, hour) + dt.timedelta(hours=later)
        self.attempt(
            lambda: rescue.attempt_record(
                actor=self.lead, operation=operation, when=parse_when(
                    timezone.localtime(rescued_at).strftime("%-d %b %Y %H:%M")),
                outcome="rescued", people_brought_out=1, survivors_out=[survivor],
            )
        )  # fmt: skip

    def record_a_sighting_of(self, survivor: Any, day: int, hour: int, confirmed: bool) -> None:
        self.attempt(
            lambda: cases.sighting_record(
                actor=self.lead, case=self.case, survivor=survivor, when=self.when(day, hour, 0),
                place=self.env["places"]["outpost_area"], source="informant",
                confidence="confirmed" if confirmed else "probable",
            )
        )  # fmt: skip

    @rule(data=st.data(), day=DAY, waits=st.lists(st.integers(0, 20), min_size=6, max_size=6))
    def repatriated_home(self, data: Any, day: int, waits: list[int]) -> None:
        """In one step: a repatriation opened, and each step started and completed in turn,
        up to the hand-over at the border."""
        survivor = data.draw(st.sampled_from(self.survivors))
        repatriation = self.attempt(
            lambda: care.repatriation_open(
                actor=self.lead, case=self.case, survivor=survivor, country="BD",
                when=self.when(day, 0, 1),
            )
        )  # fmt: skip
        if repatriation is None:
            return
        today = dt.date(2024, 8, 1) + dt.timedelta(days=day)
        for kind, wait in zip(STEP_ORDER, waits, strict=False):
            step = repatriation.steps.filter(kind=kind).first()
            if step is None:
                step = self.attempt(
                    lambda kind=kind, today=today: care.step_start(
                        actor=self.lead, repatriation=repatriation, kind=kind,
                        when=parse_when(f"{today:%-d %b %Y}"),
                    )
                )  # fmt: skip
            if step is None:
                return
            self.steps.append(step)
            today += dt.timedelta(days=wait)
            if (
                self.attempt(
                    lambda step=step, today=today: care.step_complete(
                        actor=self.lead, step=step, completed_on=today, expected_version=None
                    )
                )
                is None
            ):
                return
            repatriation.refresh_from_db()

    @rule(data=st.data(), day=DAY, later=st.integers(0, 90))
    def compensation_awarded_and_paid(self, data: Any, day: int, later: int) -> None:
        """In one step, as the rarer sequences need: compensation awarded, and paid some days
        later (the awarded and paid measures fall in different months as often as not)."""
        before = len(self.awards)
        self.compensation_awarded(data=data, day=day)
        if len(self.awards) > before:
            award = self.awards[-1]
            paid = dt.date(2024, 8, 1) + dt.timedelta(days=day + later)
            self.attempt(
                lambda: justice.compensation_pay(
                    actor=self.lead, compensation=award, amount_paid=30000, paid_on=paid,
                    expected_version=None,
                )
            )  # fmt: skip

    @rule(day=DAY)
    def file_a_chargesheet(self, day: int) -> None:
        # A chargesheet follows an FIR. Without one registered first, only 1 or 2 sequences in
        # 10 filed a chargesheet (3 to 5 tried), so a run of 10 sequences and the 20 more of
        # the coverage check below could end with none (likely why CI on PostgreSQL failed once
        # with no chargesheet reached). With it, 4 to 6 in 10 file one.
        if not self.firs:
            self.register_an_fir(day=max(day - 30, 0), hour=10, electronic=False, ahtu=None)
        self.attempt(
            lambda: justice.chargesheet_file(
                actor=self.lead, case=self.case, number=f"CS {self.name()}",
                when=self.when(day, 0, 1), sections=LegalSection.objects.filter(act="ITPA")[:1],
            )
        )  # fmt: skip

    @rule(day=DAY, outcomes=st.lists(st.sampled_from(["convicted", "acquitted"]), min_size=2,
                                     max_size=2))  # fmt: skip
    def a_judgement(self, day: int, outcomes: list[str]) -> None:
        if not self.firs:  # a judgement follows an FIR
            self.register_an_fir(day=max(day - 30, 0), hour=10, electronic=False, ahtu=None)
        self.attempt(
            lambda: justice.judgement_record(
                actor=self.lead, case=self.case, court=self.court, when=self.when(day, 0, 1),
                verdicts=[(a, o, "") for a, o in zip(self.accused, outcomes, strict=True)],
            )
        )  # fmt: skip

    @invariant()
    def the_statistics_are_what_a_rebuild_makes(self) -> None:
        if not hasattr(self, "accused"):
            return
        facts, rows = monthly.stored_facts(), monthly.stored_rows()
        self.seen.update({fact[2] for fact in facts})
        assert monthly.rebuild().organisations >= 1
        assert monthly.stored_facts() == facts
        assert monthly.stored_rows() == rows
        organisation = self.case.organisation_id
        for period in PERIODS:
            assert from_months(period, organisation) == statistics_raw(period, organisation)
        # The dashboard's hours from located to rescued, from the rows and the edges' records.
        for start, end in SPANS:
            for district in (None, self.env["places"]["n24"].pk):
                kept = hours_located_to_rescued(
                    actor=self.lead, start=start, end=end, district=district
                )
                since, until = (timezone.make_aware(dt.datetime.combine(d, dt.time.min))
                                for d in (start, end + dt.timedelta(days=1)))  # fmt: skip
                counted = hours_from_records(
                    actor=self.lead, spans=[(since, until)], district=district
                )
                assert sorted(kept) == sorted(counted)


# Changes the statistics do not read, and the clocks' own checks: left out here (a rule or
# invariant overridden by a plain attribute is no longer one).
for _name in (
    "configure_a_rule",
    "approach_an_authority",
    "the_authority_answers",
    "the_doctor_sends_the_report",
    "she_leaves_the_shelter",
    "a_follow_up_visit",
    "the_fir_reaches_the_ahtu",
    "medical_care",
    "place_her_in_a_shelter",
    "a_service",
    "edit_the_case",
    "hand_the_case_over",
    "correct_an_operation",
    "the_clocks_are_what_a_rebuild_makes",
    "the_requests_carry_what_their_case_says",
):
    setattr(StatisticsNeverDrift, _name, None)


def test_the_statistics_equal_a_full_rebuild_and_the_records_after_any_sequence_of_changes(
    cast: Any, places: Any, offices: Any, shelters: Any, django_capture_on_commit_callbacks: Any
) -> None:
    from mukti.directory.models import Jurisdiction

    elsewhere = Jurisdiction.objects.create(name="Nadia", kind="district", parent=places["wb"])
    StatisticsNeverDrift.env = {
        "cast": cast, "places": {**places, "elsewhere": elsewhere}, "offices": offices,
        "shelters": shelters, "capture": django_capture_on_commit_callbacks,
    }  # fmt: skip
    StatisticsNeverDrift.seen.clear()  # what this run's sequences reach, not an earlier run's
    run_state_machine_as_test(StatisticsNeverDrift, settings=drift_settings(steps=STEPS))
    # The sequences did reach every measure (a machine that counts nothing proves nothing).
    # The rarer ones (a repatriation handed over, compensation paid) take several steps to
    # reach, and a short run of random sequences may miss them: a few more sequences are run
    # until they are reached, so a measure no sequence can reach still fails the test.
    for _ in range(4):
        if set(StatisticsNeverDrift.seen) == set(Measure.values):
            break
        run_state_machine_as_test(
            StatisticsNeverDrift, settings=drift_settings(steps=STEPS, examples=5)
        )
    assert set(StatisticsNeverDrift.seen) == set(Measure.values), StatisticsNeverDrift.seen
