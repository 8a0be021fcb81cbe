"""Reads behind the reports: the case report's content. Each report has a fixed query count."""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from mukti.accounts.access import Action, can
from mukti.accounts.models import User
from mukti.care.selectors import case_care
from mukti.cases import selectors as case_selectors
from mukti.cases.access import hidden_event_types
from mukti.cases.models import Case, CaseSurvivor, Event, ProtectedIdentity
from mukti.deadlines import selectors as deadline_selectors
from mukti.deadlines.selectors import ClockRow
from mukti.justice.selectors import justice_file
from mukti.reports.exports import Table
from mukti.rescue import selectors as rescue_selectors

# Beyond this many timeline entries a case report is refused with a message: 2,000 entries make
# 51 pages in about 3 s of CPU on an idle core, 4 s without libharfbuzz-subset0 (bench/reports.py,
# docs/benchmarks.md), so this bound keeps a request under 10 s.
MAX_REPORT_EVENTS = 4000


@dataclass
class CaseReport:
    case: Case
    team: list[User]
    links: list[CaseSurvivor]
    identities: dict[int, ProtectedIdentity]
    chains: list[rescue_selectors.Chain]
    operations: list[Any]
    events: list[Event]
    clocks: list[ClockRow]
    care: list[Any] | None  # None: this user does not see the care side
    justice: Any | None  # None: this user does not see the justice side

    @property
    def timeline_lines(self) -> list[str]:
        """One line of plain text per entry, built here rather than in the template: for a
        2,000-entry timeline the template's lookups cost a tenth of the report's time."""
        lines = []
        for event in self.events:
            line = f"≈ {event.when_label}" if event.is_approximate else event.when_label
            line += f" — {event.type_label}"
            if event.outcome:
                line += f": {event.outcome_label}"
            facts = event.facts  # a property that walks the joined rows: read it once
            if facts:
                line += ". " + " · ".join(str(fact) for fact in facts)
            if event.note:
                line += f". {event.note}"
            lines.append(line)
        return lines

    @property
    def clocks_met(self) -> list[ClockRow]:
        return [row for row in self.clocks if row.clock.state == "met"]

    @property
    def clocks_missed(self) -> list[ClockRow]:
        return [row for row in self.clocks if row.clock.state in ("breached", "met_late")]

    @property
    def clocks_recorded_late(self) -> list[ClockRow]:
        return [row for row in self.clocks if row.clock.state == "recorded_late"]

    @property
    def clocks_running(self) -> list[ClockRow]:
        return [row for row in self.clocks if row.clock.state == "running"]


def case_event_count(*, case: Case, user: User) -> int:
    return case.events.exclude(type__in=hidden_event_types(user)).count()


def case_report(
    *, case: Case, user: User, identities: dict[int, ProtectedIdentity] | None = None
) -> CaseReport:
    """What the case report shows to this user: the timeline, clocks, care and justice only on
    the sides of the work the user may see (cases/access.py, EVENT_AREAS)."""
    care = justice = None
    if can(user, Action.CARE_VIEW, case):
        care = case_care(case=case)
    if can(user, Action.JUSTICE_VIEW, case):
        justice = justice_file(case=case, user=user)
    return CaseReport(
        case=case,
        team=case_selectors.case_team(case=case),
        links=case_selectors.case_survivors(case=case),
        identities=identities or {},
        chains=rescue_selectors.case_chains(case=case),
        operations=rescue_selectors.case_operations(case=case),
        events=case_selectors.timeline(case=case, user=user),
        clocks=deadline_selectors.case_clocks(case=case, user=user),
        care=care,
        justice=justice,
    )


# Lists as tables for the exports: the same selectors as the pages, so the same access rule.


def cases_table(*, actor: User, filters: case_selectors.CaseFilters) -> Table:
    cases = case_selectors.case_list(actor=actor, filters=filters)
    rows = (
        [
            case.reference, case.title, case.get_status_display(), case.get_priority_display(),
            case.opened_on, case.district.name if case.district else "", str(case.lead),
            ", ".join(link.survivor.pseudonym for link in case.case_survivors.all()),
        ]
        for case in cases.iterator(chunk_size=2000)
    )  # fmt: skip
    headers = [_("Reference"), _("Title"), _("Status"), _("Priority"), _("Opened"),
               _("District"), _("Lead"), _("Survivors (pseudonyms)")]  # fmt: skip
    return Table("cases", [str(h) for h in headers], rows, filters=_plain(asdict(filters)))


def window_table(*, actor: User) -> Table:
    links = list(rescue_selectors.located_not_rescued(actor=actor))
    rows = (
        [
            row.link.case.reference, row.link.survivor.pseudonym, row.link.located_at,
            round(row.hours, 1), row.last_answer or "", row.last_office or "", row.next_step,
            row.deferred_until, row.failed_attempts,
        ]
        for row in rescue_selectors.window_rows(links)
    )  # fmt: skip
    headers = [_("Case"), _("Survivor (pseudonym)"), _("Located at"), _("Hours since located"),
               _("Last answer"), _("Last asked"), _("Next step"), _("Deferred until"),
               _("Failed attempts")]  # fmt: skip
    return Table("located-not-rescued", [str(h) for h in headers], rows)


def due_soon_table(*, actor: User, hours: int) -> Table:
    due = deadline_selectors.due_soon(actor=actor, hours=hours)
    rows = (
        [
            state, row.rule.title, row.basis, row.clock.case.reference,
            row.clock.survivor.pseudonym if row.clock.survivor else "", row.clock.due_at,
        ]
        for state, rows in ((_("due soon"), due.upcoming), (_("breached"), due.breached))
        for row in rows
    )  # fmt: skip
    headers = [_("State"), _("Clock"), _("Basis"), _("Case"), _("Survivor (pseudonym)"), _("Due")]
    return Table("due-soon", [str(h) for h in headers], rows, filters={"hours": hours})


def responsiveness_table(*, actor: User, start: dt.date, end: dt.date, by: str) -> Table:
    result = rescue_selectors.responsiveness(actor=actor, start=start, end=end, by=by)
    rows = (
        [r.name, r.engagements, r.answered, round(r.answered_share, 3), r.referred,
         r.rescues_after, r.median_minutes]
        for r in result
    )  # fmt: skip
    headers = [_("Office") if by == "office" else _("Official"), _("Engagements"), _("Answered"),
               _("Share answered"), pgettext("passed onward", "Referred on"),
               _("Rescue within 3 days"), _("Median minutes to answer")]  # fmt: skip
    filters = {"start": start.isoformat(), "end": end.isoformat(), "by": by}
    return Table("responsiveness", [str(h) for h in headers], rows, filters=filters)


def lateness_table(*, actor: User, start: dt.date, end: dt.date) -> Table:
    result = deadline_selectors.lateness(actor=actor, start=start, end=end)
    rows = (
        [
            r.rule.title, r.team or _("All teams"), r.total, r.counts["met"],
            r.counts["met_late"], r.counts["breached"], r.counts["recorded_late"],
            r.counts["running"], _round(r.median_late), _round(r.worst_late),
        ]
        for r in result
    )  # fmt: skip
    headers = [_("Clock"), _("Team"), pgettext("count", "Clocks"), _("Met in time"),
               _("Met late"), _("Breached"), _("Recorded late"), _("Running"),
               _("Median hours late"), _("Worst hours late")]  # fmt: skip
    filters = {"start": start.isoformat(), "end": end.isoformat()}
    return Table("lateness", [str(h) for h in headers], rows, filters=filters)


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 1)


def _plain(values: dict[str, Any]) -> dict[str, Any]:
    """Filter values as the audit record keeps them: only those set, dates as text."""
    return {k: v.isoformat() if hasattr(v, "isoformat") else v for k, v in values.items() if v}
