"""Engagements per organisation and day (``EngagementDay``), kept in step with the engagements.

Every path that changes an engagement's counted values ends here in its own transaction:
saving or deleting one (signals, so that the API, intake and the admin are covered too), its
derived time changing (``services.engagements_refresh``), and the case's district changing (the
case hook below). Each recomputes the rows of the days concerned from the engagements
themselves. ``rebuild`` recomputes everything (after a bulk load).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.db import connection, transaction
from django.db.models.signals import post_delete, post_save, pre_delete

from mukti.audit.services import hold_the_chain
from mukti.cases.models import Case
from mukti.core import histogram
from mukti.core.rollups import local_day, lock_table, on_days
from mukti.rescue.models import ANSWERED, Answer, Engagement, EngagementDay

COLUMNS = (
    "case__organisation_id",
    "asked_at",
    "office_id",
    "official_id",
    "case__district_id",
    "answer",
    "answered_at",
    "asked_precise",
    "rescue_followed",
)

Key = tuple[int, dt.date, int, int | None, int | None]


def _rows(engagements: Iterable[tuple[Any, ...]]) -> list[EngagementDay]:
    groups: dict[Key, list[Any]] = {}
    for (
        org,
        asked,
        office,
        official,
        district,
        answer,
        answered_at,
        precise,
        followed,
    ) in engagements:
        group = groups.setdefault(
            (org, local_day(asked), office, official, district), [0, 0, 0, 0, []]
        )
        group[0] += 1
        if answer in ANSWERED:
            group[1] += 1
            if answered_at is not None and precise:
                group[4].append((answered_at - asked).total_seconds() / 60)
        group[2] += answer == Answer.REFERRED
        group[3] += bool(followed)
    return [
        EngagementDay(
            organisation_id=org,
            day=day,
            office_id=office,
            official_id=official,
            district_id=district,
            engagements=n,
            answered=answered,
            referred=referred,
            rescued=rescued,
            minutes=histogram.histogram(minutes),
        )
        for (org, day, office, official, district), (n, answered, referred, rescued, minutes) in (
            groups.items()
        )
    ]


def compute(
    organisation_id: int | None = None, days: Iterable[dt.date] | None = None
) -> list[EngagementDay]:
    """The rows as they should be: for one organisation's days, or for everything."""
    engagements = Engagement.objects.filter(asked_at__isnull=False)
    if organisation_id is not None:
        engagements = engagements.filter(case__organisation_id=organisation_id)
    if days is not None:
        engagements = engagements.filter(on_days("asked_at", days))
    return _rows(engagements.order_by().values_list(*COLUMNS).iterator(chunk_size=5000))


@transaction.atomic
def refresh(organisation_id: int, days: Iterable[dt.date]) -> None:
    """Recompute one organisation's rows of these days."""
    wanted = set(days)
    if not wanted:
        return
    hold_the_chain()  # one recount at a time (core/rollups.py)
    EngagementDay.objects.filter(organisation_id=organisation_id, day__in=wanted).delete()
    EngagementDay.objects.bulk_create(compute(organisation_id, wanted), batch_size=1000)


@transaction.atomic
def rebuild() -> int:
    """Every row recomputed from the engagements; returns how many rows there are."""
    with connection.cursor() as cursor:  # nobody recounts a day meanwhile (PostgreSQL)
        lock_table(cursor, EngagementDay)
    EngagementDay.objects.all().delete()
    return len(EngagementDay.objects.bulk_create(compute(), batch_size=1000))


def _organisation(case_id: int) -> int:
    return Case.objects.values_list("organisation_id", flat=True).get(pk=case_id)


def days_of_case(case: Case) -> None:
    """The case moved to another district: its engagements count under the new one. (A case
    hook: ``cases.hooks`` runs it when the fields it reads change, not on timeline changes.)"""
    asked = case.engagements.filter(asked_at__isnull=False).values_list("asked_at", flat=True)
    refresh(case.organisation_id, {local_day(at) for at in asked if at is not None})


days_of_case.reads_case_fields = ("district_id",)  # type: ignore[attr-defined]
days_of_case.on_timeline = False  # type: ignore[attr-defined]


def _saved(sender: Any, instance: Engagement, raw: bool = False, **kwargs: Any) -> None:
    if raw or instance.asked_at is None:  # a fixture load; or not yet dated (refresh will)
        return
    refresh(_organisation(instance.case_id), [local_day(instance.asked_at)])


def _deleting(sender: Any, instance: Engagement, **kwargs: Any) -> None:
    # Read now: the case may go in the same cascade.
    instance._rollup_organisation = _organisation(instance.case_id)  # type: ignore[attr-defined]


def _deleted(sender: Any, instance: Engagement, **kwargs: Any) -> None:
    organisation = getattr(instance, "_rollup_organisation", None)
    if organisation is not None and instance.asked_at is not None:
        refresh(organisation, [local_day(instance.asked_at)])


def connect() -> None:
    post_save.connect(_saved, sender=Engagement, dispatch_uid="engagement_day_saved")
    pre_delete.connect(_deleting, sender=Engagement, dispatch_uid="engagement_day_deleting")
    post_delete.connect(_deleted, sender=Engagement, dispatch_uid="engagement_day_deleted")
