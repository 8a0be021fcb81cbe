"""Clocks are derived: every change to a case's timeline recomputes its clocks, in the same
transaction (registered in DeadlinesConfig.ready)."""

from __future__ import annotations

from typing import Any

from mukti.cases.models import Case
from mukti.deadlines.models import Clock
from mukti.deadlines.rules import RULES, approximate


def clocks_refresh(case: Case) -> None:
    events = list(
        case.events.filter(occurred_at__isnull=False)
        .select_related("sighting__survivor")
        .prefetch_related("survivors")
        .order_by("occurred_at", "id")
    )
    wanted: dict[tuple[str, int, int | None], dict[str, Any]] = {}
    for rule in RULES:
        for start in rule.starts(case, events):
            # The earliest moment the trigger's date allows: warnings come early, never late.
            started = start.trigger.occurred_at
            satisfied = next(
                (e for e in events if e.pk != start.trigger.pk and rule.satisfies(start, e)), None
            )
            key = (rule.code, start.trigger.pk, start.survivor.pk if start.survivor else None)
            wanted[key] = {
                "started_at": started,
                "start_approximate": approximate(start.trigger),
                "due_at": started + rule.limit,
                "satisfied_at": satisfied.occurred_at if satisfied else None,
                "satisfied_by_id": satisfied.pk if satisfied else None,
            }
    existing = {(c.rule, c.trigger_id, c.survivor_id): c for c in case.clocks.all()}
    Clock.objects.filter(pk__in=[c.pk for k, c in existing.items() if k not in wanted]).delete()
    for key, values in wanted.items():
        clock = existing.get(key)
        if clock is None:
            Clock.objects.create(
                case=case, rule=key[0], trigger_id=key[1], survivor_id=key[2], **values
            )
        elif any(getattr(clock, name) != value for name, value in values.items()):
            Clock.objects.filter(pk=clock.pk).update(**values)
