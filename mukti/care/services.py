"""Every write of the care side: one function per change, each in one transaction.

Dated records are written as an event on the case timeline (through ``cases.services``, which
checks the user's right to record care and the survivor's link to the case) plus their typed
detail. Nothing here is copied from the event: dates are read from it.
"""

from __future__ import annotations

import datetime as dt
import itertools
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from mukti.accounts.access import Action, require
from mukti.accounts.models import User
from mukti.audit.tracked import tracked_create, tracked_update
from mukti.care.models import (
    STEP_ORDER,
    Assessment,
    Consent,
    ConsentPurpose,
    Domain,
    FollowUp,
    Goal,
    MedicalCare,
    Placement,
    Repatriation,
    RepatriationStatus,
    RepatriationStep,
    Service,
    StepKind,
)
from mukti.cases import services as case_services
from mukti.cases.models import Case, Event, EventType, Survivor, SurvivorStatus
from mukti.core.errors import ApplicationError
from mukti.core.fuzzydate import Precision, When, format_when
from mukti.directory.models import Office, OfficeKind


def _day(when: When, *, what: str) -> dt.date:
    """The local day of an event that must be known to the day (a stay, a step)."""
    if when.at is None or when.precision not in (Precision.TIME, Precision.DAY):
        raise ApplicationError(
            _("%(what)s needs the day it happened, not only %(when)s.")
            % {"what": what, "when": format_when(when)},
            field="when",
        )
    return timezone.localtime(when.at).date()


def event_day(event: Any) -> dt.date:
    return timezone.localtime(event.occurred_at).date()


def _event(
    actor: User, case: Case, type: str, when: When, survivor: Survivor, **values: Any
) -> Event:
    return case_services.event_record(
        actor=actor, case=case, type=type, when=when, survivors=[survivor], **values
    )


# --- medical care -------------------------------------------------------------------------------


@transaction.atomic
def medical_record(
    *,
    actor: User,
    case: Case,
    survivor: Survivor,
    when: When,
    facility: Office,
    kind: str,
    need: str,
    discharged_on: dt.date | None = None,
    outcome: str = "",
    follow_up_on: dt.date | None = None,
    report_sent_on: dt.date | None = None,
    note: str = "",
) -> MedicalCare:
    if facility.kind not in (OfficeKind.HOSPITAL, OfficeKind.OTHER, OfficeKind.NGO):
        raise ApplicationError(
            _("%(office)s is not a hospital or clinic in the directory.") % {"office": facility},
            field="facility",
        )
    start = timezone.localtime(when.at).date() if when.at else None
    dates = (("discharged_on", discharged_on), ("follow_up_on", follow_up_on),
             ("report_sent_on", report_sent_on))  # fmt: skip
    for name, day in dates:
        if day is not None and start is not None and day < start:
            raise ApplicationError(
                _("That date (%(day)s) comes before the care itself (%(start)s).")
                % {"day": f"{day:%d %b %Y}", "start": f"{start:%d %b %Y}"},
                field=name,
            )
    event = _event(actor, case, EventType.MEDICAL_CARE, when, survivor, actor_office=facility,
                   note=note)  # fmt: skip
    record = tracked_create(
        MedicalCare, actor=actor, event=event, case=case, survivor=survivor, facility=facility,
        kind=kind, need=need, discharged_on=discharged_on, outcome=outcome,
        follow_up_on=follow_up_on, report_sent_on=report_sent_on,
    )  # fmt: skip
    return case_services.detail_recorded(record)


@transaction.atomic
def medical_update(
    *,
    actor: User,
    medical: MedicalCare,
    expected_version: int | None,
    discharged_on: dt.date | None = None,
    outcome: str = "",
    follow_up_on: dt.date | None = None,
    report_sent_on: dt.date | None = None,
) -> MedicalCare:
    """What is learnt after the visit: the discharge, the outcome, the follow-up, the day the
    doctor's report went to the investigating officer (which stops its clock)."""
    require(actor, Action.CARE_EDIT, medical.case)
    start = event_day(medical.event)
    dates = (("discharged_on", discharged_on), ("follow_up_on", follow_up_on),
             ("report_sent_on", report_sent_on))  # fmt: skip
    for name, day in dates:
        if day is not None and day < start:
            raise ApplicationError(
                _("That date (%(day)s) comes before the care itself (%(start)s).")
                % {"day": f"{day:%d %b %Y}", "start": f"{start:%d %b %Y}"},
                field=name,
            )
    updated = tracked_update(
        medical, actor=actor, expected_version=expected_version, discharged_on=discharged_on,
        outcome=outcome, follow_up_on=follow_up_on, report_sent_on=report_sent_on,
    )  # fmt: skip
    case_services.timeline_touched(medical.case)
    return updated


# --- shelter ------------------------------------------------------------------------------------


def _check_home(home: Office) -> None:
    if home.kind != OfficeKind.SHELTER_HOME:
        raise ApplicationError(
            _("%(office)s is not a shelter home in the directory.") % {"office": home},
            field="home",
        )


def _check_no_overlap(
    survivor: Survivor, start: dt.date, *, ignore: Placement | None = None
) -> None:
    """One survivor lives in one home at a time: a new stay (open-ended) may not begin before
    every other stay of hers has ended. Her stays are few, so they are compared here."""
    stays = Placement.objects.filter(survivor=survivor).select_related("event", "home")
    for stay in stays:
        if ignore is not None and stay.pk == ignore.pk:
            continue
        if stay.ended_on is None or stay.ended_on > start:
            since = event_day(stay.event)
            until = _("still there") if stay.ended_on is None else f"until {stay.ended_on:%d %b %Y}"
            raise ApplicationError(
                _(
                    "%(name)s is placed at %(home)s from %(since)s (%(until)s): a stay from "
                    "%(start)s would overlap it. End that stay or record a move instead."
                )
                % {
                    "name": survivor.pseudonym,
                    "home": stay.home.name,
                    "since": f"{since:%d %b %Y}",
                    "until": until,
                    "start": f"{start:%d %b %Y}",
                },
                field="when",
            )


@transaction.atomic
def placement_start(
    *,
    actor: User,
    case: Case,
    survivor: Survivor,
    when: When,
    home: Office,
    kind: str,
    note: str = "",
) -> Placement:
    _check_home(home)
    start = _day(when, what=_("A shelter placement"))
    # Two placements of one survivor at once would both pass the overlap check.
    Survivor.objects.select_for_update().filter(pk=survivor.pk).first()
    _check_no_overlap(survivor, start)
    event = _event(actor, case, EventType.SHELTER_PLACEMENT, when, survivor, actor_office=home,
                   note=note)  # fmt: skip
    record = tracked_create(
        Placement, actor=actor, event=event, case=case, survivor=survivor, home=home, kind=kind
    )
    return case_services.detail_recorded(record)


@transaction.atomic
def placement_end(
    *,
    actor: User,
    placement: Placement,
    ended_on: dt.date,
    reason: str,
    expected_version: int | None,
) -> Placement:
    require(actor, Action.CARE_EDIT, placement.case)
    if placement.ended_on is not None:
        raise ApplicationError(
            _("This stay already ended on %(day)s.") % {"day": f"{placement.ended_on:%d %b %Y}"}
        )
    start = event_day(placement.event)
    if ended_on < start:
        raise ApplicationError(
            _("She arrived on %(start)s; the stay cannot end before that.")
            % {"start": f"{start:%d %b %Y}"},
            field="ended_on",
        )
    if ended_on > timezone.localdate():
        raise ApplicationError(_("The end of a stay cannot be in the future."), field="ended_on")
    if not reason.strip():
        raise ApplicationError(_("Say why she left."), field="reason")
    ended = tracked_update(
        placement, actor=actor, expected_version=expected_version, ended_on=ended_on,
        end_reason=reason.strip(),
    )  # fmt: skip
    case_services.timeline_touched(placement.case)
    return ended


@transaction.atomic
def placement_move(
    *,
    actor: User,
    placement: Placement,
    when: When,
    home: Office,
    kind: str,
    reason: str,
    expected_version: int | None,
) -> Placement:
    """She leaves one home and arrives at the next the same day: both written, or neither."""
    if placement.ended_on is not None:
        raise ApplicationError(_("That stay has already ended; place her from the care page."))
    if home.pk == placement.home_id and kind == placement.kind:
        raise ApplicationError(_("She is already at %(home)s.") % {"home": home}, field="home")
    day = _day(when, what=_("A move"))
    placement_end(
        actor=actor, placement=placement, ended_on=day, reason=reason,
        expected_version=expected_version,
    )  # fmt: skip
    return placement_start(
        actor=actor, case=placement.case, survivor=placement.survivor, when=when, home=home,
        kind=kind,
    )  # fmt: skip


# --- services, follow-ups and the care plan -------------------------------------------------------


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
            _("The next visit must come after this one (%(day)s).") % {"day": f"{day:%d %b %Y}"},
            field="next_due_on",
        )
    event = _event(actor, case, EventType.FOLLOW_UP_VISIT, when, survivor, actor_staff=actor,
                   note=note)  # fmt: skip
    record = tracked_create(
        FollowUp, actor=actor, event=event, case=case, survivor=survivor, next_due_on=next_due_on
    )
    return case_services.detail_recorded(record)


def _check_survivor(case: Case, survivor: Survivor) -> None:
    case_services.check_survivors_of_case(case, [survivor], field="survivor")


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


# --- assessments --------------------------------------------------------------------------------


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


# --- repatriation -------------------------------------------------------------------------------


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
                % {"day": f"{previous.completed_on:%d %b %Y}"},
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
    start = event_day(step.event)
    if completed_on < start:
        raise ApplicationError(
            _("This step started on %(start)s; it cannot be completed before.")
            % {"start": f"{start:%d %b %Y}"},
            field="completed_on",
        )
    if completed_on > timezone.localdate():
        raise ApplicationError(_("A step cannot be completed in the future."), field="completed_on")
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


# --- consent ------------------------------------------------------------------------------------


@transaction.atomic
def consent_record(
    *,
    actor: User,
    case: Case,
    survivor: Survivor,
    purpose: str,
    given_on: dt.date,
    partner: str = "",
    expires_on: dt.date | None = None,
) -> Consent:
    require(actor, Action.CARE_EDIT, case)
    _check_survivor(case, survivor)
    if given_on > timezone.localdate():
        raise ApplicationError(_("Consent cannot be recorded ahead of time."), field="given_on")
    if expires_on is not None and expires_on <= given_on:
        raise ApplicationError(
            _("The consent must expire after the day it was given."), field="expires_on"
        )
    if purpose == ConsentPurpose.DATA_SHARING and not partner.strip():
        raise ApplicationError(
            _("Name the partner she agreed to share her data with."), field="partner"
        )
    return tracked_create(
        Consent, actor=actor, case=case, survivor=survivor, purpose=purpose,
        partner=partner.strip(), given_on=given_on, expires_on=expires_on, recorded_by=actor,
    )  # fmt: skip


@transaction.atomic
def consent_withdraw(
    *, actor: User, consent: Consent, withdrawn_on: dt.date, expected_version: int | None
) -> Consent:
    require(actor, Action.CARE_EDIT, consent.case)
    if consent.withdrawn_on is not None:
        raise ApplicationError(_("This consent was already withdrawn."))
    if withdrawn_on < consent.given_on:
        raise ApplicationError(
            _("She gave this consent on %(day)s; it cannot be withdrawn before.")
            % {"day": f"{consent.given_on:%d %b %Y}"},
            field="withdrawn_on",
        )
    return tracked_update(
        consent, actor=actor, expected_version=expected_version, withdrawn_on=withdrawn_on
    )


def care_check(case: Case) -> None:
    """Run whenever the case's timeline changes (registered in CareConfig.ready): a placement or a
    repatriation step redated from the timeline must still make sense, or the change is refused
    with the rest of its transaction."""
    stays = list(
        Placement.objects.filter(survivor__case_links__case=case)
        .select_related("event", "survivor", "home")
        .order_by("survivor_id", "event__occurred_at", "id")
    )
    for stay in stays:
        start = event_day(stay.event)
        if stay.ended_on is not None and stay.ended_on < start:
            raise ApplicationError(
                _("%(name)s left %(home)s on %(end)s; her arrival cannot be after that.")
                % {"name": stay.survivor.pseudonym, "home": stay.home.name,
                   "end": f"{stay.ended_on:%d %b %Y}"},
                field="when",
            )  # fmt: skip
    for before, after in itertools.pairwise(stays):
        if before.survivor_id != after.survivor_id:
            continue
        if before.ended_on is None or before.ended_on > event_day(after.event):
            raise ApplicationError(
                _("%(name)s would be at %(one)s and %(two)s at once on %(day)s.")
                % {"name": after.survivor.pseudonym, "one": before.home.name,
                   "two": after.home.name, "day": f"{event_day(after.event):%d %b %Y}"},
                field="when",
            )  # fmt: skip
    steps = RepatriationStep.objects.filter(repatriation__case=case, completed_on__isnull=False)
    for step in steps.select_related("event"):
        if step.completed_on is not None and step.completed_on < event_day(step.event):
            raise ApplicationError(
                _("%(step)s was completed on %(day)s; it cannot start after that.")
                % {"step": step.get_kind_display(), "day": f"{step.completed_on:%d %b %Y}"},
                field="when",
            )
