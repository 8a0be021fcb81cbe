"""Reads of cases that pages (and later the API) share. Each page's query count is fixed."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Exists, F, OuterRef, Prefetch, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone

from mukti.accounts.access import Action, can, require, scope
from mukti.accounts.models import Role, User
from mukti.cases import details, search
from mukti.cases.access import hidden_event_types
from mukti.cases.models import (
    NOT_YET_RESCUED,
    Case,
    CaseSurvivor,
    Confidence,
    Event,
    ProtectedIdentity,
    Sighting,
    Survivor,
)

CASE_ROLES = (Role.CASEWORKER, Role.SUPERVISOR, Role.LEGAL_OFFICER, Role.AFTERCARE_OFFICER)
SORTS = {
    "opened": ("-opened_on", "-id"),
    "oldest": ("opened_on", "id"),
    "updated": ("-updated_at", "-id"),
    "priority": ("-priority", "-opened_on", "-id"),
    "reference": ("reference",),
}


@dataclass(frozen=True)
class CaseFilters:
    query: str = ""
    status: str = ""
    priority: int | None = None
    member: int | None = None
    district: int | None = None
    opened_from: dt.date | None = None
    opened_to: dt.date | None = None
    minor: bool = False
    nationality: str = ""
    sort: str = "opened"


def case_list(*, actor: User, filters: CaseFilters) -> QuerySet[Case]:
    cases = scope(actor, Action.CASE_VIEW, Case.objects.all())
    if filters.status:
        cases = cases.filter(status=filters.status)
    if filters.priority:
        cases = cases.filter(priority=filters.priority)
    if filters.member:
        cases = cases.filter(members__user_id=filters.member)
    if filters.district:
        cases = cases.filter(district_id=filters.district)
    if filters.opened_from:
        cases = cases.filter(opened_on__gte=filters.opened_from)
    if filters.opened_to:
        cases = cases.filter(opened_on__lte=filters.opened_to)
    if filters.minor:
        minors = CaseSurvivor.objects.filter(
            case_id=OuterRef("pk"), survivor__adult_on__gt=timezone.localdate()
        )
        cases = cases.filter(Exists(minors))
    if filters.nationality:
        nationals = CaseSurvivor.objects.filter(
            case_id=OuterRef("pk"), survivor__nationality=filters.nationality
        )
        cases = cases.filter(Exists(nationals))
    cases = search.filter_cases(cases, filters.query)
    return (
        cases.select_related("lead", "district")
        .prefetch_related(
            Prefetch(
                "case_survivors",
                queryset=CaseSurvivor.objects.select_related("survivor").order_by("id"),
            )
        )
        .order_by(*SORTS.get(filters.sort, SORTS["opened"]))
    )


def case_get_for_user(*, user: User, reference: str, write: bool = False) -> Case:
    case = get_object_or_404(
        Case.objects.select_related("lead", "district", "updated_by"), reference=reference
    )
    # A case outside the user's team is reported as missing, not as forbidden: its reference
    # number must not confirm that it exists.
    if not can(user, Action.CASE_VIEW, case):
        raise Http404
    if write:
        require(user, Action.CASE_EDIT, case)
    return case


def case_get_for_side(
    *, user: User, reference: str, view: Action, edit: Action, write: bool = False
) -> Case:
    """The case, if this user works on that side of it (care, justice): a member of the team
    without the side's right (``view``, or ``edit`` to ``write``) gets 403."""
    case = case_get_for_user(user=user, reference=reference, write=write)
    require(user, edit if write else view, case)
    return case


def case_record_get(model: type, *, case: Case, pk: int, related: tuple[str, ...] = ()) -> Any:
    """A record of this case (another case's id is reported as missing)."""
    rows = model.objects.select_related("case", *related)  # type: ignore[attr-defined]
    return get_object_or_404(rows, pk=pk, case=case)


def case_owned_records(*, case: Case) -> dict[str, list[int]]:
    """The ids of what a case owns in this app, by audit object type: the case, its survivors,
    their protected identity and its timeline entries (the per-case access page). Three small
    id lists."""
    survivor_ids = list(case.case_survivors.values_list("survivor_id", flat=True))
    identities = ProtectedIdentity.objects.filter(survivor_id__in=survivor_ids)
    return {
        "cases.case": [case.pk],
        "cases.survivor": survivor_ids,
        "cases.protectedidentity": list(identities.values_list("pk", flat=True)),
        "cases.event": list(Event.objects.filter(case=case).values_list("pk", flat=True)),
    }


def case_survivors(*, case: Case) -> list[CaseSurvivor]:
    return list(case.case_survivors.select_related("survivor").order_by("id"))


def case_team(*, case: Case) -> list[User]:
    return [m.user for m in case.members.select_related("user").order_by("user__first_name")]


def survivor_get(*, case: Case, survivor_id: int) -> Survivor:
    return get_object_or_404(Survivor, pk=survivor_id, case_links__case=case)


def survivor_visible_get(*, user: User, survivor_id: Any) -> Survivor:
    """A survivor of any case this user may see (a 404 for any other, or for no number)."""
    try:
        pk = int(survivor_id)
    except (TypeError, ValueError):
        raise Http404 from None
    return get_object_or_404(scope(user, Action.CASE_VIEW, Survivor.objects.all()), pk=pk)


@dataclass(frozen=True)
class LastLocation:
    survivor: Survivor
    sighting: Sighting | None
    status: str

    @property
    def still_held(self) -> bool:
        return self.status in NOT_YET_RESCUED

    @property
    def hours_ago(self) -> float | None:
        if self.sighting is None or self.sighting.event.occurred_at is None:
            return None
        return (timezone.now() - self.sighting.event.occurred_at).total_seconds() / 3600


def last_confirmed_locations(*, case: Case, links: list[CaseSurvivor]) -> list[LastLocation]:
    """Each survivor's newest confirmed sighting, in one query."""
    sightings = (
        Sighting.objects.filter(event__case=case, confidence=Confidence.CONFIRMED)
        .select_related("event", "place")
        .order_by("survivor_id", "-event__occurred_at", "-id")
    )
    newest: dict[int, Sighting] = {}
    for sighting in sightings:
        newest.setdefault(sighting.survivor_id, sighting)
    return [
        LastLocation(link.survivor, newest.get(link.survivor_id), link.status) for link in links
    ]


TIMELINE_FIELDS = (
    "case_id", "type", "occurred_at", "precision", "sort_at", "outcome", "source", "note",
    "quote",
    "place__name", "actor_official__name", "actor_official__designation",
    "actor_official__rank", "actor_official__office__name", "actor_office__name",
    "actor_staff__first_name", "actor_staff__last_name", "actor_staff__username",
    "sighting__address", "sighting__source", "sighting__confidence",
)  # fmt: skip


def timeline(*, case: Case, user: User, type: str = "") -> list[Event]:
    """The case's events this user may see, in date order, with what the timeline shows already
    joined (the typed details other apps register included).

    Only the displayed columns are read: the page shows hundreds of events and every column
    costs a conversion per row.
    """
    events = (
        case.events.select_related(
            "place",
            "actor_official__office",
            "actor_office",
            "actor_staff",
            "sighting",
            *details.timeline_joins(),
        )
        .only(*TIMELINE_FIELDS, *details.timeline_columns())
        # who from our team took part: one query per kind of detail, only when the timeline
        # holds such an entry
        .prefetch_related(*details.timeline_prefetches())
    )
    if type:
        events = events.filter(type=type)
    hidden = hidden_event_types(user)
    if hidden:
        events = events.exclude(type__in=hidden)
    # Unknown dates go last; among equal dates, the order they were entered.
    rows: list[Event] = list(events.order_by(F("sort_at").asc(nulls_last=True), "id"))
    _attach_people(rows)
    # One reverse() for the page instead of one per event.
    pattern = reverse("cases:event-edit", args=[case.reference, 987654321])
    for row in rows:
        row.edit_url = pattern.replace("987654321", str(row.pk))
    return rows


def _attach_people(rows: list[Event]) -> None:
    """Each event's survivors as a plain list (``people``), in one query of (event, survivor,
    pseudonym) and one ``Survivor`` per person, shared by her events: Django's prefetch built a
    related manager and a model object per event and person, a fifth of the timeline's CPU
    (issue 24). The same rows, in the same order (``Survivor.Meta.ordering``), as that prefetch;
    no query when there are no events, as before."""
    if not rows:
        return
    links = (
        Event.survivors.through.objects.filter(event_id__in=[row.pk for row in rows])
        .order_by("survivor__pseudonym", "survivor_id")
        .values_list("event_id", "survivor_id", "survivor__pseudonym")
    )
    people: dict[int, list[Survivor]] = {}
    persons: dict[int, Survivor] = {}
    for event_id, survivor_id, pseudonym in links:
        person = persons.get(survivor_id)
        if person is None:
            person = Survivor.from_db(links.db, ["id", "pseudonym"], [survivor_id, pseudonym])
            persons[survivor_id] = person
        people.setdefault(event_id, []).append(person)
    for row in rows:
        row.people = people.get(row.pk, [])  # type: ignore[attr-defined]


def case_event_get(*, case: Case, user: User, event_id: int) -> Event:
    """One event of the case, if this user may see its kind."""
    events = Event.objects.select_related("case").exclude(type__in=hidden_event_types(user))
    return get_object_or_404(events, pk=event_id, case=case)


def staff_choices(organisation_id: int) -> QuerySet[User]:
    """The people of one organisation who can work on cases (every staff picker lists these)."""
    return User.objects.filter(
        is_active=True, role__in=CASE_ROLES, organisation_id=organisation_id
    ).order_by("first_name", "username")


def case_sightings(*, case: Case, user: User) -> QuerySet[Sighting]:
    """Where the case's survivors were seen, newest first (the API's list), if this user may
    see such entries."""
    return (
        Sighting.objects.filter(event__case=case)
        .exclude(event__type__in=hidden_event_types(user))
        .select_related("event", "place", "survivor")
        .order_by(F("event__sort_at").desc(nulls_last=True), "-id")
    )
