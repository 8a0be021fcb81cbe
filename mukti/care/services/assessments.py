"""Assessments: every domain scored at each one."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from mukti.accounts.models import User
from mukti.audit.tracked import tracked_create
from mukti.care.models import Assessment, Domain
from mukti.care.services._common import _day, _event
from mukti.cases import services as case_services
from mukti.cases.models import Case, EventType, Survivor
from mukti.core.errors import ApplicationError
from mukti.core.fuzzydate import When


@transaction.atomic
def assessment_record(
    *,
    actor: User,
    case: Case,
    survivor: Survivor,
    when: When,
    scores: dict[str, Any],
    notes: str = "",
) -> Assessment:
    values: dict[str, Any] = {}
    for domain in Domain:
        score = scores.get(domain.value)
        if score is None or str(score).strip() == "":
            raise ApplicationError(
                _("Score %(domain)s too: every domain is scored at each assessment.")
                % {"domain": str(domain.label).lower()},
                field=f"{domain.value}_score",
            )
        try:
            number = int(str(score).strip())
        except ValueError:
            number = 0
        if not 1 <= number <= 4:
            raise ApplicationError(
                _(
                    "%(domain)s is scored from 1 (most vulnerable) to 4 (strong); %(score)s is "
                    "not a score."
                )
                % {"domain": domain.label, "score": score},
                field=f"{domain.value}_score",
            )
        values[f"{domain.value}_score"] = number
    _day(when, what=_("An assessment"))
    event = _event(actor, case, EventType.ASSESSMENT, when, survivor, actor_staff=actor)
    record = tracked_create(
        Assessment, actor=actor, event=event, case=case, survivor=survivor, notes=notes, **values
    )
    return case_services.detail_recorded(record)
