"""Reads of the legal case: the justice page, with a fixed number of queries."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Prefetch
from django.shortcuts import get_object_or_404

from mukti.accounts.access import Action, scope
from mukti.accounts.models import User
from mukti.cases.models import Case
from mukti.cases.selectors import case_get_for_side
from mukti.cases.selectors import case_record_get as record_get
from mukti.justice.models import (
    Arrest,
    Bail,
    CaseAccused,
    Chargesheet,
    Compensation,
    Custody,
    EvidenceItem,
    Fir,
    Hearing,
    Judgement,
    LegalSection,
    Testimony,
    Verdict,
)
from mukti.justice.services import Holder, Link, chain


def case_for_justice(*, user: User, reference: str, write: bool = False) -> Case:
    """The case, if this user works on its legal side (an aftercare officer gets 403)."""
    return case_get_for_side(
        user=user, reference=reference, write=write,
        view=Action.JUSTICE_VIEW, edit=Action.JUSTICE_EDIT,
    )  # fmt: skip


def case_accused_get(*, case: Case, accused_id: int) -> CaseAccused:
    """An accused of this case (through his link to it: he may be accused elsewhere too)."""
    rows = CaseAccused.objects.select_related("case", "accused")
    return get_object_or_404(rows, case=case, accused_id=accused_id)


def sections_in_force(case: Case) -> list[LegalSection]:
    sections = list(LegalSection.objects.all())
    if case.offence_date is None:
        return sections
    return [s for s in sections if s.in_force_on(case.offence_date)]


@dataclass
class AccusedRow:
    link: CaseAccused
    arrests: list[Arrest] = field(default_factory=list)
    bails: list[Bail] = field(default_factory=list)
    elsewhere: list[str] = field(default_factory=list)

    @property
    def bail(self) -> Bail | None:
        return self.bails[-1] if self.bails else None


@dataclass
class EvidenceRow:
    item: EvidenceItem
    links: list[Link]
    holder: Holder

    @property
    def broken(self) -> bool:
        return any(link.broken for link in self.links)


@dataclass
class JusticeFile:
    firs: list[Fir]
    chargesheets: list[Chargesheet]
    accused: list[AccusedRow]
    evidence: list[EvidenceRow]
    hearings: list[Hearing]
    testimonies: list[Testimony]
    judgements: list[Judgement]
    compensations: list[Compensation]


def justice_file(*, case: Case, user: User) -> JusticeFile:
    by_date = ("event__occurred_at", "id")
    sections = Prefetch("sections", queryset=LegalSection.objects.order_by("act", "id"))
    links = list(CaseAccused.objects.filter(case=case).select_related("accused"))
    rows = {link.accused_id: AccusedRow(link) for link in links}
    for arrest in (
        Arrest.objects.filter(case=case)
        .select_related("event", "officer__office")
        .order_by(*by_date)
    ):
        rows[arrest.accused_id].arrests.append(arrest)
    for bail in Bail.objects.filter(case=case).select_related("event").order_by(*by_date):
        rows[bail.accused_id].bails.append(bail)
    # "Also accused in": only the cases this user may see.
    visible = scope(user, Action.CASE_VIEW, Case.objects.all()).values("pk")
    for accused_id, reference in (
        CaseAccused.objects.filter(accused_id__in=rows, case_id__in=visible)
        .exclude(case=case)
        .order_by("case__reference")
        .values_list("accused_id", "case__reference")
    ):
        rows[accused_id].elsewhere.append(reference)
    custody = Prefetch(
        "custody",
        queryset=Custody.objects.select_related(
            "from_office", "from_official__office", "to_office", "to_official__office"
        ).order_by("at", "id"),
    )
    evidence = []
    for item in (
        EvidenceItem.objects.filter(case=case)
        .select_related("event", "seized_by_office", "seized_by_official__office")
        .prefetch_related(custody)
        .order_by(*by_date)
    ):
        item_links, holder = chain(item, list(item.custody.all()))
        evidence.append(EvidenceRow(item, item_links, holder))
    verdicts = Prefetch("verdicts", queryset=Verdict.objects.select_related("accused"))
    return JusticeFile(
        firs=list(
            Fir.objects.filter(case=case).select_related("event", "police_station")
            .prefetch_related(sections).order_by(*by_date)
        ),
        chargesheets=list(
            Chargesheet.objects.filter(case=case).select_related("event")
            .prefetch_related(sections).order_by(*by_date)
        ),
        accused=list(rows.values()),
        evidence=evidence,
        hearings=list(
            Hearing.objects.filter(case=case).select_related("event", "court").order_by(*by_date)
        ),
        testimonies=list(
            Testimony.objects.filter(case=case).select_related("event", "survivor", "court")
            .order_by(*by_date)
        ),
        judgements=list(
            Judgement.objects.filter(case=case).select_related("event", "court")
            .prefetch_related(verdicts).order_by(*by_date)
        ),
        compensations=list(
            Compensation.objects.filter(case=case).select_related("event", "survivor")
            .order_by(*by_date)
        ),
    )  # fmt: skip


def evidence_get(*, case: Case, pk: int) -> EvidenceItem:
    return record_get(EvidenceItem, case=case, pk=pk, related=("event",))
