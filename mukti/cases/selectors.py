"""Reads of cases that pages (and later the API) share. Each page's query count is fixed."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db import connections, router
from django.db.models import Exists, F, OuterRef, Prefetch, QuerySet
from django.db.models.fields.mixins import FieldCacheMixin
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone

from mukti.accounts.access import Action, can, require, scope
from mukti.accounts.models import Role, User
from mukti.cases import details, search
from mukti.cases.access import hidden_event_types
from mukti.cases.models import (
    NOT_YET_RESCUED,
    Case,
    CaseMember,
    CaseSurvivor,
    Confidence,
    Event,
    EventType,
    ProtectedIdentity,
    Sighting,
    Survivor,
)
from mukti.core.compiled import Plan, compiled, plan, stand_in
from mukti.core.links import links

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
    cases = search.filter_cases(cases, filters.query, organisation=actor.organisation_id)
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


# What a row of the case list shows (cases/templatetags/case_rows.py): the page reads only these
# columns of its 25 cases, their leads, districts and survivors (issue 24).
CASE_ROW_FIELDS = (
    "reference", "title", "status", "priority", "opened_on", "lead", "district",
    "lead__first_name", "lead__last_name", "lead__username", "district__name",
)  # fmt: skip


def case_list_rows(*, actor: User, filters: CaseFilters) -> QuerySet[Case]:
    """``case_list`` with only the columns the page's rows show; their survivors are read by
    ``case_list_survivors`` for the page's cases."""
    return case_list(actor=actor, filters=filters).only(*CASE_ROW_FIELDS).prefetch_related(None)


# The case list's survivors are read for this many cases at a time, the ids padded to it with
# an id no case has: one SQL, compiled once, for every page (issue 24).
SURVIVORS_BATCH = 25
NO_CASE = 0


@compiled
def _survivors_of_cases(*case_ids: int) -> QuerySet[CaseSurvivor, tuple[int, str, dt.date | None]]:
    return (
        CaseSurvivor.objects.filter(case_id__in=case_ids)
        .order_by("id")
        .values_list("case_id", "survivor__pseudonym", "survivor__adult_on")
    )


def case_list_survivors(case_ids: list[int]) -> dict[int, list[tuple[str, dt.date | None]]]:
    """The pseudonym and the day she comes of age (None: an adult, or not known) of each
    survivor of these cases, in the order they were added, by case id. For cases the caller
    has already found the user may see (the rows of the case list)."""
    found: dict[int, list[tuple[str, dt.date | None]]] = {}
    for start in range(0, len(case_ids), SURVIVORS_BATCH):
        batch = case_ids[start : start + SURVIVORS_BATCH]
        batch += [NO_CASE] * (SURVIVORS_BATCH - len(batch))
        for case_id, pseudonym, adult_on in _survivors_of_cases(*batch):
            found.setdefault(case_id, []).append((pseudonym, adult_on))
    return found


@compiled
def _case_by_reference(reference: str) -> QuerySet[Case]:
    return Case.objects.select_related("lead", "district", "updated_by").filter(reference=reference)


def case_get_for_user(*, user: User, reference: str, write: bool = False) -> Case:
    found = _case_by_reference(reference)
    if not found:  # (a reference is unique)
        raise Http404
    case = found[0]
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


@compiled
def _case_survivors(case_id: int) -> QuerySet[CaseSurvivor]:
    return CaseSurvivor.objects.filter(case_id=case_id).select_related("survivor").order_by("id")


def case_survivors(*, case: Case) -> list[CaseSurvivor]:
    links = _case_survivors(case.pk)
    for link in links:
        link.case = case  # as case.case_survivors would
    return links


@compiled
def _case_team(case_id: int) -> QuerySet[CaseMember]:
    return (
        CaseMember.objects.filter(case_id=case_id)
        .select_related("user")
        .order_by("user__first_name")
    )


def case_team(*, case: Case) -> list[User]:
    return [m.user for m in _case_team(case.pk)]


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


@compiled
def _confirmed_sightings(case_id: int) -> QuerySet[Sighting]:
    return (
        Sighting.objects.filter(event__case_id=case_id, confidence=Confidence.CONFIRMED)
        .select_related("event", "place")
        .order_by("survivor_id", "-event__occurred_at", "-id")
    )


def last_confirmed_locations(*, case: Case, links: list[CaseSurvivor]) -> list[LastLocation]:
    """Each survivor's newest confirmed sighting, in one query."""
    newest: dict[int, Sighting] = {}
    for sighting in _confirmed_sightings(case.pk):
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
    hidden = hidden_event_types(user)
    rows = _timeline_events(case, type, hidden)
    # who from our team took part: one query per kind of detail, only when the timeline holds
    # such an entry
    details.teams_attach(rows, case.pk)
    attach_people(rows, case)
    # One reverse() for the page instead of one per event.
    edit_url = links("cases:event-edit", case.reference)
    for row in rows:
        row.edit_url = edit_url(row.pk)
    return rows


# What the API's list of events shows of each (api/v1.py ``_event``): the place, official and
# office by name, the survivors (``attach_people``).
EVENT_LIST_FIELDS = (
    "type", "occurred_at", "precision", "sort_at", "outcome", "note",
    "place__name", "actor_official__name", "actor_office__name",
)  # fmt: skip


def event_list(*, case: Case, user: User, type: str = "") -> QuerySet[Event]:
    """The case's events this user may see, in the timeline's order, with only what the API's
    list shows: a page of them is read with LIMIT and OFFSET (issue 24). The API read the case
    page's timeline, thirty tables joined for every event of the case and objects made for
    each, to return the first 25 (203 events: 8 ms of CPU). Their survivors: ``attach_people``
    on the page's events."""
    events = (
        Event.objects.filter(case=case)
        .select_related("place", "actor_official", "actor_office")
        .only(*EVENT_LIST_FIELDS)
    )
    if type:
        events = events.filter(type=type)
    hidden = hidden_event_types(user)
    if hidden:
        events = events.exclude(type__in=hidden)
    return events.order_by(F("sort_at").asc(nulls_last=True), "id")


def _timeline_queryset(db: str, case_id: int, type: str, hidden: frozenset[str]) -> Any:
    events = (
        Event.objects.using(db)
        .filter(case_id=case_id)
        .select_related(
            "place",
            "actor_official__office",
            "actor_office",
            "actor_staff",
            "sighting",
            *details.timeline_joins(),
        )
        .only(*TIMELINE_FIELDS, *details.timeline_columns())
    )
    if type:
        events = events.filter(type=type)
    if hidden:
        events = events.exclude(type__in=hidden)
    # Unknown dates go last; among equal dates, the order they were entered.
    return events.order_by(F("sort_at").asc(nulls_last=True), "id")


@dataclass(frozen=True)
class _CompiledTimeline:
    base: Plan  # the queryset's plan; its SQL is run as ``sql``
    sql: str
    # (index of the joined row's primary key in a result row, its cache name, its populator)
    joined: list[tuple[int | None, str, Any]]
    # results before the rows (PostgreSQL: the statement that fixes the join order)
    skip: int = 0


def _compiled_timeline(db: str, type: str, hidden: frozenset[str]) -> _CompiledTimeline:
    """The timeline's SQL and what turns its rows into objects, compiled once per database
    connection and kind of query (issue 24): compiling the thirty-table join cost more CPU on
    every case page than running it on SQLite. Kept on the connection's wrapper, which belongs
    to one thread and lives as long as it (the converters and populators it holds are that
    connection's); the key holds everything the SQL depends on but the case."""
    connection = connections[db]
    cache = connection.__dict__.setdefault("mukti_timeline_sql", {})
    key = (type, hidden, details.timeline_joins(), details.timeline_columns())
    compiled: _CompiledTimeline | None = cache.get(key)
    if compiled is not None:
        return compiled
    # Kept only for kinds of event that exist (the callers check the filter): a made-up one
    # must not grow the cache.
    keep = not type or type in EventType.values
    base = plan(_timeline_queryset(db, stand_in(0), type, hidden), (int,), db)
    sql = base.sql
    skip = 0
    if connection.vendor == "postgresql":
        # Each detail is a LEFT JOIN on the event's key, so every join order gives the same
        # plan, yet PostgreSQL searched them on every case page: 10-12 ms of planning for a
        # query that runs in 3 ms (100,000 cases). Planned in the order written, 2.4 ms, the
        # same plan (docs/benchmarks.md). SET LOCAL lasts for the statement's own implicit
        # transaction in autocommit; inside a transaction the last statement puts the default
        # back, so nothing after the timeline plans differently. One round trip, one query.
        sql = f"SET LOCAL join_collapse_limit = 1; {sql}; SET LOCAL join_collapse_limit TO DEFAULT"
        skip = 1
    joined: list[tuple[int | None, str, Any]] = []
    for populator in base.populators:
        setter = populator.local_setter
        simple = (
            populator.reorder_for_init is None
            and getattr(setter, "__func__", None) is FieldCacheMixin.set_cached_value
        )
        slot = populator.cols_start + populator.pk_idx if simple else None
        joined.append((slot, setter.__self__.cache_name if simple else "", populator))
    compiled = _CompiledTimeline(base=base, sql=sql, joined=joined, skip=skip)
    if keep:
        cache[key] = compiled
    return compiled


def _timeline_events(case: Case, type: str, hidden: frozenset[str]) -> list[Event]:
    """The timeline's events, as ``list(_timeline_queryset(...))`` would return them (what
    Django's ModelIterable does, for this one query): the SQL compiled once
    (``_compiled_timeline``), and each of the score of typed details an event does not have
    marked missing in one step rather than through its populator."""
    db = router.db_for_read(Event)
    compiled = _compiled_timeline(db, type, hidden)
    base = compiled.base
    fetched = base.fetch(db, (case.pk,), sql=compiled.sql, skip=compiled.skip)
    rows: list[Event] = []
    set_case = Event._meta.get_field("case").set_cached_value
    init_list, columns, joined = list(base.init_list), base.columns, compiled.joined
    for values in base.convert(fetched):
        event = Event.from_db(db, init_list, values[columns])
        cache = event._state.fields_cache
        for slot, name, populator in joined:
            if slot is not None and values[slot] is None:
                cache[name] = None
            else:
                populator.populate(values, event)
        set_case(event, case)  # as case.events does: each event knows its case
        rows.append(event)
    return rows


@compiled
def _people_of_events(case_id: int) -> QuerySet[Any, tuple[int, int, str]]:
    return (
        Event.survivors.through.objects.filter(event__case_id=case_id)
        .order_by("survivor__pseudonym", "survivor_id")
        .values_list("event_id", "survivor_id", "survivor__pseudonym")
    )


def attach_people(rows: list[Event], case: Case, *, page: bool = False) -> None:
    """Each event's survivors as a plain list (``people``), in one query of (event, survivor,
    pseudonym) and one ``Survivor`` per person, shared by her events: Django's prefetch built a
    related manager and a model object per event and person, a fifth of the timeline's CPU
    (issue 24). The same rows, in the same order (``Survivor.Meta.ordering``), as that prefetch;
    no query when there are no events, as before. The links are read by case (an index), not
    by a list of hundreds of event ids, each a parameter to prepare; those of events not shown
    (hidden or filtered out) are passed over. ``page``: the rows are a page of at most a hundred
    (the API's list), whose links are read by their ids, not the whole case's."""
    if not rows:
        return
    db = router.db_for_read(Survivor)
    people: dict[int, list[Survivor]] = {}
    persons: dict[int, Survivor] = {}
    if page:  # a page of the API's list: its events' links only, not the whole case's
        links: Any = (
            Event.survivors.through.objects.filter(event_id__in=[row.pk for row in rows])
            .order_by("survivor__pseudonym", "survivor_id")
            .values_list("event_id", "survivor_id", "survivor__pseudonym")
        )
    else:
        links = _people_of_events(case.pk)
    for event_id, survivor_id, pseudonym in links:
        person = persons.get(survivor_id)
        if person is None:
            person = Survivor.from_db(db, ["id", "pseudonym"], [survivor_id, pseudonym])
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


@compiled
def _staff_names(organisation_id: int) -> QuerySet[User, tuple[int, str, str, str]]:
    return staff_choices(organisation_id).values_list("pk", "first_name", "last_name", "username")


def staff_options(organisation_id: int) -> tuple[tuple[int, str], ...]:
    """``staff_choices`` as (id, the name ``str(user)`` gives), its SQL compiled once: the case
    list's filter, whose options are rendered once per list (``core.options``)."""
    return tuple(
        (pk, User.name_of(first, last, username))
        for pk, first, last, username in _staff_names(organisation_id)
    )


def case_sightings(*, case: Case, user: User) -> QuerySet[Sighting]:
    """Where the case's survivors were seen, newest first (the API's list), if this user may
    see such entries."""
    return (
        Sighting.objects.filter(event__case=case)
        .exclude(event__type__in=hidden_event_types(user))
        .select_related("event", "place", "survivor")
        .order_by(F("event__sort_at").desc(nulls_last=True), "-id")
    )
