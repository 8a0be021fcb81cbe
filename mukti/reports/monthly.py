"""Statistics by month: what the statistics page counts, kept per organisation, month and
district (``StatisticsMonth``), so that a year's table reads a few hundred rows instead of every
record of the year.

It takes two steps, because the figures come from nine tables of three apps:

- **Facts** (``StatisticsFact``): each thing counted, of one case, in its month and the case's
  district, as ``statistics.statistics_raw`` counts it from the records. After every change to
  a case (the hook in cases/hooks.py, in the change's transaction) ``statistics_refresh``
  recomputes that case's facts from its records, a fixed number of queries, and compares them
  with the stored ones: most changes (a note, a request to an authority) change none.
- **Months**: the facts that changed name the organisation's months and districts whose rows
  are recomputed from the facts.

The stored rows therefore cannot say anything the records do not; the never-drift test compares
both tables with a rebuild, and the page read from them with ``statistics_raw``, after every step
of random sequences of changes.
"""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.db.models import Q, QuerySet, Sum
from django.utils import timezone

from mukti.care.models import RepatriationStep, StepKind
from mukti.cases.models import AttemptOutcome, Case, CaseSurvivor, Event, EventType
from mukti.core.aggregates import JSONListItems
from mukti.core.compiled import compiled
from mukti.core.monthly import RebuildResult, any_of, lock, month_of, null_safe, rebuild_each
from mukti.justice.models import Compensation, Verdict, VerdictOutcome
from mukti.reports.models import Measure, StatisticsFact, StatisticsMonth
from mukti.rescue.models import BroughtOut

# pg_advisory_xact_lock's first key: "statistics of an organisation" (the second is its id).
LOCK_NAMESPACE = 0x4D4B5354

# (case, measure, month, district, survivor, value): one fact, as stored.
Fact = tuple[int, str, dt.date, int | None, int | None, float | None]
# (organisation, month, district): the unit whose row is recomputed.
Group = tuple[int, dt.date, int | None]
FACT_COLUMNS = ("case_id", "measure", "month", "district_id", "survivor_id", "value")

# The measures counted as records in each row's column of the same meaning.
COUNTED: dict[str, str] = {
    Measure.RESCUED: "rescued",
    Measure.MINOR: "minors",
    Measure.CROSS_BORDER: "cross_border",
    Measure.FAILED_ATTEMPT: "failed_attempts",
    Measure.FIR: "firs",
    Measure.ARREST: "arrests",
    Measure.CHARGESHEET: "chargesheets",
    Measure.CONVICTION: "convictions",
}
# The measures that count people: each survivor once in the rows' list of the same name.
PEOPLE: dict[str, str] = {
    Measure.LOCATED: "located",
    Measure.REPATRIATED: "repatriated",
    Measure.AWARDED: "awarded",
    Measure.PAID: "paid",
}
AMOUNTS: dict[str, str] = {Measure.AWARDED: "awarded_amount", Measure.PAID: "paid_amount"}


@dataclass(frozen=True)
class Sources:
    """The models the facts are read from (a migration passes them as they were then)."""

    case: Any = Case
    case_survivor: Any = CaseSurvivor
    event: Any = Event
    brought_out: Any = BroughtOut
    repatriation_step: Any = RepatriationStep
    verdict: Any = Verdict
    compensation: Any = Compensation
    facts: Any = StatisticsFact
    months: Any = StatisticsMonth


def _local_day(moment: dt.datetime) -> dt.date:
    return timezone.localtime(moment, timezone.get_default_timezone()).date()


@dataclass
class CaseFacts:
    facts: dict[int, list[Fact]]  # by case
    organisation: dict[int, int]  # of each case


def _queries(scope: Callable[[str], Q], src: Sources) -> dict[str, QuerySet[Any]]:
    """The rows the facts are made of, of the cases ``scope`` selects (``scope(path)``: the
    filter on the case at the end of ``path``, "" for the case itself, "case__" for a
    record's): seven queries whatever their number."""
    return {
        "cases": src.case.objects.filter(scope("")).values_list(
            "pk", "organisation_id", "district_id", "origin_country", "destination_country"
        ),
        "located": src.case_survivor.objects.filter(
            scope("case__"), located_at__isnull=False
        ).values_list("case_id", "survivor_id", "located_at"),
        "brought_out": src.brought_out.objects.filter(
            scope("attempt__operation__case__"), attempt__event__occurred_at__isnull=False
        ).values_list(
            "attempt__operation__case_id", "survivor_id", "attempt__event__occurred_at",
            "survivor__adult_on",
        ),
        # Failed attempts, FIRs, arrests and chargesheets: entries of the timeline (the last
        # three counted by their typed detail).
        "events": src.event.objects.filter(scope("case__"), occurred_at__isnull=False)
        .filter(
            (Q(type=EventType.RESCUE_ATTEMPT) & ~Q(outcome=AttemptOutcome.RESCUED))
            | Q(fir__isnull=False)
            | Q(arrest__isnull=False)
            | Q(chargesheet__isnull=False)
        )
        .values_list(
            "case_id", "type", "outcome", "occurred_at", "fir__id", "arrest__id",
            "chargesheet__id",
        ),
        "handovers": src.repatriation_step.objects.filter(
            scope("repatriation__case__"), kind=StepKind.HANDOVER, completed_on__isnull=False
        ).values_list("repatriation__case_id", "repatriation__survivor_id", "completed_on"),
        "convictions": src.verdict.objects.filter(
            scope("judgement__case__"),
            outcome=VerdictOutcome.CONVICTED,
            judgement__event__occurred_at__isnull=False,
        ).values_list("judgement__case_id", "judgement__event__occurred_at"),
        "compensations": src.compensation.objects.filter(scope("case__")).values_list(
            "case_id", "survivor_id", "event__occurred_at", "amount_awarded", "paid_on",
            "amount_paid",
        ),
    }  # fmt: skip


def case_facts(scope: Callable[[str], Q], src: Sources = Sources()) -> CaseFacts:
    """The facts of the cases ``scope`` selects (as ``_queries``), by case."""
    return _facts({name: qs.order_by() for name, qs in _queries(scope, src).items()})


@compiled
def _one_case(case_id: int, *, name: str) -> QuerySet[Any]:
    return _queries(lambda path: Q(**{f"{path}pk": case_id}), Sources())[name].order_by()


def _facts(rows: dict[str, Iterable[tuple[Any, ...]]]) -> CaseFacts:
    """The facts of these rows (``_queries``'), each measure as ``statistics_raw`` counts it
    from the records."""
    cases, organisation = {}, {}
    for pk, organisation_id, district, origin, destination in rows["cases"]:
        cases[pk] = (district, origin, destination)
        organisation[pk] = organisation_id
    found: dict[int, list[Fact]] = {pk: [] for pk in cases}

    def add(
        case_id: int, measure: str, month: dt.date, survivor: Any = None, value: Any = None
    ) -> None:
        found[case_id].append((case_id, measure, month, cases[case_id][0], survivor, value))

    located: dict[tuple[int, int], dt.datetime] = {}
    for case_id, survivor_id, located_at in rows["located"]:
        located[case_id, survivor_id] = located_at
        add(case_id, Measure.LOCATED, month_of(located_at), survivor_id)
    for case_id, survivor_id, rescued_at, adult_on in rows["brought_out"]:
        month = month_of(rescued_at)
        add(case_id, Measure.RESCUED, month)
        if adult_on is not None and adult_on > _local_day(rescued_at):
            add(case_id, Measure.MINOR, month)
        _district, origin, destination = cases[case_id]
        if origin and destination and origin != destination:
            add(case_id, Measure.CROSS_BORDER, month)
        since = located.get((case_id, survivor_id)) if survivor_id is not None else None
        if since is not None and rescued_at >= since:
            add(case_id, Measure.TIMED, month, value=(rescued_at - since).total_seconds() / 3600)
    for case_id, type_, outcome, occurred_at, fir, arrest, chargesheet in rows["events"]:
        month = month_of(occurred_at)
        if type_ == EventType.RESCUE_ATTEMPT and outcome != AttemptOutcome.RESCUED:
            add(case_id, Measure.FAILED_ATTEMPT, month)
        for detail, measure in ((fir, Measure.FIR), (arrest, Measure.ARREST),
                                (chargesheet, Measure.CHARGESHEET)):  # fmt: skip
            if detail is not None:
                add(case_id, measure, month)
    for case_id, survivor_id, completed_on in rows["handovers"]:
        add(case_id, Measure.REPATRIATED, completed_on.replace(day=1), survivor_id)
    for case_id, occurred_at in rows["convictions"]:
        add(case_id, Measure.CONVICTION, month_of(occurred_at))
    for case_id, survivor_id, occurred_at, awarded, paid_on, paid in rows["compensations"]:
        if occurred_at is not None:
            add(case_id, Measure.AWARDED, month_of(occurred_at), survivor_id, float(awarded))
        if paid_on is not None:
            add(case_id, Measure.PAID, paid_on.replace(day=1), survivor_id, float(paid))
    return CaseFacts(found, organisation)


def of_cases(ids: Iterable[int]) -> Callable[[str], Q]:
    wanted = sorted(set(ids))
    return lambda path: Q(**{f"{path}pk__in": wanted})


def of_organisation(organisation_id: int) -> Callable[[str], Q]:
    return lambda path: Q(**{f"{path}organisation_id": organisation_id})


# ------------------------------------------------------------------------------------------
# The monthly rows, summed from the facts


@dataclass
class Sums:
    """The figures of one organisation, month and district (a row), or of several summed."""

    counts: Counter[str] = field(default_factory=Counter)
    people: dict[str, set[int]] = field(default_factory=dict)
    amounts: Counter[str] = field(default_factory=Counter)
    hours: list[float] = field(default_factory=list)

    def add_fact(self, measure: str, survivor: int | None, value: float | None) -> None:
        if measure in COUNTED:
            self.counts[COUNTED[measure]] += 1
        if measure in PEOPLE:
            people = self.people.setdefault(PEOPLE[measure], set())
            if survivor is not None:
                people.add(survivor)
        if measure in AMOUNTS and value is not None:
            self.amounts[AMOUNTS[measure]] += int(value)
        if measure == Measure.TIMED and value is not None:
            self.hours.append(value)


def _row(organisation: int, month: dt.date, district: int | None, sums: Sums, model: Any) -> Any:
    return model(
        organisation_id=organisation, month=month, district_id=district,
        **{column: sums.counts[column] for column in COUNTED.values()},
        **{column: sums.amounts[column] for column in AMOUNTS.values()},
        **{column: sorted(sums.people.get(column, ())) for column in PEOPLE.values()},
        hours=sorted(sums.hours),
    )  # fmt: skip


def _sum(rows: Iterable[tuple[Any, ...]]) -> dict[Group, Sums]:
    """(organisation, month, district, measure, survivor, value) rows, summed per group."""
    sums: dict[Group, Sums] = {}
    for organisation, month, district, measure, survivor, value in rows:
        sums.setdefault((organisation, month, district), Sums()).add_fact(measure, survivor, value)
    return sums


def _group_filter(group: Group) -> Q:
    organisation, month, district = group
    return Q(organisation_id=organisation, month=month) & null_safe("district_id", district)


def groups_refresh(groups: Iterable[Group], src: Sources = Sources()) -> None:
    """Recompute the rows of these groups from the stored facts, in the caller's transaction."""
    wanted = sorted(set(groups), key=repr)
    if not wanted:
        return
    lock(LOCK_NAMESPACE, (g[0] for g in wanted))
    where = any_of(_group_filter(g) for g in wanted)
    src.months.objects.filter(where).delete()
    rows = src.facts.objects.filter(where).values_list(
        "organisation_id", "month", "district_id", "measure", "survivor_id", "value"
    )
    src.months.objects.bulk_create(
        _row(*group, sums, src.months) for group, sums in _sum(rows.order_by()).items()
    )


def statistics_refresh(case: Case) -> None:
    """Recompute one case's facts, and the monthly rows of those that changed (the hook in
    cases/hooks.py runs it in the transaction of every change to the case's records, or to a
    field below)."""
    facts_refresh([case.pk], organisations=[case.organisation_id])


def cases_naming(survivor: Any) -> set[int]:
    """The cases whose facts read this survivor without her being one of their survivors: a
    person brought out in one case's raid and named a survivor of a new case is counted (a
    minor or not) among the people rescued of the first."""
    named = BroughtOut.objects.filter(survivor=survivor)
    return set(named.values_list("attempt__operation__case_id", flat=True))


statistics_refresh.reads_case_fields = frozenset(  # type: ignore[attr-defined]
    {"district_id", "origin_country", "destination_country"}
)
statistics_refresh.reads_survivor_fields = frozenset({"adult_on"})  # type: ignore[attr-defined]
# Her age changed: the cases she is not a survivor of whose facts read it (cases/hooks.py).
statistics_refresh.survivor_cases = cases_naming  # type: ignore[attr-defined]


QUERIES = ("cases", "located", "brought_out", "events", "handovers", "convictions", "compensations")


@compiled
def _stored_facts(case_id: int) -> QuerySet[Any]:
    return StatisticsFact.objects.filter(case_id=case_id).values_list(*FACT_COLUMNS).order_by()


def facts_refresh(
    case_ids: Iterable[int], *, organisations: Iterable[int] = (), src: Sources = Sources()
) -> int:
    """Recompute the facts of these cases (of these organisations, when the caller knows them);
    only if any changed, replace them and recompute the rows of the months and districts they
    were and are counted in. Returns how many groups.

    The organisations' lock is taken before the stored facts are read: a rebuild of the
    organisation running beside a change (``mukti rebuild_statistics`` with the site up) would
    otherwise write the case's facts as they were before the change, which the change, having
    read none of them yet, would then add its own to."""
    ids = sorted(set(case_ids))
    owners = set(organisations) or set(
        src.case.objects.filter(pk__in=ids).values_list("organisation_id", flat=True)
    )
    lock(LOCK_NAMESPACE, owners)
    stored: dict[int, list[Fact]] = {pk: [] for pk in ids}
    if len(ids) == 1 and src == Sources():  # the hook's: the same SQL every time
        computed = _facts({name: _one_case(ids[0], name=name) for name in QUERIES})
        facts = _stored_facts(ids[0])
    else:
        computed = case_facts(of_cases(ids), src)
        facts = src.facts.objects.filter(case_id__in=ids).values_list(*FACT_COLUMNS).order_by()
    for fact in facts:
        stored[fact[0]].append(fact)
    wanted, organisation = computed.facts, computed.organisation
    changed = [pk for pk in ids if Counter(stored[pk]) != Counter(wanted.get(pk, []))]
    if not changed:
        return 0
    groups = {
        (organisation[pk], month, district)
        for pk in changed
        for _c, _m, month, district, _s, _v in (*stored[pk], *wanted.get(pk, []))
        if pk in organisation
    }
    src.facts.objects.filter(case_id__in=changed).delete()
    src.facts.objects.bulk_create(
        src.facts(organisation_id=organisation[pk], **dict(zip(FACT_COLUMNS, fact, strict=True)))
        for pk in changed
        for fact in wanted.get(pk, [])
    )
    groups_refresh(groups, src)
    return len(groups)


# ------------------------------------------------------------------------------------------
# Reads


def period_sums(organisation_id: int, start: dt.date, end: dt.date) -> dict[int | None, Sums]:
    """The rows of one organisation's months in [start, end) summed per district by the
    database: one query, one row per district, each list column as one JSON text."""
    counted, amounts, lists = list(COUNTED.values()), list(AMOUNTS.values()), list(PEOPLE.values())
    rows = (
        StatisticsMonth.objects.filter(
            organisation_id=organisation_id, month__gte=start, month__lt=end
        )
        .order_by()
        .values("district_id")
        .annotate(
            **{f"n_{c}": Sum(c) for c in (*counted, *amounts)},
            **{f"l_{c}": JSONListItems(c) for c in (*lists, "hours")},
        )
        .values_list(
            "district_id", *(f"n_{c}" for c in (*counted, *amounts)),
            *(f"l_{c}" for c in (*lists, "hours")),
        )
    )  # fmt: skip
    found: dict[int | None, Sums] = {}
    for district, *values in rows:
        sums = found[district] = Sums()
        sums.counts.update(dict(zip(counted, values, strict=False)))
        sums.amounts.update(dict(zip(amounts, values[len(counted) :], strict=False)))
        texts = values[len(counted) + len(amounts) :]
        for column, text in zip(lists, texts, strict=False):
            if text:
                sums.people[column] = set(json.loads(f"[{text}]"))
        if texts[-1]:
            sums.hours = json.loads(f"[{texts[-1]}]")
    return found


def period_hours(
    organisation_id: int, start: dt.date, end: dt.date, *, district: int | None = None
) -> list[float]:
    """The hours from located to rescued of the months in [start, end), of one district or of
    all: one query, one row."""
    rows = StatisticsMonth.objects.filter(
        organisation_id=organisation_id, month__gte=start, month__lt=end
    )
    if district:
        rows = rows.filter(district_id=district)
    text = rows.order_by().aggregate(hours=JSONListItems("hours"))["hours"]
    return json.loads(f"[{text}]") if text else []


# ------------------------------------------------------------------------------------------
# Rebuilds

REBUILD_BATCH = 2000


def organisation_rebuild(organisation_id: int, src: Sources = Sources()) -> int:
    """Every fact and row of one organisation, recomputed from its records in one transaction.
    Returns how many rows it now has."""
    with transaction.atomic():
        lock(LOCK_NAMESPACE, [organisation_id])
        src.facts.objects.filter(organisation_id=organisation_id).delete()
        src.months.objects.filter(organisation_id=organisation_id).delete()
        facts = [
            fact
            for per_case in case_facts(of_organisation(organisation_id), src).facts.values()
            for fact in per_case
        ]
        made = (
            src.facts(organisation_id=organisation_id, **dict(zip(FACT_COLUMNS, f, strict=True)))
            for f in facts
        )
        src.facts.objects.bulk_create(made, batch_size=REBUILD_BATCH)
        sums = _sum((organisation_id, month, district, measure, survivor, value)
                    for _c, measure, month, district, survivor, value in facts)  # fmt: skip
        rows = [_row(*group, s, src.months) for group, s in sums.items()]
        src.months.objects.bulk_create(rows, batch_size=REBUILD_BATCH)
        return len(rows)


def rebuild(
    *,
    organisations: Iterable[int] | None = None,
    progress: Callable[[int, int], object] | None = None,
    src: Sources = Sources(),
) -> RebuildResult:
    """Rebuild the facts and rows of these organisations (by default every one that has cases
    or stored rows), each in its own transaction: safe to rerun or interrupt."""
    if organisations is None:
        ids = set(src.case.objects.order_by().values_list("organisation_id", flat=True).distinct())
        ids |= set(
            src.facts.objects.order_by().values_list("organisation_id", flat=True).distinct()
        )
    else:
        ids = set(organisations)
    return rebuild_each(ids, lambda pk: organisation_rebuild(pk, src), progress)


def stored_facts() -> Counter[tuple[Any, ...]]:
    """Every stored fact with its organisation (for the tests that compare with a rebuild)."""
    return Counter(StatisticsFact.objects.order_by().values_list("organisation_id", *FACT_COLUMNS))


def stored_rows() -> list[tuple[Any, ...]]:
    columns = [f.attname for f in StatisticsMonth._meta.concrete_fields if f.name != "id"]
    return sorted(StatisticsMonth.objects.values_list(*columns), key=repr)
