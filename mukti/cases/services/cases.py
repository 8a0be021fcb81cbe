"""Cases: opening one, correcting it, its team and its status."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from mukti.accounts.access import Action, require
from mukti.accounts.models import User
from mukti.audit.models import AuditAction
from mukti.audit.services import audit_record
from mukti.audit.tracked import tracked_create, tracked_update, version_conflict
from mukti.cases import hooks, search
from mukti.cases.models import (
    CASE_TRANSITIONS,
    NOT_YET_RESCUED,
    Case,
    CaseMember,
    CaseStatus,
    ReferenceCounter,
    SurvivorStatus,
)
from mukti.cases.services.timeline import AFTER_TRAFFICKING
from mukti.core import l10n
from mukti.core.errors import ApplicationError


def _next_reference(year: int) -> str:
    # Lock the year's counter: two cases opened at once would otherwise take the same number.
    counter, _created = ReferenceCounter.objects.select_for_update().get_or_create(year=year)
    counter.last += 1
    counter.save(update_fields=["last"])
    return f"MK-{year}-{counter.last:04d}"


def _check_staff(case: Case, people: Iterable[User]) -> None:
    """The lead and the team are people of the case's organisation."""
    strangers = [str(p) for p in people if p.organisation_id != case.organisation_id]
    if strangers:
        raise ApplicationError(
            _("%(names)s cannot work on this case: not in its organisation.")
            % {"names": ", ".join(sorted(strangers))},
            field="team",
        )


def _set_team(case: Case, team: Iterable[User]) -> None:
    team = list(team)
    _check_staff(case, [case.lead, *team])
    wanted = {user.pk for user in team} | {case.lead_id}
    current = set(case.members.values_list("user_id", flat=True))
    case.members.filter(user_id__in=current - wanted).delete()
    CaseMember.objects.bulk_create(
        [CaseMember(case=case, user_id=pk) for pk in sorted(wanted - current)]
    )


@transaction.atomic
def case_open(*, actor: User, team: Iterable[User] = (), **values: Any) -> Case:
    require(actor, Action.CASE_CREATE)
    values.setdefault("lead", actor)
    values["opened_on"] = opened = values.get("opened_on") or timezone.localdate()
    _check_opened_on(opened)
    _check_offence_date(values.get("offence_date"))
    case = tracked_create(
        Case,
        actor=actor,
        reference=_next_reference(opened.year),
        organisation_id=actor.organisation_id,
        **values,
    )
    _set_team(case, team)
    search.case_reindex(case)
    return case


def _check_opened_on(opened_on: dt.date) -> None:
    if opened_on > timezone.localdate():
        raise ApplicationError(
            _("The case cannot be opened on %(date)s, a day still to come.")
            % {"date": l10n.day(opened_on)},
            field="opened_on",
        )


def _check_offence_date(offence_date: dt.date | None) -> None:
    if offence_date is not None and offence_date > timezone.localdate():
        raise ApplicationError(
            _("The offence date %(date)s is in the future.") % {"date": l10n.day(offence_date)},
            field="offence_date",
        )


@transaction.atomic
def case_update(
    *,
    actor: User,
    case: Case,
    expected_version: int | None,
    team: Iterable[User] | None = None,
    **values: Any,
) -> Case:
    require(actor, Action.CASE_EDIT, case)
    values.pop("status", None)  # status changes go through case_change_status
    if "opened_on" in values:
        if values["opened_on"] is None:
            del values["opened_on"]  # left empty: keep the day it was opened
        else:
            _check_opened_on(values["opened_on"])
    _check_offence_date(values.get("offence_date"))
    if values.get("offence_date"):
        _check_events_after_offence(case, values["offence_date"])
    if values.get("lead") is not None:
        _check_staff(case, [values["lead"]])
    # Read from the row, not from ``case``: a bound form has already written onto it.
    before = Case.objects.values(*hooks.fields_read("case")).get(pk=case.pk)
    updated = tracked_update(case, actor=actor, expected_version=expected_version, **values)
    hooks.case_changed(
        updated, [name for name, value in before.items() if getattr(updated, name) != value]
    )
    if team is None and not updated.members.filter(user_id=updated.lead_id).exists():
        team = [m.user for m in updated.members.select_related("user")]  # keep it, add the lead
    if team is not None:
        before = sorted(updated.members.values_list("user__username", flat=True))
        _set_team(updated, team)
        after = sorted(updated.members.values_list("user__username", flat=True))
        if before != after:
            audit_record(
                actor=actor,
                action=AuditAction.UPDATE,
                obj=updated,
                changes={"team": [before, after]},
            )
    search.case_reindex(updated)
    return updated


@transaction.atomic
def case_change_status(
    *, actor: User, case: Case, expected_version: int | None, status: str, reason: str = ""
) -> Case:
    require(actor, Action.CASE_EDIT, case)
    current = Case.objects.select_for_update().get(pk=case.pk)
    if expected_version is not None and current.version != expected_version:
        raise version_conflict(current)
    if status == current.status:
        return current
    if status not in CASE_TRANSITIONS[current.status]:
        raise ApplicationError(
            _("A case cannot go from “%(old)s” to “%(new)s”.")
            % {"old": current.get_status_display(), "new": CaseStatus(status).label},
            field="status",
        )
    links = list(current.case_survivors.select_related("survivor"))
    if status == CaseStatus.CLOSED:
        require(actor, Action.CASE_CLOSE, current)
        located = [
            link.survivor.pseudonym for link in links if link.status == SurvivorStatus.LOCATED
        ]
        if located:
            raise ApplicationError(
                _(
                    "The case cannot be closed while %(names)s is located but not rescued. "
                    "Record the rescue, or what became of her, first."
                )
                % {"names": ", ".join(located)},
                field="status",
            )
        if not reason.strip():
            raise ApplicationError(_("Say why the case is being closed."), field="reason")
    needs_rescue = status in (CaseStatus.RESCUED, CaseStatus.IN_CARE, CaseStatus.REINTEGRATION)
    if needs_rescue and not any(link.status not in NOT_YET_RESCUED for link in links):
        raise ApplicationError(
            _("No survivor of this case has been rescued yet; record the rescue first."),
            field="status",
        )
    closed_on = timezone.localdate() if status == CaseStatus.CLOSED else None
    return tracked_update(
        current,
        actor=actor,
        expected_version=None,
        status=status,
        closed_on=closed_on,
        reason=reason,
    )


def _check_events_after_offence(case: Case, offence_date: dt.date) -> None:
    # Only events that start before the offence date's end can end on or before it.
    limit = timezone.make_aware(dt.datetime.combine(offence_date, dt.time.max))
    early = case.events.filter(
        type__in=AFTER_TRAFFICKING, occurred_at__isnull=False, occurred_at__lte=limit
    ).order_by("occurred_at")
    first = next(
        (e for e in early if timezone.localtime(e.when.end()).date() <= offence_date), None
    )
    if first is not None:
        raise ApplicationError(
            _("The timeline has %(what)s on %(when)s, before that offence date.")
            % {"what": first.get_type_display().lower(), "when": first.when_label},
            field="offence_date",
        )
