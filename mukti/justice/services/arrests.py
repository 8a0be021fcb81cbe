"""Arrests of an accused, and bail after an arrest."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from mukti.accounts.access import Action, require
from mukti.accounts.models import User
from mukti.audit.tracked import tracked_create
from mukti.cases import services as case_services
from mukti.cases.models import Case, EventType
from mukti.core.errors import ApplicationError
from mukti.core.fuzzydate import When
from mukti.directory.models import Jurisdiction, Official
from mukti.justice.models import Accused, Arrest, Bail
from mukti.justice.services._common import _check_accused, _event


@transaction.atomic
def arrest_record(
    *,
    actor: User,
    case: Case,
    accused: Accused,
    when: When,
    place: Jurisdiction | None = None,
    officer: Official | None = None,
    note: str = "",
) -> Arrest:
    require(actor, Action.JUSTICE_EDIT, case)
    _check_accused(case, accused)
    event = _event(actor, case, EventType.ARREST, when, place=place, actor_official=officer,
                   actor_office=officer.office if officer else None, note=note)  # fmt: skip
    arrest = tracked_create(
        Arrest, actor=actor, event=event, case=case, accused=accused, officer=officer
    )
    return case_services.detail_recorded(arrest)


@transaction.atomic
def bail_record(*, actor: User, case: Case, accused: Accused, when: When, status: str) -> Bail:
    require(actor, Action.JUSTICE_EDIT, case)
    _check_accused(case, accused)
    arrest = (
        Arrest.objects.filter(case=case, accused=accused, event__occurred_at__isnull=False)
        .select_related("event")
        .order_by("event__occurred_at")
        .first()
    )
    end = when.end()
    dated = arrest.event.occurred_at if arrest is not None else None  # the query's are dated
    if arrest is None or dated is None or (end is not None and end <= dated):
        raise ApplicationError(
            _("Bail comes after an arrest: %(name)s has no arrest recorded before that date.")
            % {"name": accused},
            field="when",
        )
    event = _event(actor, case, EventType.BAIL, when)
    bail = tracked_create(Bail, actor=actor, event=event, case=case, accused=accused,
                          status=status)  # fmt: skip
    return case_services.detail_recorded(bail)
