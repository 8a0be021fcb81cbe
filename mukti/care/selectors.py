"""Reads of the care side: the care page of a case, shelter occupancy, consent for exports."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Q
from django.shortcuts import get_object_or_404
from django.utils import timezone

from mukti.accounts.access import Action, scope
from mukti.accounts.models import User
from mukti.care import consent
from mukti.care.models import (
    Assessment,
    Consent,
    Domain,
    FollowUp,
    Goal,
    MedicalCare,
    Placement,
    Repatriation,
    RepatriationStep,
    Service,
    StepKind,
)
from mukti.care.services import event_day, step_overdue
from mukti.cases.models import Case, CaseSurvivor, Survivor
from mukti.cases.selectors import case_get_for_side, case_record_get
from mukti.deadlines.services import rule_limit
from mukti.directory.models import Office, OfficeKind
from mukti.directory.selectors import within


def case_for_care(*, user: User, reference: str, write: bool = False) -> Case:
    """The case, if this user works on its care side (a legal officer on the team gets 403)."""
    return case_get_for_side(
        user=user, reference=reference, write=write, view=Action.CARE_VIEW, edit=Action.CARE_EDIT
    )


def record_get(model: type, *, case: Case, pk: int, related: tuple[str, ...] = ()) -> Any:
    """A care record of this case, with its survivor."""
    return case_record_get(model, case=case, pk=pk, related=("survivor", *related))


def repatriation_get(*, case: Case, pk: int) -> Repatriation:
    return record_get(Repatriation, case=case, pk=pk)


def step_get(*, case: Case, pk: int) -> RepatriationStep:
    steps = RepatriationStep.objects.select_related(
        "event", "repatriation__case", "repatriation__survivor"
    )
    return get_object_or_404(steps, pk=pk, repatriation__case=case)


@dataclass
class SurvivorCare:
    link: CaseSurvivor
    placements: list[Placement] = field(default_factory=list)
    medical: list[MedicalCare] = field(default_factory=list)
    services: list[Service] = field(default_factory=list)
    follow_ups: list[FollowUp] = field(default_factory=list)
    goals: list[Goal] = field(default_factory=list)
    assessments: list[Assessment] = field(default_factory=list)
    repatriations: list[Repatriation] = field(default_factory=list)
    consents: list[Consent] = field(default_factory=list)

    @property
    def survivor(self) -> Survivor:
        return self.link.survivor

    @property
    def current_placement(self) -> Placement | None:
        return next((p for p in self.placements if p.ended_on is None), None)

    @property
    def next_follow_up(self) -> dt.date | None:
        dues = [f.next_due_on for f in self.follow_ups[-1:] if f.next_due_on]
        dues += [m.follow_up_on for m in self.medical if m.follow_up_on]
        return min(dues) if dues else None

    @property
    def chart(self) -> dict[str, Any] | None:
        return progress_chart(self.assessments) if self.assessments else None


def _by_survivor(rows: Iterable[Any], care: dict[int, SurvivorCare], name: str) -> None:
    for row in rows:
        if row.survivor_id in care:
            getattr(care[row.survivor_id], name).append(row)


def case_care(*, case: Case) -> list[SurvivorCare]:
    """Everything on the care page, one query per kind of record whatever their number."""
    links = case.case_survivors.select_related("survivor").order_by("id")
    care = {link.survivor_id: SurvivorCare(link) for link in links}
    by_date = ("event__occurred_at", "id")
    _by_survivor(
        Placement.objects.filter(survivor_id__in=care).select_related("event", "home")
        .order_by(*by_date), care, "placements",
    )  # fmt: skip
    _by_survivor(
        MedicalCare.objects.filter(case=case).select_related("event", "facility")
        .order_by(*by_date), care, "medical",
    )  # fmt: skip
    _by_survivor(
        Service.objects.filter(case=case).select_related("event").order_by(*by_date),
        care, "services",
    )  # fmt: skip
    _by_survivor(
        FollowUp.objects.filter(case=case).select_related("event").order_by(*by_date),
        care, "follow_ups",
    )  # fmt: skip
    _by_survivor(Goal.objects.filter(case=case), care, "goals")
    _by_survivor(
        Assessment.objects.filter(case=case).select_related("event").order_by(*by_date),
        care, "assessments",
    )  # fmt: skip
    repatriations = list(Repatriation.objects.filter(case=case).order_by("id"))
    steps = (
        RepatriationStep.objects.filter(repatriation__case=case)
        .select_related("event", "authority")
        .order_by(*by_date)
    )
    grouped: dict[int, list[RepatriationStep]] = {}
    today = timezone.localdate()
    # The wait allowed is the "repatriation step overdue" clock's, as the administrator set it.
    allowed = rule_limit("repatriation_step")
    for step in steps:
        step.overdue_days = step_overdue(step, allowed, today)
        grouped.setdefault(step.repatriation_id, []).append(step)
    for repatriation in repatriations:
        repatriation.step_list = grouped.get(repatriation.pk, [])
        # The next step is offered once every recorded step is done (they follow in order).
        recorded = repatriation.step_list
        waiting = any(s.completed_on is None for s in recorded)
        repatriation.next_steps = (
            []
            if waiting
            else [k for k in STEP_CHOICES if k[0] not in {s.kind for s in recorded}][:1]
        )
    _by_survivor(repatriations, care, "repatriations")
    _by_survivor(Consent.objects.filter(case=case), care, "consents")
    return list(care.values())


STEP_CHOICES = StepKind.choices

# The progress chart: six lines, one per domain, over the assessment dates (server-drawn SVG).
CHART_W, CHART_H, PAD = 560, 200, 36
DOMAIN_COLOURS = ("#0d6efd", "#6f42c1", "#d63384", "#fd7e14", "#198754", "#20c997")


def progress_chart(assessments: list[Assessment]) -> dict[str, Any]:
    n = len(assessments)
    step = (CHART_W - 2 * PAD) / max(n - 1, 1)

    def y(score: int) -> float:
        return CHART_H - PAD - (score - 1) * (CHART_H - 2 * PAD) / 3

    xs = [PAD + i * step for i in range(n)]
    lines = []
    for (value, label), colour in zip(Domain.choices, DOMAIN_COLOURS, strict=True):
        points = [
            (x, y(getattr(a, f"{value}_score"))) for x, a in zip(xs, assessments, strict=True)
        ]
        lines.append(
            {
                "label": label,
                "colour": colour,
                "points": " ".join(f"{x:.0f},{py:.0f}" for x, py in points),
                "dots": points,
                "last": getattr(assessments[-1], f"{value}_score"),
            }
        )
    return {
        "width": CHART_W,
        "height": CHART_H,
        "lines": lines,
        "ticks": [(x, f"{event_day(a.event):%b %Y}") for x, a in zip(xs, assessments, strict=True)],
        "levels": [(y(score), score) for score in (1, 2, 3, 4)],
        "left": PAD,
        "right": CHART_W - PAD,
    }


@dataclass(frozen=True)
class Occupancy:
    home: Office
    current: int
    people: list[str]

    @property
    def free(self) -> int | None:
        return None if self.home.capacity is None else self.home.capacity - self.current


def occupancy(*, user: User, district: int | None = None) -> list[Occupancy]:
    """Current occupancy of every shelter home (in ``district``, if given); names (pseudonyms)
    only of the user's cases."""
    homes = Office.objects.filter(kind=OfficeKind.SHELTER_HOME)
    if district:
        homes = homes.filter(within("jurisdiction", district))
    homes = homes.annotate(current=Count("placements", filter=Q(placements__ended_on__isnull=True)))
    visible = scope(user, Action.CASE_VIEW, Case.objects.all()).values("pk")
    names: dict[int, list[str]] = {}
    for home_id, pseudonym in (
        Placement.objects.filter(ended_on__isnull=True, case_id__in=visible)
        .order_by("survivor__pseudonym")
        .values_list("home_id", "survivor__pseudonym")
    ):
        names.setdefault(home_id, []).append(pseudonym)
    return [Occupancy(h, h.current, names.get(h.pk, [])) for h in homes.order_by("name")]


def consent_given(
    *, survivor: Survivor, purpose: str, partner: str = "", on: dt.date | None = None
) -> bool:
    """Whether she has a consent in force for this use on this day (``care.consent`` decides)."""
    return consent.refusal(survivor=survivor, purpose=purpose, partner=partner, on=on) is None
