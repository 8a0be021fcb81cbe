"""Synthetic engagements for benchmarks: a few hops per synthetic case, written in bulk."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable
from typing import Any

from django.db import transaction
from django.db.models import Exists, OuterRef, Q

from mukti.cases.models import AttemptOutcome, Case, CaseSurvivor, Event, EventType, SurvivorStatus
from mukti.core.fuzzydate import Precision
from mukti.directory.models import Official
from mukti.rescue.models import Answer, Engagement

ANSWERS = [Answer.VERIFIED, Answer.UNABLE_TO_TRACE, Answer.REFERRED, Answer.AGREED,
           Answer.DEFERRED, Answer.DECLINED, Answer.NO_RESPONSE, Answer.PENDING]  # fmt: skip


def synthesise_engagements(
    *,
    seed: int = 1,
    per_case: int = 3,
    batch: int = 2000,
    progress: Callable[[int], object] | None = None,
) -> int:
    """Give every synthetic case without engagements a short chain of them; also start the
    vulnerability window of synthetic survivors who are "located" (the generator predates it)."""
    rng = random.Random(f"{seed}-engagements")
    officials = list(
        Official.objects.filter(office__jurisdiction__code__startswith="SYN-").select_related(
            "office"
        )
    )
    todo = list(
        Case.objects.filter(reference__startswith="SY-", engagements__isnull=True)
        .order_by("id")
        .values_list("id", "opened_on")
    )
    made = 0
    for start in range(0, len(todo), batch):
        chunk = todo[start : start + batch]
        with transaction.atomic():
            events, details = [], []
            for case_id, opened in chunk:
                base = dt.datetime.combine(opened, dt.time(10), tzinfo=dt.UTC)
                for hop in range(per_case):
                    official = rng.choice(officials)
                    asked = base + dt.timedelta(hours=hop * 3, minutes=rng.randrange(60))
                    answer = rng.choice(ANSWERS)
                    events.append(
                        Event(
                            case_id=case_id,
                            type=EventType.AUTHORITY_CONTACTED,
                            occurred_at=asked,
                            precision=Precision.TIME,
                            sort_at=asked,
                            actor_official=official,
                            actor_office=official.office,
                        )
                    )
                    answered = (
                        None
                        if answer == Answer.PENDING
                        else asked + dt.timedelta(minutes=rng.randrange(5, 600))
                    )
                    details.append(
                        Engagement(
                            case_id=case_id,
                            asked_at=asked,
                            asked_precise=True,
                            office=official.office,
                            official=official,
                            request="rescue",
                            answer=answer,
                            answered_at=answered,
                            referred_to_office=official.office
                            if answer == Answer.REFERRED
                            else None,
                            deferred_until=answered + dt.timedelta(hours=12)
                            if answer == Answer.DEFERRED and answered is not None
                            else None,
                        )
                    )
            Event.objects.bulk_create(events, batch_size=5000)
            for event, detail in zip(events, details, strict=True):
                detail.event = event
            Engagement.objects.bulk_create(details, batch_size=5000)
            _mark_rescues_followed([c for c, _opened in chunk])
            made += len(details)
        if progress is not None:
            progress(len(chunk))
    located = CaseSurvivor.objects.filter(status=SurvivorStatus.LOCATED, located_at__isnull=True)
    with transaction.atomic():
        _start_windows(located)
    return made


def _mark_rescues_followed(case_ids: list[int]) -> None:
    rescue_after = Event.objects.filter(
        Q(type=EventType.RESCUE) | Q(type=EventType.RESCUE_ATTEMPT, outcome=AttemptOutcome.RESCUED),
        case_id=OuterRef("case_id"),
        occurred_at__gte=OuterRef("asked_at"),
        occurred_at__lte=OuterRef("asked_at") + dt.timedelta(days=3),
    )
    Engagement.objects.filter(case_id__in=case_ids).update(rescue_followed=Exists(rescue_after))


def _start_windows(located: Any) -> None:
    for link in (
        located.select_related("case").only("id", "case__opened_on").iterator(chunk_size=5000)
    ):
        start_at = dt.datetime.combine(link.case.opened_on, dt.time(12), tzinfo=dt.UTC)
        CaseSurvivor.objects.filter(pk=link.pk).update(located_at=start_at)
