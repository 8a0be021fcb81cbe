"""The monthly lateness rows: the report read from them (with the partial months at the edges of
a period read from the clocks) equals the report as the database computed it from every clock
of the period (``lateness_raw``, the two grouped queries it ran before the rows, kept here as
the oracle); the rows are what a rebuild writes; open clocks turn breached as time passes without
any row changing; another organisation's clocks never count."""

from __future__ import annotations

import datetime as dt
from io import StringIO
from typing import Any

import pytest
import time_machine
from django.core.management import call_command
from django.db import transaction
from django.db.models import Count, F, Max, Q, Value
from django.db.models.functions import Coalesce, NullIf
from django.utils import timezone
from django.utils.translation import gettext as _

from mukti.accounts.access import Action, require
from mukti.accounts.models import Organisation, Role, User
from mukti.cases import services as cases
from mukti.cases.access import organisation_filter
from mukti.cases.models import Case
from mukti.conftest import make_user
from mukti.core.aggregates import Median, MinutesBetween
from mukti.core.fuzzydate import parse_when
from mukti.deadlines import monthly
from mukti.deadlines.models import Clock, LatenessMonth
from mukti.deadlines.rules import RULES, RULES_BY_CODE
from mukti.deadlines.selectors import STATES, LatenessRow, lateness

pytestmark = pytest.mark.django_db


def stored_rows() -> list[tuple[Any, ...]]:
    return sorted(LatenessMonth.objects.values_list(*monthly.COLUMNS), key=repr)


def rebuilt_rows() -> list[tuple[Any, ...]]:
    """The rows a full rebuild writes (in a savepoint rolled back: the stored ones stay)."""
    with transaction.atomic():
        monthly.rebuild()
        rows = stored_rows()
        transaction.set_rollback(True)
    return rows


def lateness_raw(
    *, actor: User, start: dt.date, end: dt.date, district: int | None = None
) -> list[LatenessRow]:
    """The report as it was computed before the monthly rows: by the database, two grouped
    queries over every clock of the period (the oracle the rows must agree with)."""
    require(actor, Action.LATENESS_VIEW)
    now = timezone.now()
    since = timezone.make_aware(dt.datetime.combine(start, dt.time.min))
    until = timezone.make_aware(dt.datetime.combine(end + dt.timedelta(days=1), dt.time.min))
    in_period = Clock.objects.filter(
        organisation_filter(actor), due_at__gte=since, due_at__lt=until, rule__in=RULES_BY_CODE
    )
    if district:  # the clocks of the district's cases
        in_period = in_period.filter(case__district_id=district)
    # Clock.state, as conditions on the row.
    met = Q(satisfied_at__isnull=False, satisfied_at__lte=F("due_at"))
    typed_late = Q(recorded_at__isnull=False, recorded_at__gt=F("due_at"))
    still_open = Q(satisfied_at__isnull=True) & ~typed_late
    states = {
        "met": met,
        "recorded_late": ~met & typed_late,
        "met_late": ~met & ~typed_late & Q(satisfied_at__isnull=False),
        "breached": still_open & Q(due_at__lt=now),
        "running": still_open & Q(due_at__gte=now),
    }
    # Late: met after the deadline, or not met and the deadline passed.
    late = Q(satisfied_at__gt=F("due_at")) | Q(satisfied_at__isnull=True, due_at__lt=now)
    minutes_late = MinutesBetween(Coalesce("satisfied_at", Value(now)), "due_at")
    figures = {
        **{state: Count("id", filter=condition) for state, condition in states.items()},
        "median": Median(minutes_late, filter=late),
        "worst": Max(minutes_late, filter=late),
    }
    team = Coalesce(NullIf("case__lead__first_name", Value("")), "case__lead__username")
    grouped: list[dict[str, Any]] = [
        dict(row)
        for query in (
            in_period.order_by().values("rule").annotate(lead=Value(""), **figures),
            in_period.order_by().values("rule", lead=team).annotate(**figures),
        )
        for row in query
    ]

    def hours(minutes: float | None) -> float | None:
        return None if minutes is None else minutes / 60

    rows = [
        LatenessRow(
            RULES_BY_CODE[row["rule"]],
            str(_("Team of %(lead)s") % {"lead": row["lead"]}) if row["lead"] else "",
            {state: row[state] for state in STATES},
            hours(row["median"]),
            hours(row["worst"]),
        )
        for row in grouped
    ]
    order = {rule.code: i for i, rule in enumerate(RULES)}
    return sorted(rows, key=lambda r: (order[r.rule.code], r.team != "", r.team))


def plain(rows: list[LatenessRow]) -> list[tuple[Any, ...]]:
    """The report as values, the hours to a hundredth of a second (the database's arithmetic
    on timestamps, SQLite's julianday above all, is not exact to the last bit)."""

    def rounded(value: float | None) -> float | None:
        return None if value is None else round(value * 360_000)

    return [
        (r.rule.code, r.team, r.counts, rounded(r.median_late), rounded(r.worst_late)) for r in rows
    ]


def same_report(actor: Any, start: dt.date, end: dt.date, district: int | None) -> None:
    read = lateness(actor=actor, start=start, end=end, district=district)
    raw = lateness_raw(actor=actor, start=start, end=end, district=district)
    assert plain(read) == plain(raw), (start, end, district, timezone.now())
    # The dashboard's chart: the rows per rule, grouped so by the database.
    per_rule = lateness(actor=actor, start=start, end=end, district=district, teams=False)
    assert plain(per_rule) == plain([r for r in raw if not r.team])


def aware(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> dt.datetime:
    return timezone.make_aware(dt.datetime(year, month, day, hour, minute))


YEAR = {"start": dt.date(2024, 1, 1), "end": dt.date(2024, 12, 31)}
PERIODS = [
    (dt.date(2024, 1, 1), dt.date(2024, 12, 31)),  # whole months only
    (dt.date(2024, 1, 16), dt.date(2024, 6, 10)),  # partial months at both edges
    (dt.date(2024, 3, 1), dt.date(2024, 3, 31)),  # one whole month
    (dt.date(2024, 3, 5), dt.date(2024, 3, 20)),  # inside one month
    (dt.date(2024, 2, 1), dt.date(2024, 4, 9)),  # whole months, then a partial one
]


def _arrest(case: Case, at: str, typed: dt.datetime) -> None:
    with time_machine.travel(typed, tick=False):
        cases.event_record(actor=case.lead, case=case, type="arrest", when=parse_when(at))


def _produced(case: Case, at: str, typed: dt.datetime) -> None:
    with time_machine.travel(typed, tick=False):
        cases.event_record(
            actor=case.lead, case=case, type="produced_magistrate", when=parse_when(at)
        )


@pytest.fixture
def clocks(cast: Any, places: Any) -> list[Case]:
    """Arrests in three months and two districts, produced in time, late, or never; typed in
    at once or days later; in two teams (and a second Meera, whose team is Meera's)."""
    meera, anjali = cast["caseworker"], cast["other_caseworker"]
    other_meera = make_user("meera2", Role.CASEWORKER)
    other_meera.first_name = "Meera"
    other_meera.save(update_fields=["first_name"])
    made = [
        cases.case_open(actor=meera, title="North", district=places["n24"]),
        cases.case_open(actor=anjali, title="Nowhere"),
        cases.case_open(actor=other_meera, title="Second Meera", district=places["n24"]),
    ]
    for n, case in enumerate(made):
        for month in (2, 3, 4):
            day = 5 + 7 * n
            moment = dt.date(2024, month, day)
            _arrest(case, f"{moment:%-d %b %Y} 10:00", aware(2024, month, day, 10, 5))
    return made


def test_the_report_from_the_rows_is_the_report_from_every_clock(
    clocks: list[Case], cast: Any, places: Any
) -> None:
    late = clocks[0]
    _produced(late, "6 Feb 2024 12:00", aware(2024, 2, 6, 12, 5))  # 2 h late
    _produced(clocks[1], "13 Mar 2024 09:00", aware(2024, 3, 13, 9, 5))  # in time
    # Typed in a month after it happened: recorded late, and open.
    _arrest(clocks[1], "20 Mar 2024 23:59", aware(2024, 4, 25, 9, 0))
    assert stored_rows() == rebuilt_rows()
    for now in (aware(2024, 3, 20, 12), aware(2024, 4, 13, 10), aware(2025, 1, 1)):
        with time_machine.travel(now, tick=False):
            for start, end in PERIODS:
                for district in (None, places["n24"].pk):
                    same_report(cast["supervisor"], start, end, district)


def test_an_open_clock_is_running_until_its_deadline_and_breached_after_it(
    clocks: list[Case], cast: Any
) -> None:
    due = Clock.objects.filter(case=clocks[0], due_at__month=3).get().due_at
    period = (dt.date(2024, 3, 1), dt.date(2024, 3, 31))
    for now in (due - dt.timedelta(microseconds=1), due, due + dt.timedelta(microseconds=1)):
        with time_machine.travel(now, tick=False):
            same_report(cast["supervisor"], *period, None)
            row = next(
                r for r in lateness(actor=cast["supervisor"], start=period[0], end=period[1])
                if r.team == "Team of Meera" and r.counts["breached" if now > due else "running"]
            )  # fmt: skip
            assert row.worst_late == (None if now <= due else (now - due) / dt.timedelta(hours=1))


def test_two_leads_of_one_name_are_one_team_and_a_renamed_lead_renames_it(
    clocks: list[Case], cast: Any
) -> None:
    with time_machine.travel(aware(2024, 6, 1), tick=False):
        teams = {
            r.team for r in lateness(actor=cast["supervisor"], start=YEAR["start"], end=YEAR["end"])
        }
        assert teams == {"", "Team of Meera", "Team of Anjali"}
        User.objects.filter(username="meera2").update(first_name="")
        teams = {
            r.team for r in lateness(actor=cast["supervisor"], start=YEAR["start"], end=YEAR["end"])
        }
        assert teams == {"", "Team of Meera", "Team of Anjali", "Team of meera2"}
        same_report(cast["supervisor"], dt.date(2024, 1, 1), dt.date(2024, 12, 31), None)


def test_a_case_moved_or_handed_over_is_counted_under_its_new_district_and_lead(
    clocks: list[Case], cast: Any, places: Any
) -> None:
    case = clocks[1]
    cases.case_update(
        actor=cast["supervisor"], case=case, expected_version=None, district=places["n24"],
        lead=cast["caseworker"],
    )  # fmt: skip
    assert stored_rows() == rebuilt_rows()
    assert not LatenessMonth.objects.filter(lead=cast["other_caseworker"]).exists()
    with time_machine.travel(aware(2024, 6, 1), tick=False):
        same_report(
            cast["supervisor"], dt.date(2024, 1, 10), dt.date(2024, 12, 31), places["n24"].pk
        )


def test_the_rows_are_per_rule_lead_and_month_not_per_clock(clocks: list[Case]) -> None:
    for case in clocks:
        for day in range(1, 20):
            _arrest(case, f"{day} Mar 2024 08:00", aware(2024, 3, day, 8, 5))
    assert stored_rows() == rebuilt_rows()
    in_march = LatenessMonth.objects.filter(month=dt.date(2024, 3, 1), all_districts=True)
    assert in_march.count() == 3  # one per lead (one rule)
    assert Clock.objects.filter(due_at__month=3).count() > 3 * 19


def test_another_organisations_clocks_never_count(clocks: list[Case], cast: Any) -> None:
    other = Organisation.objects.create(name="Other NGO")
    theirs = make_user("theirs", Role.CASEWORKER, organisation=other)
    boss = make_user("their_boss", Role.SUPERVISOR, organisation=other)
    case = cases.case_open(actor=theirs, title="Theirs")
    _arrest(case, "10 Mar 2024 10:00", aware(2024, 3, 10, 10, 5))
    with time_machine.travel(aware(2024, 6, 1), tick=False):
        ours = lateness(actor=cast["supervisor"], start=YEAR["start"], end=YEAR["end"])
        their = lateness(actor=boss, start=YEAR["start"], end=YEAR["end"])
        assert sum(r.total for r in their if not r.team) == 1
        assert sum(r.total for r in ours if not r.team) == 9
        same_report(boss, YEAR["start"], YEAR["end"], None)


def test_rebuild_lateness_writes_what_the_services_kept(clocks: list[Case]) -> None:
    kept = stored_rows()
    LatenessMonth.objects.all().delete()
    out = StringIO()
    call_command("rebuild_lateness", stdout=out, stderr=StringIO())
    assert "Recomputed the monthly lateness of" in out.getvalue()
    assert stored_rows() == kept


def test_a_rule_switched_off_rebuilds_the_rows_with_the_clocks(
    clocks: list[Case], cast: Any, django_capture_on_commit_callbacks: Any
) -> None:
    from mukti.deadlines import services

    code = "arrest_magistrate"
    assert LatenessMonth.objects.filter(rule=code).exists()
    with django_capture_on_commit_callbacks(execute=True):
        services.rule_configure(actor=cast["administrator"], code=code, enabled=False)
    assert not Clock.objects.filter(rule=code).exists()
    assert not LatenessMonth.objects.filter(rule=code).exists()
    assert stored_rows() == rebuilt_rows()
