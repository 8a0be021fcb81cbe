"""Reads of the rescue phase: the escalation chain, the vulnerability window, responsiveness."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any, TypedDict

from django.db.models import (
    Count,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    prefetch_related_objects,
)
from django.shortcuts import get_object_or_404
from django.utils import timezone

from mukti.accounts.access import Action, can, has_scope_rule, require, scope
from mukti.accounts.models import User
from mukti.cases.access import (
    case_team_filter,
    has_few_cases,
    sees_whole_organisation,
    team_rule,
)
from mukti.cases.models import AttemptOutcome, Case, CaseSurvivor, Event, EventType, SurvivorStatus
from mukti.core.aggregates import JSONTexts, Median, MinutesBetween
from mukti.core.compiled import compiled
from mukti.core.monthly import every_district, full_months, median, month_span
from mukti.directory.models import Office, Official
from mukti.rescue import monthly
from mukti.rescue.models import (
    ANSWERED,
    Answer,
    Attempt,
    BroughtOut,
    Engagement,
    Operation,
    ResponsivenessMonth,
)


@dataclass
class Hop:
    engagement: Engagement
    repeat: bool  # the office was already asked earlier in this chain

    @property
    def minutes_waited(self) -> float | None:
        return self.engagement.minutes_to_answer


@dataclass
class Chain:
    hops: list[Hop] = field(default_factory=list)

    @property
    def text(self) -> str:
        """ "SSP → AHTU: verified → SP Basirhat: deferred → OC Rajbari Outpost: agreed"."""
        return " → ".join(
            f"{hop.engagement.short_who}: {hop.engagement.get_answer_display().lower()}"
            for hop in self.hops
        )


@compiled
def _case_engagements(case_id: int) -> QuerySet[Engagement]:
    return (
        Engagement.objects.filter(case_id=case_id)
        .select_related("event", "office", "official", "referred_to_office", "referred_to_official")
        .order_by("event__occurred_at", "id")
    )


def case_chains(*, case: Case) -> list[Chain]:
    """Each escalation path of the case, following referrals, in one query."""
    engagements = _case_engagements(case.pk)
    for engagement in engagements:
        engagement.case = case  # as case.engagements would
    by_previous = {e.previous_id: e for e in engagements if e.previous_id}
    chains: list[Chain] = []
    for start in (e for e in engagements if e.previous_id is None):
        chain, seen = Chain(), set()
        node: Engagement | None = start
        while node is not None:
            chain.hops.append(Hop(node, node.office_id in seen))
            seen.add(node.office_id)
            node = by_previous.get(node.pk)
        chains.append(chain)
    return chains


def engagement_get(*, case: Case, engagement_id: int) -> Engagement:
    """An engagement of this case (another case's id is reported as missing): the case itself
    comes from ``case_get_for_user``, which applies the user's access."""
    rows = Engagement.objects.select_related("event")
    return get_object_or_404(rows, pk=engagement_id, case=case)


def operation_get(*, case: Case, operation_id: int) -> Operation:
    rows = Operation.objects.select_related("case", "target_place", "lead_office")
    return get_object_or_404(rows, pk=operation_id, case=case)


def attempt_get(*, case: Case, attempt_id: int) -> Attempt:
    rows = Attempt.objects.select_related(
        "event__case", "operation__case", "operation__target_place"
    )
    return get_object_or_404(rows, pk=attempt_id, operation__case=case)


def brought_out_get(*, case: Case, brought_out_id: int) -> BroughtOut:
    """Someone brought out by an attempt of one of this case's operations."""
    rows = BroughtOut.objects.select_related("attempt__event")
    return get_object_or_404(rows, pk=brought_out_id, attempt__operation__case=case)


@compiled
def _case_operations(case_id: int) -> QuerySet[Operation]:
    return (
        Operation.objects.filter(case_id=case_id)
        .select_related("target_place", "lead_office", "lead_official")
        .order_by("planned_for", "id")
    )


def case_operations(*, case: Case) -> list[Operation]:
    operations = _case_operations(case.pk)
    for operation in operations:
        operation.case = case  # as case.operations would
    prefetch_related_objects(
        operations,
        "survivors_sought",
        "attempts__event",
        "attempts__brought_out__survivor",
        "attempts__hand_offs__office",
    )
    return operations


class WindowAnnotations(TypedDict):
    """What located_not_rescued adds to each link, from the case's latest engagement."""

    last_answer: str | None
    last_office: str | None
    referred_to: str | None
    deferred_until: dt.datetime | None
    failed_attempts: int | None


if TYPE_CHECKING:
    from django_stubs_ext import WithAnnotations

    LocatedLink = WithAnnotations[CaseSurvivor, WindowAnnotations]


@dataclass(frozen=True)
class WindowRow:
    link: CaseSurvivor
    hours: float
    last_answer: str | None
    last_office: str | None
    next_step: str
    deferred_until: dt.datetime | None
    failed_attempts: int

    @property
    def overdue_deferral(self) -> bool:
        return self.deferred_until is not None and self.deferred_until < timezone.now()


def _located(actor: User) -> QuerySet[CaseSurvivor]:
    return CaseSurvivor.objects.filter(case_team_filter(actor), status=SurvivorStatus.LOCATED)


def located_count(*, actor: User, cap: int) -> int:
    """How many survivors ``located_not_rescued`` lists, counted up to ``cap + 1`` (the home
    page): from the rule alone. Counted from the list, each of the hundred rows computed the
    five subqueries of its last request and failed attempts (1 ms of SQLite's time and 2 of
    compiling them, on every home page; issue 24)."""
    require(actor, Action.CASE_VIEW)
    return _located(actor).order_by()[: cap + 1].count()


def located_not_rescued(*, actor: User) -> QuerySet[LocatedLink]:
    """Survivors whose location is confirmed and who are not yet out, longest window first."""
    require(actor, Action.CASE_VIEW)
    latest = Engagement.objects.filter(case_id=OuterRef("case_id")).order_by(
        "-event__occurred_at", "-id"
    )
    failed = (
        Event.objects.filter(case_id=OuterRef("case_id"), type=EventType.RESCUE_ATTEMPT)
        .exclude(outcome=AttemptOutcome.RESCUED)
        .order_by()
        .values("case_id")
        .annotate(n=Count("id"))
        .values("n")
    )
    return (
        _located(actor)
        .select_related("case", "survivor")
        .annotate(
            last_answer=Subquery(latest.values("answer")[:1]),
            last_office=Subquery(latest.values("office__name")[:1]),
            referred_to=Subquery(latest.values("referred_to_office__name")[:1]),
            deferred_until=Subquery(latest.values("deferred_until")[:1]),
            failed_attempts=Subquery(failed),
        )
        .order_by("located_at", "id")
    )


def window_rows(links: list[LocatedLink]) -> list[WindowRow]:
    now = timezone.now()
    rows = []
    for link in links:
        answer = link.last_answer
        if answer == Answer.REFERRED:
            step = link.referred_to or ""
        elif answer in (Answer.PENDING, Answer.DEFERRED, Answer.AGREED):
            step = link.last_office or ""
        else:
            step = ""
        hours = (now - link.located_at).total_seconds() / 3600 if link.located_at else 0.0
        rows.append(
            WindowRow(
                link=link,
                hours=hours,
                last_answer=str(Answer(answer).label) if answer else None,
                last_office=link.last_office,
                next_step=step,
                deferred_until=link.deferred_until,
                failed_attempts=link.failed_attempts or 0,
            )
        )
    return rows


@dataclass(frozen=True)
class Responsiveness:
    name: str
    engagements: int
    answered: int
    referred: int
    rescues_after: int
    median_minutes: float | None

    @property
    def answered_share(self) -> float:
        return self.answered / self.engagements if self.engagements else 0.0

    @property
    def referred_share(self) -> float:
        return self.referred / self.engagements if self.engagements else 0.0


def _requests(actor: User, key: str, district: int | None) -> QuerySet[Engagement]:
    """The actor's organisation's requests to an office (or official), as its access allows,
    for one district's cases if given."""
    engagements = (
        scope(actor, Action.RESPONSIVENESS_VIEW, Engagement.objects.all())
        .filter(organisation=actor.organisation_id)
        .exclude(**{f"{key}__isnull": True})
    )
    if district:  # the engagements of the district's cases
        engagements = engagements.filter(case__district_id=district)
    return engagements


def _named(
    key: str, figures: Mapping[int, tuple[int, int, int, int, float | None]], top: int | None = None
) -> list[tuple[int, Responsiveness]]:
    """The rows with their office's (or official's) name, most asked first (the first ``top``
    only, if given), each with its id."""
    model = Office if key == "office" else Official
    names = dict(model.objects.filter(pk__in=list(figures)).values_list("pk", "name"))
    rows = [
        (pk, Responsiveness(names.get(pk, ""), *f[:4], _rounded(f[4]))) for pk, f in figures.items()
    ]
    # The id last: two offices of one name keep one order.
    rows.sort(key=lambda row: (-row[1].engagements, row[1].name, row[0]))
    return rows[:top]


def _aware_period(start: dt.date, end: dt.date) -> tuple[dt.datetime, dt.datetime]:
    return (
        timezone.make_aware(dt.datetime.combine(start, dt.time.min)),
        timezone.make_aware(dt.datetime.combine(end, dt.time.max)),
    )


def responsiveness_raw(
    *, actor: User, start: dt.date, end: dt.date, by: str = "office", district: int | None = None
) -> list[Responsiveness]:
    """``responsiveness`` computed from every request of the period, aggregated in the database
    (the exact median of the minutes, not rounded): what the monthly rows must give, and what
    a role whose access is narrower than its organisation reads."""
    key = "office" if by == "office" else "official"
    tz_start, tz_end = _aware_period(start, end)
    engagements = _requests(actor, key, district).filter(asked_at__range=(tz_start, tz_end))
    timed = Q(answer__in=ANSWERED, answered_at__isnull=False, asked_precise=True)
    # Grouped on the key alone: the covering index answers it without visiting the table.
    figures = {
        r[f"{key}_id"]: (r["n"], r["answered"], r["referred"], r["rescued"], r["median"])
        for r in engagements.values(f"{key}_id").annotate(
            n=Count("id"),
            answered=Count("id", filter=Q(answer__in=ANSWERED)),
            referred=Count("id", filter=Q(answer=Answer.REFERRED)),
            rescued=Count("id", filter=Q(rescue_followed=True)),
            median=Median(MinutesBetween("answered_at", "asked_at"), filter=timed),
        )
    }
    return [row for _pk, row in _named(key, figures)]


def responsiveness(
    *,
    actor: User,
    start: dt.date,
    end: dt.date,
    by: str = "office",
    district: int | None = None,
    top: int | None = None,
) -> list[Responsiveness]:
    """Per office (or official): how often they answered, how fast (the median time to answer,
    in whole minutes), how often they passed us on, and how often a rescue followed within
    three days (for one district's cases, if given).

    The months wholly inside the period are read from the monthly rows (``ResponsivenessMonth``,
    a few hundred a year instead of every request of the year); the partial months at its edges
    from the requests themselves, grouped the same way; the two are summed here, and the median
    read from the summed histogram of minutes. The same figures as ``responsiveness_raw``
    whenever times are whole minutes (as the forms record them); otherwise each time to answer
    counts as its nearest whole minute. Another organisation's rows are never read.

    ``top``: the first so many rows only (the dashboard's chart), the same as the whole list's
    first ones; the medians, most of the CPU, are worked out for those alone."""
    if not can(actor, Action.RESPONSIVENESS_VIEW):
        return []
    if has_scope_rule(Engagement):
        # Some role sees only part of its organisation's requests: the monthly rows, summed
        # over the whole organisation, would say more than it may know.
        raw = responsiveness_raw(actor=actor, start=start, end=end, by=by, district=district)
        return raw[:top]
    key = "office" if by == "office" else "official"
    tz_start, tz_end = _aware_period(start, end)
    months, after_end = full_months(start, end), end + dt.timedelta(days=1)
    edges = Q(asked_at__range=(tz_start, tz_end))  # no whole month: all of it
    # Per office (or official): the four counts, and the histograms of minutes to sum (the
    # monthly rows' as the JSON text of a list of them, decoded only for a row that is shown).
    found: dict[int, tuple[list[int], list[Mapping[Any, int] | str]]] = {}
    if months is not None:
        inside_from = month_span(months[0])[0]
        inside_to = month_span(months[1])[1]
        # Two ranges of the index, not the year filtered.
        edges = Q(asked_at__gte=tz_start, asked_at__lt=inside_from) | Q(
            asked_at__gte=inside_to, asked_at__lte=tz_end
        )
        rows = ResponsivenessMonth.objects.filter(
            organisation_id=actor.organisation_id,
            month__gte=months[0],
            month__lte=months[1],
            **{f"{key}__isnull": False},
        )
        # One district's rows, or those summed over every district.
        rows = rows.filter(district_id=district) if district else rows.filter(every_district())
        summed = (
            rows.order_by()
            .values(f"{key}_id")
            .annotate(
                n=Sum("engagements"), n_answered=Sum("answered"), n_referred=Sum("referred"),
                n_rescued=Sum("rescues_after"), histograms=JSONTexts("minutes"),
            )
            .values_list(f"{key}_id", "n", "n_answered", "n_referred", "n_rescued", "histograms")
        )  # fmt: skip
        for pk, *counts, histograms in summed:
            found[pk] = (counts, [histograms])
    whole_months = months is not None and start == months[0] and after_end.day == 1
    if not whole_months:  # a partial month at either edge
        partial = _requests(actor, key, district).filter(edges)
        for pk, tally in monthly.tallies_by(partial, f"{key}_id").items():
            counts, histograms = found.setdefault(pk, ([0, 0, 0, 0], []))
            for i, n in enumerate(
                (tally.engagements, tally.answered, tally.referred, tally.rescues_after)
            ):
                counts[i] += n
            histograms.append(tally.minutes)
    counted = {pk: (c[0], c[1], c[2], c[3], None) for pk, (c, _h) in found.items()}
    return [
        replace(row, median_minutes=_rounded(median(_decoded(found[pk][1]))))
        for pk, row in _named(key, counted, top=top)
    ]


def _decoded(histograms: list[Mapping[Any, int] | str]) -> list[Mapping[Any, int]]:
    """The histograms of minutes, those still JSON text (of a list of them) decoded."""
    decoded: list[Mapping[Any, int]] = []
    for h in histograms:
        if isinstance(h, str):
            decoded += json.loads(f"[{h}]")
        else:
            decoded.append(h)
    return decoded


def _rounded(value: float | None) -> float | None:
    return None if value is None else round(value, 3)


def answers_awaited(*, actor: User) -> QuerySet[Engagement]:
    """Requests to authorities of the user's cases still waiting for an answer, longest first
    (the home page's "answers awaited")."""
    require(actor, Action.CASE_VIEW)
    return _awaited(*_awaited_scope(actor))


def _awaited_scope(actor: User) -> tuple[tuple[int, ...], bool]:
    """The ids ``_awaited`` reads the actor's requests by (her organisation's, then her own
    if she sees only her team's) and whether her team is few (``has_few_cases``)."""
    if sees_whole_organisation(actor):
        return (actor.organisation_id,), False
    return (actor.organisation_id, actor.pk), has_few_cases(actor)


def _awaited(ids: tuple[int, ...], few: bool) -> QuerySet[Engagement]:
    # The organisation's own copy on the request (a case's team is of its organisation, so
    # for a caseworker this only narrows where to look): its pending requests are read in
    # order from a partial index, the first hundred only, rather than every pending request
    # of the organisation joined to its event and sorted (250 ms at 100,000 cases).
    pending = Engagement.objects.filter(answer=Answer.PENDING, organisation_id=ids[0])
    if len(ids) > 1:
        # For a large team, the pending index read in order: "case in (her cases)" read every
        # engagement of a lead's 7,429 cases and sorted them, 29 ms on SQLite for the first
        # five; 2.0 ms with her membership checked per row (PostgreSQL: 7 ms either way).
        pending = pending.filter(team_rule(ids[1], few=few))
    # ``asked_at`` is the event's time, copied by engagements_refresh (the clocks' state
    # machine test proves the copy): the same order as the event's, without the join.
    return pending.select_related("case", "office", "official", "event").order_by("asked_at", "id")


@compiled
def _awaited_ids(*ids: int, few: bool, cap: int) -> QuerySet[Engagement, int]:
    return _awaited(ids, few).order_by().values_list("pk", flat=True)[: cap + 1]


@compiled
def _awaited_first(*ids: int, few: bool, shown: int) -> QuerySet[Engagement]:
    return _awaited(ids, few)[:shown]


def answers_awaited_head(*, actor: User, shown: int, cap: int) -> tuple[int, list[Engagement]]:
    """How many of ``answers_awaited`` there are, counted up to ``cap + 1``, and the first
    ``shown`` of them (the home page), through SQL compiled once per connection (issue 24):
    compiling them took 2 ms of CPU on every home page, their SQL 0.1 ms."""
    require(actor, Action.CASE_VIEW)
    ids, few = _awaited_scope(actor)
    waiting = len(_awaited_ids(*ids, few=few, cap=cap))
    return waiting, (_awaited_first(*ids, few=few, shown=shown) if waiting else [])
