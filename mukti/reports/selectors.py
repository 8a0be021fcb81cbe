"""Reads behind the reports: the case report's content. Each report has a fixed query count."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from mukti.accounts.access import Action, can
from mukti.accounts.models import User
from mukti.care.selectors import case_care
from mukti.cases import selectors as case_selectors
from mukti.cases.access import hidden_event_types
from mukti.cases.models import Case, CaseSurvivor, Event, ProtectedIdentity
from mukti.deadlines import selectors as deadline_selectors
from mukti.deadlines.selectors import ClockRow
from mukti.justice.selectors import justice_file
from mukti.rescue import selectors as rescue_selectors

# Beyond this many timeline entries a case report is refused with a message: 2,000 entries make
# 52 pages in about 4 s of CPU (bench/reports.py), so this bound keeps a request near 10 s.
MAX_REPORT_EVENTS = 4000


@dataclass
class CaseReport:
    case: Case
    team: list[User]
    links: list[CaseSurvivor]
    identities: dict[int, ProtectedIdentity]
    chains: list[rescue_selectors.Chain]
    operations: list[Any]
    events: list[Event]
    clocks: list[ClockRow]
    care: list[Any] | None  # None: this user does not see the care side
    justice: Any | None  # None: this user does not see the justice side

    @property
    def clocks_met(self) -> list[ClockRow]:
        return [row for row in self.clocks if row.clock.state == "met"]

    @property
    def clocks_missed(self) -> list[ClockRow]:
        return [row for row in self.clocks if row.clock.state in ("breached", "met_late")]

    @property
    def clocks_other(self) -> list[ClockRow]:
        return [
            row for row in self.clocks if row.clock.state not in ("met", "breached", "met_late")
        ]


def case_event_count(*, case: Case, user: User) -> int:
    return case.events.exclude(type__in=hidden_event_types(user)).count()


def case_report(
    *, case: Case, user: User, identities: dict[int, ProtectedIdentity] | None = None
) -> CaseReport:
    """What the case report shows to this user: the timeline, clocks, care and justice only on
    the sides of the work the user may see (cases/access.py, EVENT_AREAS)."""
    care = justice = None
    if can(user, Action.CARE_VIEW, case):
        care = case_care(case=case)
    if can(user, Action.JUSTICE_VIEW, case):
        justice = justice_file(case=case, user=user)
    return CaseReport(
        case=case,
        team=case_selectors.case_team(case=case),
        links=case_selectors.case_survivors(case=case),
        identities=identities or {},
        chains=rescue_selectors.case_chains(case=case),
        operations=rescue_selectors.case_operations(case=case),
        events=case_selectors.timeline(case=case, user=user),
        clocks=deadline_selectors.case_clocks(case=case, user=user),
        care=care,
        justice=justice,
    )
