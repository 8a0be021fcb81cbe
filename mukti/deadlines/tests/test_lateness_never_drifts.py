"""The invariant of the monthly lateness rows: after any sequence of changes made through the
services (entries that start and satisfy clocks recorded at once or long after, redated,
deleted; cases moved to another district or handed to another lead; rules switched off or
given another limit, which rebuilds every clock; in two organisations), the stored rows are
exactly what a full ``mukti rebuild_lateness`` writes, and the lateness report read from them,
at any time of reading (deadlines just passed or not yet), equals the one the database computed
from every clock of the period before the rows existed (``lateness_raw``).

A hypothesis state machine drives random sequences of service calls and compares after every
step. Runs on SQLite and on PostgreSQL (CI runs both). ``MUKTI_DRIFT_EXAMPLES`` raises the
number of sequences for a deeper run.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.db import transaction
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

from mukti.accounts.models import Organisation, Role, User
from mukti.cases import services as cases
from mukti.cases.models import Case, Event
from mukti.conftest import make_user
from mukti.core.errors import ApplicationError
from mukti.core.fuzzydate import parse_when
from mukti.core.testing import drift_settings
from mukti.deadlines import services as deadlines
from mukti.deadlines.models import Clock
from mukti.deadlines.tests.test_lateness_monthly import rebuilt_rows, same_report, stored_rows

pytestmark = [pytest.mark.django_db, pytest.mark.slow]

FIRST_DAY = dt.datetime(2024, 1, 1)
DAY = st.integers(0, 120)  # four months: deadlines on both sides of month boundaries
HOUR = st.integers(0, 23)
MINUTE = st.sampled_from([0, 29, 30, 59])  # 23:59 local is the next day in UTC, and so on
PRECISION = st.sampled_from([0, 0, 0, 1, 2])
# Typed in at once, a little later, or long after the deadline (recorded late).
TYPED_AFTER = st.sampled_from([0, 5, 60, 60 * 30, 60 * 24 * 40])
# Arrests start a 24-hour clock that production before a magistrate satisfies; a minor's rescue
# starts several (CWC, medical examination, POCSO report), which the other entries satisfy.
ENTRY_TYPES = ["arrest"] * 3 + ["rescue"] * 3 + ["produced_magistrate"] * 2 + [
    "police_informed", "produced_cwc", "pocso_reported", "information_received",
]  # fmt: skip
RULE_CODES = [
    "arrest_magistrate", "minor_cwc", "medical_examination", "pocso_report", "itpa_production",
]  # fmt: skip


def when_text(day: int, hour: int, minute: int, precision: int) -> str:
    moment = FIRST_DAY + dt.timedelta(days=day, hours=hour, minutes=minute)
    return [
        moment.strftime("%-d %b %Y %H:%M"),
        moment.strftime("%-d %b %Y"),
        f"early {moment:%b %Y}",
    ][precision]


def moment(day: int, hour: int, minute: int) -> dt.datetime:
    return timezone.make_aware(FIRST_DAY + dt.timedelta(days=day, hours=hour, minutes=minute))


class LatenessNeverDrifts(RuleBasedStateMachine):
    env: dict[str, Any] = {}

    def __init__(self) -> None:
        super().__init__()
        self.atomic = transaction.atomic()
        self.atomic.__enter__()
        self.cases: list[Case] = []
        self.survivors: dict[int, Any] = {}
        self.events: list[int] = []

    def teardown(self) -> None:
        transaction.set_rollback(True)
        self.atomic.__exit__(None, None, None)

    def attempt(self, change: Any, at: dt.datetime | None = None) -> Any:
        """A change through the services (at the moment ``at``, if given), refused or not; what
        happens after commit (a rebuild after a rule changed) happens as in production."""
        capture = self.env["capture"]
        try:
            with capture(execute=True):
                if at is None:
                    return change()
                with time_machine.travel(at, tick=False):
                    return change()
        except (ApplicationError, ValidationError):
            return None

    def lead_of(self, case: Case) -> User:
        return Case.objects.select_related("lead").get(pk=case.pk).lead

    @initialize()
    def open_the_cases(self) -> None:
        cast, places = self.env["cast"], self.env["places"]
        for n, (lead, district) in enumerate(
            [
                (cast["caseworker"], places["n24"]),
                (cast["other_caseworker"], places["elsewhere"]),
                (self.env["second_meera"], None),
            ]
        ):
            self.cases.append(cases.case_open(actor=lead, title=f"Drift {n}", district=district))
        self.cases.append(cases.case_open(actor=self.env["theirs"], title="Theirs"))
        for case in self.cases:  # a minor, whose rescue starts most clocks
            self.survivors[case.pk] = cases.survivor_add(
                actor=self.lead_of(case), case=case, pseudonym=f"S{case.pk}", age_years=15,
                age_assessed_on=dt.date(2023, 12, 1),
            )  # fmt: skip

    # -- the timeline -------------------------------------------------------------------------

    @rule(
        data=st.data(), type=st.sampled_from(ENTRY_TYPES), day=DAY, hour=HOUR, minute=MINUTE,
        precision=PRECISION, typed_after=TYPED_AFTER,
    )  # fmt: skip
    def record_an_entry(
        self, data: Any, type: str, day: int, hour: int, minute: int, precision: int,
        typed_after: int,
    ) -> None:  # fmt: skip
        case = data.draw(st.sampled_from(self.cases))
        people = data.draw(st.sampled_from([[self.survivors[case.pk]], []]))
        event = self.attempt(
            lambda: cases.event_record(
                actor=self.lead_of(case), case=case, type=type,
                when=parse_when(when_text(day, hour, minute, precision)), survivors=people,
            ),
            at=moment(day, hour, minute + typed_after),
        )  # fmt: skip
        if event is not None:
            self.events.append(event.pk)

    @precondition(lambda self: self.events)
    @rule(data=st.data(), day=DAY, hour=HOUR, minute=MINUTE, precision=PRECISION)
    def redate_an_entry(self, data: Any, day: int, hour: int, minute: int, precision: int) -> None:
        event = Event.objects.select_related("case").get(pk=data.draw(st.sampled_from(self.events)))
        self.attempt(
            lambda: cases.event_update(
                actor=self.lead_of(event.case), event=event, expected_version=None,
                when=parse_when(when_text(day, hour, minute, precision)),
                survivors=list(event.survivors.all()),
            )
        )  # fmt: skip

    @precondition(lambda self: self.events)
    @rule(data=st.data())
    def delete_an_entry(self, data: Any) -> None:
        pk = data.draw(st.sampled_from(self.events))
        event = Event.objects.select_related("case").get(pk=pk)
        self.attempt(lambda: cases.event_delete(actor=self.lead_of(event.case), event=event))
        if not Event.objects.filter(pk=pk).exists():
            self.events.remove(pk)

    # -- the case's district and lead ---------------------------------------------------------

    @rule(data=st.data(), where=st.sampled_from(["n24", "elsewhere", None]))
    def move_a_case(self, data: Any, where: str | None) -> None:
        case = data.draw(st.sampled_from(self.cases))
        district = self.env["places"][where] if where else None
        self.attempt(
            lambda: cases.case_update(
                actor=self.lead_of(case), case=case, expected_version=None, district=district
            )
        )

    @rule(data=st.data(), to=st.sampled_from(["caseworker", "other_caseworker", "supervisor"]))
    def hand_a_case_over(self, data: Any, to: str) -> None:
        """To another lead (or to the second Meera, whose team is Meera's)."""
        case = data.draw(st.sampled_from(self.cases[:3]))
        lead = data.draw(st.sampled_from([self.env["cast"][to], self.env["second_meera"]]))
        self.attempt(
            lambda: cases.case_update(
                actor=self.lead_of(case), case=case, expected_version=None, lead=lead
            )
        )

    @rule(name=st.sampled_from(["Meera", "", "Mira"]))
    def the_second_meera_changes_her_name(self, name: str) -> None:
        User.objects.filter(pk=self.env["second_meera"].pk).update(first_name=name)

    # -- the administrator's rules ------------------------------------------------------------

    @rule(
        code=st.sampled_from(RULE_CODES), enabled=st.booleans(),
        hours=st.sampled_from([None, None, 3, 200]),
    )  # fmt: skip
    def configure_a_rule(self, code: str, enabled: bool, hours: int | None) -> None:
        self.attempt(
            lambda: deadlines.rule_configure(
                actor=self.env["cast"]["administrator"], code=code, enabled=enabled,
                limit_hours=hours,
            )
        )  # fmt: skip

    # -- reading, as time passes --------------------------------------------------------------

    @rule(
        first=st.integers(-10, 130), length=st.integers(0, 120),
        district=st.sampled_from([None, "n24", "elsewhere"]), ours=st.booleans(),
        day=st.integers(-5, 200), hour=HOUR, minute=MINUTE,
    )  # fmt: skip
    def read_a_period(
        self, first: int, length: int, district: str | None, ours: bool, day: int, hour: int,
        minute: int,
    ) -> None:  # fmt: skip
        actor = self.env["cast"]["supervisor"] if ours else self.env["their_supervisor"]
        place = self.env["places"][district].pk if district else None
        start = FIRST_DAY.date() + dt.timedelta(days=first)
        with time_machine.travel(moment(day, hour, minute), tick=False):
            same_report(actor, start, start + dt.timedelta(days=length), place)

    @precondition(lambda self: Clock.objects.exists())
    @rule(data=st.data(), offset=st.sampled_from([-60_000_000, -1, 0, 1, 60_000_000]))
    def read_at_a_deadline(self, data: Any, offset: int) -> None:
        """Just before, at, and just after a clock's deadline (microseconds, a minute)."""
        due = data.draw(st.sampled_from(sorted(Clock.objects.values_list("due_at", flat=True))))
        with time_machine.travel(due + dt.timedelta(microseconds=offset), tick=False):
            same_report(
                self.env["cast"]["supervisor"], dt.date(2023, 12, 20), dt.date(2024, 6, 9), None
            )
            same_report(
                self.env["cast"]["supervisor"], dt.date(2024, 1, 1), dt.date(2024, 4, 30), None
            )

    # -- the invariant ------------------------------------------------------------------------

    @invariant()
    def the_rows_are_what_a_rebuild_makes(self) -> None:
        if not self.cases:
            return
        assert stored_rows() == rebuilt_rows()


def test_the_rows_equal_a_full_rebuild_after_any_sequence_of_changes(
    cast: Any, places: Any, django_capture_on_commit_callbacks: Any
) -> None:
    from mukti.directory.models import Jurisdiction

    elsewhere = Jurisdiction.objects.create(name="Nadia", kind="district", parent=places["wb"])
    other = Organisation.objects.create(name="Other NGO")
    second_meera = make_user("meera2", Role.CASEWORKER)
    second_meera.first_name = "Meera"
    second_meera.save(update_fields=["first_name"])
    LatenessNeverDrifts.env = {
        "cast": cast, "places": {**places, "elsewhere": elsewhere}, "other": other,
        "second_meera": second_meera,
        "theirs": make_user("theirs", Role.CASEWORKER, organisation=other),
        "their_supervisor": make_user("their_boss", Role.SUPERVISOR, organisation=other),
        "capture": django_capture_on_commit_callbacks,
    }  # fmt: skip
    run_state_machine_as_test(
        LatenessNeverDrifts,
        settings=drift_settings(steps=25),
    )
