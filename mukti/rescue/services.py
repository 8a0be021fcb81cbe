"""Every write of the rescue phase. Each goes through the case timeline's own services, so the
event and its typed detail are written, audited and searchable in one transaction."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.db.models import F, Q, QuerySet
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from mukti.accounts.access import Action, require
from mukti.accounts.models import User
from mukti.audit.models import AuditAction
from mukti.audit.services import audit_record, diff, snapshot
from mukti.audit.tracked import tracked_create, tracked_update
from mukti.cases import services as case_services
from mukti.cases.models import (
    AttemptOutcome,
    Case,
    Event,
    EventType,
    Priority,
    Survivor,
)
from mukti.core.compiled import compiled
from mukti.core.errors import ApplicationError
from mukti.core.fuzzydate import Precision, When, format_when
from mukti.directory.models import Jurisdiction, Office, Official
from mukti.rescue import monthly
from mukti.rescue.models import (
    Answer,
    Attempt,
    BroughtOut,
    Engagement,
    HandOff,
    Operation,
    OperationStatus,
)


def _local(moment: dt.datetime) -> str:
    return date_format(timezone.localtime(moment), "j M Y, H:i")


def _check_official(office: Office, official: Official | None, field: str = "official") -> None:
    if official is not None and official.office_id != office.pk:
        raise ApplicationError(
            _("%(name)s works at %(their)s, not at %(office)s.")
            % {"name": official.name, "their": official.office.name, "office": office.name},
            field=field,
        )


@transaction.atomic
def engagement_record(
    *,
    actor: User,
    case: Case,
    office: Office,
    request: str,
    when: When,
    official: Official | None = None,
    mode: str = "in_person",
    our_staff: Iterable[User] = (),
    note: str = "",
    previous: Engagement | None = None,
) -> Engagement:
    """We went to an authority and asked for something (the answer comes later, or at once)."""
    require(actor, Action.CASE_EDIT, case)
    _check_official(office, official)
    if previous is not None:
        # Lock it: two follow-ups saved at once would both pass the "already followed" check.
        previous = (
            Engagement.objects.select_for_update(of=("self",))
            .select_related("event")
            .get(pk=previous.pk)
        )
        if previous.case_id != case.pk:
            raise ApplicationError(_("That referral belongs to another case."))
        if previous.answer == Answer.PENDING:
            raise ApplicationError(_("Record the answer of the previous hop first."))
        if Engagement.objects.filter(previous=previous).exists():
            raise ApplicationError(_("That hop has already been followed up."))
        requested_at = previous.answered_at or previous.event.occurred_at
        if when.at is not None and requested_at is not None and when.at < requested_at:
            raise ApplicationError(
                _("This hop (%(when)s) cannot come before the one that led to it (%(then)s).")
                % {"when": format_when(when), "then": _local(requested_at)},
                field="when",
            )
    people = list(case.case_survivors.values_list("survivor", flat=True))
    event = case_services.event_record(
        actor=actor,
        case=case,
        type=EventType.AUTHORITY_CONTACTED,
        when=when,
        survivors=Survivor.objects.filter(pk__in=people),
        actor_office=office,
        actor_official=official,
        actor_staff=actor,
        note=note,
    )
    engagement = tracked_create(
        Engagement,
        actor=actor,
        event=event,
        case=case,
        organisation_id=case.organisation_id,
        office=office,
        official=official,
        mode=mode,
        request=request,
        previous=previous,
    )
    engagement.our_staff.set(list(our_staff) or [actor])
    # Derived fields and clocks read the engagement, which exists only now.
    case_services.timeline_touched(case)
    engagement.refresh_from_db()
    return engagement


RESCUE_FOLLOWED_WITHIN = dt.timedelta(days=3)


def rescue_followed(asked: dt.datetime | None, rescues: list[dt.datetime]) -> bool:
    """Whether one of the case's rescues came within three days after the request."""
    return asked is not None and any(asked <= r <= asked + RESCUE_FOLLOWED_WITHIN for r in rescues)


@compiled
def _counted_requests(case_id: int) -> QuerySet[Engagement]:
    """A case's requests with what their derived fields and the monthly rows read: the
    district from the database, as the rows count it (the caller's copy of the case may not
    have it yet)."""
    return (
        Engagement.objects.filter(case_id=case_id)
        .select_related("event")
        .annotate(case_district=F("case__district_id"))
        .only(
            "case", "asked_at", "asked_precise", "rescue_followed", "organisation_id",
            "office_id", "official_id", "answer", "answered_at", "event__occurred_at",
            "event__precision",
        )
        .order_by("pk")
    )  # fmt: skip


def engagements_refresh(case: Case) -> None:
    """Recompute what engagements derive from the timeline and the case: when we asked, whether
    that time is exact, whether a rescue followed within three days, the case's organisation;
    then the monthly responsiveness rows of every office and month the case's requests were or
    now are counted in (from the engagement table: an answer, a new request, a redated one or a
    case moved to another district changes them), when what they count of the case's requests
    changed since they were last computed (``monthly.case_counted``: a visit note changes
    nothing of them). Runs whenever the case's timeline changes (registered in
    mukti.cases.hooks), or its district or organisation, in the same transaction."""
    rescues = [
        at
        for at in Event.objects.filter(
            Q(type=EventType.RESCUE)
            | Q(type=EventType.RESCUE_ATTEMPT, outcome=AttemptOutcome.RESCUED),
            case=case,
            occurred_at__isnull=False,
        ).values_list("occurred_at", flat=True)
        if at is not None  # for mypy: the query has only dated ones
    ]
    groups: set[monthly.Group | None] = set()
    counted: list[monthly.Counted] = []
    district: int | None = None
    rewritten = False
    for engagement in _counted_requests(case.pk):
        asked = engagement.event.occurred_at
        derived = (
            asked,
            engagement.event.precision == Precision.TIME,
            rescue_followed(asked, rescues),
            case.organisation_id,
        )
        stored = (
            engagement.asked_at,
            engagement.asked_precise,
            engagement.rescue_followed,
            engagement.organisation_id,
        )
        if derived != stored:
            Engagement.objects.filter(pk=engagement.pk).update(
                asked_at=derived[0], asked_precise=derived[1], rescue_followed=derived[2],
                organisation_id=derived[3],
            )  # fmt: skip
            rewritten = True
        office, official = engagement.office_id, engagement.official_id
        groups.add(monthly.group_of(stored[3], office, official, stored[0]))
        groups.add(monthly.group_of(derived[3], office, official, derived[0]))
        district = engagement.case_district  # type: ignore[attr-defined]
        counted.append(
            (engagement.pk, derived[3], office, official, *derived[:3], engagement.answer,
             engagement.answered_at)
        )  # fmt: skip
    if not counted:
        return  # no request: no row counts anything of this case
    groups.discard(None)
    # Only when something the rows count changed: most entries of a timeline (a visit, a
    # statement) leave every request as it was.
    monthly.case_counted(
        case.pk,
        monthly.counted_digest(district, counted),
        (g for g in groups if g is not None),
        force=rewritten,
    )


# The case fields it reads (mukti.cases.hooks): the monthly rows count each request under its
# case's district, and the request carries a copy of the case's organisation.
engagements_refresh.reads_case_fields = frozenset({"district_id", "organisation_id"})  # type: ignore[attr-defined]


@transaction.atomic
def engagement_answer(
    *,
    actor: User,
    engagement: Engagement,
    expected_version: int | None,
    answer: str,
    answered_at: dt.datetime | None = None,
    note: str = "",
    deferred_until: dt.datetime | None = None,
    referred_to_office: Office | None = None,
    referred_to_official: Official | None = None,
) -> Engagement:
    """Record what the authority answered (one tap for the common answers)."""
    require(actor, Action.CASE_EDIT, engagement.case)
    now = timezone.now()
    answered_at = answered_at or now.replace(second=0, microsecond=0)
    asked = engagement.event.occurred_at
    if asked is not None and answered_at < asked:
        raise ApplicationError(
            _("The answer (%(answer)s) cannot come before the request (%(asked)s).")
            % {"answer": _local(answered_at), "asked": _local(asked)},
            field="answered_at",
        )
    if answered_at > now + dt.timedelta(minutes=5):
        raise ApplicationError(_("The answer time is in the future."), field="answered_at")
    if answer == Answer.REFERRED:
        if referred_to_office is None:
            raise ApplicationError(
                _("Say to which office they referred you."), field="referred_to_office"
            )
        if referred_to_office.pk == engagement.office_id and (
            referred_to_official is None or referred_to_official.pk == engagement.official_id
        ):
            raise ApplicationError(
                _("%(office)s referred you to itself: that is a loop, not a referral.")
                % {"office": engagement.office.name},
                field="referred_to_office",
            )
        _check_official(referred_to_office, referred_to_official, "referred_to_official")
    else:
        referred_to_office = referred_to_official = None
    if answer == Answer.DEFERRED:
        if deferred_until is None:
            raise ApplicationError(_("Say until when they deferred it."), field="deferred_until")
        if deferred_until <= answered_at:
            raise ApplicationError(
                _("A deferral must be to a time after the answer."), field="deferred_until"
            )
    else:
        deferred_until = None
    if answer in (Answer.DEFERRED, Answer.DECLINED) and not note.strip():
        raise ApplicationError(_("Write the reason they gave."), field="note")
    if answer in (Answer.PENDING, Answer.NO_RESPONSE):
        answered_at = None  # nothing was said: there is no time to answer to count
    updated = tracked_update(
        engagement,
        actor=actor,
        expected_version=expected_version,
        answer=answer,
        answered_at=answered_at,
        answer_note=note,
        deferred_until=deferred_until,
        referred_to_office=referred_to_office,
        referred_to_official=referred_to_official,
    )
    if answer == Answer.DEFERRED:
        _make_urgent(actor, updated.case, _("rescue deferred by %(who)s") % {"who": updated.who})
    # An answer stops or moves clocks (escalation without answer, a deferral's promised time).
    case_services.timeline_touched(updated.case)
    return updated


def _make_urgent(actor: User, case: Case, reason: str) -> None:
    if case.priority < Priority.URGENT:
        tracked_update(
            case, actor=actor, expected_version=None, priority=Priority.URGENT, reason=reason
        )


# ---------------------------------------------------------------------------------------------
# Rescue operations


@transaction.atomic
def operation_plan(
    *,
    actor: User,
    case: Case,
    target_place: Jurisdiction,
    lead_office: Office,
    planned_for: dt.datetime,
    survivors_sought: Iterable[Survivor] = (),
    ngo_staff: Iterable[User] = (),
    lead_official: Official | None = None,
    target_address: str = "",
    risk_notes: str = "",
) -> Operation:
    require(actor, Action.CASE_EDIT, case)
    sought = list(survivors_sought)
    case_services.check_survivors_of_case(case, sought, field="survivors_sought")
    _check_official(lead_office, lead_official, "lead_official")
    operation = tracked_create(
        Operation,
        actor=actor,
        case=case,
        target_place=target_place,
        target_address=target_address,
        lead_office=lead_office,
        lead_official=lead_official,
        planned_for=planned_for,
        risk_notes=risk_notes,
    )
    operation.survivors_sought.set(sought)
    operation.ngo_staff.set(list(ngo_staff) or [actor])
    return operation


FAILED = frozenset({AttemptOutcome.TARGET_ABSENT, AttemptOutcome.HIDDEN, AttemptOutcome.ABORTED})


def _check_after_plan(planned_for: dt.datetime, when: When, field: str = "when") -> None:
    # An approximate date ("early Nov 2024") is refused only if all of it is before the plan.
    planned_day = timezone.localtime(planned_for).date()
    end = when.end()
    assert end is not None  # callers refuse an unknown date first
    last_moment = end - dt.timedelta(microseconds=1)
    if timezone.localtime(last_moment).date() < planned_day:
        raise ApplicationError(
            _(
                "The attempt (%(when)s) is dated before the day the operation was planned "
                "for (%(planned)s)."
            )
            % {"when": format_when(when), "planned": _local(planned_for)},
            field=field,
        )


def _locked(operation: Operation) -> Operation:
    # Lock it: an attempt recorded while the operation is cancelled or edited would otherwise
    # read the state before the other change.
    return (
        Operation.objects.select_for_update(of=("self",))
        .select_related("case", "target_place", "lead_office", "lead_official")
        .get(pk=operation.pk)
    )


def _set_people(actor: User, operation: Operation, name: str, people: list[Any]) -> bool:
    """Set one of the operation's lists of people, audited; True if it changed."""
    relation = getattr(operation, name)
    before = sorted(relation.values_list("pk", flat=True))
    after = sorted(p.pk for p in people)
    if before == after:
        return False
    relation.set(people)
    audit_record(
        actor=actor, action=AuditAction.UPDATE, obj=operation, changes={name: [before, after]}
    )
    return True


@transaction.atomic
def operation_update(
    *,
    actor: User,
    operation: Operation,
    expected_version: int | None,
    target_place: Jurisdiction,
    lead_office: Office,
    planned_for: dt.datetime,
    survivors_sought: Iterable[Survivor] = (),
    ngo_staff: Iterable[User] = (),
    lead_official: Official | None = None,
    target_address: str = "",
    risk_notes: str = "",
) -> Operation:
    """Correct a planned operation. Its attempts take its place, police unit and (when they
    failed) the survivors sought: their entries, and the clocks they start, follow."""
    case = operation.case
    require(actor, Action.CASE_EDIT, case)
    current = _locked(operation)
    if current.status == OperationStatus.CANCELLED:
        raise ApplicationError(_("This operation was cancelled; plan a new one instead."))
    sought = list(survivors_sought)
    case_services.check_survivors_of_case(case, sought, field="survivors_sought")
    _check_official(lead_office, lead_official, "lead_official")
    attempts = list(current.attempts.select_related("event"))
    for attempt in attempts:
        if attempt.event.occurred_at is not None:
            try:
                _check_after_plan(planned_for, attempt.event.when, field="planned_for")
            except ApplicationError:
                raise ApplicationError(
                    _(
                        "An attempt was made on %(when)s, before the new planned day: the "
                        "operation cannot be planned after its own attempt."
                    )
                    % {"when": format_when(attempt.event.when)},
                    field="planned_for",
                ) from None
    updated = tracked_update(
        current, actor=actor, expected_version=expected_version, target_place=target_place,
        target_address=target_address, lead_office=lead_office, lead_official=lead_official,
        planned_for=planned_for, risk_notes=risk_notes,
    )  # fmt: skip
    changed = _set_people(actor, updated, "survivors_sought", sought)
    changed = _set_people(actor, updated, "ngo_staff", list(ngo_staff) or [actor]) or changed
    if changed and updated.version == current.version:
        # Only the lists changed: the version still moves, so a form opened before this
        # change cannot silently undo it.
        Operation.objects.filter(pk=updated.pk).update(version=updated.version + 1)
        updated.version += 1
    for attempt in attempts:
        event = attempt.event
        concerned = (
            list(event.survivors.all()) if event.outcome == AttemptOutcome.RESCUED else sought
        )
        case_services.event_update(
            actor=actor, event=event, expected_version=None, when=event.when,
            survivors=concerned, place=target_place, actor_office=lead_office,
            actor_official=lead_official,
        )  # fmt: skip
    return updated


@transaction.atomic
def operation_cancel(
    *,
    actor: User,
    operation: Operation,
    expected_version: int | None,
    reason: str,
    when: When | None = None,
) -> Operation:
    """Call off an operation, with the reason: it stays on the case, marked cancelled, and the
    cancellation is an entry on the timeline. Attempts already made remain what they were."""
    case = operation.case
    require(actor, Action.CASE_EDIT, case)
    reason = reason.strip()
    if not reason:
        raise ApplicationError(_("Say why the operation is cancelled."), field="reason")
    current = _locked(operation)
    if current.status == OperationStatus.CANCELLED:
        raise ApplicationError(_("This operation is already cancelled."))
    if current.status == OperationStatus.SUCCEEDED:
        raise ApplicationError(
            _(
                "This operation brought people out: a rescue that happened cannot be "
                "cancelled. Correct its attempts instead."
            )
        )
    when = when or When(timezone.now().replace(second=0, microsecond=0), Precision.TIME)
    if when.at is None:
        raise ApplicationError(_("Give when the operation was called off."), field="when")
    updated = tracked_update(
        current, actor=actor, expected_version=expected_version,
        status=OperationStatus.CANCELLED, cancel_reason=reason, reason=reason,
    )  # fmt: skip
    case_services.event_record(
        actor=actor, case=case, type=EventType.OTHER, when=when,
        survivors=list(updated.survivors_sought.all()), place=updated.target_place,
        actor_office=updated.lead_office, actor_official=updated.lead_official,
        actor_staff=actor,
        note=_("Rescue operation planned for %(planned)s cancelled: %(reason)s")
        % {"planned": _local(updated.planned_for), "reason": reason},
    )  # fmt: skip
    return updated


@transaction.atomic
def attempt_update(
    *,
    actor: User,
    attempt: Attempt,
    expected_version: int | None,
    when: When,
    outcome: str,
    what_followed: str = "",
) -> Attempt:
    """Correct an attempt: when it was made, how it failed, what followed. ``expected_version``
    is its timeline entry's, which holds the time and outcome. Whether people were brought out
    is not changed here: who they were is recorded with them."""
    operation = attempt.operation
    case = operation.case
    require(actor, Action.CASE_EDIT, case)
    current = _locked(operation)
    event = attempt.event
    stored = Event.objects.only("outcome").get(pk=event.pk).outcome
    if (stored == AttemptOutcome.RESCUED) != (outcome == AttemptOutcome.RESCUED):
        raise ApplicationError(
            _(
                "A failed attempt cannot become a rescue here: record the rescue as a new "
                "attempt, with who was brought out."
            )
            if outcome == AttemptOutcome.RESCUED
            else _(
                "This attempt brought people out, so it cannot be marked failed. If it was "
                "recorded by mistake, ask a supervisor."
            ),
            field="outcome",
        )
    if when.at is None:
        raise ApplicationError(
            _("Give when the attempt was made: the day and time if known, else “early Nov 2024”."),
            field="when",
        )
    _check_after_plan(current.planned_for, when)
    case_services.event_update(
        actor=actor, event=event, expected_version=expected_version, when=when,
        survivors=list(event.survivors.all()), outcome=outcome, note=what_followed,
        by_panel=True,
    )  # fmt: skip
    return tracked_update(attempt, actor=actor, expected_version=None, what_followed=what_followed)


@transaction.atomic
def attempt_record(
    *,
    actor: User,
    operation: Operation,
    when: When,
    outcome: str,
    people_brought_out: int = 0,
    survivors_out: Iterable[Survivor] = (),
    others_out: Iterable[str] = (),
    what_followed: str = "",
    hand_offs: Iterable[tuple[Office, dt.datetime, str]] = (),
) -> Attempt:
    case = operation.case
    require(actor, Action.CASE_EDIT, case)
    operation = Operation.objects.select_for_update(of=("self",)).get(pk=operation.pk)
    if operation.status not in (OperationStatus.PLANNED, OperationStatus.OPEN):
        raise ApplicationError(
            _("This operation is %(status)s; plan a new one for another attempt.")
            % {"status": operation.get_status_display().lower()}
        )
    named = list(survivors_out)
    others = [o.strip() for o in others_out if o.strip()]
    case_services.check_survivors_of_case(case, named, field="survivors_out")
    if when.at is None:
        raise ApplicationError(
            _("Give when the attempt was made: the day and time if known, else “early Nov 2024”."),
            field="when",
        )
    _check_after_plan(operation.planned_for, when)
    listed = len(named) + len(others)
    if people_brought_out != listed:
        raise ApplicationError(
            _(
                "You counted %(count)s people brought out but listed %(listed)s. Name each "
                "survivor of the case, and describe each other person, so that nobody is lost."
            )
            % {"count": people_brought_out, "listed": listed},
            field="people_brought_out",
        )
    if outcome == AttemptOutcome.RESCUED and listed == 0:
        raise ApplicationError(_("A rescue brings someone out: list who."), field="survivors_out")
    if outcome in FAILED and listed:
        raise ApplicationError(
            _("The attempt failed, yet people are listed as brought out. Check the outcome."),
            field="outcome",
        )
    concerned = (
        named if outcome == AttemptOutcome.RESCUED else list(operation.survivors_sought.all())
    )
    event = case_services.event_record(
        actor=actor,
        case=case,
        type=EventType.RESCUE_ATTEMPT,
        when=when,
        outcome=outcome,
        survivors=concerned,
        place=operation.target_place,
        actor_office=operation.lead_office,
        actor_official=operation.lead_official,
        note=what_followed,
    )
    attempt = tracked_create(
        Attempt,
        actor=actor,
        event=event,
        operation=operation,
        people_brought_out=people_brought_out,
        what_followed=what_followed,
    )
    BroughtOut.objects.bulk_create(
        [BroughtOut(attempt=attempt, survivor=s) for s in named]
        + [BroughtOut(attempt=attempt, description=d) for d in others]
    )
    for office, at, note in hand_offs:
        HandOff.objects.create(attempt=attempt, office=office, at=at, note=note)
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=attempt,
        changes={
            "brought_out": [None, [s.pseudonym for s in named] + ["(described)"] * len(others)],
            "hand_offs": [None, [o.name for o, _at, _n in hand_offs]],
        },
    )
    status = (
        OperationStatus.SUCCEEDED if outcome == AttemptOutcome.RESCUED else OperationStatus.OPEN
    )
    tracked_update(operation, actor=actor, expected_version=None, status=status)
    if outcome in FAILED:
        # She may be moved now that the traffickers know: the case goes to the top.
        _make_urgent(actor, case, _("failed rescue attempt"))
    # What the timeline derives reads who was brought out (the statistics' people rescued).
    return case_services.detail_recorded(attempt)


@transaction.atomic
def brought_out_add_to_case(
    *, actor: User, brought_out: BroughtOut, pseudonym: str, new_case: bool = False, **values: Any
) -> Survivor:
    """Someone brought out becomes a survivor of this case, or of a new case, in two clicks."""
    case = brought_out.attempt.operation.case
    require(actor, Action.CASE_EDIT, case)
    # Lock it: a double click would otherwise make two survivors of one person.
    brought_out = (
        BroughtOut.objects.select_for_update(of=("self",))
        .select_related("attempt__event")
        .get(pk=brought_out.pk)
    )
    if brought_out.survivor_id:
        raise ApplicationError(
            _("%(name)s is already a survivor.") % {"name": brought_out.survivor}
        )
    target = case
    if new_case:
        target = case_services.case_open(
            actor=actor,
            title=_("Brought out during the rescue of %(ref)s") % {"ref": case.reference},
            offence_date=case.offence_date,
            origin_country=case.origin_country,
            destination_country=case.destination_country,
            team=[m.user for m in case.members.select_related("user")],
        )
    survivor = case_services.survivor_add(actor=actor, case=target, pseudonym=pseudonym, **values)
    rescue = brought_out.attempt.event
    rescued_at = rescue.when
    case_services.survivor_set_status(actor=actor, case=target, survivor=survivor, status="rescued")
    # Her rescue is on the timeline of her case, so that its clocks run for her too (a child
    # brought out is produced before the CWC within 24 hours).
    if target == case:
        rescue.survivors.add(survivor)
    else:
        case_services.event_record(
            actor=actor,
            case=target,
            type=EventType.RESCUE,
            when=rescued_at,
            survivors=[survivor],
            place=rescue.place,
            note=_("Brought out during the rescue attempt in %(ref)s.") % {"ref": case.reference},
        )
    before = snapshot(brought_out)
    brought_out.survivor = survivor
    brought_out.save(update_fields=["survivor"])
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=brought_out,
        changes=diff(before, snapshot(brought_out)),
        reason=_("brought out on %(when)s") % {"when": format_when(rescued_at)},
    )
    # Her clocks run from the rescue, and the statistics count her as a named survivor.
    case_services.timeline_touched(case)
    return survivor
