"""Each rule declares what it reads (deadlines/rules.py, ``Reads``): a rebuild loads only those
event types and details, and the recompute hook fires when a declared case or survivor field
changes. These tests fail if a rule reads anything it did not declare, and prove that changing
each declared field through its service recomputes the clocks at once (no rebuild needed)."""

from __future__ import annotations

import copy
import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from mukti.care import services as care
from mukti.cases import services as cases
from mukti.cases.models import Case
from mukti.core.fuzzydate import parse_when as w
from mukti.deadlines import services as deadlines
from mukti.deadlines.models import Clock
from mukti.deadlines.rules import CASE_FIELDS_READ, RULES, SURVIVOR_FIELDS_READ, Rule
from mukti.deadlines.services import DETAIL_COLUMNS, _event_rows, _wanted
from mukti.justice import services as justice
from mukti.justice.models import LegalSection
from mukti.rescue import services as rescue

pytestmark = pytest.mark.django_db


def local(
    year: int, month: int, day: int, hour: int = 0, minute: int = 0, second: int = 0
) -> dt.datetime:
    return timezone.make_aware(dt.datetime(year, month, day, hour, minute, second))


@pytest.fixture
def rich(case: Case, cast: Any, offices: Any, shelters: Any) -> Case:
    """One case whose timeline holds every kind of entry the rules read, each with its detail:
    every rule starts at least one clock here."""
    lead = case.lead
    # The offence date unknown: the e-FIR rule (BNSS, from 1 July 2024) applies too.
    cases.case_update(actor=lead, case=case, expected_version=None, offence_date=None)
    kusum = case.case_survivors.get().survivor
    tuli = cases.survivor_add(
        actor=lead, case=case, pseudonym="Tuli", age_years=15, age_assessed_on=dt.date(2024, 3, 1)
    )
    both = [kusum, tuli]

    def entry(type: str, when: str, people: list[Any] = both) -> None:
        cases.event_record(actor=lead, case=case, type=type, when=w(when), survivors=people)

    cases.sighting_record(
        actor=lead, case=case, survivor=kusum, when=w("20 Apr 2024 22:55"),
        place=offices["outpost"].jurisdiction, source="informant", confidence="confirmed",
    )  # fmt: skip
    asked = rescue.engagement_record(
        actor=lead, case=case, office=offices["sp"], request="rescue", when=w("21 Apr 2024 10:00")
    )
    rescue.engagement_answer(
        actor=lead, engagement=asked, expected_version=None, answer="deferred",
        answered_at=local(2024, 4, 21, 11, 0), deferred_until=local(2024, 4, 22, 10, 0),
        note="Tomorrow.",
    )  # fmt: skip
    entry("police_informed", "21 Apr 2024 12:00")
    entry("rescue", "22 Apr 2024 23:00")
    entry("produced_cwc", "23 Apr 2024 11:00", [tuli])
    entry("produced_magistrate", "23 Apr 2024 15:00", [kusum])
    care.medical_record(
        actor=lead, case=case, survivor=kusum, when=w("23 Apr 2024 10:00"),
        facility=offices["hospital"], kind="medico_legal", need="sexual_violence",
        follow_up_on=dt.date(2024, 5, 10),
    )  # fmt: skip
    care.placement_start(
        actor=lead, case=case, survivor=kusum, when=w("24 Apr 2024"),
        home=shelters["temporary"], kind="temporary",
    )  # fmt: skip
    care.service_record(
        actor=lead, case=case, survivor=kusum, when=w("2 May 2024 11:00"), kind="compensation"
    )
    care.follow_up_record(
        actor=lead, case=case, survivor=kusum, when=w("10 May 2024"),
        next_due_on=dt.date(2024, 6, 10),
    )  # fmt: skip
    care.repatriation_open(
        actor=lead, case=case, survivor=kusum, country="BD", when=w("12 May 2024")
    )
    justice.fir_register(
        actor=lead, case=case, police_station=offices["ps"], number="217/2024",
        when=w("22 Apr 2024 23:50"), sections=LegalSection.objects.filter(act="ITPA")[:1],
        electronic=True,
    )  # fmt: skip
    entry("arrest", "23 Apr 2024 01:00", [])
    entry("cognisance", "1 Jun 2024 11:00", [])
    justice.compensation_award(
        actor=lead, case=case, survivor=kusum, when=w("1 Jun 2025"), awarded_by="DLSA",
        amount_awarded=100000,
    )  # fmt: skip
    return Case.objects.get(pk=case.pk)


class CaseFields:
    """The case as a rule may see it: only the fields it declared."""

    def __init__(self, case: Case, rule: Rule) -> None:
        self._case, self._rule = case, rule

    def __getattr__(self, name: str) -> Any:
        if name in ("pk", "id") or name in self._rule.reads.case:
            return getattr(self._case, name)
        raise AssertionError(f"{self._rule.code} reads case.{name} without declaring it")


class Someone:
    """A survivor named on an entry, for a rule that declared no survivor field."""

    def __init__(self, pk: int, rule: Rule) -> None:
        self.pk, self._rule = pk, rule

    def __eq__(self, other: object) -> bool:
        return getattr(other, "pk", None) == self.pk

    def __hash__(self) -> int:
        return hash(self.pk)

    @property
    def adult_on(self) -> Any:
        raise AssertionError(f"{self._rule.code} reads survivor.adult_on without declaring it")


def clocks_of(rule: Rule, case: Any, events: list[Any]) -> list[Any]:
    return sorted(_wanted(case, events, [(rule, rule.limit)]), key=repr)


def only_what_it_declares(rule: Rule, events: list[Any]) -> list[Any]:
    kept = []
    for event in events:
        if event.type not in rule.reads.events:
            continue
        event = copy.copy(event)
        for name in DETAIL_COLUMNS:
            if name not in rule.reads.details:
                setattr(event, name, None)
        if "adult_on" not in rule.reads.survivor:
            event.people = [Someone(p.pk, rule) for p in event.people]
        kept.append(event)
    return kept


@pytest.mark.parametrize("rule", RULES, ids=[r.code for r in RULES])
def test_a_rule_reads_nothing_it_did_not_declare(rule: Rule, rich: Case) -> None:
    events = _event_rows([rich.pk])
    everything = clocks_of(rule, rich, events)
    assert everything, f"the rich timeline starts no {rule.code} clock: extend it"
    declared = clocks_of(rule, CaseFields(rich, rule), only_what_it_declares(rule, events))
    assert declared == everything


def test_every_field_a_rule_reads_has_a_test_below() -> None:
    assert {f"case.{f}" for f in CASE_FIELDS_READ} | {
        f"survivor.{f}" for f in SURVIVOR_FIELDS_READ
    } == set(CHANGES)


def clocks_now(case: Case) -> list[tuple[Any, ...]]:
    return sorted(Clock.objects.filter(case=case).values_list("rule", "survivor_id", "due_at"))


def labour_to_sexual(case: Case, env: Any) -> tuple[str, Any]:
    cases.case_update(actor=case.lead, case=case, expected_version=None, exploitation=["labour"])
    cases.event_record(
        actor=case.lead, case=case, type="rescue", when=w("22 Apr 2024 23:00"),
        survivors=[env["kusum"]],
    )  # fmt: skip
    return "itpa_custody", lambda: cases.case_update(
        actor=case.lead, case=case, expected_version=None, exploitation=["sexual"]
    )


def old_law_to_new(case: Case, env: Any) -> tuple[str, Any]:
    cases.case_update(
        actor=case.lead, case=case, expected_version=None, offence_date=dt.date(2024, 6, 20)
    )
    justice.fir_register(
        actor=case.lead, case=case, police_station=env["offices"]["ps"], number="1/2024",
        when=w("2 Aug 2024 10:00"), sections=LegalSection.objects.filter(act="ITPA")[:1],
        electronic=True,
    )  # fmt: skip
    return "e_fir_signed", lambda: cases.case_update(
        actor=case.lead, case=case, expected_version=None, offence_date=dt.date(2024, 7, 5)
    )


def nineteen_to_sixteen(case: Case, env: Any) -> tuple[str, Any]:
    # The first thing a newcomer tried: a rescue an hour ago, then her age corrected to 16.
    cases.case_update(actor=case.lead, case=case, expected_version=None, exploitation=["labour"])
    her = cases.survivor_add(actor=case.lead, case=case, pseudonym="Mitali", age_years=19)
    cases.event_record(
        actor=case.lead, case=case, type="rescue", survivors=[her],
        when=w(timezone.localtime(timezone.now() - dt.timedelta(hours=1)).strftime(
            "%d %b %Y %H:%M"
        )),
    )  # fmt: skip
    return "minor_cwc", lambda: cases.survivor_update(
        actor=case.lead, case=case, survivor=her, expected_version=None, age_years=16
    )


CHANGES = {
    "case.exploitation": labour_to_sexual,
    "case.offence_date": old_law_to_new,
    "survivor.adult_on": nineteen_to_sixteen,
}


@pytest.mark.parametrize("field", sorted(CHANGES))
def test_changing_a_field_a_rule_reads_recomputes_the_clocks_at_once(
    field: str, case: Case, offices: Any
) -> None:
    env = {"offices": offices, "kusum": case.case_survivors.get().survivor}
    rule, change = CHANGES[field](case, env)
    assert not Clock.objects.filter(case=case, rule=rule).exists()
    change()
    assert Clock.objects.filter(case=case, rule=rule).exists()  # no rebuild, no worker
    incremental = clocks_now(case)
    deadlines.clocks_rebuild()
    assert clocks_now(case) == incremental
