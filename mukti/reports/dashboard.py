"""The supervisors' and data officers' dashboard: a few charts with their data beneath.

Each chart is one grouped query (or a selector another page already pins), so the page's query
count does not grow with the data. Counts of people under 11 are hidden as in the statistics;
for those who may not see cases (data officers), so are small groups of cases and shelter
occupancy.
"""

from __future__ import annotations

import datetime as dt
import statistics as pystats
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, F, Q
from django.utils import timezone
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext

from mukti.accounts.access import Action, can, require
from mukti.accounts.models import User
from mukti.care.selectors import occupancy
from mukti.cases.access import organisation_filter
from mukti.cases.models import Case, CaseStatus
from mukti.core import l10n
from mukti.core.aggregates import MonthOfDay
from mukti.core.monthly import any_of, full_months, month_span, next_month
from mukti.core.templatetags.display import minutes
from mukti.deadlines.selectors import lateness
from mukti.reports import monthly
from mukti.reports.charts import PALETTE, Series, stacked_bars
from mukti.reports.statistics import SUPPRESSED, K, suppress
from mukti.rescue.models import BroughtOut
from mukti.rescue.selectors import responsiveness

HOUR_BUCKETS = (
    (6, gettext_lazy("< 6 h")), (24, gettext_lazy("6–24 h")), (72, gettext_lazy("1–3 days")),
    (168, gettext_lazy("3–7 days")), (672, gettext_lazy("1–4 weeks")),
    (None, gettext_lazy("> 4 weeks")),
)  # fmt: skip
TOP_OFFICES = 12


@dataclass
class Chart:
    key: str
    title: str
    svg: SafeString
    headers: list[str]
    rows: list[list[Any]] = field(default_factory=list)
    note: str = ""


def _aware(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def cases_by_status(*, actor: User, start: dt.date, end: dt.date, district: int | None) -> Chart:
    cases = Case.objects.filter(
        organisation_filter(actor, ""), opened_on__gte=start, opened_on__lte=end
    )
    if district:
        cases = cases.filter(district_id=district)
    grid: dict[dt.date, dict[str, int]] = {}
    for row in (
        cases.order_by()
        .annotate(month=MonthOfDay("opened_on"))
        .values("month", "status")
        .annotate(n=Count("id"))
    ):
        grid.setdefault(row["month"], {})[row["status"]] = row["n"]
    exact = can(actor, Action.CASE_VIEW)
    statuses = list(CaseStatus.choices)
    series = [
        Series(str(label), PALETTE[i % len(PALETTE)]) for i, (_v, label) in enumerate(statuses)
    ]
    labels, values, notes, table = [], [], [], []
    for month in sorted(grid):
        counts = {status: grid[month].get(status, 0) for status, _label in statuses}
        hidden = set() if exact else suppress({s: n for s, n in counts.items() if n})
        shown = [0 if s in hidden else counts[s] for s, _l in statuses]
        total = sum(counts.values())
        labels.append(l10n.month(month))
        values.append(shown)
        notes.append(str(total) if exact or total >= K else SUPPRESSED)
        table.append(
            [labels[-1], *(SUPPRESSED if s in hidden else counts[s] for s, _l in statuses),
             notes[-1]]
        )  # fmt: skip
    title = _("Cases opened per month, by their status today")
    return Chart(
        "cases", title,
        stacked_bars(title=title, labels=labels, series=series, values=values, notes=notes),
        [_("Month"), *(str(label) for _v, label in statuses), _("Total")], table,
    )  # fmt: skip


def hours_located_to_rescued(
    *, actor: User, start: dt.date, end: dt.date, district: int | None
) -> list[float]:
    """The hours from located to rescued of the named survivors brought out from ``start`` to
    ``end`` (both included), in no particular order: the months wholly inside the period from
    the statistics' monthly rows (``reports.monthly``: a year is at most twelve rows per
    district), the partial months at its edges from the records (``hours_from_records``)."""
    since, until = _aware(start), _aware(end + dt.timedelta(days=1))
    months = full_months(start, end)
    if months is None:
        return hours_from_records(actor=actor, spans=[(since, until)], district=district)
    inside_from, inside_to = month_span(months[0])[0], month_span(months[1])[1]
    hours = monthly.period_hours(
        actor.organisation_id, months[0], next_month(months[1]), district=district
    )
    spans = [(a, b) for a, b in ((since, inside_from), (inside_to, until)) if a < b]
    if spans:
        hours += hours_from_records(actor=actor, spans=spans, district=district)
    return hours


def hours_from_records(
    *, actor: User, spans: list[tuple[dt.datetime, dt.datetime]], district: int | None
) -> list[float]:
    """The same hours, read from the people brought out in these spans of time (one query)."""
    rescued = BroughtOut.objects.filter(
        organisation_filter(actor, "attempt__operation__case"),
        any_of(
            Q(attempt__event__occurred_at__gte=a, attempt__event__occurred_at__lt=b)
            for a, b in spans
        ),
        survivor__isnull=False,
        survivor__case_links__case=F("attempt__operation__case"),
        survivor__case_links__located_at__isnull=False,
    )
    if district:
        rescued = rescued.filter(attempt__operation__case__district_id=district)
    return [
        (out - located).total_seconds() / 3600
        for located, out in rescued.order_by().values_list(
            "survivor__case_links__located_at", "attempt__event__occurred_at"
        )
        # Never None here (the filters above); the test is for mypy.
        if out is not None and located is not None and out >= located
    ]


def hours_to_rescue(*, actor: User, start: dt.date, end: dt.date, district: int | None) -> Chart:
    hours = hours_located_to_rescued(actor=actor, start=start, end=end, district=district)
    counts = dict.fromkeys(range(len(HOUR_BUCKETS)), 0)
    for h in hours:
        counts[next(i for i, (top, _l) in enumerate(HOUR_BUCKETS) if top is None or h < top)] += 1
    hidden = suppress({i: n for i, n in counts.items() if n})
    values = [[0 if i in hidden else counts[i]] for i in counts]
    notes = [SUPPRESSED if i in hidden else str(counts[i]) for i in counts]
    median = pystats.median(hours) if len(hours) >= K else None
    title = _("Hours from located to rescued")
    note = (
        # Its only digits are the two figures: in the reader's.
        l10n.digits(_("Median: %(h).1f hours, %(n)d people.") % {"h": median, "n": len(hours)})
        if median is not None
        else _("Fewer than 11 people: no median shown.")
    )
    return Chart(
        "hours", title,
        stacked_bars(title=title, labels=[str(label) for _t, label in HOUR_BUCKETS],
                     series=[Series(_("people"), PALETTE[0])], values=values, notes=notes),
        [_("Located to rescued"), _("People")],
        [[str(label), notes[i]] for i, (_t, label) in enumerate(HOUR_BUCKETS)], note,
    )  # fmt: skip


def responsiveness_chart(
    *, actor: User, start: dt.date, end: dt.date, district: int | None
) -> Chart:
    rows = responsiveness(
        actor=actor, start=start, end=end, by="office", district=district, top=TOP_OFFICES
    )
    series = [
        Series(_("answered"), PALETTE[1]), Series(_("referred on"), PALETTE[2]),
        Series(_("no answer"), PALETTE[3]),
    ]  # fmt: skip
    values = [[r.answered - r.referred, r.referred, r.engagements - r.answered] for r in rows]
    # As the responsiveness report writes them, in the reader's words: "1 h 30 min".
    waits = [minutes(r.median_minutes) if r.median_minutes is not None else "—" for r in rows]
    pairs = list(zip(rows, waits, strict=True))
    title = _("Responsiveness of the offices most asked")
    return Chart(
        "responsiveness", title,
        stacked_bars(title=title, labels=[r.name for r in rows], series=series, values=values,
                     notes=[f"{l10n.figure(r.engagements)} · {m}" for r, m in pairs]),
        [_("Office"), _("Engagements"), _("Answered"), pgettext("passed onward", "Referred on"),
         _("Median time to answer")],
        [[r.name, r.engagements, r.answered, r.referred, m] for r, m in pairs],
    )  # fmt: skip


def clocks_chart(*, actor: User, start: dt.date, end: dt.date, district: int | None) -> Chart:
    rows = lateness(actor=actor, start=start, end=end, district=district, teams=False)
    states = [
        ("met", _("met"), PALETTE[1]), ("met_late", _("met late"), PALETTE[2]),
        ("breached", _("breached"), PALETTE[3]), ("recorded_late", _("recorded late"), PALETTE[6]),
        ("running", _("running"), PALETTE[0]),
    ]  # fmt: skip
    title = _("Clocks due in the period, per rule")
    return Chart(
        "clocks", title,
        stacked_bars(title=title, labels=[str(r.rule.title) for r in rows],
                     series=[Series(label, colour) for _k, label, colour in states],
                     values=[[r.counts[k] for k, _l, _c in states] for r in rows]),
        [_("Clock"), *(label for _k, label, _c in states)],
        [[str(r.rule.title), *(r.counts[k] for k, _l, _c in states)] for r in rows],
    )  # fmt: skip


def occupancy_chart(*, actor: User, district: int | None) -> Chart:
    homes = occupancy(user=actor, district=district)
    exact = can(actor, Action.CARE_VIEW)
    labels, values, notes, table = [], [], [], []
    for o in homes:
        small = not exact and 0 < o.current < K
        current = 0 if small else o.current
        free = max(o.free or 0, 0) if not small else 0
        labels.append(o.home.name)
        values.append([current, free])
        shown = SUPPRESSED if small else str(o.current)
        cap = o.home.capacity if o.home.capacity is not None else "?"
        notes.append(f"{l10n.figure(shown)} / {l10n.figure(cap)}")
        table.append([o.home.name, shown, cap])
    title = _("Shelter occupancy today")
    return Chart(
        "shelters", title,
        stacked_bars(title=title, labels=labels, values=values, notes=notes,
                     series=[Series(_("staying"), PALETTE[4]), Series(_("free"), "#dee2e6")]),
        [_("Shelter home"), _("Staying now"), _("Capacity")], table,
    )  # fmt: skip


def dashboard(*, actor: User, start: dt.date, end: dt.date, district: int | None) -> list[Chart]:
    require(actor, Action.STATISTICS_VIEW)
    return [
        cases_by_status(actor=actor, start=start, end=end, district=district),
        hours_to_rescue(actor=actor, start=start, end=end, district=district),
        responsiveness_chart(actor=actor, start=start, end=end, district=district),
        clocks_chart(actor=actor, start=start, end=end, district=district),
        occupancy_chart(actor=actor, district=district),
    ]
