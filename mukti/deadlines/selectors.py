from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _

from mukti.accounts.access import Action, can, require
from mukti.accounts.models import User
from mukti.cases.access import organisation_filter, sees_whole_organisation
from mukti.cases.models import Case, CaseMember, CaseStatus, CaseSurvivor
from mukti.core import histogram
from mukti.core.rollups import day_start
from mukti.deadlines.models import (
    Acknowledgement,
    Clock,
    ClockDay,
    ClockRebuild,
    Notification,
    RuleSetting,
)
from mukti.deadlines.rules import RULES, RULES_BY_CODE, Rule, visible_rules


def in_scope(via: str = "") -> Q:
    """Clocks that still call for someone: of an open case, and of a survivor still part of it
    (or of no one in particular). ``via`` reaches the clock from another model ("clock__")."""
    linked = CaseSurvivor.objects.filter(
        case_id=OuterRef(f"{via}case_id"), survivor_id=OuterRef(f"{via}survivor_id")
    )
    return ~Q(**{f"{via}case__status": CaseStatus.CLOSED}) & (
        Q(**{f"{via}survivor__isnull": True}) | Q(Exists(linked))
    )


@dataclass(frozen=True)
class ClockRow:
    clock: Clock
    rule: Rule
    basis: str

    @property
    def remaining(self) -> dt.timedelta:
        return self.clock.due_at - timezone.now()

    @property
    def late_by(self) -> dt.timedelta | None:
        end = self.clock.satisfied_at or timezone.now()
        return end - self.clock.due_at if end > self.clock.due_at else None


def _rows(clocks: list[Clock]) -> list[ClockRow]:
    return [
        ClockRow(c, RULES_BY_CODE[c.rule], RULES_BY_CODE[c.rule].basis(c.case))
        for c in clocks
        if c.rule in RULES_BY_CODE
    ]


def case_clocks(*, case: Case, user: User) -> list[ClockRow]:
    """The case's clocks on the side of the work this user may see."""
    clocks = list(
        case.clocks.filter(rule__in=visible_rules(user))
        .select_related("survivor", "trigger")
        .order_by("due_at", "id")
    )
    for clock in clocks:
        clock.case = case
    return _rows(clocks)


@dataclass(frozen=True)
class DueSoon:
    upcoming: list[ClockRow]
    breached: list[ClockRow]


def due_soon(*, actor: User, hours: int = 72) -> DueSoon:
    """Open clocks of the user's cases that run out within ``hours`` (soonest first), then those
    already breached (most recent breach first), on the side of the work the user may see."""
    require(actor, Action.CASE_VIEW)
    now = timezone.now()
    clocks = (
        Clock.objects.filter(satisfied_at__isnull=True)
        .select_related("case", "survivor", "trigger")
        .only(*DUE_SOON_FIELDS)
    )
    if sees_whole_organisation(actor):
        clocks = clocks.filter(organisation_filter(actor))
    else:
        # The team rule as a per-row check (EXISTS), so that the deadline index drives the
        # query and stops at 200 rows; "case in (the user's cases)" made SQLite read every
        # clock of every case of the team and sort them.
        mine = CaseMember.objects.filter(case_id=OuterRef("case_id"), user=actor)
        clocks = clocks.filter(Exists(mine))
    codes = visible_rules(actor)
    if len(codes) < len(RULES):
        # Only for those who may not see every side: for the others the list of every rule
        # would lead SQLite to probe (case, rule) pairs instead of reading the deadline index.
        clocks = clocks.filter(rule__in=codes)
    # A clock typed in after its deadline is not an alert: the lateness report counts it.
    # "IN (false)" rather than "= false": Django writes the latter as NOT recorded_late, which
    # SQLite cannot match against the index.
    clocks = clocks.filter(recorded_late__in=[False])
    # Closed cases and survivors no longer part of the case drop out; so do clocks this user
    # acknowledged (the lateness report still counts them).
    acknowledged = Acknowledgement.objects.filter(clock=OuterRef("pk"), user=actor)
    clocks = clocks.filter(in_scope()).exclude(Exists(acknowledged))
    upcoming = clocks.filter(due_at__gt=now, due_at__lte=now + dt.timedelta(hours=hours))
    breached = clocks.filter(due_at__lte=now)
    return DueSoon(
        _rows(list(upcoming.order_by("due_at", "id")[:LIST_CAP])),
        _rows(list(breached.order_by("-due_at", "-id")[:LIST_CAP])),
    )


LIST_CAP = 200
DUE_SOON_FIELDS = (
    "rule", "started_at", "start_approximate", "due_at", "satisfied_at", "recorded_at",
    "case__reference", "case__offence_date", "survivor__pseudonym", "trigger__type",
)  # fmt: skip


@dataclass
class RuleRow:
    rule: Rule
    enabled: bool
    limit_hours: int | None
    setting_by: str


def rule_rows() -> list[RuleRow]:
    settings = {s.rule: s for s in RuleSetting.objects.select_related("updated_by")}
    rows = []
    for rule in RULES:
        s = settings.get(rule.code)
        rows.append(
            RuleRow(
                rule,
                s.enabled if s else True,
                s.limit_hours if s else None,
                f"{s.updated_by} {timezone.localtime(s.updated_at):%d %b %Y %H:%M}"
                if s and s.updated_by
                else "",
            )
        )
    return rows


def latest_rebuild() -> ClockRebuild | None:
    return ClockRebuild.objects.first()


def _my_notifications(user: User) -> QuerySet[Notification]:
    """The alerts this user may still act on: of cases they may still see (team members removed
    from a case no longer see its alerts), on their side of the work, of open cases and
    survivors still part of them, and not acknowledged."""
    alerts = Notification.objects.filter(user=user, clock__rule__in=visible_rules(user))
    if sees_whole_organisation(user):
        alerts = alerts.filter(organisation_filter(user, "clock__case"))
    else:
        mine = CaseMember.objects.filter(case_id=OuterRef("clock__case_id"), user=user)
        alerts = alerts.filter(Exists(mine))
    acknowledged = Acknowledgement.objects.filter(clock=OuterRef("clock_id"), user=user)
    return alerts.filter(in_scope(via="clock__")).exclude(Exists(acknowledged))


def notifications(*, user: User, limit: int = 100) -> list[Notification]:
    return list(
        _my_notifications(user)
        .select_related("clock__case", "clock__survivor")
        .order_by("-created_at", "-id")[:limit]
    )


def unread_count(*, user: User) -> int:
    if not can(user, Action.CASE_VIEW):
        return 0
    return _my_notifications(user).filter(read_at__isnull=True).count()


def alerts_sent(*, actor: User, limit: int = 200) -> list[Notification]:
    """That alerts were sent, to whom and when, for those who review the log (administrators
    included): no case, survivor or rule, which would be case content."""
    require(actor, Action.AUDIT_VIEW)
    return list(
        Notification.objects.filter(user__organisation_id=actor.organisation_id)
        .select_related("user")
        .only("stage", "created_at", "emailed_at", "read_at", "user__username", "user__role")
        .order_by("-created_at", "-id")[:limit]
    )


@dataclass
class LatenessRow:
    rule: Rule
    team: str
    counts: dict[str, int]
    late_hours: Counter[float]  # hours late (of those late): how many were so late

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def median_late(self) -> float | None:
        return histogram.median(self.late_hours)

    @property
    def worst_late(self) -> float | None:
        return max(self.late_hours) if self.late_hours else None


ONE_DAY = dt.timedelta(days=1)
STATES = ("met", "met_late", "breached", "recorded_late", "running")


def lateness(
    *, actor: User, start: dt.date, end: dt.date, district: int | None = None
) -> list[LatenessRow]:
    """Clocks due in the period, per rule and per team (the case lead's), with how many were met
    in time, met late, breached, recorded after the deadline, and by how much they were late.
    Counts only: no survivor, no case content.

    The days before today are read from the clocks per day (deadlines.rollups), so that a year
    does not read every clock of the year; from today on, from the clocks themselves (an open
    clock due today is running until its minute and breached after it). Hours late are those of
    the rows' histograms: exact to the minute under 10,000 minutes (a clock still open: to the
    minute it fell due)."""
    require(actor, Action.LATENESS_VIEW)
    now = timezone.now()
    today = timezone.localdate(now)
    rows: dict[tuple[str, str], LatenessRow] = {}
    teams: dict[str, str] = {}

    def add(code: str, lead: str, counts: dict[str, int], late: Counter[float]) -> None:
        rule = RULES_BY_CODE.get(code)
        if rule is None:
            return
        team = teams.get(lead) or teams.setdefault(lead, _("Team of %(lead)s") % {"lead": lead})
        for key in ((code, team), (code, "")):
            row = rows.setdefault(
                key, LatenessRow(rule, key[1], dict.fromkeys(STATES, 0), Counter())
            )
            for state, n in counts.items():
                row.counts[state] += n
            row.late_hours.update(late)

    past = ClockDay.objects.filter(
        organisation_id=actor.organisation_id, day__gte=start, day__lte=min(end, today - ONE_DAY)
    )
    live = Clock.objects.filter(
        organisation_filter(actor),
        due_at__gte=day_start(max(start, today)),
        due_at__lt=day_start(end + ONE_DAY),
    )
    if district:  # the clocks of the district's cases
        past = past.filter(district_id=district)
        live = live.filter(case__district_id=district)
    settled = list(
        past.values_list(
            "day", "rule", "lead__first_name", "lead__username", "met", "met_late",
            "recorded_late", "open", "late", "open_due",
        )
    )  # fmt: skip
    clocks = (
        list(
            live.values_list(
                "rule", "due_at", "satisfied_at", "recorded_at", "case__lead__first_name",
                "case__lead__username",
            )
        )
        if end >= today
        else []
    )  # fmt: skip
    for day, code, first, user, met, met_late, recorded_late, still_open, late, open_due in settled:
        hours: Counter[float] = Counter()
        for minutes, n in late.items():
            hours[float(minutes) / 60] += n
        midnight = day_start(day)
        for minute, n in open_due.items():  # late until now, past their deadline
            hours[(now - midnight).total_seconds() / 3600 - float(minute) / 60] += n
        counts = {"met": met, "met_late": met_late, "recorded_late": recorded_late,
                  "breached": still_open}  # fmt: skip
        add(code, first or user, counts, hours)
    for code, due, satisfied, recorded, first, user in clocks:
        state = Clock(due_at=due, satisfied_at=satisfied, recorded_at=recorded).state
        late_by = (satisfied or now) - due
        hours = Counter()
        if state in ("met_late", "breached", "recorded_late") and late_by.total_seconds() > 0:
            hours[late_by.total_seconds() / 3600] += 1
        add(code, first or user, {state: 1}, hours)
    order = {rule.code: i for i, rule in enumerate(RULES)}
    return sorted(rows.values(), key=lambda r: (order[r.rule.code], r.team != "", r.team))


def clock_get_for_user(*, user: User, clock_id: int) -> Clock:
    """One clock of a case the user may see, on their side of the work (else not found)."""
    clock = get_object_or_404(Clock.objects.select_related("case"), pk=clock_id)
    if clock.rule not in visible_rules(user) or not can(user, Action.CASE_VIEW, clock.case):
        raise Http404
    return clock
