"""Case list and case page latency at scale, the pages and the API (targets: p95 under 150 ms
for the pages, under 100 ms for the API's case list and case detail, in-process)."""

from __future__ import annotations

import argparse
import os
import statistics
import time
from typing import Any

from bench.common import configure
from bench.common import p95 as _p95

TARGET_MS = 150.0  # case list and case page; the rescue dashboards have 200 ms
RESCUE_TARGET_MS = 200.0
API_TARGET_MS = 100.0  # issue 21: the API's case list and case detail at 100,000 cases


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--database", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--requests", type=int, default=30)
    parser.add_argument(
        "--organisations",
        type=int,
        default=1,
        help="spread the synthesised cases over this many organisations (the bench users are "
        "in the first, 'Synthetic NGO')",
    )
    parser.add_argument("--postgres-url", default="postgres://postgres@127.0.0.1:5432/mukti_bench")
    parser.add_argument(
        "--explain",
        action="store_true",
        help="PostgreSQL: print the plan (EXPLAIN ANALYZE, BUFFERS) of each page's slowest query",
    )
    parser.add_argument(
        "--only", default="", help="only the pages whose label contains this text (e.g. 'case ')"
    )


def _measure(
    client: Any, url: str, n: int, captured: list[dict[str, str]] | None = None
) -> tuple[list[float], list[float], int, float]:
    """The page's wall-clock times and process CPU times (ms) over ``n`` requests, its query
    count, and the median time (ms) of the same SQL replayed raw on the DB-API connection (no
    ORM, no template: the floor the page cannot go below)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for _ in range(3):  # warm caches and the connection
        assert client.get(url).status_code == 200, url
    timings, cpu = [], []
    for _ in range(n):
        started, started_cpu = time.perf_counter(), time.process_time()
        response = client.get(url)
        cpu.append((time.process_time() - started_cpu) * 1000)
        timings.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, url
    with CaptureQueriesContext(connection) as ctx:
        client.get(url)
    if captured is not None:
        captured.extend(ctx.captured_queries)
    return timings, cpu, len(ctx.captured_queries), _raw_sql_ms(ctx.captured_queries, n)


def _explain_slowest(queries: list[dict[str, str]]) -> str:
    """The plan of the slowest read among ``queries``, as PostgreSQL ran it once more."""
    from django.db import connection

    reads = [q for q in queries if _is_read(q["sql"])]
    if not reads:
        return "    (no reads)"
    slowest = max(reads, key=lambda q: float(q["time"]))
    # The read explained where it stands, after any SET LOCAL that fixes how it is planned.
    statements = [part for part in slowest["sql"].split(";") if part.strip()]
    at = next(i for i, part in enumerate(statements) if _is_read(part))
    statements[at] = "EXPLAIN (ANALYZE, BUFFERS) " + statements[at].strip()
    raw = connection.connection.cursor()
    raw.execute(";".join(statements))
    for _ in range(at):
        raw.nextset()
    plan = [row[0] for row in raw.fetchall()]
    raw.close()
    head = f"    slowest query ({float(slowest['time']) * 1000:.1f} ms): {slowest['sql'][:300]}"
    return "\n".join([head, *(f"      {line}" for line in plan)])


def _is_read(sql: str) -> bool:
    """A read, or a read between the statements that set how PostgreSQL plans it (the case
    page's timeline: ``SET LOCAL join_collapse_limit = 1; SELECT ...; SET LOCAL ...``)."""
    statements = [part.strip().upper() for part in sql.split(";") if part.strip()]
    head = statements[0] if statements else ""
    if head.startswith(("SELECT", "WITH")):
        return True  # (a ";" inside one of its literals splits nothing that matters here)
    others = [s for s in statements if not s.startswith("SET ")]
    return (
        head.startswith("SET LOCAL")
        and bool(others)
        and all(s.startswith(("SELECT", "WITH")) for s in others)
    )


def _fetch_every_result(cursor: Any) -> int:
    """Fetch every row of every result of the statement(s) just run; how many rows."""
    rows = 0
    while True:
        if cursor.description is not None:
            rows += len(cursor.fetchall())
        if not getattr(cursor, "nextset", lambda: None)():
            return rows


def _raw_sql_ms(queries: list[dict[str, str]], n: int) -> float:
    """Replay the captured statements (reads only; a write such as the API's rate-limit counter
    or the audit record is skipped, so the ratio is if anything flattering to the raw side)
    ``n`` times on the raw connection, fetching every row; the median total in ms."""
    from django.db import connection

    reads = [q["sql"] for q in queries if _is_read(q["sql"])]
    raw = connection.connection
    totals = []
    for _ in range(n):
        started = time.perf_counter()
        cursor = raw.cursor()
        for sql in reads:
            cursor.execute(sql)
            _fetch_every_result(cursor)
        cursor.close()
        totals.append((time.perf_counter() - started) * 1000)
    return statistics.median(totals)


def prepare(args: argparse.Namespace, data_dir: str = "bench") -> Any:
    """Point Django at the bench database, migrate, and synthesise the data once (reused by
    later runs and by the other benchmarks). Returns the bench supervisor, in the synthetic
    cases' organisation."""
    configure(args.database, args.postgres_url, data_dir)
    # The API's per-token limit would otherwise answer the timed requests with 429.
    os.environ["MUKTI_API_RATE_PER_MINUTE"] = "1000000"
    import django

    django.setup()
    from django.core.management import call_command
    from tqdm import tqdm

    from mukti.accounts.models import Organisation, Role, User
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
    missing = args.cases - Case.objects.count()
    if missing > 0:
        with tqdm(total=missing, unit="case", desc="Synthesising") as bar:
            synthesise(
                cases=missing,
                seed=Case.objects.count() + 1,
                progress=bar.update,
                organisations=getattr(args, "organisations", 1),
            )
    # The supervisor works in the organisation of the first case, the one with 200 events that
    # the case page shows (with several organisations it may not be the first one).
    first = Case.objects.order_by("id").select_related("organisation").first()
    if first is not None and supervisor.organisation_id != first.organisation_id:
        User.objects.filter(pk=supervisor.pk).update(organisation=first.organisation)
        supervisor.refresh_from_db()
    # Fresh statistics after the bulk load, as autovacuum (PostgreSQL) or `PRAGMA optimize`
    # (SQLite) would have in a running deployment; without them the planners guess badly.
    from django.db import connection

    started = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    print(f"ANALYZE took {time.perf_counter() - started:.1f} s.")
    return supervisor


def _token(user: Any) -> str:
    import datetime as dt

    from django.utils import timezone

    from mukti.api.services import token_create

    expires = timezone.localdate() + dt.timedelta(days=1)
    return token_create(actor=user, name="bench", expires_on=expires, can_write=False)[1]


def run(args: argparse.Namespace) -> int:
    supervisor = prepare(args)
    from mukti.core.management.commands.serve import freeze_start_up

    freeze_start_up()  # as `mukti serve` does before it forks its workers
    from django.test import Client

    from mukti.accounts.testing import sign_in
    from mukti.cases.models import Case, Event
    from mukti.rescue.models import Engagement

    big = Case.objects.order_by("id").first()
    assert big is not None, "no cases: run mukti synth first"
    caseworker = big.lead
    counts = (Case.objects.count(), Event.objects.count(), big.events.count())
    print(f"{Engagement.objects.count():,} engagements.")
    print(
        f"\nDatabase: {args.database}; {counts[0]:,} cases, {counts[1]:,} events; case page of "
        f"{big.reference} has {counts[2]} events; {args.requests} requests each."
    )
    first_link = big.case_survivors.first()
    assert first_link is not None
    pseudonym_part = first_link.survivor.pseudonym[:5]
    pages = [
        # The least a signed-in request costs: session, user, second factor and one count,
        # no layout. A page whose SQL takes less than a third of this cannot be within 3x.
        ("alerts badge (what every request pays)", supervisor, "/deadlines/notifications/badge/"),
        ("home page (supervisor: every case)", supervisor, "/"),
        ("home page (caseworker: team only)", caseworker, "/"),
        ("case list, first page (supervisor: every case)", supervisor, "/cases/"),
        ("case list, first page (caseworker: team only)", caseworker, "/cases/"),
        ("case list, filtered + searched", supervisor,
         f"/cases/?q={pseudonym_part}&status={big.status}&sort=updated"),
        ("case list, search for a common word", supervisor, "/cases/?q=hotline"),
        (f"case page, {counts[2]} events", supervisor, big.get_absolute_url()),
        ("located, not rescued (supervisor: every case)", supervisor, "/rescue/window/"),
        ("located, not rescued (caseworker)", caseworker, "/rescue/window/"),
        ("responsiveness per office, one year", supervisor,
         "/rescue/responsiveness/?start=2025-01-01&end=2025-12-31&by=office"),
        ("responsiveness per official, one year", supervisor,
         "/rescue/responsiveness/?start=2025-01-01&end=2025-12-31&by=official"),
        # A year that starts and ends mid-month: two partial months read from the requests.
        ("responsiveness per office, one year from mid-month", supervisor,
         "/rescue/responsiveness/?start=2024-12-16&end=2025-12-15&by=office"),
        ("Due soon (supervisor: every case)", supervisor, "/deadlines/due/"),
        ("Due soon (caseworker: team only)", caseworker, "/deadlines/due/"),
        ("lateness per rule and team, one year", supervisor,
         "/deadlines/lateness/?start=2025-01-01&end=2025-12-31"),
        # Two partial months read from the clocks.
        ("lateness per rule and team, one year from mid-month", supervisor,
         "/deadlines/lateness/?start=2024-12-16&end=2025-12-15"),
        ("statistics by district, one year", supervisor, "/reports/?year=2025"),
        ("statistics by district, one quarter", supervisor, "/reports/?year=2025&quarter=2"),
        ("supervisors' dashboard, one year", supervisor,
         "/reports/dashboard/?start=2025-01-01&end=2025-12-31"),
        ("supervisors' dashboard, one year from mid-month", supervisor,
         "/reports/dashboard/?start=2024-12-16&end=2025-12-15"),
        ("API case list (supervisor: every case)", supervisor, "/api/v1/cases"),
        ("API case list (caseworker: team only)", caseworker, "/api/v1/cases"),
        ("API case list, filtered + searched", supervisor,
         f"/api/v1/cases?q={pseudonym_part}&status={big.status}&sort=updated"),
        ("API case detail", supervisor, f"/api/v1/cases/{big.reference}"),
        (f"API timeline, first page of {counts[2]} events", supervisor,
         f"/api/v1/cases/{big.reference}/events"),
    ]  # fmt: skip
    worst = 0.0
    print(f"{'page':52} {'p50 ms':>8} {'p95 ms':>8} {'p95/target':>11} {'queries':>8} "
          f"{'CPU ms':>7} {'raw SQL ms':>10} {'page/SQL':>9}")  # fmt: skip
    for label, user, url in pages:
        if args.only not in label:
            continue
        if url.startswith("/api/"):
            # The API reads a token, not a session: a read-only one of the same person.
            client = Client(HTTP_AUTHORIZATION=f"Bearer {_token(user)}")
        else:
            client = Client()
            sign_in(client, user)
        captured: list[dict[str, str]] = []
        timings, cpu, queries, raw_ms = _measure(client, url, args.requests, captured)
        p95 = _p95(timings)
        p50 = statistics.median(timings)
        target = (
            RESCUE_TARGET_MS
            if url.startswith(("/rescue/", "/deadlines/", "/reports/"))
            else API_TARGET_MS
            if url.startswith("/api/")
            else TARGET_MS
        )
        worst = max(worst, p95 / target)
        print(f"{label:52} {p50:8.1f} {p95:8.1f} {p95 / target:10.2f}x {queries:8d} "
              f"{statistics.median(cpu):7.1f} {raw_ms:10.1f} {p50 / raw_ms:8.1f}x")  # fmt: skip
        if args.explain and args.database == "postgres":
            print(_explain_slowest(captured))
    verdict = "met" if worst < 1 else "NOT met"
    print(
        f"Targets: p95 < {TARGET_MS:.0f} ms (case pages), < {API_TARGET_MS:.0f} ms (API), "
        f"< {RESCUE_TARGET_MS:.0f} ms (rescue dashboards). Worst p95/target: {worst:.2f} "
        f"({verdict})."
    )
    return 0
