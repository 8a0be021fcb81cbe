"""The two requests of a timeline write, in-process (issue 24): the quick entry form htmx
fetches (``GET /cases/<ref>/events/new/`` with HX-Request) and the entry posted to it with htmx,
on the synthetic case with 200 events, as bench/http.py's ``_write_entry`` sends them. Prints
p50/p95 wall and process CPU (ms), the answer's size and the query count; ``--profile`` prints
cProfile's top functions of each."""

from __future__ import annotations

import argparse
import cProfile
import datetime as dt
import pstats
import statistics
import time
from typing import Any

from bench.common import load_average
from bench.common import p95 as _p95

NOTE = "Bench write note"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--cases", type=int, default=2_000)
    parser.add_argument("--database", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--requests", type=int, default=30)
    parser.add_argument("--postgres-url", default="postgres://postgres@127.0.0.1:5432/mukti_bench")
    parser.add_argument(
        "--user",
        choices=["caseworker", "supervisor"],
        default="caseworker",
        help="who writes: the case's lead caseworker, or a supervisor",
    )
    parser.add_argument("--only", default="", help="'form' or 'entry': only that request")
    parser.add_argument("--profile", type=int, default=0, help="cProfile: print this many rows")
    parser.add_argument("--queries", action="store_true", help="print each request's SQL")


def _form_fields(html: str, path: str) -> dict[str, str]:
    from mukti.core.serving import Form

    return Form(html, path).fields


def run(args: argparse.Namespace) -> int:
    from bench.cases import prepare

    supervisor = prepare(args, data_dir="bench-writes")
    from mukti.core.management.commands.serve import freeze_start_up

    freeze_start_up()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from mukti.accounts.testing import sign_in
    from mukti.cases.models import Case, Event

    big = Case.objects.order_by("id").first()
    assert big is not None
    Event.objects.filter(case=big, note__startswith=NOTE).delete()  # an earlier run's entries
    user = big.lead if args.user == "caseworker" else supervisor
    client = Client(HTTP_HX_REQUEST="true")
    sign_in(client, user)
    path = f"/cases/{big.reference}/events/new/"
    print(
        f"Database: {args.database}; {Case.objects.count():,} cases; {big.reference} has "
        f"{big.events.count()} events; {args.user}; {args.requests} requests each; "
        f"load {load_average()}."
    )

    counter = iter(range(10**9))

    def form() -> Any:
        return client.get(path)

    def entry() -> Any:
        fields = _form_fields(client.get(path).content.decode(), path)
        fields["quick-type"] = "verified"
        day = dt.date.today() - dt.timedelta(days=1 + next(counter) % 30)
        fields["quick-when"] = day.isoformat()
        fields["quick-note"] = f"{NOTE} {next(counter)}."
        return lambda: client.post(path, fields)

    rows = []
    profiles: list[tuple[str, cProfile.Profile]] = []
    for label, make in (("form", lambda: form), ("entry", entry)):
        if args.only and args.only != label:
            continue
        for _ in range(3):  # warm
            response = make()()
            assert response.status_code == 200, response.status_code
        wall, cpu = [], []
        size = 0
        for _ in range(args.requests):
            request = make()
            started, started_cpu = time.perf_counter(), time.process_time()
            response = request()
            cpu.append((time.process_time() - started_cpu) * 1000)
            wall.append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200, response.status_code
            assert b"is-invalid" not in response.content, "the entry was refused"
            size = len(response.content)
        request = make()
        with CaptureQueriesContext(connection) as ctx:
            request()
        rows.append((label, wall, cpu, len(ctx.captured_queries), size))
        if args.queries:
            print(f"--- {label}: {len(ctx.captured_queries)} queries")
            for query in ctx.captured_queries:
                print(f"  {float(query['time']) * 1000:6.2f} ms  {query['sql'][:230]}")
        if args.profile:
            profile = cProfile.Profile()
            for _ in range(10):
                request = make()
                profile.enable()
                request()
                profile.disable()
            profiles.append((label, profile))
    Event.objects.filter(case=big, note__startswith=NOTE).delete()
    print(
        f"{'request':8} {'p50 ms':>8} {'p95 ms':>8} {'CPU p50':>8} {'CPU p95':>8} "
        f"{'CPU min':>8} {'queries':>8} {'bytes':>8}"
    )
    for label, wall, cpu, queries, size in rows:
        print(
            f"{label:8} {statistics.median(wall):8.1f} {_p95(wall):8.1f} "
            f"{statistics.median(cpu):8.1f} {_p95(cpu):8.1f} {min(cpu):8.1f} {queries:8d} "
            f"{size:8,d}"
        )
    for label, profile in profiles:
        print(f"\n--- {label}: 10 requests, by own time")
        pstats.Stats(profile).sort_stats("tottime").print_stats(args.profile)
        print(f"\n--- {label}: 10 requests, cumulative")
        pstats.Stats(profile).sort_stats("cumulative").print_stats(args.profile)
    return 0
