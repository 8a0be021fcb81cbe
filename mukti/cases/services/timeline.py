"""The timeline: events, sightings, and what they derive (the survivors' status, their
vulnerability windows, the case's last change, the hooks other apps register)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import models, transaction
from django.db.models import Min
from django.utils import timezone
from django.utils.translation import gettext as _

from mukti.accounts.access import require
from mukti.accounts.models import User
from mukti.audit.models import AuditAction
from mukti.audit.services import audit_record, diff, snapshot
from mukti.audit.tracked import tracked_create, tracked_update
from mukti.cases import details, hooks, search
from mukti.cases.access import event_edit_action
from mukti.cases.models import (
    NOT_YET_RESCUED,
    AttemptOutcome,
    Case,
    CaseSurvivor,
    Confidence,
    Event,
    EventType,
    Sighting,
    Survivor,
    SurvivorStatus,
)
from mukti.cases.services.survivors import survivor_set_status
from mukti.core import l10n
from mukti.core.errors import ApplicationError
from mukti.core.fuzzydate import When, format_when
from mukti.directory.models import Jurisdiction, JurisdictionKind

# Events that can only follow the trafficking itself.
AFTER_TRAFFICKING = frozenset(EventType.values) - {
    EventType.TRAFFICKED,
    EventType.INFORMATION_RECEIVED,
    EventType.OTHER,
}
# What an event does to the survivors it concerns (only ever moving them forward).
STATUS_EFFECTS: dict[str, tuple[frozenset[str], str]] = {
    EventType.RESCUE: (NOT_YET_RESCUED, SurvivorStatus.RESCUED),
    EventType.SHELTER_PLACEMENT: (
        NOT_YET_RESCUED | {SurvivorStatus.RESCUED},
        SurvivorStatus.IN_CARE,
    ),
}


def check_survivors_of_case(case: Case, survivors: list[Survivor], *, field: str) -> None:
    """Refuse survivors who belong to another case (an id guessed or kept from another form)."""
    linked = set(case.case_survivors.values_list("survivor_id", flat=True))
    strangers = [s.pseudonym for s in survivors if s.pk not in linked]
    if strangers:
        raise ApplicationError(
            _("%(names)s is not a survivor of this case.") % {"names": ", ".join(strangers)},
            field=field,
        )


def _check_event(
    case: Case, *, type: str, when: When, outcome: str, survivors: list[Survivor]
) -> None:
    if type == EventType.RESCUE_ATTEMPT and not outcome:
        raise ApplicationError(_("Say how the rescue attempt ended."), field="outcome")
    if type != EventType.RESCUE_ATTEMPT and outcome:
        raise ApplicationError(
            _("Only a rescue attempt has an outcome; leave it empty."), field="outcome"
        )
    check_survivors_of_case(case, survivors, field="survivors")
    end = when.end()
    if (
        type in AFTER_TRAFFICKING
        and case.offence_date
        and end is not None
        and timezone.localtime(end).date() <= case.offence_date
    ):
        raise ApplicationError(
            _(
                "%(what)s on %(when)s would come before the trafficking on %(offence)s. "
                "Check the date."
            )
            % {
                "what": EventType(type).label,
                "when": format_when(when),
                "offence": l10n.day(case.offence_date),
            },
            field="when",
        )


def _apply_status_effects(actor: User, event: Event, survivors: list[Survivor]) -> None:
    effect = STATUS_EFFECTS.get(event.type)
    if event.type == EventType.RESCUE_ATTEMPT and event.outcome == AttemptOutcome.RESCUED:
        effect = STATUS_EFFECTS[EventType.RESCUE]
    if effect is None:
        return
    before, after = effect
    for link in CaseSurvivor.objects.filter(case=event.case, survivor__in=survivors):
        if link.status in before:
            survivor_set_status(actor=actor, case=event.case, survivor=link.survivor, status=after)


@transaction.atomic
def event_record(
    *,
    actor: User,
    case: Case,
    type: str,
    when: When,
    survivors: Iterable[Survivor] = (),
    outcome: str = "",
    **values: Any,
) -> Event:
    require(actor, event_edit_action(type), case)
    people = list(survivors)
    _check_event(case, type=type, when=when, outcome=outcome, survivors=people)
    event = tracked_create(
        Event,
        actor=actor,
        case=case,
        type=type,
        occurred_at=when.at,
        precision=when.precision,
        sort_at=when.middle(),
        outcome=outcome,
        **values,
    )
    event.survivors.set(people)
    _apply_status_effects(actor, event, people)
    _touch(case)
    search.case_reindex(case)
    return event


@transaction.atomic
def event_update(
    *,
    actor: User,
    event: Event,
    expected_version: int | None,
    when: When,
    survivors: Iterable[Survivor] = (),
    by_panel: bool = False,
    **values: Any,
) -> Event:
    """Correct an entry. ``by_panel``: the detail's own panel corrects it (a rescue attempt's
    outcome), having checked its own rules; the timeline's form never passes it."""
    case = event.case
    # Compare with the row as stored: a bound form has already written onto ``event``.
    stored = Event.objects.only("type", "outcome").get(pk=event.pk)
    require(actor, event_edit_action(stored.type), case)
    require(actor, event_edit_action(values.get("type", stored.type)), case)
    detail = _detail_of(event)
    if (
        detail
        and not by_panel
        and (
            values.get("type", stored.type) != stored.type
            or values.get("outcome", stored.outcome) != stored.outcome
        )
    ):
        raise ApplicationError(
            _(
                "This entry is %(what)s; its kind and outcome are kept by %(panel)s. "
                "Record a new entry there instead."
            )
            % {"what": detail.label, "panel": detail.panel},
            field="type",
        )
    people = list(survivors)
    _check_event(
        case,
        type=values.get("type", event.type),
        when=when,
        outcome=values.get("outcome", event.outcome),
        survivors=people,
    )
    updated = tracked_update(
        event,
        actor=actor,
        expected_version=expected_version,
        occurred_at=when.at,
        precision=when.precision,
        sort_at=when.middle(),
        **values,
    )
    before = sorted(updated.survivors.values_list("pk", flat=True))
    updated.survivors.set(people)
    if before != sorted(s.pk for s in people):
        audit_record(
            actor=actor,
            action=AuditAction.UPDATE,
            obj=updated,
            changes={"survivors": [before, sorted(s.pk for s in people)]},
        )
    _apply_status_effects(actor, updated, people)
    _touch(case)
    search.case_reindex(case)
    return updated


def _detail_of(event: Event) -> details.Detail | None:
    """The typed detail hanging on this event, if any (its state depends on the event)."""
    found = details.attached(Event.objects.select_related(*details.DETAILS).get(pk=event.pk))
    return found[0] if found else None


@transaction.atomic
def event_delete(*, actor: User, event: Event) -> None:
    case = event.case
    require(actor, event_edit_action(event.type), case)
    detail = _detail_of(event)
    if detail:
        raise ApplicationError(
            _(
                "This entry is %(what)s: removing it here would leave the records of %(panel)s "
                "wrong. Correct it from there."
            )
            % {"what": detail.label, "panel": detail.panel}
        )
    changes = diff(snapshot(event), {})
    label, pk = str(event), event.pk
    try:
        with transaction.atomic():
            hooks.event_removing(event)
            event.delete()
    except models.ProtectedError as error:
        # Records of other apps that must not vanish with it (an attached document).
        attached = sorted({str(o._meta.verbose_name_plural) for o in error.protected_objects})
        raise ApplicationError(
            _("This entry has %(what)s attached: remove them first, then the entry.")
            % {"what": ", ".join(attached)}
        ) from None
    audit_record(
        actor=actor,
        action=AuditAction.DELETE,
        object_type="cases.event",
        object_id=str(pk),
        object_repr=f"{case.reference}: {label}",
        changes=changes,
    )
    _touch(case)
    search.case_reindex(case)


def _windows_refresh(case: Case) -> None:
    """Each survivor's vulnerability window starts at her earliest confirmed sighting: derived
    from the timeline, so adding, redating or removing a sighting moves it."""
    firsts = dict(
        Sighting.objects.filter(
            event__case=case, confidence=Confidence.CONFIRMED, event__occurred_at__isnull=False
        )
        .values("survivor_id")
        .annotate(first=Min("event__occurred_at"))
        .values_list("survivor_id", "first")
    )
    # "case" too: the related manager sets it on each row, which read it one query a row.
    for link in case.case_survivors.only("case", "survivor_id", "located_at"):
        first = firsts.get(link.survivor_id)
        if link.located_at != first:
            CaseSurvivor.objects.filter(pk=link.pk).update(located_at=first)


def timeline_touched(case: Case) -> None:
    """For apps whose typed details change what the timeline derives (an answer recorded, a
    stay ended) without an event of their own changing."""
    _touch(case)


def detail_recorded(record: Any) -> Any:
    """Called by apps once the typed detail of a new event exists: what the timeline derives
    (clocks, checks) reads the detail, which the event's own recording could not yet see."""
    _touch(record.event.case)
    return record


def _touch(case: Case) -> None:
    """The case list sorts by last change; a new timeline entry is a change to the case."""
    Case.objects.filter(pk=case.pk).update(updated_at=timezone.now())
    _windows_refresh(case)
    hooks.timeline_changed(case)


@transaction.atomic
def sighting_record(
    *,
    actor: User,
    case: Case,
    survivor: Survivor,
    when: When,
    place: Jurisdiction,
    source: str,
    confidence: str = Confidence.PROBABLE,
    address: str = "",
    latitude: Any = None,
    longitude: Any = None,
    note: str = "",
) -> Sighting:
    if confidence == Confidence.CONFIRMED and when.at is None:
        raise ApplicationError(
            _(
                "A confirmed sighting needs at least the day she was seen: the rescue clock "
                "starts then."
            ),
            field="when",
        )
    event = event_record(
        actor=actor,
        case=case,
        type=EventType.LOCATION_IDENTIFIED,
        when=when,
        survivors=[survivor],
        place=place,
        note=note,
    )
    sighting = Sighting(
        event=event,
        survivor=survivor,
        place=place,
        address=address,
        latitude=latitude,
        longitude=longitude,
        source=source,
        confidence=confidence,
    )
    sighting.full_clean()
    sighting.save()
    audit_record(
        actor=actor, action=AuditAction.CREATE, obj=sighting, changes=diff({}, snapshot(sighting))
    )
    if confidence == Confidence.CONFIRMED:
        link = CaseSurvivor.objects.get(case=case, survivor=survivor)
        if link.status == SurvivorStatus.MISSING:
            survivor_set_status(
                actor=actor, case=case, survivor=survivor, status=SurvivorStatus.LOCATED
            )
    _touch(case)  # again: the sighting row exists only now (windows, clocks)
    if case.district_id is None:
        district = _district_of(place)
        if district is not None:
            Case.objects.filter(pk=case.pk).update(district=district)
            case.district = district
            hooks.case_changed(case, ["district_id"])  # what is counted per district follows
    search.case_reindex(case)
    return sighting


def _district_of(place: Jurisdiction | None) -> Jurisdiction | None:
    node = place
    while node is not None:
        if node.kind == JurisdictionKind.DISTRICT:
            return node
        node = node.parent
    return None
