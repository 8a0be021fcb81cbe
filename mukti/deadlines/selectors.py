from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone

from mukti.accounts.access import Action, require
from mukti.accounts.models import User
from mukti.cases.access import case_team_filter
from mukti.cases.models import Case
from mukti.deadlines.models import Clock
from mukti.deadlines.rules import RULES_BY_CODE, Rule


@dataclass(frozen=True)
class ClockRow:
    clock: Clock
    rule: Rule
    basis: str

    @property
    def remaining(self) -> dt.timedelta:
        return self.clock.due_at - timezone.now()

    @property
    def late_by(self) -> dt.timedelta | None:
        end = self.clock.satisfied_at or timezone.now()
        return end - self.clock.due_at if end > self.clock.due_at else None


def _rows(clocks: list[Clock]) -> list[ClockRow]:
    return [
        ClockRow(c, RULES_BY_CODE[c.rule], RULES_BY_CODE[c.rule].basis(c.case))
        for c in clocks
        if c.rule in RULES_BY_CODE
    ]


def case_clocks(*, case: Case) -> list[ClockRow]:
    clocks = list(case.clocks.select_related("survivor", "trigger").order_by("due_at", "id"))
    for clock in clocks:
        clock.case = case
    return _rows(clocks)


def due_soon(*, actor: User, hours: int = 72) -> list[ClockRow]:
    """Open clocks of the user's cases: breached first, then by how soon they run out."""
    require(actor, Action.CASE_VIEW)
    horizon = timezone.now() + dt.timedelta(hours=hours)
    clocks = (
        Clock.objects.filter(
            case_team_filter(actor), satisfied_at__isnull=True, due_at__lte=horizon
        )
        .select_related("case", "survivor", "trigger")
        .order_by("due_at", "id")[:200]
    )
    return _rows(list(clocks))
