"""Periodic statistics by district, with small groups suppressed.

Any count under ``K`` is shown as "< 11", and so is enough of the other districts' counts that
the suppressed ones cannot be worked out from the total either (complementary suppression: the
suppressed cells of a column always add up to at least ``K``). Medians and amounts are shown only
beside a count that is shown. The figures come from the database in one grouped query per
measure, whatever the number of cases.

The page reads them from the monthly rows (``reports.monthly``: one query for a year, a few
hundred rows); ``statistics_raw`` counts the same from the records, which the tests compare
with the rows after any sequence of changes.
"""

from __future__ import annotations

import datetime as dt
import statistics as pystats
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, F, QuerySet, Sum
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from mukti.accounts.access import Action, require
from mukti.accounts.models import User
from mukti.care.models import RepatriationStep, StepKind
from mukti.cases.models import AttemptOutcome, CaseSurvivor, Event, EventType
from mukti.directory.models import Jurisdiction
from mukti.justice.models import Arrest, Chargesheet, Compensation, Fir, Verdict, VerdictOutcome
from mukti.reports import monthly
from mukti.rescue.models import BroughtOut

K = 11  # the smallest group of people a published figure may describe
SUPPRESSED = "< 11"
UNKNOWN = 0  # the key of cases without a district

# (key, label) of each count; then each derived figure with the count whose group it describes.
COUNTS = (
    ("located", gettext_lazy("People located")),
    ("rescued", gettext_lazy("People rescued")),
    ("minors", gettext_lazy("Minors rescued")),
    ("cross_border", gettext_lazy("Rescued across a border")),
    ("failed_attempts", gettext_lazy("Failed rescue attempts")),
    ("repatriated", gettext_lazy("People repatriated")),
    ("firs", gettext_lazy("FIRs registered")),
    ("arrests", gettext_lazy("Arrests")),
    ("chargesheets", gettext_lazy("Chargesheets filed")),
    ("convictions", gettext_lazy("Convictions")),
    ("awarded", gettext_lazy("Compensation awarded (people)")),
    ("paid", gettext_lazy("Compensation paid (people)")),
)
DERIVED = (
    ("median_hours", gettext_lazy("Median hours located → rescued"), "timed"),
    ("awarded_amount", gettext_lazy("Compensation awarded (₹)"), "awarded"),
    ("paid_amount", gettext_lazy("Compensation paid (₹)"), "paid"),
)


@dataclass(frozen=True)
class Period:
    year: int
    quarter: int | None = None  # 1–4, or the whole year

    @property
    def start(self) -> dt.date:
        return dt.date(self.year, 1 + 3 * (self.quarter - 1) if self.quarter else 1, 1)

    @property
    def end(self) -> dt.date:
        """The first day after the period."""
        if self.quarter and self.quarter < 4:
            return dt.date(self.year, 1 + 3 * self.quarter, 1)
        return dt.date(self.year + 1, 1, 1)

    @property
    def label(self) -> str:
        return f"Q{self.quarter} {self.year}" if self.quarter else str(self.year)

    def bounds(self) -> tuple[dt.datetime, dt.datetime]:
        def midnight(day: dt.date) -> dt.datetime:
            return timezone.make_aware(dt.datetime.combine(day, dt.time.min))

        return midnight(self.start), midnight(self.end)


def suppress(values: dict[Any, int]) -> set[Any]:
    """The keys of the cells to hide: every count under K, and then the smallest other counts
    until the hidden cells add up to at least K (or every cell is hidden)."""
    hidden = {key for key, n in values.items() if n < K}
    if not hidden:
        return hidden
    shown = sorted((n, str(key), key) for key, n in values.items() if key not in hidden)
    while sum(values[key] for key in hidden) < K and shown:
        hidden.add(shown.pop(0)[2])
    return hidden


@dataclass
class Row:
    """One district (or the total): each measure as the text to show."""

    name: str
    cells: dict[str, str] = field(default_factory=dict)

    def values(self, keys: list[str]) -> list[str]:
        return [self.cells[key] for key in keys]


@dataclass
class Statistics:
    period: Period
    rows: list[Row]  # districts by name, then "district not recorded"
    total: Row
    empty: bool


# The order of the columns on the page and in the downloads.
COLUMNS = [
    ("located", ""), ("rescued", ""), ("minors", ""), ("cross_border", ""),
    ("median_hours", ""), ("failed_attempts", ""), ("repatriated", ""), ("firs", ""),
    ("arrests", ""), ("chargesheets", ""), ("convictions", ""), ("awarded", ""),
    ("awarded_amount", ""), ("paid", ""), ("paid_amount", ""),
]  # fmt: skip
LABELS = dict(COUNTS) | {key: label for key, label, _c in DERIVED}


def column_labels() -> list[tuple[str, str]]:
    return [(key, str(LABELS[key])) for key, _ in COLUMNS]


Figures = tuple[dict[str, dict[int, int]], dict[str, dict[int, float]]]


def statistics_raw(period: Period, organisation_id: int) -> Figures:
    """Counts per measure and district, and the figures derived from them, of one
    organisation's cases, from the records (every count goes through ``_by_district``, which
    keeps to them): what the monthly rows must always give (``from_months``)."""

    def _by_district(rows: QuerySet, district: str, value: Any) -> dict[int, Any]:
        case = district.removesuffix("__district")
        rows = rows.filter(**{f"{case}__organisation_id": organisation_id})
        return {
            r["d"] or UNKNOWN: r["v"]
            for r in rows.order_by().values(d=F(district)).annotate(v=value)
        }

    since, until = period.bounds()
    in_period = {"event__occurred_at__gte": since, "event__occurred_at__lt": until}
    counts: dict[str, dict[int, int]] = {}
    counts["located"] = _by_district(
        CaseSurvivor.objects.filter(located_at__gte=since, located_at__lt=until),
        "case__district", Count("survivor_id", distinct=True),
    )  # fmt: skip
    rescued = BroughtOut.objects.filter(
        attempt__event__occurred_at__gte=since,
        attempt__event__occurred_at__lt=until,
        attempt__operation__case__organisation_id=organisation_id,
    )
    district = "attempt__operation__case__district"
    counts["rescued"] = _by_district(rescued, district, Count("id"))
    counts["minors"] = _by_district(
        rescued.filter(survivor__adult_on__gt=F("attempt__event__occurred_at__date")),
        district, Count("id"),
    )  # fmt: skip
    counts["cross_border"] = _by_district(
        rescued.exclude(attempt__operation__case__origin_country="")
        .exclude(attempt__operation__case__destination_country="")
        .exclude(
            attempt__operation__case__origin_country=F(
                "attempt__operation__case__destination_country"
            )
        ),
        district, Count("id"),
    )  # fmt: skip
    counts["failed_attempts"] = _by_district(
        Event.objects.filter(
            type=EventType.RESCUE_ATTEMPT, occurred_at__gte=since, occurred_at__lt=until
        ).exclude(outcome=AttemptOutcome.RESCUED),
        "case__district", Count("id"),
    )  # fmt: skip
    counts["repatriated"] = _by_district(
        RepatriationStep.objects.filter(
            kind=StepKind.HANDOVER, completed_on__gte=period.start, completed_on__lt=period.end
        ),
        "repatriation__case__district", Count("repatriation__survivor_id", distinct=True),
    )  # fmt: skip
    for key, model in (("firs", Fir), ("arrests", Arrest), ("chargesheets", Chargesheet)):
        counts[key] = _by_district(model.objects.filter(**in_period), "case__district", Count("id"))
    counts["convictions"] = _by_district(
        Verdict.objects.filter(
            outcome=VerdictOutcome.CONVICTED,
            judgement__event__occurred_at__gte=since,
            judgement__event__occurred_at__lt=until,
        ),
        "judgement__case__district", Count("id"),
    )  # fmt: skip
    awarded = Compensation.objects.filter(**in_period)
    paid = Compensation.objects.filter(paid_on__gte=period.start, paid_on__lt=period.end)
    counts["awarded"] = _by_district(awarded, "case__district", Count("survivor_id", distinct=True))
    counts["paid"] = _by_district(paid, "case__district", Count("survivor_id", distinct=True))
    derived: dict[str, dict[int, float]] = {
        "awarded_amount": _by_district(awarded, "case__district", Sum("amount_awarded")),
        "paid_amount": _by_district(paid, "case__district", Sum("amount_paid")),
    }
    # Hours from "located" to "rescued" for the named survivors brought out (one query; the
    # median is taken in Python over at most the people rescued in the period).
    hours: dict[int, list[float]] = {}
    for case_district, located_at, rescued_at in (
        rescued.filter(survivor__isnull=False)
        .filter(
            survivor__case_links__case=F("attempt__operation__case"),
            survivor__case_links__located_at__isnull=False,
        )
        .values_list(district, "survivor__case_links__located_at", "attempt__event__occurred_at")
    ):
        if rescued_at >= located_at:
            hours.setdefault(case_district or UNKNOWN, []).append(
                (rescued_at - located_at).total_seconds() / 3600
            )
    counts["timed"] = {d: len(v) for d, v in hours.items()}
    derived["median_hours"] = {d: pystats.median(v) for d, v in hours.items()}
    all_hours = [h for v in hours.values() for h in v]
    derived["median_hours_total"] = {0: pystats.median(all_hours)} if all_hours else {}
    return counts, derived


def from_months(period: Period, organisation_id: int) -> Figures:
    """``statistics_raw`` read from the monthly rows of the period's months: one query."""
    sums = monthly.period_sums(organisation_id, period.start, period.end)
    counts: dict[str, dict[int, int]] = {}
    derived: dict[str, dict[int, float]] = {}

    def put(into: dict[str, dict[int, Any]], key: str, district: int | None, value: Any) -> None:
        into.setdefault(key, {})[district or UNKNOWN] = value

    for district, figures in sums.items():
        for column in monthly.COUNTED.values():
            if figures.counts[column]:
                put(counts, column, district, figures.counts[column])
        for column, people in figures.people.items():
            if people:
                put(counts, column, district, len(people))
                if column in ("awarded", "paid"):  # a sum beside each count of people paid
                    put(derived, f"{column}_amount", district, figures.amounts[f"{column}_amount"])
        if figures.hours:
            put(counts, "timed", district, len(figures.hours))
            put(derived, "median_hours", district, pystats.median(figures.hours))
    all_hours = [h for figures in sums.values() for h in figures.hours]
    derived["median_hours_total"] = {0: pystats.median(all_hours)} if all_hours else {}
    for key in (*(k for k, _label in COUNTS), "timed"):
        counts.setdefault(key, {})
    for key, _label, _base in DERIVED:
        derived.setdefault(key, {})
    return counts, derived


def build(
    counts: dict[str, dict[int, int]],
    derived: dict[str, dict[int, float]],
    names: dict[int, str],
    period: Period,
) -> Statistics:
    """The table to show from raw figures: pure, so the suppression can be tested on any data."""
    districts = sorted(
        {d for per in counts.values() for d in per} | set(names),
        key=lambda d: (d == UNKNOWN, names.get(d, "")),
    )
    rows = {
        d: Row(names.get(d) or _("District not recorded")) for d in districts
    }  # fmt: skip
    total = Row(_("All districts"))
    hidden_cells: dict[str, set[Any]] = {}
    for key, _label in (*COUNTS, ("timed", "")):
        per = {d: counts.get(key, {}).get(d, 0) for d in districts}
        overall = sum(per.values())
        hidden = suppress(per)
        hidden_cells[key] = hidden | ({"total"} if overall < K else set())
        for d in districts:
            rows[d].cells[key] = SUPPRESSED if d in hidden else str(per[d])
        total.cells[key] = SUPPRESSED if overall < K else str(overall)
    for key, _label, base in DERIVED:
        source = derived.get(key, {})
        for d in districts:
            value = source.get(d)
            shown = d not in hidden_cells[base]
            rows[d].cells[key] = (
                _number(value)
                if shown and value is not None
                else ("—" if value is None else SUPPRESSED)
            )
        if key == "median_hours":
            overall_value = derived.get("median_hours_total", {}).get(0)
        else:
            overall_value = sum(source.values()) if source else None
        shown = "total" not in hidden_cells[base]
        total.cells[key] = (
            _number(overall_value)
            if shown and overall_value is not None
            else ("—" if overall_value is None else SUPPRESSED)
        )
    for row in [*rows.values(), total]:
        row.cells = {key: row.cells[key] for key, _label in COLUMNS}  # in the columns' order
    empty = not any(n for per in counts.values() for n in per.values())
    return Statistics(period, [] if empty else list(rows.values()), total, empty)


def _number(value: float) -> str:
    return (
        f"{value:,.1f}" if isinstance(value, float) and not value.is_integer() else f"{value:,.0f}"
    )


def period_statistics(*, actor: User, period: Period) -> Statistics:
    require(actor, Action.STATISTICS_VIEW)
    counts, derived = from_months(period, actor.organisation_id)
    ids = {d for per in counts.values() for d in per if d != UNKNOWN}
    names = dict(Jurisdiction.objects.filter(pk__in=ids).values_list("pk", "name"))
    return build(counts, derived, names, period)
