"""Repatriation to her home country, step by step in order."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from mukti.accounts.access import Action, require
from mukti.accounts.models import User
from mukti.audit.tracked import tracked_create, tracked_update
from mukti.care.models import (
    STEP_ORDER,
    Repatriation,
    RepatriationStatus,
    RepatriationStep,
    StepKind,
)
from mukti.care.services._common import _check_closing_day, _check_survivor, _day, _event, event_day
from mukti.cases import services as case_services
from mukti.cases.models import Case, EventType, Survivor, SurvivorStatus
from mukti.core import l10n
from mukti.core.errors import ApplicationError
from mukti.core.fuzzydate import When
from mukti.directory.models import Office


@transaction.atomic
def repatriation_open(
    *,
    actor: User,
    case: Case,
    survivor: Survivor,
    country: str,
    when: When,
    authority: Office | None = None,
    border_point: str = "",
    documents: str = "",
) -> Repatriation:
    require(actor, Action.CARE_EDIT, case)
    _check_survivor(case, survivor)
    if country == "IN":
        raise ApplicationError(
            _("Repatriation is for a foreign national: choose her home country."), field="country"
        )
    if Repatriation.objects.filter(
        survivor=survivor, status=RepatriationStatus.IN_PROGRESS
    ).exists():
        raise ApplicationError(
            _("%(name)s already has a repatriation in progress.") % {"name": survivor.pseudonym},
            field="survivor",
        )
    repatriation = tracked_create(
        Repatriation, actor=actor, case=case, survivor=survivor, country=country,
        border_point=border_point,
    )  # fmt: skip
    step_start(
        actor=actor, repatriation=repatriation, kind=StepKind.REQUEST, when=when,
        authority=authority, documents=documents,
    )  # fmt: skip
    return repatriation


@transaction.atomic
def step_start(
    *,
    actor: User,
    repatriation: Repatriation,
    kind: str,
    when: When,
    authority: Office | None = None,
    documents: str = "",
) -> RepatriationStep:
    case = repatriation.case
    require(actor, Action.CARE_EDIT, case)
    if repatriation.status != RepatriationStatus.IN_PROGRESS:
        raise ApplicationError(_("This repatriation is no longer in progress."))
    day = _day(when, what=_("A repatriation step"))
    steps = {s.kind: s for s in repatriation.steps.select_related("event")}
    if kind in steps:
        raise ApplicationError(
            _("%(step)s is already recorded.") % {"step": StepKind(kind).label}, field="kind"
        )
    position = STEP_ORDER.index(kind)
    if position:
        before = StepKind(STEP_ORDER[position - 1])
        previous = steps.get(before.value)
        if previous is None or previous.completed_on is None:
            raise ApplicationError(
                _("Complete the step before it first: %(step)s.") % {"step": before.label},
                field="kind",
            )
        if day < previous.completed_on:
            raise ApplicationError(
                _("This step cannot start before the step before it was completed (%(day)s).")
                % {"day": l10n.day(previous.completed_on)},
                field="when",
            )
    event = _event(actor, case, EventType.REPATRIATION_STEP, when, repatriation.survivor,
                   actor_office=authority)  # fmt: skip
    record = tracked_create(
        RepatriationStep, actor=actor, event=event, repatriation=repatriation, kind=kind,
        authority=authority, documents=documents,
    )  # fmt: skip
    return case_services.detail_recorded(record)


@transaction.atomic
def step_complete(
    *,
    actor: User,
    step: RepatriationStep,
    completed_on: dt.date,
    documents: str = "",
    expected_version: int | None,
) -> RepatriationStep:
    repatriation = step.repatriation
    require(actor, Action.CARE_EDIT, repatriation.case)
    _check_closing_day(
        completed_on, event_day(step.event), field="completed_on",
        too_early=_("This step started on %(start)s; it cannot be completed before."),
        in_future=_("A step cannot be completed in the future."),
    )  # fmt: skip
    values: dict[str, Any] = {"completed_on": completed_on}
    if documents.strip():
        values["documents"] = documents.strip()
    done = tracked_update(step, actor=actor, expected_version=expected_version, **values)
    if step.kind == StepKind.HANDOVER:
        case_services.survivor_set_status(
            actor=actor, case=repatriation.case, survivor=repatriation.survivor,
            status=SurvivorStatus.RETURNED,
        )  # fmt: skip
    if step.kind == StepKind.FOLLOW_UP:
        tracked_update(
            repatriation, actor=actor, expected_version=None,
            status=RepatriationStatus.COMPLETED,
        )  # fmt: skip
    case_services.timeline_touched(repatriation.case)
    return done


def step_overdue(step: RepatriationStep, allowed: dt.timedelta, today: dt.date) -> int:
    """Days a step has waited beyond the allowed wait (0 when done or still in time)."""
    if step.completed_on is not None:
        return 0
    waited = (today - event_day(step.event)).days
    return max(0, waited - allowed.days)
