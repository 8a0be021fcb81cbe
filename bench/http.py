"""The site under load over real HTTP: `mukti serve` (gunicorn, production settings) on
loopback, fifty signed-in users (password and TOTP code through the real forms) browsing the case
list, a case page and *Due soon* with one write in ten (a timeline entry or a status change,
through the forms with their CSRF tokens). Target: p95 under 300 ms with no errors, for 50 users
on 2 workers over 100,000 cases on PostgreSQL."""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import re
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlencode, urlsplit

from bench.common import load_average, percentile

TARGET_P95_MS = 300.0
PASSWORD = "bench-http-a-long-passphrase-42"
CASE_LINK = re.compile(r'href="/cases/([A-Z]{2}-\d{4}-\d{4,6})/"')


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--database", choices=["sqlite", "postgres"], default="postgres")
    parser.add_argument(
        "--postgres-url", default="postgres://postgres@127.0.0.1:5432/mukti_bench_http"
    )
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=60.0, help="measured (default 60)")
    parser.add_argument("--warmup", type=float, default=5.0, help="not measured (default 5)")
    parser.add_argument("--think", type=float, default=0.5, help="seconds between requests")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument(
        "--threads",
        type=int,
        default=1,
        help="per worker (default 1, as mukti serve's: gunicorn's sync worker; more: gthread)",
    )
    parser.add_argument(
        "--conn-max-age",
        type=int,
        default=60,
        help="DATABASE_CONN_MAX_AGE of the server (60, as deploy/mukti.env.example)",
    )
    parser.add_argument(
        "--team-cases", type=int, default=150, help="cases each bench caseworker is on"
    )
    parser.add_argument(
        "--setup-only",
        action="store_true",
        help="synthesise the database and make the users, then stop (nothing measured)",
    )


# --- the users, made in this process before the server starts --------------------------------


@dataclass
class Account:
    username: str
    key: bytes  # the TOTP key, as the authenticator app holds it
    supervisor: bool


def _accounts(count: int, team_cases: int) -> list[Account]:
    """``count`` users of the synthetic organisation (one in ten a supervisor, the rest
    caseworkers on ``team_cases`` synthetic cases each), with a known password and a fresh
    confirmed authenticator; earlier sign-in failures and locks are cleared."""
    from django.db import transaction

    from mukti.accounts.models import (
        Authenticator,
        LoginFailure,
        Organisation,
        Role,
        User,
    )
    from mukti.cases.models import Case, CaseMember

    organisation = Organisation.objects.get(name="Synthetic NGO")
    case_ids = list(
        Case.objects.filter(organisation=organisation, reference__startswith="SY-")
        .order_by("id")
        .values_list("id", flat=True)
    )
    accounts = []
    with transaction.atomic():
        LoginFailure.objects.all().delete()  # this database's own: earlier runs' slips
        for i in range(count):
            username = f"bench-http-{i:03d}"
            supervisor = i % 10 == 9
            user = User.objects.filter(username=username).first()
            if user is None:
                user = User(username=username, organisation=organisation, first_name=f"Bench {i}")
                user.set_password(PASSWORD)
            user.role = Role.SUPERVISOR if supervisor else Role.CASEWORKER
            user.organisation, user.is_active, user.locked_at = organisation, True, None
            user.must_change_password = False
            user.save()
            Authenticator.objects.filter(user=user).delete()
            device = Authenticator.objects.create(user=user, name="bench", confirmed=True)
            accounts.append(Account(username, device.bin_key, supervisor))
            if not supervisor:
                rng = random.Random(username)  # the same team on every run
                members = rng.sample(case_ids, min(team_cases, len(case_ids)))
                CaseMember.objects.bulk_create(
                    [CaseMember(case_id=pk, user=user) for pk in members], ignore_conflicts=True
                )
    return accounts


# --- the server ------------------------------------------------------------------------------


def _server_environment(args: argparse.Namespace) -> dict[str, str]:
    """Production settings with the secrets the benchmark database was written with (its
    encrypted fields and audit chain must still read)."""
    from django.conf import settings

    from mukti.core.serving import production_environment

    if args.database == "sqlite":
        url = f"sqlite:///{settings.DATABASES['default']['NAME']}"
    else:
        url = args.postgres_url
    env = production_environment(
        database_url=url,
        data_dir=settings.DATA_DIR,
        secret_key=settings.SECRET_KEY,
        field_keys=",".join(settings.MUKTI_FIELD_KEYS),
        backup_key=settings.MUKTI_BACKUP_KEY,
        audit_key=settings.MUKTI_AUDIT_KEY,
    )
    env["DATABASE_CONN_MAX_AGE"] = str(args.conn_max_age)
    return env


def _cpu_seconds(pid: int) -> float | None:
    """User + system CPU seconds of a process, from /proc (None once it has gone)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(stat[1]) == pid:
                found.append(int(entry.name))
    return found


class CpuMeter:
    """CPU seconds spent by a changing set of processes (the gunicorn master and workers, the
    PostgreSQL backends of the bench database) between ``start`` and ``stop``: each process is
    read every half second, so a worker that restarts or a backend that ends still counts up to
    its last reading."""

    def __init__(self, pids: Callable[[], list[int]]) -> None:
        self._pids = pids
        self._first: dict[int, float] = {}
        self._last: dict[int, float] = {}
        self._running = False
        self._thread = threading.Thread(target=self._loop, daemon=True)

    def _read(self) -> None:
        for pid in self._pids():
            seconds = _cpu_seconds(pid)
            if seconds is not None:
                self._first.setdefault(pid, seconds if not self._running else 0.0)
                self._last[pid] = seconds

    def _loop(self) -> None:
        while self._running:
            self._read()
            time.sleep(0.5)

    def start(self) -> None:
        self._read()  # what each process had spent before is not counted
        self._running = True
        self._thread.start()

    def stop(self) -> float:
        self._read()
        self._running = False
        return sum(self._last[pid] - self._first[pid] for pid in self._last)


def _postgres_backends(args: argparse.Namespace) -> Callable[[], list[int]]:
    import psycopg

    name = args.postgres_url.rsplit("/", 1)[1]
    db = psycopg.connect(args.postgres_url.rsplit("/", 1)[0] + "/postgres", autocommit=True)
    lock = threading.Lock()

    def pids() -> list[int]:
        with lock:
            rows = db.execute(
                "SELECT pid FROM pg_stat_activity WHERE datname = %s AND pid <> pg_backend_pid()",
                [name],
            ).fetchall()
        return [row[0] for row in rows]

    return pids


# --- the users' browsers ----------------------------------------------------------------------


@dataclass
class Sample:
    page: str
    ms: float
    status: int  # 0: the request failed (exception)
    error: str = ""  # not 2xx or 3xx, or no answer
    at: float = 0.0
    # A write the application refused with a message, as it should (a conflict with another
    # person's edit, a move its rules forbid): an answer, not an error, but counted apart.
    refused: str = ""


@dataclass
class Answer:
    """What the bench reads of an HTTP answer."""

    status_code: int
    headers: Any  # http.client.HTTPMessage: ``get_all``, ``[name]``
    text: str
    path: str  # the path that was asked for (the last hop's, after ``follow``)


@dataclass
class Browser:
    """One person's browser: its own kept-alive connection, the ``__Host-`` cookies kept by
    hand (they are Secure, and this plain-HTTP client stands behind a pretend TLS proxy).

    The standard library's ``http.client``: the client shares the machine's two cores with the
    server it measures, and httpx cost 1.7 ms of CPU per 60 KB answer against 0.45 ms for
    ``http.client`` (a loopback server, one thread, 500 requests; 4 Dec 2026). As httpx's pool
    did, a connection the server closed while idle (gunicorn's keep-alive) is opened again
    before the request is sent; a request that fails once sent is an error, never retried."""

    port: int
    samples: list[Sample] = field(default_factory=list)
    cookies: dict[str, str] = field(default_factory=dict)
    connection: Any = None

    def _connection(self) -> Any:
        import http.client
        import select

        if self.connection is not None:
            sock = self.connection.sock
            # Readable while idle means the server closed it (or sent what nobody asked for).
            if sock is None or select.select([sock], [], [], 0)[0]:
                self.connection.close()
                self.connection = None
        if self.connection is None:
            self.connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60.0)
        return self.connection

    def request(
        self,
        page: str,
        method: str,
        path: str,
        data: dict[str, str] | None = None,
        htmx: bool = False,
    ) -> Any:
        headers = {
            "Host": "127.0.0.1",
            "X-Forwarded-Proto": "https",
            "Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items()),
        }
        body = None
        if data is not None:
            headers["Referer"] = f"https://127.0.0.1{path}"  # Django checks it over HTTPS
            headers["Origin"] = "https://127.0.0.1"
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            body = urlencode(data).encode()
        if htmx:
            headers["HX-Request"] = "true"
        started = time.perf_counter()
        try:
            connection = self._connection()
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            text = response.read().decode("utf-8", "replace")
            if response.will_close:
                connection.close()
                self.connection = None
        except Exception as exc:  # every failure is counted, by its kind
            ms = (time.perf_counter() - started) * 1000
            self.samples.append(Sample(page, ms, 0, type(exc).__name__, time.monotonic()))
            if self.connection is not None:
                self.connection.close()
                self.connection = None
            return None
        ms = (time.perf_counter() - started) * 1000
        for value in response.headers.get_all("Set-Cookie") or []:
            name, rest = value.split("=", 1)
            cookie = rest.split(";", 1)[0]
            if cookie == '""' or "Max-Age=0" in value:
                self.cookies.pop(name, None)
            else:
                self.cookies[name] = cookie
        status = response.status
        error = "" if status < 400 else f"HTTP {status}"
        self.samples.append(Sample(page, ms, status, error, time.monotonic()))
        return Answer(status, response.headers, text, path.split("?", 1)[0])

    def follow(self, page: str, response: Any) -> Any:
        """Redirects followed as a browser would (a GET of each target)."""
        for _hop in range(5):
            if response is None or response.status_code not in (301, 302, 303):
                break
            location = response.headers["Location"]
            if "://" in location:  # an absolute URL of this site: its path and query
                parts = urlsplit(location)
                location = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
            response = self.request(page, "GET", location)
        return response

    def fail(self, error: str) -> None:
        """An answer that came back 200 but without what every such page shows."""
        self.samples[-1].error = error


def _sign_in(browser: Browser, account: Account) -> None:
    """The login page, the password form, the code form: as a person does."""
    from django_otp.oath import totp

    from mukti.core.serving import Form

    login = browser.request("sign-in", "GET", "/accounts/login/")
    fields = Form(login.text, None).fields
    fields.update(username=account.username, password=PASSWORD)
    step = browser.request("sign-in", "POST", "/accounts/login/", fields)
    assert step.status_code == 302, (account.username, step.status_code)
    code_page = browser.follow("sign-in", step)
    assert code_page.path == "/accounts/two-factor/", (account.username, code_page.path)
    fields = Form(code_page.text, None).fields
    fields["code"] = f"{totp(account.key):06d}"
    done = browser.request("sign-in", "POST", "/accounts/two-factor/", fields)
    assert done.status_code == 302, (account.username, done.status_code, done.text[:500])
    home = browser.follow("sign-in", done)
    assert home.status_code == 200 and home.path == "/", (account.username, home.path)


def _browse(
    browser: Browser, account: Account, rng: random.Random, stop: float, think: float
) -> None:
    """Case list → a case of it → Due soon, over and over, with a write in place of every
    tenth request (a timeline entry through the quick form, or a status change), until
    ``stop``. Every answer is checked for what a person would see.

    Each user's first write comes after a number of requests of her own (1 to 10), then every
    tenth: when every user began at 0, all fifty wrote within the same second or two, every
    five seconds or so, and each burst of writes queued behind the others (the entry form,
    14 ms in a worker, took 211-240 ms at p50)."""
    requests = rng.randrange(10)
    case = page_case = ""
    case_page: Any = None
    writes = 0
    while time.monotonic() < stop:
        for step in ("list", "case", "due"):
            if time.monotonic() >= stop:
                return
            requests += 1
            if requests % 10 == 0 and case_page is not None:
                writes += 1
                if writes % 2:
                    _write_entry(browser, page_case, rng)
                else:
                    _write_status(browser, page_case, case_page.text)
                time.sleep(think)
                continue
            if step == "list":
                response = browser.request("case list", "GET", "/cases/")
                links = CASE_LINK.findall(response.text) if response is not None else []
                if response is not None and response.status_code == 200 and not links:
                    browser.fail("no cases listed")
                case = rng.choice(links) if links else case
            elif step == "case" and case:
                response = browser.request("case page", "GET", f"/cases/{case}/")
                if response is not None and response.status_code == 200:
                    case_page, page_case = response, case
            elif step == "due":
                browser.request("due soon", "GET", "/deadlines/due/")
            time.sleep(think)


def _write_entry(browser: Browser, case: str, rng: random.Random) -> None:
    """Opens the quick entry of the case page (htmx loads its form) and adds a timeline entry."""
    from mukti.core.serving import Form

    path = f"/cases/{case}/events/new/"
    form = browser.request("write: entry form (htmx)", "GET", path, htmx=True)
    if form is None or form.status_code != 200:
        return
    fields = Form(form.text, path).fields
    fields["quick-type"] = "verified"
    yesterday = dt.date.today() - dt.timedelta(days=rng.randint(1, 30))
    fields["quick-when"] = yesterday.isoformat()
    fields["quick-note"] = f"Bench visit note {rng.randrange(10**6)}."
    added = browser.request("write: timeline entry", "POST", path, fields, htmx=True)
    if added is not None and added.status_code == 200 and "is-invalid" in added.text:
        said = re.search(r'class="invalid-feedback[^"]*"[^>]*>([^<]{0,90})', added.text)
        browser.samples[-1].refused = said.group(1) if said else "?"


SURVIVOR_STATUS_FORM = re.compile(r'<form[^>]* action="/cases/[^/"]+/survivors/\d+/status/"')
RESCUED_SURVIVOR = re.compile(r'<option value="(rescued|in_care|returned|reintegrated)" selected>')
NEEDS_RESCUE = {"rescued", "in_care", "reintegration"}


def _write_status(browser: Browser, case: str, html: str) -> None:
    """The status form of the case page: a move the lifecycle offers, with a reason, and one
    the person can see is allowed (a rescued survivor before "rescued", "in care" or
    "reintegration"; nobody but a supervisor closes, and then only with nobody left located).
    Where there is none, a timeline entry instead."""
    from mukti.core.serving import Form

    form = Form(html, f"/cases/{case}/status/")
    fields = form.fields
    rescued = any(
        RESCUED_SURVIVOR.search(html, start, html.find("</form>", start))
        for start in (m.end() for m in SURVIVOR_STATUS_FORM.finditer(html))
    )
    moves = [
        s
        for s in form.options.get("status", [])
        if s and s != fields.get("status") and s != "closed" and (rescued or s not in NEEDS_RESCUE)
    ]
    if not moves:
        return _write_entry(browser, case, random.Random(case))
    fields["status"] = random.Random(case + fields.get("version", "")).choice(moves)
    fields["reason"] = "Bench: status moved."
    path = f"/cases/{case}/status/"
    moved = browser.request("write: status change", "POST", path, fields)
    page = browser.follow("case page", moved)
    if page is not None and page.status_code == 200 and "The case is now" not in page.text:
        said = re.search(r'class="alert alert-danger"[^>]*>([^<]{0,90})', page.text)
        browser.samples[-2].refused = said.group(1) if said else "?"


# --- the run -----------------------------------------------------------------------------------


def run(args: argparse.Namespace) -> int:
    from bench.cases import prepare

    prepare(args, data_dir="bench-http")
    from django.db import connection

    from mukti.cases.models import Case, Event
    from mukti.core.serving import free_port, wait_until_serving
    from mukti.deadlines.models import Clock

    if not Clock.objects.exists():
        # Due soon and the alerts list clocks: without them they would show nothing and cost
        # nothing (as in the runs before 3 Dec 2026).
        from bench.clocks import compute

        compute(desc="Clocks (once)")
    accounts = _accounts(args.users, args.team_cases)
    counts = (Case.objects.count(), Event.objects.count(), Clock.objects.count())
    if args.setup_only:
        print(
            f"Ready: {counts[0]:,} cases, {counts[1]:,} events, {counts[2]:,} clocks, "
            f"{len(accounts)} users."
        )
        return 0
    env = _server_environment(args)
    data_dir = Path(env["MUKTI_DATA_DIR"])
    connection.close()
    mukti = [sys.executable, "-m", "mukti.cli"]
    collected = subprocess.run(
        [*mukti, "collectstatic", "--noinput", "--verbosity", "0"],
        env=env, capture_output=True, text=True, timeout=600,
    )  # fmt: skip
    if collected.returncode != 0:
        print(collected.stdout + collected.stderr)
        return 2
    port = free_port()
    log_path = data_dir / "serve.log"
    with log_path.open("w") as log:
        server = subprocess.Popen(
            [*mukti, "serve", "--bind", f"127.0.0.1:{port}",
             "--workers", str(args.workers), "--threads", str(args.threads)],
            env=env, stdout=log, stderr=subprocess.STDOUT, text=True,
        )  # fmt: skip
        try:
            wait_until_serving(port, server)
            return _drive(args, accounts, port, server, counts, log_path)
        finally:
            server.terminate()
            server.wait(timeout=60)


def _drive(
    args: argparse.Namespace,
    accounts: list[Account],
    port: int,
    server: subprocess.Popen[str],
    counts: tuple[int, int, int],
    log_path: Path,
) -> int:
    browsers = [Browser(port) for _ in accounts]
    print(f"Signing in {len(accounts)} users over HTTP (password, then TOTP code)…")
    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=len(accounts)) as pool:
        list(pool.map(_sign_in, browsers, accounts))
    print(f"Signed in in {time.perf_counter() - started:.1f} s.")
    for browser in browsers:
        browser.samples.clear()

    server_cpu = CpuMeter(lambda: [server.pid, *_children(server.pid)])
    database_cpu = CpuMeter(_postgres_backends(args)) if args.database == "postgres" else None
    begin = time.monotonic()
    measured_from = begin + args.warmup
    stop = measured_from + args.seconds
    client_cpu: list[float] = []
    cpu: list[float] = []
    loads: list[str] = []
    offsets: list[int] = []  # of the server's log, at the start and end of the window

    def user(index: int) -> None:
        rng = random.Random(index)
        time.sleep(rng.uniform(0, args.think))  # people do not all click at once
        _browse(browsers[index], accounts[index], rng, stop, args.think)

    def meters() -> None:
        """CPU time and load over the measured window exactly."""
        time.sleep(max(0.0, measured_from - time.monotonic()))
        loads.append(load_average())
        offsets.append(log_path.stat().st_size)
        server_cpu.start()
        if database_cpu:
            database_cpu.start()
        times = os.times()
        client_cpu.append(times.user + times.system)
        time.sleep(max(0.0, stop - time.monotonic()))
        cpu.append(server_cpu.stop())
        cpu.append(database_cpu.stop() if database_cpu else 0.0)
        times = os.times()
        cpu.append(times.user + times.system - client_cpu[0])
        loads.append(load_average())
        offsets.append(log_path.stat().st_size)

    print(
        f"{len(accounts)} users, {args.workers} workers × {args.threads} threads, think time "
        f"{args.think} s: {args.warmup:.0f} s warm-up, then {args.seconds:.0f} s measured…"
    )
    with ThreadPoolExecutor(max_workers=len(accounts) + 1) as pool:
        pool.submit(meters)
        list(pool.map(user, range(len(accounts))))
    server_seconds, database_seconds, client_seconds = cpu
    # The requests sent within the measured window (those still running at its end included).
    samples = [s for b in browsers for s in b.samples if measured_from <= s.at - s.ms / 1000 < stop]
    window = args.seconds
    with log_path.open("rb") as log:
        log.seek(offsets[0])
        served = _server_times(log.read(offsets[1] - offsets[0]).decode(errors="replace"))
    _report(args, samples, window, counts, loads[0], loads[1], served)
    n = len(samples)
    print(
        f"CPU per request: server (gunicorn master + workers) {server_seconds / n * 1000:.1f} ms"
        + (
            f", PostgreSQL backends {database_seconds / n * 1000:.1f} ms"
            if database_cpu
            else " (SQLite works inside the workers)"
        )
        + f", this client {client_seconds / n * 1000:.1f} ms; {server_seconds:.1f} s of server "
        f"CPU in {window:.1f} s ({server_seconds / window:.2f} cores)."
    )
    per_request = (server_seconds + database_seconds + client_seconds) / n
    cores = os.cpu_count() or 1
    print(
        f"At {per_request * 1000:.0f} ms of CPU per request (server, database and client), "
        f"{cores} idle cores could answer at most {cores / per_request:.0f} "
        f"req/s; {len(accounts)} users thinking {args.think} s ask for up to "
        f"{len(accounts) / args.think:.0f} req/s (fewer as answers slow down)."
    )
    text = log_path.read_text()
    tracebacks = text.count("Traceback")
    print(f"Server log: {log_path} ({tracebacks} tracebacks).")
    errors = sum(1 for s in samples if s.error)
    p95 = percentile([s.ms for s in samples], 95)
    met = p95 < TARGET_P95_MS and errors == 0 and tracebacks == 0
    print(
        f"Target: p95 < {TARGET_P95_MS:.0f} ms overall and no errors: "
        f"{'met' if met else 'NOT met'} (p95 {p95:.0f} ms, {errors} errors)."
    )
    return 0 if met else 1


def _in_worker(served: dict[str, list[float]], label: str) -> str:
    ms = (
        [t for times in served.values() for t in times] if label == "overall" else served.get(label)
    )
    if not ms:
        return "—"
    return f"{statistics.median(ms):.0f} / {percentile(ms, 95):.0f}"


ACCESS_LINE = re.compile(r'^\S+ "(GET|POST) (\S+)" (\d{3}) \S+ (\d+)ms$', re.MULTILINE)


def _page_of(method: str, path: str) -> str:
    if path == "/cases/":
        return "case list"
    if path == "/deadlines/due/":
        return "due soon"
    if path.endswith("/events/new/"):
        return "write: entry form (htmx)" if method == "GET" else "write: timeline entry"
    if path.endswith("/status/"):
        return "write: status change"
    if re.fullmatch(r"/cases/[^/]+/", path):
        return "case page"
    return "other"


def _server_times(log: str) -> dict[str, list[float]]:
    """The time each request took inside a worker, from gunicorn's access log (``%(M)s``): the
    rest of what the client waited is queueing (for a worker thread, the GIL, a CPU)."""
    times: dict[str, list[float]] = {}
    for method, path, _status, ms in ACCESS_LINE.findall(log):
        times.setdefault(_page_of(method, path), []).append(float(ms))
    return times


def _report(
    args: argparse.Namespace,
    samples: list[Sample],
    window: float,
    counts: tuple[int, int, int],
    load_before: str,
    load_after: str,
    served: dict[str, list[float]],
) -> None:
    print(
        f"\nDatabase: {args.database}; {counts[0]:,} cases, {counts[1]:,} events, "
        f"{counts[2]:,} clocks. "
        f"Load average at the start of the window: {load_before}; at its end: {load_after}."
    )
    pages: dict[str, list[Sample]] = {}
    for sample in samples:
        pages.setdefault(sample.page, []).append(sample)
    print(
        f"{'page':28} {'requests':>8} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} {'max ms':>8} "
        f"{'req/s':>7} {'errors':>6} {'refused':>7}  {'in worker p50 / p95 ms':>22}"
    )
    for label, rows in [*sorted(pages.items()), ("overall", samples)]:
        ms = [s.ms for s in rows]
        errors = sum(1 for s in rows if s.error)
        refused = sum(1 for s in rows if s.refused)
        print(
            f"{label:28} {len(rows):8d} {statistics.median(ms):8.1f} {percentile(ms, 95):8.1f} "
            f"{percentile(ms, 99):8.1f} {max(ms):8.1f} {len(rows) / window:7.1f} {errors:6d} "
            f"{refused:7d}  {_in_worker(served, label):>22}"
        )
    kinds: dict[str, int] = {}
    for sample in samples:
        if sample.error or sample.refused:
            what = f"error: {sample.error}" if sample.error else f"refused: {sample.refused}"
            kinds[f"{sample.page}, {what}"] = kinds.get(f"{sample.page}, {what}", 0) + 1
    for kind, count in sorted(kinds.items()):
        print(f"  {count} × {kind}")
    print(
        f"Requests sent in the {window:.0f} s window (latency counted to their answer, even after "
        "it); req/s = those requests / the window. In worker: gunicorn's own time for the "
        "requests it answered in the window (its access log), without the wait for a thread."
    )
