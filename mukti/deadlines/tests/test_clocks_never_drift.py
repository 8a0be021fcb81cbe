"""The one invariant of derived clocks: after any sequence of changes made through the services
(case, survivor, events, sightings, engagements, operations and attempts, care and justice
records, rule settings, deletions, refused changes included), the stored clocks are exactly what
a full ``mukti clocks rebuild`` writes, and what each request to an authority derives from the
timeline is what a recomputation gives.

A hypothesis state machine drives random sequences of service calls on one case and compares
the clocks after every step with a rebuild. Runs on SQLite and on PostgreSQL (CI runs both).
``MUKTI_DRIFT_EXAMPLES`` raises the number of sequences for a deeper run.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    initialize,
    invariant,
    precondition,
    rule,
    run_state_machine_as_test,
)

from mukti.care import services as care
from mukti.cases import services as cases
from mukti.cases.models import AttemptOutcome, Event, EventType
from mukti.core.errors import ApplicationError
from mukti.core.fuzzydate import Precision, parse_when
from mukti.core.testing import drift_settings
from mukti.deadlines import services as deadlines
from mukti.deadlines.models import Clock
from mukti.deadlines.rules import RULE_EVENT_TYPES, RULES
from mukti.deadlines.tests import test_lateness_monthly as lateness
from mukti.justice import services as justice
from mukti.justice.models import LegalSection
from mukti.rescue import services as rescue
from mukti.rescue.models import Engagement

pytestmark = [pytest.mark.django_db, pytest.mark.slow]

CLOCK_COLUMNS = (
    "rule", "trigger_id", "survivor_id", "started_at", "start_approximate", "due_at",
    "satisfied_at", "satisfied_by_id", "recorded_at", "recorded_late",
)  # fmt: skip
# Plain entries of every type a rule reads (typed details are made by their own services).
PLAIN_TYPES = sorted(
    set(RULE_EVENT_TYPES)
    - {"authority_contacted", "rescue_attempt", "shelter_placement", "repatriation_step",
       "service", "medical_care", "compensation", "fir_registered", "chargesheet_filed",
       "arrest", "follow_up_visit", "testimony", "judgement", "location_identified"}
    | {"arrest", "other"}
)  # fmt: skip


# Rescues and reports to the police start most clocks: drawn more often.
ENTRY_TYPES = ["rescue"] * 6 + ["police_informed"] * 3 + ["produced_cwc"] * 2 + PLAIN_TYPES


def stored_clocks() -> list[tuple[Any, ...]]:
    return sorted(Clock.objects.values_list(*CLOCK_COLUMNS), key=repr)


def when_text(day: int, hour: int, precision: int) -> str:
    moment = dt.datetime(2024, 8, 1, 0, 0) + dt.timedelta(days=day, hours=hour)
    month = moment.strftime("%b %Y")
    return [
        moment.strftime("%-d %b %Y %H:%M"),
        moment.strftime("%-d %b %Y"),
        f"early {month}",
        month,
    ][precision]


DAY = st.integers(0, 120)
HOUR = st.integers(0, 23)
PRECISION = st.sampled_from([0, 0, 1, 2, 3])


class ClocksNeverDrift(RuleBasedStateMachine):
    env: dict[str, Any] = {}

    def __init__(self) -> None:
        super().__init__()
        self.atomic = transaction.atomic()
        self.atomic.__enter__()
        self.count = 0
        self.survivors: list[Any] = []
        self.plain: list[int] = []
        self.engagements: list[Any] = []
        self.operations: list[Any] = []
        self.medicals: list[Any] = []
        self.stays: list[Any] = []
        self.steps: list[Any] = []
        self.firs: list[Any] = []
        self.awards: list[Any] = []

    def teardown(self) -> None:
        transaction.set_rollback(True)
        self.atomic.__exit__(None, None, None)

    # -- helpers ---------------------------------------------------------------------------

    def attempt(self, change: Any) -> Any:
        """A change through the services, refused or not; what happens after commit (a queued
        rebuild) happens as in production."""
        capture = self.env["capture"]
        try:
            with capture(execute=True):
                return change()
        except (ApplicationError, ValidationError):
            return None

    def when(self, day: int, hour: int, precision: int) -> Any:
        return parse_when(when_text(day, hour, precision))

    def at(self, day: int, hour: int) -> dt.datetime:
        return timezone.make_aware(dt.datetime(2024, 8, 1) + dt.timedelta(days=day, hours=hour))

    def name(self) -> str:
        self.count += 1
        return f"S{self.count}"

    @property
    def lead(self) -> Any:
        return self.env["cast"]["caseworker"]

    # -- the case and its survivors ----------------------------------------------------------

    @initialize()
    def open_the_case(self) -> None:
        self.case = cases.case_open(
            actor=self.lead, title="Drift", offence_date=dt.date(2024, 7, 20),
            exploitation=["sexual"], team=[self.env["cast"]["legal_officer"]],
        )  # fmt: skip
        self.add_survivor(age=15)
        self.add_survivor(age=24)

    @rule(age=st.integers(10, 30))
    def add_survivor(self, age: int) -> None:
        survivor = self.attempt(
            lambda: cases.survivor_add(
                actor=self.lead,
                case=self.case,
                pseudonym=self.name(),
                age_years=age,
                age_assessed_on=dt.date(2024, 7, 1),
            )
        )
        if survivor is not None:
            self.survivors.append(survivor)

    @rule(data=st.data(), age=st.integers(10, 30))
    def change_her_age(self, data: Any, age: int) -> None:
        survivor = data.draw(st.sampled_from(self.survivors))
        self.attempt(
            lambda: cases.survivor_update(
                actor=self.lead,
                case=self.case,
                survivor=survivor,
                expected_version=None,
                age_years=age,
                age_assessed_on=dt.date(2024, 7, 1),
            )
        )

    @rule(sexual=st.booleans(), new_law=st.sampled_from([True, False, None]))
    def edit_the_case(self, sexual: bool, new_law: bool | None) -> None:
        offence = {True: dt.date(2024, 7, 20), False: dt.date(2024, 6, 20), None: None}[new_law]
        self.attempt(
            lambda: cases.case_update(
                actor=self.lead,
                case=self.case,
                expected_version=None,
                exploitation=["sexual"] if sexual else ["labour"],
                offence_date=offence,
            )
        )

    # -- the timeline ----------------------------------------------------------------------

    @rule(
        data=st.data(), type=st.sampled_from(ENTRY_TYPES), day=DAY, hour=HOUR,
        precision=PRECISION,
    )  # fmt: skip
    def record_an_entry(self, data: Any, type: str, day: int, hour: int, precision: int) -> None:
        people = data.draw(
            st.lists(st.sampled_from(self.survivors), unique=True, min_size=1, max_size=2)
            | st.just([])
        )
        event = self.attempt(
            lambda: cases.event_record(
                actor=self.lead,
                case=self.case,
                type=type,
                when=self.when(day, hour, precision),
                survivors=people,
            )
        )
        if event is not None:
            self.plain.append(event.pk)

    @precondition(lambda self: self.plain)
    @rule(data=st.data(), day=DAY, hour=HOUR, precision=PRECISION)
    def redate_an_entry(self, data: Any, day: int, hour: int, precision: int) -> None:
        event = Event.objects.get(pk=data.draw(st.sampled_from(self.plain)))
        people = data.draw(st.lists(st.sampled_from(self.survivors), unique=True, max_size=2))
        self.attempt(
            lambda: cases.event_update(
                actor=self.lead,
                event=event,
                expected_version=None,
                when=self.when(day, hour, precision),
                survivors=people,
            )
        )

    @precondition(lambda self: self.plain)
    @rule(data=st.data())
    def delete_an_entry(self, data: Any) -> None:
        pk = data.draw(st.sampled_from(self.plain))
        event = Event.objects.get(pk=pk)
        self.attempt(lambda: cases.event_delete(actor=self.lead, event=event))
        if not Event.objects.filter(pk=pk).exists():
            self.plain.remove(pk)

    @rule(data=st.data(), day=DAY, hour=HOUR, confirmed=st.booleans())
    def record_a_sighting(self, data: Any, day: int, hour: int, confirmed: bool) -> None:
        survivor = data.draw(st.sampled_from(self.survivors))
        self.attempt(
            lambda: cases.sighting_record(
                actor=self.lead,
                case=self.case,
                survivor=survivor,
                when=self.when(day, hour, 0),
                place=self.env["places"]["outpost_area"],
                source="informant",
                confidence="confirmed" if confirmed else "probable",
            )
        )

    # -- the rescue phase ------------------------------------------------------------------

    @rule(office=st.sampled_from(["sp", "ps", "hospital"]), day=DAY, hour=HOUR)
    def approach_an_authority(self, office: str, day: int, hour: int) -> None:
        engagement = self.attempt(
            lambda: rescue.engagement_record(
                actor=self.lead,
                case=self.case,
                office=self.env["offices"][office],
                request="rescue",
                when=self.when(day, hour, 0),
            )
        )
        if engagement is not None:
            self.engagements.append(engagement)

    @precondition(lambda self: self.engagements)
    @rule(
        data=st.data(), answer=st.sampled_from(["verified", "no_response", "deferred"]),
        after=st.integers(0, 30), deferred=st.integers(1, 48),
    )  # fmt: skip
    def the_authority_answers(self, data: Any, answer: str, after: int, deferred: int) -> None:
        engagement = data.draw(st.sampled_from(self.engagements))
        engagement.refresh_from_db()
        asked = engagement.event.occurred_at
        answered = asked + dt.timedelta(hours=after)
        self.attempt(
            lambda: rescue.engagement_answer(
                actor=self.lead,
                engagement=engagement,
                expected_version=None,
                answer=answer,
                answered_at=answered,
                note="They said so.",
                deferred_until=answered + dt.timedelta(hours=deferred)
                if answer == "deferred"
                else None,
            )
        )

    @rule(data=st.data(), day=DAY)
    def plan_a_rescue(self, data: Any, day: int) -> None:
        sought = data.draw(st.lists(st.sampled_from(self.survivors), unique=True, max_size=2))
        operation = self.attempt(
            lambda: rescue.operation_plan(
                actor=self.lead,
                case=self.case,
                target_place=self.env["places"]["outpost_area"],
                lead_office=self.env["offices"]["outpost"],
                planned_for=self.at(day, 20),
                survivors_sought=sought,
            )
        )
        if operation is not None:
            self.operations.append(operation)

    @precondition(lambda self: self.operations)
    @rule(data=st.data(), later=st.integers(0, 20), precision=PRECISION, rescued=st.booleans())
    def attempt_the_rescue(self, data: Any, later: int, precision: int, rescued: bool) -> None:
        operation = data.draw(st.sampled_from(self.operations))
        day = (timezone.localtime(operation.planned_for).date() - dt.date(2024, 8, 1)).days
        out = data.draw(st.lists(st.sampled_from(self.survivors), unique=True, max_size=2))
        out = out if rescued else []
        self.attempt(
            lambda: rescue.attempt_record(
                actor=self.lead,
                operation=operation,
                when=self.when(day + later, 22, precision),
                outcome="rescued" if rescued and out else "hidden",
                people_brought_out=len(out),
                survivors_out=out,
            )
        )

    @precondition(lambda self: self.operations)
    @rule(data=st.data(), later=st.integers(-3, 20), hour=HOUR, precision=PRECISION)
    def correct_an_attempt(self, data: Any, later: int, hour: int, precision: int) -> None:
        operation = data.draw(st.sampled_from(self.operations))
        attempts = list(operation.attempts.select_related("event", "operation__case"))
        if not attempts:
            return
        attempt = data.draw(st.sampled_from(attempts))
        day = (timezone.localtime(operation.planned_for).date() - dt.date(2024, 8, 1)).days
        failed = attempt.event.outcome != "rescued"
        outcome = data.draw(st.sampled_from(["hidden", "aborted"])) if failed else "rescued"
        self.attempt(
            lambda: rescue.attempt_update(
                actor=self.lead, attempt=attempt, expected_version=None,
                when=self.when(day + later, hour, precision), outcome=outcome,
            )
        )  # fmt: skip

    @precondition(lambda self: self.operations)
    @rule(data=st.data(), day=DAY)
    def correct_an_operation(self, data: Any, day: int) -> None:
        operation = data.draw(st.sampled_from(self.operations))
        sought = data.draw(st.lists(st.sampled_from(self.survivors), unique=True, max_size=2))
        office = data.draw(st.sampled_from(["outpost", "ps"]))
        self.attempt(
            lambda: rescue.operation_update(
                actor=self.lead, operation=operation, expected_version=None,
                target_place=self.env["places"]["outpost_area"],
                lead_office=self.env["offices"][office], planned_for=self.at(day, 20),
                survivors_sought=sought,
            )
        )  # fmt: skip

    @precondition(lambda self: self.operations)
    @rule(data=st.data(), day=DAY, hour=HOUR)
    def cancel_an_operation(self, data: Any, day: int, hour: int) -> None:
        operation = data.draw(st.sampled_from(self.operations))
        self.attempt(
            lambda: rescue.operation_cancel(
                actor=self.lead, operation=operation, expected_version=None,
                reason="called off", when=self.when(day, hour, 0),
            )
        )  # fmt: skip

    @rule(
        data=st.data(), kind=st.sampled_from(["medico_legal", "examination", "admission"]),
        day=DAY, hour=HOUR, follow_up=st.booleans(),
    )  # fmt: skip
    def medical_care(self, data: Any, kind: str, day: int, hour: int, follow_up: bool) -> None:
        survivor = data.draw(st.sampled_from(self.survivors))
        medical = self.attempt(
            lambda: care.medical_record(
                actor=self.lead,
                case=self.case,
                survivor=survivor,
                when=self.when(day, hour, 0),
                facility=self.env["offices"]["hospital"],
                kind=kind,
                need="sexual_violence" if kind == "medico_legal" else "illness",
                follow_up_on=dt.date(2024, 8, 1) + dt.timedelta(days=day + 10)
                if follow_up
                else None,
            )
        )
        if medical is not None:
            self.medicals.append(medical)

    @precondition(lambda self: self.medicals)
    @rule(data=st.data(), later=st.integers(0, 12))
    def the_doctor_sends_the_report(self, data: Any, later: int) -> None:
        medical = data.draw(st.sampled_from(self.medicals))
        medical.refresh_from_db()
        sent = timezone.localtime(medical.event.occurred_at).date() + dt.timedelta(days=later)
        self.attempt(
            lambda: care.medical_update(
                actor=self.lead, medical=medical, expected_version=None, report_sent_on=sent
            )
        )

    @rule(data=st.data(), day=DAY, temporary=st.booleans())
    def place_her_in_a_shelter(self, data: Any, day: int, temporary: bool) -> None:
        survivor = data.draw(st.sampled_from(self.survivors))
        stay = self.attempt(
            lambda: care.placement_start(
                actor=self.lead,
                case=self.case,
                survivor=survivor,
                when=self.when(day, 0, 1),
                home=self.env["shelters"]["temporary"],
                kind="temporary" if temporary else "long_term",
            )
        )
        if stay is not None:
            self.stays.append(stay)

    @precondition(lambda self: self.stays)
    @rule(data=st.data(), later=st.integers(0, 120))
    def she_leaves_the_shelter(self, data: Any, later: int) -> None:
        stay = data.draw(st.sampled_from(self.stays))
        stay.refresh_from_db()
        ended = timezone.localtime(stay.event.occurred_at).date() + dt.timedelta(days=later)
        self.attempt(
            lambda: care.placement_end(
                actor=self.lead,
                placement=stay,
                ended_on=ended,
                reason="Went home",
                expected_version=None,
            )
        )

    @rule(data=st.data(), day=DAY, compensation=st.booleans())
    def a_service(self, data: Any, day: int, compensation: bool) -> None:
        survivor = data.draw(st.sampled_from(self.survivors))
        self.attempt(
            lambda: care.service_record(
                actor=self.lead,
                case=self.case,
                survivor=survivor,
                when=self.when(day, 11, 0),
                kind="compensation" if compensation else "counselling",
            )
        )

    @rule(data=st.data(), day=DAY, due=st.integers(1, 40))
    def a_follow_up_visit(self, data: Any, day: int, due: int) -> None:
        survivor = data.draw(st.sampled_from(self.survivors))
        self.attempt(
            lambda: care.follow_up_record(
                actor=self.lead,
                case=self.case,
                survivor=survivor,
                when=self.when(day, 0, 1),
                next_due_on=dt.date(2024, 8, 1) + dt.timedelta(days=day + due),
            )
        )

    @rule(data=st.data(), day=DAY)
    def start_repatriation(self, data: Any, day: int) -> None:
        survivor = data.draw(st.sampled_from(self.survivors))
        repatriation = self.attempt(
            lambda: care.repatriation_open(
                actor=self.lead,
                case=self.case,
                survivor=survivor,
                country="BD",
                when=self.when(day, 0, 1),
            )
        )
        if repatriation is not None:
            self.steps.extend(repatriation.steps.all())

    @precondition(lambda self: self.steps)
    @rule(data=st.data(), later=st.integers(0, 90))
    def complete_a_step(self, data: Any, later: int) -> None:
        step = data.draw(st.sampled_from(self.steps))
        step.refresh_from_db()
        done = timezone.localtime(step.event.occurred_at).date() + dt.timedelta(days=later)
        self.attempt(
            lambda: care.step_complete(
                actor=self.lead, step=step, completed_on=done, expected_version=None
            )
        )

    # -- justice -----------------------------------------------------------------------------

    @rule(day=DAY, hour=HOUR, electronic=st.booleans(), ahtu=st.sampled_from([None, 5, 30]))
    def register_an_fir(self, day: int, hour: int, electronic: bool, ahtu: int | None) -> None:
        registered = self.at(day, hour)
        fir = self.attempt(
            lambda: justice.fir_register(
                actor=self.lead,
                case=self.case,
                police_station=self.env["offices"]["ps"],
                number=f"{self.name()}/2024",
                when=self.when(day, hour, 0),
                sections=LegalSection.objects.filter(act="ITPA")[:1],
                electronic=electronic,
                ahtu_informed_at=registered + dt.timedelta(hours=ahtu) if ahtu else None,
            )
        )
        if fir is not None:
            self.firs.append(fir)

    @precondition(lambda self: self.firs)
    @rule(data=st.data(), later=st.integers(1, 40))
    def the_fir_reaches_the_ahtu(self, data: Any, later: int) -> None:
        fir = data.draw(st.sampled_from(self.firs))
        fir.refresh_from_db()
        self.attempt(
            lambda: justice.fir_ahtu_informed(
                actor=self.lead,
                fir=fir,
                expected_version=None,
                at=fir.event.occurred_at + dt.timedelta(hours=later),
            )
        )

    @rule(data=st.data(), day=DAY)
    def compensation_awarded(self, data: Any, day: int) -> None:
        survivor = data.draw(st.sampled_from(self.survivors))
        award = self.attempt(
            lambda: justice.compensation_award(
                actor=self.lead,
                case=self.case,
                survivor=survivor,
                when=self.when(day, 0, 1),
                awarded_by="DLSA",
                amount_awarded=50000,
            )
        )
        if award is not None:
            self.awards.append(award)

    @precondition(lambda self: self.awards)
    @rule(data=st.data(), later=st.integers(0, 90))
    def compensation_paid(self, data: Any, later: int) -> None:
        award = data.draw(st.sampled_from(self.awards))
        award.refresh_from_db()
        paid = timezone.localtime(award.event.occurred_at).date() + dt.timedelta(days=later)
        self.attempt(
            lambda: justice.compensation_pay(
                actor=self.lead,
                compensation=award,
                amount_paid=50000,
                paid_on=paid,
                expected_version=None,
            )
        )

    # -- the administrator's rules -----------------------------------------------------------

    @rule(
        code=st.sampled_from([r.code for r in RULES]), enabled=st.booleans(),
        hours=st.sampled_from([None, 3, 200]),
    )  # fmt: skip
    def configure_a_rule(self, code: str, enabled: bool, hours: int | None) -> None:
        self.attempt(
            lambda: deadlines.rule_configure(
                actor=self.env["cast"]["administrator"],
                code=code,
                enabled=enabled,
                limit_hours=hours,
            )
        )

    # -- the invariant -----------------------------------------------------------------------

    # -- the case's district and lead -------------------------------------------------------

    @rule(where=st.sampled_from(["n24", "elsewhere", None]))
    def move_the_case(self, where: str | None) -> None:
        district = self.env["places"][where] if where else None
        self.attempt(
            lambda: cases.case_update(
                actor=self.lead, case=self.case, expected_version=None, district=district
            )
        )

    @rule(supervisor=st.booleans())
    def hand_the_case_over(self, supervisor: bool) -> None:
        lead = self.env["cast"]["supervisor" if supervisor else "caseworker"]
        self.attempt(
            lambda: cases.case_update(
                actor=self.lead, case=self.case, expected_version=None, lead=lead
            )
        )

    @invariant()
    def the_clocks_are_what_a_rebuild_makes(self) -> None:
        if not hasattr(self, "case"):
            return
        incremental = stored_clocks()
        # Each clock carries its case's organisation (the organisation's lists read it).
        assert not Clock.objects.exclude(organisation_id=F("case__organisation_id")).exists()
        # The monthly lateness rows the services kept are what a rebuild of them writes.
        assert lateness.stored_rows() == lateness.rebuilt_rows()
        result = deadlines.clocks_rebuild()
        assert result.failures == []
        assert stored_clocks() == incremental

    @invariant()
    def the_requests_carry_what_their_case_says(self) -> None:
        """What each request to an authority derives for the responsiveness table (when we
        asked, whether that time is exact, whether a rescue followed within three days, the
        case's organisation), recomputed here from the timeline."""
        if not hasattr(self, "case"):
            return
        rescues = [
            e.occurred_at
            for e in Event.objects.filter(case=self.case)
            if e.occurred_at is not None
            and (
                e.type == EventType.RESCUE
                or (e.type == EventType.RESCUE_ATTEMPT and e.outcome == AttemptOutcome.RESCUED)
            )
        ]
        for e in Engagement.objects.filter(case=self.case).select_related("event", "case"):
            asked = e.event.occurred_at
            followed = asked is not None and any(
                asked <= r <= asked + dt.timedelta(days=3) for r in rescues
            )
            assert (e.asked_at, e.asked_precise, e.rescue_followed, e.organisation_id) == (
                asked, e.event.precision == Precision.TIME, followed, e.case.organisation_id
            )  # fmt: skip


def test_clocks_equal_a_full_rebuild_after_any_sequence_of_changes(
    cast: Any, places: Any, offices: Any, shelters: Any, django_capture_on_commit_callbacks: Any
) -> None:
    from mukti.directory.models import Jurisdiction

    elsewhere = Jurisdiction.objects.create(name="Nadia", kind="district", parent=places["wb"])
    ClocksNeverDrift.env = {
        "cast": cast, "places": {**places, "elsewhere": elsewhere}, "offices": offices,
        "shelters": shelters,
        "capture": django_capture_on_commit_callbacks,
    }  # fmt: skip
    run_state_machine_as_test(
        ClocksNeverDrift,
        settings=drift_settings(steps=25),
    )
