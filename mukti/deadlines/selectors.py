from __future__ import annotations

import datetime as dt
import json
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Sum, Value
from django.db.models.functions import Coalesce, NullIf
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _

from mukti.accounts.access import Action, can, require
from mukti.accounts.models import User
from mukti.cases.access import has_few_cases, sees_whole_organisation, team_rule
from mukti.cases.models import Case, CaseMember, CaseStatus, CaseSurvivor
from mukti.core.aggregates import JSONListItems
from mukti.core.compiled import compiled
from mukti.core.expressions import ExistsPerRow
from mukti.core.monthly import every_district, full_months, month_span
from mukti.deadlines import monthly
from mukti.deadlines.models import (
    Acknowledgement,
    Clock,
    ClockRebuild,
    LatenessMonth,
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
        Q(**{f"{via}survivor__isnull": True}) | Q(ExistsPerRow(linked))
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


@compiled
def _case_clocks(case_id: int, *, rules: tuple[str, ...]) -> QuerySet[Clock]:
    return (
        Clock.objects.filter(case_id=case_id, rule__in=rules)
        .select_related("survivor", "trigger")
        .order_by("due_at", "id")
    )


def case_clocks(*, case: Case, user: User) -> list[ClockRow]:
    """The case's clocks on the side of the work this user may see."""
    clocks = _case_clocks(case.pk, rules=tuple(visible_rules(user)))
    for clock in clocks:
        clock.case = case
    return _rows(clocks)


@dataclass(frozen=True)
class DueSoon:
    upcoming: list[ClockRow]
    breached: list[ClockRow]


def _scope(actor: User, hours: int) -> tuple[int, dt.datetime, dt.datetime, dict[str, Any]]:
    """Whose clocks (the organisation's, or (team) those of the cases the user is on), the time
    of reading and the horizon, and the shape of the lists' queries."""
    require(actor, Action.CASE_VIEW)
    now = timezone.now()
    team = not sees_whole_organisation(actor)
    scope_id = actor.pk if team else actor.organisation_id
    codes = tuple(visible_rules(actor))
    shape = {
        "team": team,
        "few": team and has_few_cases(actor),
        # Only for those who may not see every side: for the others the list of every rule
        # would lead SQLite to probe (case, rule) pairs instead of reading the deadline index.
        "codes": codes if len(codes) < len(RULES) else None,
    }
    return scope_id, now, now + dt.timedelta(hours=hours), shape


def due_soon(*, actor: User, hours: int = 72) -> DueSoon:
    """Open clocks of the user's cases that run out within ``hours`` (soonest first), then those
    already breached (most recent breach first), on the side of the work the user may see."""
    scope_id, now, until, shape = _scope(actor, hours)
    return DueSoon(
        _rows(_clocks_upcoming(scope_id, actor.pk, now, until, **shape)),
        _rows(_clocks_breached(scope_id, actor.pk, now, **shape)),
    )


@dataclass(frozen=True)
class DueCounts:
    """How many rows each list of ``due_soon`` shows (each at most ``LIST_CAP``), and how many of
    them are of each rule: the home page's counts, without a clock, case or survivor read."""

    upcoming: Counter[str]
    breached: Counter[str]


def due_soon_counts(*, actor: User, hours: int = 72) -> DueCounts:
    scope_id, now, until, shape = _scope(actor, hours)

    def counted(rules: Iterable[str]) -> Counter[str]:
        return Counter(rule for rule in rules if rule in RULES_BY_CODE)  # as _rows keeps them

    return DueCounts(
        counted(_rules_upcoming(scope_id, actor.pk, now, until, **shape)),
        counted(_rules_breached(scope_id, actor.pk, now, **shape)),
    )


def _open_clocks(
    scope_id: int, user_id: int, *, team: bool, few: bool, codes: tuple[str, ...] | None
) -> QuerySet[Clock]:
    """Open clocks that call for this user (due_soon), in the organisation ``scope_id`` or,
    ``team``, of the cases the user ``scope_id`` is on (``few``: ``has_few_cases``); of
    ``codes`` only, if given."""
    clocks = (
        Clock.objects.filter(satisfied_at__isnull=True)
        .select_related("case", "survivor", "trigger")
        .only(*DUE_SOON_FIELDS)
    )
    if team:
        # A few cases: their clocks (about seven a case) read and sorted. For 150 cases among
        # 100,000 on SQLite, 4.7 ms, where the deadline index was read whole (210 ms: she had
        # fewer breached clocks than a list holds). More: the deadline index drives the query
        # and stops at 200 rows (a lead on most cases would have every clock read and sorted).
        clocks = clocks.filter(team_rule(scope_id, few=few))
    else:
        clocks = clocks.filter(organisation_id=scope_id)
    if codes is not None:
        clocks = clocks.filter(rule__in=codes)
    # A clock typed in after its deadline is not an alert: the lateness report counts it.
    # "IN (false)" rather than "= false": Django writes the latter as NOT recorded_late, which
    # SQLite cannot match against the index.
    clocks = clocks.filter(recorded_late__in=[False])
    # Closed cases and survivors no longer part of the case drop out; so do clocks this user
    # acknowledged (the lateness report still counts them).
    acknowledged = Acknowledgement.objects.filter(clock=OuterRef("pk"), user_id=user_id)
    return clocks.filter(in_scope()).exclude(Exists(acknowledged))


def _upcoming(
    scope_id: int,
    user_id: int,
    now: dt.datetime,
    until: dt.datetime,
    *,
    team: bool,
    few: bool,
    codes: tuple[str, ...] | None,
) -> QuerySet[Clock]:
    clocks = _open_clocks(scope_id, user_id, team=team, few=few, codes=codes)
    return clocks.filter(due_at__gt=now, due_at__lte=until).order_by("due_at", "id")[:LIST_CAP]


def _breached(
    scope_id: int,
    user_id: int,
    now: dt.datetime,
    *,
    team: bool,
    few: bool,
    codes: tuple[str, ...] | None,
) -> QuerySet[Clock]:
    clocks = _open_clocks(scope_id, user_id, team=team, few=few, codes=codes)
    return clocks.filter(due_at__lte=now).order_by("-due_at", "-id")[:LIST_CAP]


_clocks_upcoming = compiled(_upcoming)
_clocks_breached = compiled(_breached)


# The same lists, their rules only (the home page counts them).
@compiled
def _rules_upcoming(*args: Any, **shape: Any) -> QuerySet[Clock, str]:
    return _upcoming(*args, **shape).values_list("rule", flat=True)


@compiled
def _rules_breached(*args: Any, **shape: Any) -> QuerySet[Clock, str]:
    return _breached(*args, **shape).values_list("rule", flat=True)


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


def _alerts(user_id: int, organisation_id: int | None, rules: tuple[str, ...]) -> QuerySet:
    """The alerts a user may still act on: of cases they may still see (team members removed
    from a case no longer see its alerts; ``organisation_id`` for those who see every case of
    it), on their side of the work (``rules``), of open cases and survivors still part of them,
    and not acknowledged."""
    alerts = Notification.objects.filter(user_id=user_id, clock__rule__in=rules)
    if organisation_id is not None:
        alerts = alerts.filter(clock__organisation_id=organisation_id)
    else:
        mine = CaseMember.objects.filter(case_id=OuterRef("clock__case_id"), user_id=user_id)
        alerts = alerts.filter(Exists(mine))
    acknowledged = Acknowledgement.objects.filter(clock=OuterRef("clock_id"), user_id=user_id)
    return alerts.filter(in_scope(via="clock__")).exclude(Exists(acknowledged))


def _alert_scope(user: User) -> tuple[int | None, tuple[str, ...]]:
    """What of ``_alerts`` depends on the user's role: the organisation if she sees every case
    of it (else None: her teams' cases), and the rules of her side of the work."""
    organisation_id = user.organisation_id if sees_whole_organisation(user) else None
    return organisation_id, tuple(visible_rules(user))


def _my_notifications(user: User) -> QuerySet[Notification]:
    return _alerts(user.pk, *_alert_scope(user))


def _unread(alerts: QuerySet) -> QuerySet:
    # The count as a query whose SQL can be kept (a count() is compiled every time): one row,
    # of the user's alerts grouped by their user, or none.
    unread = alerts.filter(read_at__isnull=True).values("user_id").annotate(n=Count("pk"))
    return unread.values_list("n", flat=True)


# Asked by every page a signed-in user opens (the menu's count of alerts, fetched once the page
# has loaded and every two minutes while it is open): compiled once per connection (issue 24).
@compiled
def _unread_of_team(user_id: int, *, rules: tuple[str, ...]) -> QuerySet:
    return _unread(_alerts(user_id, None, rules))


@compiled
def _unread_of_organisation(
    user_id: int, organisation_id: int, *, rules: tuple[str, ...]
) -> QuerySet:
    return _unread(_alerts(user_id, organisation_id, rules))


def notifications(*, user: User, limit: int = 100) -> list[Notification]:
    return list(
        _my_notifications(user)
        .select_related("clock__case", "clock__survivor")
        .order_by("-created_at", "-id")[:limit]
    )


def unread_count(*, user: User) -> int:
    if not can(user, Action.CASE_VIEW):
        return 0
    organisation_id, rules = _alert_scope(user)
    if organisation_id is None:
        counted = _unread_of_team(user.pk, rules=rules)
    else:
        counted = _unread_of_organisation(user.pk, organisation_id, rules=rules)
    return counted[0] if counted else 0


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
    median_late: float | None  # hours, of those late
    worst_late: float | None

    @property
    def total(self) -> int:
        return sum(self.counts.values())


STATES = ("met", "met_late", "breached", "recorded_late", "running")


def lateness(
    *, actor: User, start: dt.date, end: dt.date, district: int | None = None, teams: bool = True
) -> list[LatenessRow]:
    """Clocks due in the period, per rule and per team (the case lead's), with how many were met
    in time, met late, breached, recorded after the deadline, and by how much they were late.
    Counts only: no survivor, no case content.

    The months wholly inside the period are read from the monthly rows (``LatenessMonth``, a
    few thousand a year instead of every clock of the year), the partial months at its edges
    from the clocks themselves, grouped the same way (``monthly.tallies``); both grouped by
    rule and team in the database, summed here, and each clock's state read as ``Clock.state``
    gives it at the time of reading (open clocks are kept by their deadline). The same figures
    as the report computed from every clock whenever deadlines and the times clocks were met
    are whole minutes (as the forms record them). Without ``teams`` (the dashboard's chart),
    the rows per rule only, grouped so by the database."""
    require(actor, Action.LATENESS_VIEW)
    now = timezone.now()
    since = timezone.make_aware(dt.datetime.combine(start, dt.time.min))
    until = timezone.make_aware(dt.datetime.combine(end + dt.timedelta(days=1), dt.time.min))
    months = full_months(start, end)
    edges = Q(due_at__gte=since, due_at__lt=until)  # no whole month: all of it
    found: dict[tuple[str, str | None], monthly.Figures] = {}
    if months is not None:
        inside_from = month_span(months[0])[0]
        inside_to = month_span(months[1])[1]
        # Two ranges of the deadlines, not the year filtered.
        edges = Q(due_at__gte=since, due_at__lt=inside_from) | Q(
            due_at__gte=inside_to, due_at__lt=until
        )
        rows = LatenessMonth.objects.filter(
            organisation_id=actor.organisation_id,
            month__gte=months[0],
            month__lte=months[1],
            rule__in=RULES_BY_CODE,
        )
        # One district's rows, or those summed over every district.
        rows = rows.filter(district_id=district) if district else rows.filter(every_district())
        team = (
            Coalesce(NullIf("lead__first_name", Value("")), "lead__username")
            if teams
            else Value("")
        )
        summed = (
            rows.order_by()
            .values("rule", team=team)
            .annotate(
                n_met=Sum("met"), n_met_late=Sum("met_late"), n_recorded=Sum("recorded_late"),
                late=JSONListItems("late_minutes"), due=JSONListItems("open_due"),
                late_due=JSONListItems("open_late_due"),
            )
            .values_list(
                "rule", "team", "n_met", "n_met_late", "n_recorded", "late", "due", "late_due"
            )
        )  # fmt: skip
        for rule, team_name, met, met_late, recorded, *lists in summed:
            late, due, late_due = ([json.loads(f"[{items or ''}]")] for items in lists)
            counts = [met, met_late, recorded]
            found[(rule, team_name)] = monthly.Figures(counts, late, due, late_due)
    whole_months = months is not None and start == months[0] and until.day == 1
    if not whole_months:  # a partial month at either edge
        clocks = Clock.objects.filter(
            edges, organisation_id=actor.organisation_id, rule__in=RULES_BY_CODE
        )
        if district:  # the clocks of the district's cases
            clocks = clocks.filter(case__district_id=district)
        keys = ("rule", "team") if teams else ("rule",)
        for (rule, *team_name), tally in monthly.tallies(clocks, keys).items():
            key = (rule, team_name[0] if team_name else "")
            found.setdefault(key, monthly.Figures()).add_tally(tally)
    # Per rule and team as of now; per rule, the sum of its teams, first.
    readings = {key: figures.read(now) for key, figures in found.items()}
    by_rule: dict[tuple[str, str | None], monthly.Reading] = {}
    for (rule, _team), reading in readings.items():
        if (rule, "") not in by_rule:
            by_rule[(rule, "")] = monthly.Reading({}, [])
        by_rule[(rule, "")].add(reading)

    def hours(minutes: float | None) -> float | None:
        return None if minutes is None else minutes / 60

    team_of = _("Team of %(lead)s")
    rows_out = [
        LatenessRow(
            RULES_BY_CODE[rule],
            str(team_of % {"lead": lead}) if lead else "",
            {state: reading.counts[state] for state in STATES},
            hours(reading.median()),
            hours(reading.worst()),
        )
        for (rule, lead), reading in [*by_rule.items(), *(readings.items() if teams else ())]
    ]
    order = {rule.code: i for i, rule in enumerate(RULES)}
    return sorted(rows_out, key=lambda r: (order[r.rule.code], r.team != "", r.team))


def clock_get_for_user(*, user: User, clock_id: int) -> Clock:
    """One clock of a case the user may see, on their side of the work (else not found)."""
    clock = get_object_or_404(Clock.objects.select_related("case"), pk=clock_id)
    if clock.rule not in visible_rules(user) or not can(user, Action.CASE_VIEW, clock.case):
        raise Http404
    return clock
