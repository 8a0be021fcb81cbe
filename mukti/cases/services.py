"""Every write to cases, survivors, sightings and the timeline."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.db import models, transaction
from django.db.models import Min
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from mukti.accounts.access import Action, can, require
from mukti.accounts.models import User
from mukti.audit.models import AuditAction, AuditRecord
from mukti.audit.services import audit_record, diff, snapshot
from mukti.audit.tracked import tracked_create, tracked_update, version_conflict
from mukti.cases import details, hooks, search
from mukti.cases.access import SURVIVOR_CARE_FIELDS, event_edit_action
from mukti.cases.models import (
    CASE_TRANSITIONS,
    NOT_YET_RESCUED,
    AttemptOutcome,
    Case,
    CaseMember,
    CaseStatus,
    CaseSurvivor,
    Confidence,
    Event,
    EventType,
    ProtectedIdentity,
    ReferenceCounter,
    Sighting,
    Survivor,
    SurvivorStatus,
    adult_on,
)
from mukti.core.errors import ApplicationError
from mukti.core.fuzzydate import When, format_when
from mukti.directory.models import Jurisdiction, JurisdictionKind

# ---------------------------------------------------------------------------------------------
# Cases


def _next_reference(year: int) -> str:
    # Lock the year's counter: two cases opened at once would otherwise take the same number.
    counter, _created = ReferenceCounter.objects.select_for_update().get_or_create(year=year)
    counter.last += 1
    counter.save(update_fields=["last"])
    return f"MK-{year}-{counter.last:04d}"


def _district_of(place: Jurisdiction | None) -> Jurisdiction | None:
    node = place
    while node is not None:
        if node.kind == JurisdictionKind.DISTRICT:
            return node
        node = node.parent
    return None


def _set_team(case: Case, team: Iterable[User]) -> None:
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
    case = tracked_create(Case, actor=actor, reference=_next_reference(opened.year), **values)
    _set_team(case, team)
    search.case_reindex(case)
    return case


def _check_opened_on(opened_on: dt.date) -> None:
    if opened_on > timezone.localdate():
        raise ApplicationError(
            _("The case cannot be opened on %(date)s, a day still to come.")
            % {"date": f"{opened_on:%d %b %Y}"},
            field="opened_on",
        )


def _check_offence_date(offence_date: dt.date | None) -> None:
    if offence_date is not None and offence_date > timezone.localdate():
        raise ApplicationError(
            _("The offence date %(date)s is in the future.") % {"date": f"{offence_date:%d %b %Y}"},
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


# ---------------------------------------------------------------------------------------------
# Survivors

MAX_AGE_YEARS = 120


def _age_values(values: dict[str, Any]) -> dict[str, Any]:
    birth, age = values.get("birth_date"), values.get("age_years")
    today = timezone.localdate()
    if age is not None and values.get("age_assessed_on") is None:
        # The age was told today: record when, or the minor flag would drift with each edit.
        values["age_assessed_on"] = today
    assessed = values.get("age_assessed_on")
    if age is not None and not 0 <= age <= MAX_AGE_YEARS:
        # An age of 2100 once made the day she turns 18 fall before year 1 (a 500 error).
        raise ApplicationError(
            _("An age of %(age)s years is not possible. Type her age in years, up to %(max)s.")
            % {"age": age, "max": MAX_AGE_YEARS},
            field="age_years",
        )
    if birth is not None and birth > today:
        raise ApplicationError(_("The date of birth is in the future."), field="birth_date")
    if assessed is not None and assessed > today:
        raise ApplicationError(_("The assessment date is in the future."), field="age_assessed_on")
    if birth is not None and age is not None:
        on = assessed or today
        actual = on.year - birth.year - ((on.month, on.day) < (birth.month, birth.day))
        tolerance = 1 if values.get("age_estimated") else 0
        if abs(actual - age) > tolerance:
            raise ApplicationError(
                _(
                    "An age of %(age)s does not fit the date of birth %(birth)s: she was "
                    "%(actual)s on %(on)s. Correct one of them, or leave the age empty."
                )
                % {
                    "age": age,
                    "birth": f"{birth:%d %b %Y}",
                    "actual": actual,
                    "on": f"{on:%d %b %Y}",
                },
                field="age_years",
            )
    values["adult_on"] = adult_on(birth_date=birth, age_years=age, assessed_on=assessed)
    return values


def _check_care_fields(actor: User, case: Case, values: dict[str, Any]) -> None:
    given = [name for name in SURVIVOR_CARE_FIELDS if name in values]
    if given and not can(actor, Action.CARE_EDIT, case):
        raise ApplicationError(
            _("Health and care needs are recorded by care staff; leave them to them."),
            field=given[0],
        )


def _check_pseudonym_free(pseudonym: str, exclude: Survivor | None = None) -> None:
    # Pseudonyms are how everyone tells survivors apart on screen: two alike would confuse.
    taken = Survivor.objects.filter(pseudonym__iexact=pseudonym)
    if exclude is not None:
        taken = taken.exclude(pk=exclude.pk)
    if taken.exists():
        raise ApplicationError(
            _("The pseudonym “%(name)s” is already used. Choose another.") % {"name": pseudonym},
            field="pseudonym",
        )


@transaction.atomic
def survivor_add(
    *, actor: User, case: Case, identity: dict[str, Any] | None = None, **values: Any
) -> Survivor:
    require(actor, Action.CASE_EDIT, case)
    _check_care_fields(actor, case, values)
    _check_pseudonym_free(values.get("pseudonym", ""))
    survivor = tracked_create(Survivor, actor=actor, **_age_values(values))
    protected = ProtectedIdentity(survivor=survivor, updated_by=actor, **(identity or {}))
    protected.full_clean()
    protected.save()
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=protected,
        changes=diff({}, snapshot(protected)),
    )
    CaseSurvivor.objects.create(case=case, survivor=survivor)
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=case,
        changes={"survivors": [None, survivor.pseudonym]},
    )
    search.case_reindex(case)
    return survivor


@transaction.atomic
def survivor_update(
    *, actor: User, case: Case, survivor: Survivor, expected_version: int | None, **values: Any
) -> Survivor:
    require(actor, Action.CASE_EDIT, case)
    _check_care_fields(actor, case, values)
    if "pseudonym" in values:
        _check_pseudonym_free(values["pseudonym"], exclude=survivor)
    before = Survivor.objects.values(*hooks.fields_read("survivor")).get(pk=survivor.pk)
    updated = tracked_update(
        survivor, actor=actor, expected_version=expected_version, **_age_values(values)
    )
    hooks.survivor_changed(
        updated, [name for name, value in before.items() if getattr(updated, name) != value]
    )
    for linked in Case.objects.filter(case_survivors__survivor=updated):
        search.case_reindex(linked)
    return updated


# How long after revealing an identity its reader may correct it: the correction form is on the
# reveal page, so a correction comes within minutes of the reveal it follows.
IDENTITY_EDIT_WINDOW = dt.timedelta(minutes=30)
IDENTITY_TEXT_FIELDS = ("legal_name", "aliases", "family_contacts", "home_address",
                        "identity_documents")  # fmt: skip


@transaction.atomic
def survivor_identity_update(
    *,
    actor: User,
    case: Case,
    survivor: Survivor,
    reason: str,
    expected_version: int | None,
    clear: Iterable[str] = (),
    **values: Any,
) -> ProtectedIdentity:
    """Correct a protected identity. Only who has just revealed it, with the right and a
    reason, may change it; a field not given is kept, and a value is removed only when it is
    named in ``clear`` (an empty field is never taken to mean "remove"). Like every update, it
    is refused when someone saved the identity since ``expected_version``."""
    require(actor, Action.SURVIVOR_REVEAL, case)
    if len(reason.strip()) < 10:
        raise ApplicationError(
            _("Reveal her identity first, giving the reason; then correct it."), field="reason"
        )
    protected = ProtectedIdentity.objects.select_for_update().get(survivor=survivor)
    revealed = AuditRecord.objects.filter(
        actor=actor, action=AuditAction.REVEAL, object_type="cases.protectedidentity",
        object_id=str(protected.pk), at__gte=timezone.now() - IDENTITY_EDIT_WINDOW,
    )  # fmt: skip
    if not revealed.exists():
        raise ApplicationError(
            _("Reveal her identity first, giving the reason; then correct it."), field=None
        )
    clear = set(clear)
    unknown = clear - set(IDENTITY_TEXT_FIELDS) - {"photo"}
    if unknown:
        raise ApplicationError(_("Only identity fields can be removed."), field="clear")
    changed: dict[str, Any] = {}
    for name, value in values.items():
        if name == "photo" and value is None:
            continue  # no new photo uploaded: keep the one there is
        if name in IDENTITY_TEXT_FIELDS and not (value or "").strip():
            if getattr(protected, name) and name not in clear:
                raise ApplicationError(
                    _("%(field)s is empty: to remove it, tick “remove” beside it. Nothing "
                      "was changed.")
                    % {"field": capfirst(_identity_label(name))},
                    field=name,
                )  # fmt: skip
            value = ""
        changed[name] = value
    for name in clear:
        changed[name] = None if name == "photo" else ""
        if name == "photo":
            changed["photo_content_type"] = ""
    # ProtectedIdentity carries version and updated_by without being a TrackedModel (it keeps
    # no created/updated times: they would date each reveal's correction).
    return tracked_update(  # type: ignore[type-var]
        protected, actor=actor, expected_version=expected_version, reason=reason, **changed
    )


@transaction.atomic
def survivor_reveal(
    *, actor: User, case: Case, survivor: Survivor, reason: str
) -> ProtectedIdentity:
    """Read a survivor's protected identity. The read itself is audited with its reason."""
    require(actor, Action.SURVIVOR_REVEAL, case)
    if len(reason.strip()) < 10:
        raise ApplicationError(
            _("Say why you need to see her identity (at least a few words)."), field="reason"
        )
    if not case.case_survivors.filter(survivor=survivor).exists():
        raise ApplicationError(_("This survivor is not part of this case."))
    protected = ProtectedIdentity.objects.get(survivor=survivor)
    audit_record(
        actor=actor,
        action=AuditAction.REVEAL,
        obj=protected,
        object_repr=f"{survivor.pseudonym} ({case.reference})",
        reason=reason.strip(),
    )
    return protected


@transaction.atomic
def survivor_set_status(
    *, actor: User, case: Case, survivor: Survivor, status: str
) -> CaseSurvivor:
    require(actor, Action.CASE_EDIT, case)
    link = CaseSurvivor.objects.select_for_update().get(case=case, survivor=survivor)
    if link.status != status:
        audit_record(
            actor=actor,
            action=AuditAction.UPDATE,
            obj=case,
            changes={f"status of {survivor.pseudonym}": [link.status, status]},
        )
        link.status = status
        link.save(update_fields=["status"])
    return link


# ---------------------------------------------------------------------------------------------
# The timeline

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


def _identity_label(name: str) -> str:
    field = ProtectedIdentity._meta.get_field(name)
    assert isinstance(field, models.Field)  # IDENTITY_TEXT_FIELDS are columns
    return str(field.verbose_name)


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
                "offence": f"{case.offence_date:%d %b %Y}",
            },
            field="when",
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
    for link in case.case_survivors.only("survivor_id", "located_at"):
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
    search.case_reindex(case)
    return sighting
