"""Services given, follow-up visits and the care plan's goals."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from mukti.accounts.access import Action, require
from mukti.accounts.models import User
from mukti.audit.tracked import tracked_create, tracked_update
from mukti.care.models import FollowUp, Goal, Service
from mukti.care.services._common import _check_survivor, _day, _event
from mukti.cases import services as case_services
from mukti.cases.models import Case, EventType, Survivor
from mukti.core import l10n
from mukti.core.errors import ApplicationError
from mukti.core.fuzzydate import When


@transaction.atomic
def service_record(
    *,
    actor: User,
    case: Case,
    survivor: Survivor,
    when: When,
    kind: str,
    provider: str = "",
    note: str = "",
) -> Service:
    event = _event(actor, case, EventType.SERVICE, when, survivor, note=note)
    record = tracked_create(
        Service, actor=actor, event=event, case=case, survivor=survivor, kind=kind,
        provider=provider,
    )  # fmt: skip
    return case_services.detail_recorded(record)


@transaction.atomic
def follow_up_record(
    *,
    actor: User,
    case: Case,
    survivor: Survivor,
    when: When,
    next_due_on: dt.date | None = None,
    note: str = "",
) -> FollowUp:
    day = _day(when, what=_("A follow-up visit"))
    if next_due_on is not None and next_due_on <= day:
        raise ApplicationError(
            _("The next visit must come after this one (%(day)s).") % {"day": l10n.day(day)},
            field="next_due_on",
        )
    event = _event(actor, case, EventType.FOLLOW_UP_VISIT, when, survivor, actor_staff=actor,
                   note=note)  # fmt: skip
    record = tracked_create(
        FollowUp, actor=actor, event=event, case=case, survivor=survivor, next_due_on=next_due_on
    )
    return case_services.detail_recorded(record)


@transaction.atomic
def goal_add(
    *,
    actor: User,
    case: Case,
    survivor: Survivor,
    domain: str,
    goal: str,
    target_on: dt.date | None = None,
) -> Goal:
    require(actor, Action.CARE_EDIT, case)
    _check_survivor(case, survivor)
    return tracked_create(
        Goal, actor=actor, case=case, survivor=survivor, domain=domain, goal=goal.strip(),
        target_on=target_on,
    )  # fmt: skip


@transaction.atomic
def goal_update(*, actor: User, goal: Goal, expected_version: int | None, **values: Any) -> Goal:
    require(actor, Action.CARE_EDIT, goal.case)
    return tracked_update(goal, actor=actor, expected_version=expected_version, **values)
