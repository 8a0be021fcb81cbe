"""The invariant of the monthly responsiveness rows: after any sequence of changes made through
the services (requests to authorities recorded, answered, redated, their entries deleted or
refused deletion, rescues recorded, cases moved to another district, in two organisations),
the stored rows are exactly what a full ``mukti rebuild_responsiveness`` writes, and the
responsiveness table read from them equals the one computed from every request of the period.

A hypothesis state machine drives random sequences of service calls and compares after every
step. Runs on SQLite and on PostgreSQL (CI runs both). ``MUKTI_DRIFT_EXAMPLES`` raises the
number of sequences for a deeper run.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    initialize,
    invariant,
    precondition,
    rule,
    run_state_machine_as_test,
)

from mukti.accounts.models import Organisation, Role
from mukti.cases import services as cases
from mukti.conftest import make_user
from mukti.core.errors import ApplicationError
from mukti.core.fuzzydate import parse_when
from mukti.core.testing import drift_settings
from mukti.rescue import selectors
from mukti.rescue import services as rescue
from mukti.rescue.models import Engagement, ResponsivenessCounted
from mukti.rescue.tests.test_responsiveness_monthly import rebuilt_rows, stored_rows

pytestmark = [pytest.mark.django_db, pytest.mark.slow]

FIRST_DAY = dt.datetime(2024, 1, 1)
DAY = st.integers(0, 150)  # five months: requests on both sides of month boundaries
HOUR = st.integers(0, 23)
MINUTE = st.sampled_from([0, 29, 30, 59])  # 23:59 local is the next day in UTC, and so on
PRECISION = st.sampled_from([0, 0, 0, 1, 2, 3])
ANSWERS = ["verified", "agreed", "referred", "deferred", "declined", "no_response", "pending"]


def when_text(day: int, hour: int, minute: int, precision: int) -> str:
    moment = FIRST_DAY + dt.timedelta(days=day, hours=hour, minutes=minute)
    month = moment.strftime("%b %Y")
    return [
        moment.strftime("%-d %b %Y %H:%M"),
        moment.strftime("%-d %b %Y"),
        f"early {month}",
        month,
    ][precision]


def period(first: int, length: int) -> tuple[dt.date, dt.date]:
    start = FIRST_DAY.date() + dt.timedelta(days=first)
    return start, start + dt.timedelta(days=length)


def same_figures(actor: Any, start: dt.date, end: dt.date, district: int | None) -> None:
    for by in ("office", "official"):
        read = selectors.responsiveness(actor=actor, start=start, end=end, by=by, district=district)
        raw = selectors.responsiveness_raw(
            actor=actor, start=start, end=end, by=by, district=district
        )
        assert read == raw, (start, end, by, district)


class ResponsivenessNeverDrifts(RuleBasedStateMachine):
    env: dict[str, Any] = {}

    def __init__(self) -> None:
        super().__init__()
        self.atomic = transaction.atomic()
        self.atomic.__enter__()
        self.engagements: list[Engagement] = []
        self.cases: list[Any] = []

    def teardown(self) -> None:
        transaction.set_rollback(True)
        self.atomic.__exit__(None, None, None)

    def attempt(self, change: Any) -> Any:
        capture = self.env["capture"]
        try:
            with capture(execute=True):
                return change()
        except (ApplicationError, ValidationError):
            return None

    def lead_of(self, case: Any) -> Any:
        return self.env["theirs"] if case.organisation_id == self.env["other"].pk else (
            self.env["cast"]["caseworker"]
        )  # fmt: skip

    @initialize()
    def open_the_cases(self) -> None:
        meera = self.env["cast"]["caseworker"]
        places = self.env["places"]
        for n, district in enumerate([places["n24"], places["elsewhere"], None]):
            self.cases.append(cases.case_open(actor=meera, title=f"Drift {n}", district=district))
        self.cases.append(cases.case_open(actor=self.env["theirs"], title="Theirs"))

    # -- requests and answers -----------------------------------------------------------------

    @rule(
        data=st.data(), office=st.sampled_from(["sp", "ps", "outpost", "hospital"]),
        with_official=st.booleans(), day=DAY, hour=HOUR, minute=MINUTE, precision=PRECISION,
    )  # fmt: skip
    def approach_an_authority(
        self, data: Any, office: str, with_official: bool, day: int, hour: int, minute: int,
        precision: int,
    ) -> None:  # fmt: skip
        case = data.draw(st.sampled_from(self.cases))
        official = self.env["official"] if with_official and office == "outpost" else None
        engagement = self.attempt(
            lambda: rescue.engagement_record(
                actor=self.lead_of(case), case=case, office=self.env["offices"][office],
                official=official, request="rescue",
                when=parse_when(when_text(day, hour, minute, precision)),
            )
        )  # fmt: skip
        if engagement is not None:
            self.engagements.append(engagement)

    @precondition(lambda self: self.engagements)
    @rule(data=st.data(), answer=st.sampled_from(ANSWERS), after=st.integers(0, 3000))
    def the_authority_answers(self, data: Any, answer: str, after: int) -> None:
        engagement = data.draw(st.sampled_from(self.engagements))
        engagement = Engagement.objects.select_related("event", "case", "office").get(
            pk=engagement.pk
        )
        asked = engagement.event.occurred_at
        if asked is None:
            return
        answered = asked + dt.timedelta(minutes=after)  # whole minutes, as the forms record
        self.attempt(
            lambda: rescue.engagement_answer(
                actor=self.lead_of(engagement.case), engagement=engagement,
                expected_version=None, answer=answer, answered_at=answered,
                note="They said so.",
                deferred_until=answered + dt.timedelta(hours=5) if answer == "deferred" else None,
                referred_to_office=self.env["offices"]["sp"] if answer == "referred" else None,
            )
        )  # fmt: skip

    @precondition(lambda self: self.engagements)
    @rule(data=st.data(), day=DAY, hour=HOUR, minute=MINUTE, precision=PRECISION)
    def redate_a_request(self, data: Any, day: int, hour: int, minute: int, precision: int) -> None:
        engagement = data.draw(st.sampled_from(self.engagements))
        event = Engagement.objects.select_related("event__case").get(pk=engagement.pk).event
        self.attempt(
            lambda: cases.event_update(
                actor=self.lead_of(event.case), event=event, expected_version=None,
                when=parse_when(when_text(day, hour, minute, precision)),
                survivors=list(event.survivors.all()),
            )
        )  # fmt: skip

    @precondition(lambda self: self.engagements)
    @rule(data=st.data())
    def delete_a_request(self, data: Any) -> None:
        """The timeline refuses to delete a request's entry (its panel keeps it); the refusal
        must leave everything as it was."""
        engagement = data.draw(st.sampled_from(self.engagements))
        event = Engagement.objects.select_related("event__case").get(pk=engagement.pk).event
        self.attempt(lambda: cases.event_delete(actor=self.lead_of(event.case), event=event))
        if not Engagement.objects.filter(pk=engagement.pk).exists():
            self.engagements.remove(engagement)

    # -- the timeline and the case ------------------------------------------------------------

    @rule(data=st.data(), day=DAY, hour=HOUR, precision=PRECISION)
    def record_a_rescue(self, data: Any, day: int, hour: int, precision: int) -> None:
        case = data.draw(st.sampled_from(self.cases))
        self.attempt(
            lambda: cases.event_record(
                actor=self.lead_of(case), case=case, type="rescue",
                when=parse_when(when_text(day, hour, 0, precision)),
            )
        )  # fmt: skip

    @rule(data=st.data(), day=DAY, kind=st.sampled_from(["verified", "follow_up_visit", "other"]))
    def write_a_note(self, data: Any, day: int, kind: str) -> None:
        """An entry that changes no request: the rows are left as they are (their digest)."""
        case = data.draw(st.sampled_from(self.cases))
        self.attempt(
            lambda: cases.event_record(
                actor=self.lead_of(case), case=case, type=kind,
                when=parse_when(when_text(day, 9, 0, 0)), note="Visited.",
            )
        )  # fmt: skip

    @rule(data=st.data())
    def lose_a_digest(self, data: Any) -> None:
        """A case whose digest is missing (recorded before it existed) is recomputed."""
        case = data.draw(st.sampled_from(self.cases))
        ResponsivenessCounted.objects.filter(case=case).delete()

    @rule(data=st.data())
    def delete_an_entry(self, data: Any) -> None:
        case = data.draw(st.sampled_from(self.cases))
        events = list(case.events.filter(type="rescue").order_by("pk"))
        if events:
            event = data.draw(st.sampled_from(events))
            self.attempt(lambda: cases.event_delete(actor=self.lead_of(case), event=event))

    @rule(data=st.data(), where=st.sampled_from(["n24", "elsewhere", None]))
    def move_a_case(self, data: Any, where: str | None) -> None:
        case = data.draw(st.sampled_from(self.cases))
        district = self.env["places"][where] if where else None
        self.attempt(
            lambda: cases.case_update(
                actor=self.lead_of(case), case=case, expected_version=None, district=district
            )
        )

    @rule(data=st.data(), day=DAY)
    def confirm_a_sighting(self, data: Any, day: int) -> None:
        """A confirmed sighting gives a case without a district the sighting's district."""
        case = data.draw(st.sampled_from(self.cases))
        survivor = self.attempt(
            lambda: cases.survivor_add(actor=self.lead_of(case), case=case, pseudonym="S")
        )
        if survivor is None:
            return
        self.attempt(
            lambda: cases.sighting_record(
                actor=self.lead_of(case), case=case, survivor=survivor,
                when=parse_when(when_text(day, 10, 0, 0)),
                place=self.env["places"]["outpost_area"], source="informant",
                confidence="confirmed",
            )
        )  # fmt: skip

    # -- reading ------------------------------------------------------------------------------

    @rule(
        first=st.integers(-10, 160), length=st.integers(0, 120),
        district=st.sampled_from([None, "n24", "elsewhere"]), ours=st.booleans(),
    )  # fmt: skip
    def read_a_period(self, first: int, length: int, district: str | None, ours: bool) -> None:
        actor = self.env["cast"]["supervisor"] if ours else self.env["their_supervisor"]
        place = self.env["places"][district].pk if district else None
        same_figures(actor, *period(first, length), place)

    # -- the invariant ------------------------------------------------------------------------

    @invariant()
    def the_rows_are_what_a_rebuild_makes(self) -> None:
        if not self.cases:
            return
        assert stored_rows() == rebuilt_rows()

    @invariant()
    def a_mid_month_period_reads_the_same(self) -> None:
        if not self.cases:
            return
        same_figures(self.env["cast"]["supervisor"], *period(14, 100), None)


def test_the_rows_equal_a_full_rebuild_after_any_sequence_of_changes(
    cast: Any, places: Any, offices: Any, official: Any,
    django_capture_on_commit_callbacks: Any,
) -> None:  # fmt: skip
    from mukti.directory.models import Jurisdiction

    elsewhere = Jurisdiction.objects.create(name="Nadia", kind="district", parent=places["wb"])
    other = Organisation.objects.create(name="Other NGO")
    ResponsivenessNeverDrifts.env = {
        "cast": cast, "places": {**places, "elsewhere": elsewhere}, "offices": offices,
        "official": official, "other": other,
        "theirs": make_user("theirs", Role.CASEWORKER, organisation=other),
        "their_supervisor": make_user("their_boss", Role.SUPERVISOR, organisation=other),
        "capture": django_capture_on_commit_callbacks,
    }  # fmt: skip
    run_state_machine_as_test(
        ResponsivenessNeverDrifts,
        settings=drift_settings(steps=25),
    )
