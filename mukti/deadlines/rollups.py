"""Clocks per organisation and day (``ClockDay``), kept in step with the clocks.

Clocks are written in one place, ``services.clocks_refresh_many``, which recomputes the rows of
the days its changes touch. Clocks deleted along with their event, survivor or case (a cascade)
are caught by a signal; a change of the case's lead or district by the case hook below. A
rebuild of every clock rebuilds the rows once at its end.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from django.db import connection, transaction
from django.db.models.signals import post_delete, pre_delete
from django.utils import timezone

from mukti.audit.services import hold_the_chain
from mukti.cases.models import Case
from mukti.core import histogram
from mukti.core.rollups import local_day, lock_table, on_days
from mukti.deadlines.models import Clock, ClockDay

COLUMNS = (
    "case__organisation_id",
    "due_at",
    "rule",
    "case__lead_id",
    "case__district_id",
    "satisfied_at",
    "recorded_at",
)


def settled_state(due: dt.datetime, satisfied: dt.datetime | None, recorded: Any) -> str:
    """``Clock.state`` without the time of reading: "open" for a clock not (yet) met, which is
    running until its deadline and breached after it."""
    if satisfied is not None and satisfied <= due:
        return "met"
    if recorded is not None and recorded > due:
        return "recorded_late"
    return "met_late" if satisfied is not None else "open"


def _rows(clocks: Iterable[tuple[Any, ...]]) -> list[ClockDay]:
    groups: dict[tuple[Any, ...], dict[str, Any]] = {}
    for org, due, rule, lead, district, satisfied, recorded in clocks:
        local = timezone.localtime(due)
        day = local.date()
        group = groups.setdefault(
            (org, day, rule, lead, district),
            {"met": 0, "met_late": 0, "recorded_late": 0, "open": 0, "late": [], "due": []},
        )
        group[settled_state(due, satisfied, recorded)] += 1
        if satisfied is not None and satisfied > due:
            group["late"].append((satisfied - due).total_seconds() / 60)
        elif satisfied is None:  # late by the time it is read, once past its deadline
            group["due"].append(local.hour * 60 + local.minute)
    return [
        ClockDay(
            organisation_id=org,
            day=day,
            rule=rule,
            lead_id=lead,
            district_id=district,
            met=g["met"],
            met_late=g["met_late"],
            recorded_late=g["recorded_late"],
            open=g["open"],
            late=histogram.histogram(g["late"]),
            open_due=histogram.histogram(g["due"]),
        )
        for (org, day, rule, lead, district), g in groups.items()
    ]


def compute(
    organisation_id: int | None = None,
    days: Iterable[dt.date] | None = None,
    rules: Iterable[str] | None = None,
) -> list[ClockDay]:
    """The rows as they should be: for one organisation's days (of some rules), or for all."""
    clocks = Clock.objects.all()
    if organisation_id is not None:
        clocks = clocks.filter(case__organisation_id=organisation_id)
    if days is not None:
        clocks = clocks.filter(on_days("due_at", days))
    if rules is not None:
        clocks = clocks.filter(rule__in=list(rules))
    return _rows(clocks.order_by().values_list(*COLUMNS).iterator(chunk_size=5000))


@transaction.atomic
def refresh(
    organisation_id: int, days: Iterable[dt.date], rules: Iterable[str] | None = None
) -> None:
    """Recompute one organisation's rows of these days (of these rules only, if given: a write
    that changed the clocks of two rules recounts those, not every clock due that day)."""
    wanted = set(days)
    if not wanted:
        return
    hold_the_chain()  # one recount at a time (core/rollups.py)
    rows = ClockDay.objects.filter(organisation_id=organisation_id, day__in=wanted)
    if rules is not None:
        rules = set(rules)
        rows = rows.filter(rule__in=rules)
    rows.delete()
    ClockDay.objects.bulk_create(compute(organisation_id, wanted, rules), batch_size=1000)


@transaction.atomic
def rebuild() -> int:
    """Every row recomputed from the clocks; returns how many rows there are."""
    with connection.cursor() as cursor:  # nobody recounts a day meanwhile (PostgreSQL)
        lock_table(cursor, ClockDay)
    ClockDay.objects.all().delete()
    return len(ClockDay.objects.bulk_create(compute(), batch_size=1000))


def days_of_case(case: Case) -> None:
    """The case has another lead or district: its clocks count under the new one. (A case hook:
    ``cases.hooks`` runs it when the fields it reads change, not on timeline changes.)"""
    due = Clock.objects.filter(case=case).values_list("due_at", flat=True)
    refresh(case.organisation_id, {local_day(at) for at in due})


days_of_case.reads_case_fields = ("lead_id", "district_id")  # type: ignore[attr-defined]
days_of_case.on_timeline = False  # type: ignore[attr-defined]


_counted_by_caller: ContextVar[bool] = ContextVar("clock_days_counted_by_caller", default=False)


@contextmanager
def counted_by_caller() -> Iterator[None]:
    """Clocks deleted inside are recounted by the caller (``clocks_refresh_many`` recounts every
    day it changed, or a rebuild every day), not one by one by the signal."""
    token = _counted_by_caller.set(True)
    try:
        yield
    finally:
        _counted_by_caller.reset(token)


def _deleting(sender: Any, instance: Clock, **kwargs: Any) -> None:
    if _counted_by_caller.get():
        return
    # Read now: the case may go in the same cascade.
    instance._rollup_organisation = (  # type: ignore[attr-defined]
        Case.objects.values_list("organisation_id", flat=True).get(pk=instance.case_id)
    )


def _deleted(sender: Any, instance: Clock, **kwargs: Any) -> None:
    organisation = getattr(instance, "_rollup_organisation", None)
    if organisation is not None:
        refresh(organisation, [local_day(instance.due_at)], [instance.rule])


def connect() -> None:
    pre_delete.connect(_deleting, sender=Clock, dispatch_uid="clock_day_deleting")
    post_delete.connect(_deleted, sender=Clock, dispatch_uid="clock_day_deleted")
