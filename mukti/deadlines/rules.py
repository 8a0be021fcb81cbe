"""The rules that set clocks, each citing its basis (see DOMAIN.md; check the bare act before
changing a citation). A rule reads a case's timeline and says which clocks run, from when, until
when, and which later event satisfies each."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from mukti.cases.models import AttemptOutcome, Case, Event, EventType, Exploitation, Survivor
from mukti.core.fuzzydate import Precision

NEW_CODES = dt.date(2024, 7, 1)  # BNS/BNSS replace IPC/CrPC for offences from this day


@dataclass(frozen=True)
class Start:
    trigger: Event
    survivor: Survivor | None


@dataclass(frozen=True)
class Rule:
    code: str
    title: str
    kind: str  # "hard" (statutory duty), "guidance" (directory timeline) or "operational"
    limit: dt.timedelta
    basis_new: str  # the basis under BNSS/BNS (or the only one)
    basis_old: str  # under CrPC/IPC, where it differs
    starts: Callable[[Case, list[Event]], Iterator[Start]]
    satisfies: Callable[[Start, Event], bool]

    def basis(self, case: Case) -> str:
        if case.offence_date and case.offence_date < NEW_CODES and self.basis_old:
            return self.basis_old
        return self.basis_new


def _is_rescue(event: Event) -> bool:
    return event.type == EventType.RESCUE or (
        event.type == EventType.RESCUE_ATTEMPT and event.outcome == AttemptOutcome.RESCUED
    )


def _people(event: Event) -> list[Survivor]:
    return list(event.survivors.all())


def _arrests(case: Case, events: list[Event]) -> Iterator[Start]:
    for event in events:
        if event.type == EventType.ARREST:
            yield Start(event, None)


def _rescued(case: Case, events: list[Event], minors_only: bool = False) -> Iterator[Start]:
    seen: set[int] = set()
    for event in events:
        if not _is_rescue(event):
            continue
        for survivor in _people(event):
            if survivor.pk in seen or (minors_only and not _was_minor(survivor, event)):
                continue
            seen.add(survivor.pk)
            yield Start(event, survivor)


def _was_minor(survivor: Survivor, event: Event) -> bool:
    return survivor.adult_on is not None and event.occurred_at.date() < survivor.adult_on


def _sexual_rescues(case: Case, events: list[Event]) -> Iterator[Start]:
    if Exploitation.SEXUAL in case.exploitation:
        yield from _rescued(case, events)


def _first_confirmed_sighting(case: Case, events: list[Event]) -> Iterator[Start]:
    seen: set[int] = set()
    for event in events:
        sighting = getattr(event, "sighting", None)
        if sighting is None or sighting.confidence != "confirmed" or sighting.survivor_id in seen:
            continue
        seen.add(sighting.survivor_id)
        yield Start(event, sighting.survivor)


def _later_of_type(*types: str, concerning: bool = True) -> Callable[[Start, Event], bool]:
    def check(start: Start, event: Event) -> bool:
        if event.type not in types or event.occurred_at < start.trigger.occurred_at:
            return False
        return not concerning or start.survivor is None or start.survivor in _people(event)

    return check


def _later_rescue(start: Start, event: Event) -> bool:
    return (
        _is_rescue(event)
        and event.occurred_at >= start.trigger.occurred_at
        and (start.survivor is None or start.survivor in _people(event))
    )


RULES: list[Rule] = [
    Rule(
        "arrest_magistrate", _("Arrested person produced before a magistrate"), "hard",
        dt.timedelta(hours=24), "BNSS s.58", "CrPC s.57", _arrests,
        _later_of_type(EventType.PRODUCED_MAGISTRATE, concerning=False),
    ),
    Rule(
        "minor_cwc", _("Rescued child produced before the Child Welfare Committee"), "hard",
        dt.timedelta(hours=24), "Juvenile Justice Act 2015 s.31", "",
        lambda case, events: _rescued(case, events, minors_only=True),
        _later_of_type(EventType.PRODUCED_CWC),
    ),
    Rule(
        "medical_examination", _("Survivor of sexual violence sent for medical examination"),
        "hard", dt.timedelta(hours=24), "BNSS s.184", "CrPC s.164A", _sexual_rescues,
        _later_of_type(EventType.MEDICAL_CARE),
    ),
    Rule(
        "itpa_custody", _("Rescued person's intermediate custody pending the magistrate's order"),
        "hard", dt.timedelta(days=10), "ITPA 1956 s.17", "", _sexual_rescues,
        _later_of_type(EventType.PRODUCED_MAGISTRATE),
    ),
    Rule(
        "located_not_rescued", _("Located but not rescued"), "operational",
        dt.timedelta(hours=6), "Operational: victims are moved once traffickers sense interest",
        "", _first_confirmed_sighting, _later_rescue,
    ),
]  # fmt: skip
RULES_BY_CODE = {rule.code: rule for rule in RULES}


def approximate(event: Event) -> bool:
    return event.precision != Precision.TIME
