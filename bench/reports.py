"""Case report PDF time for one large case (target: p95 under 5 s for 2,000 timeline events)."""

from __future__ import annotations

import argparse
import os
import statistics
import time

from bench.common import configure

TARGET_S = 5.0


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--events", type=int, default=2000)
    parser.add_argument("--requests", type=int, default=10)
    parser.add_argument("--database", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument(
        "--postgres-url", default="postgres://postgres@127.0.0.1:5432/mukti_bench_reports"
    )


def run(args: argparse.Namespace) -> int:
    configure(args.database, args.postgres_url, "bench-reports")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from mukti.accounts.models import Organisation, Role, User
    from mukti.accounts.testing import sign_in
    from mukti.cases.models import Case
    from mukti.site.synth import synthesise

    call_command("migrate", verbosity=0)
    organisation, _ = Organisation.objects.get_or_create(name="Synthetic NGO")  # as synth's
    User.objects.get_or_create(
        username="bench-admin",
        defaults={"role": Role.ADMINISTRATOR, "organisation": organisation},
    )
    supervisor, _ = User.objects.get_or_create(
        username="bench-supervisor",
        defaults={"role": Role.SUPERVISOR, "organisation": organisation},
    )
    case = Case.objects.order_by("id").first()
    if case is None or case.events.count() != args.events:
        # A fresh seed per size: the first synthetic case of a run holds ``events`` events.
        synthesise(cases=1, seed=args.events, big_case_events=args.events, engagements_per_case=0)
        case = Case.objects.order_by("-id").first()
    assert case is not None
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    client = Client()
    sign_in(client, supervisor)
    url = f"/reports/cases/{case.reference}/"
    events = case.events.count()
    print(f"Database: {args.database}; case {case.reference} with {events:,} timeline events.")
    response = client.post(url)  # warm the template and font caches
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    timings, cpu, size = [], [], len(response.content)
    for _ in range(args.requests):
        started, cpu_started = time.perf_counter(), time.process_time()
        response = client.post(url)
        timings.append(time.perf_counter() - started)
        cpu.append(time.process_time() - cpu_started)
        assert response.status_code == 200
    with CaptureQueriesContext(connection) as ctx:
        client.post(url)
    from io import BytesIO

    from pypdf import PdfReader

    pages = len(PdfReader(BytesIO(response.content)).pages)
    p95 = statistics.quantiles(timings, n=20, method="inclusive")[18] if len(timings) > 1 else 0
    print(
        f"PDF: {size / 1024:.0f} KiB, {pages} pages; {args.requests} requests: "
        f"p50 {statistics.median(timings):.2f} s, p95 {p95:.2f} s, max {max(timings):.2f} s "
        f"(CPU time of this process: p50 {statistics.median(cpu):.2f} s, max {max(cpu):.2f} s); "
        f"{len(ctx.captured_queries)} queries. Load average: {os.getloadavg()[0]:.2f} on "
        f"{os.cpu_count()} cores (wall time counts the other processes' share)."
    )
    verdict = "met" if p95 < TARGET_S else "NOT met"
    print(f"Target: p95 < {TARGET_S:.0f} s ({verdict}).")
    return 0 if p95 < TARGET_S else 1
