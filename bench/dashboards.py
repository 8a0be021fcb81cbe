"""The dashboards that read a year (responsiveness, lateness, the supervisors' dashboard) from
the rows per organisation and day, against the records they count (target: p95 under 200 ms
at 1M cases on PostgreSQL, reading hundreds of rows per chart rather than every record of the
year). Also what keeping the rows costs a write: recounting one busy day."""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import statistics
import time

from bench.cases import _measure, add_arguments, prepare
from bench.common import p95

TARGET_MS = 200.0

__all__ = ["add_arguments", "run"]


def run(args: argparse.Namespace) -> int:
    supervisor = prepare(args)
    from django.db.models import Count
    from django.db.models.functions import ExtractYear
    from django.test import Client

    from mukti.accounts.testing import sign_in
    from mukti.cases.models import Case
    from mukti.deadlines import rollups as clock_days
    from mukti.deadlines.models import Clock, ClockDay
    from mukti.deadlines.services import clocks_rebuild
    from mukti.rescue import rollups as engagement_days
    from mukti.rescue.models import Engagement, EngagementDay

    if not Clock.objects.exists():
        print("Computing the clocks once (mukti clocks rebuild)…")
        clocks_rebuild()
    rebuilt = []
    for label, rollup in (("engagements per day", engagement_days),
                          ("clocks per day", clock_days)):  # fmt: skip
        started = time.perf_counter()
        rows = rollup.rebuild()
        rebuilt.append((label, rows, time.perf_counter() - started))
    busiest = (
        Engagement.objects.annotate(year=ExtractYear("asked_at"))
        .values("year")
        .annotate(n=Count("id"))
        .order_by("-n")
        .first()
    )
    year = busiest["year"] if busiest else dt.date.today().year
    start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    engagements = Engagement.objects.filter(asked_at__year=year).count()
    clocks = Clock.objects.filter(due_at__year=year).count()
    engagement_rows = EngagementDay.objects.filter(day__range=(start, end)).count()
    clock_rows = ClockDay.objects.filter(day__range=(start, end)).count()

    client = Client()
    sign_in(client, supervisor)
    query = f"start={start}&end={end}"
    pages = [
        ("responsiveness per office", f"/rescue/responsiveness/?{query}&by=office"),
        ("responsiveness per official", f"/rescue/responsiveness/?{query}&by=official"),
        ("lateness per rule and team", f"/deadlines/lateness/?{query}"),
        ("supervisors' dashboard", f"/reports/dashboard/?{query}"),
    ]
    results = []
    for label, url in pages:
        timings, cpu, queries, raw = _measure(client, url, args.requests)
        results.append((label, timings, cpu, queries, raw))

    # What a write pays: one organisation's busiest days recounted (an answer recorded, a
    # clock met), as the services do in the write's transaction.
    organisation = supervisor.organisation_id
    rng = random.Random(1)
    days = list(EngagementDay.objects.filter(organisation_id=organisation).values_list(
        "day", flat=True).distinct())  # fmt: skip
    clock_dates = list(ClockDay.objects.filter(organisation_id=organisation).values_list(
        "day", flat=True).distinct())  # fmt: skip
    refresh: dict[str, list[float]] = {"engagements": [], "clocks": []}
    for _ in range(args.requests):
        for key, rollup, pool in (("engagements", engagement_days, days),
                                  ("clocks", clock_days, clock_dates)):  # fmt: skip
            if pool:
                started = time.perf_counter()
                rollup.refresh(organisation, [rng.choice(pool)])
                refresh[key].append((time.perf_counter() - started) * 1000)

    print(f"\nDatabase: {args.database}; {Case.objects.count():,} cases. Year {year}: "
          f"{engagements:,} engagements, {clocks:,} clocks.")  # fmt: skip
    for label, rows, seconds in rebuilt:
        print(f"rebuild {label:20} {rows:9,} rows in {seconds:6.1f} s")
    print(f"rows read for the year: {engagement_rows:,} engagements per day "
          f"(instead of {engagements:,} engagements), {clock_rows:,} clocks per day "
          f"(instead of {clocks:,} clocks)")  # fmt: skip
    worst = 0.0
    for label, timings, cpu, queries, raw in results:
        worst = max(worst, p95(timings) / TARGET_MS)
        print(
            f"{label:30} p50 {statistics.median(timings):7.1f} ms  p95 {p95(timings):7.1f} ms  "
            f"CPU {statistics.median(cpu):6.1f} ms  {queries:2d} queries  raw SQL {raw:6.1f} ms"
        )
    for key, times in refresh.items():
        if times:
            print(f"a write recounts one day of {key:11}: p50 {statistics.median(times):6.1f} ms"
                  f"  p95 {p95(times):6.1f} ms")  # fmt: skip
    print(
        f"Worst p95/target ({TARGET_MS:.0f} ms): {worst:.2f}. Load average "
        f"{os.getloadavg()[0]:.2f} on {os.cpu_count()} cores. Rows per day grow with the "
        "offices, officials, rules and teams at work each day, not with the cases."
    )
    return 0 if worst <= 1 else 1
