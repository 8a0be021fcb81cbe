"""Reproducible synthetic data at scale, for benchmarks (``mukti synth --cases 100000``).

Rows are generated as plain tuples and written straight to the tables (``COPY`` on PostgreSQL,
``executemany`` on SQLite), bypassing the per-row services and their per-row audit records, so
that twenty million events load in minutes; one audit record notes the whole run. What the
services derive is computed here the way they compute it, and a test compares it with their
recomputation: the search text (``search.case_text``), each survivor's blind indexes
(``names.survivor_digests``), the start of her vulnerability window (her first confirmed
sighting) and whether a rescue followed each request to an authority within three days.

A large load on PostgreSQL (at least as many cases as the database already holds, and at least
``FAST_LOAD_FROM`` of them) runs in one transaction that drops the written tables' indexes,
unique and foreign-key constraints, copies the rows, then builds the indexes once and adds the
constraints back, which checks every row against them. A failure anywhere rolls all of it back.

Names and places are generated; nothing here is real. The same seed gives the same data.
"""

from __future__ import annotations

import collections
import dataclasses
import datetime as dt
import multiprocessing
import random
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ImproperlyConfigured
from django.core.management.color import no_style
from django.db import connection, models, transaction
from django.utils import timezone
from psycopg._copy_base import TextFormatter  # COPY's text rows, as psycopg writes them
from psycopg.adapt import Transformer

from mukti.accounts.models import Organisation, Role, User
from mukti.audit.models import AuditAction
from mukti.audit.services import audit_record
from mukti.cases import search
from mukti.cases.access import CARE_EVENTS, JUSTICE_EVENTS
from mukti.cases.models import (
    AttemptOutcome,
    Case,
    CaseMember,
    CaseSearchText,
    CaseStatus,
    CaseSurvivor,
    Confidence,
    Event,
    EventType,
    ProtectedIdentity,
    ReferenceCounter,
    Sighting,
    Survivor,
    SurvivorKey,
    SurvivorStatus,
    adult_on,
)
from mukti.cases.names import survivor_digests
from mukti.core.fuzzydate import Precision, When
from mukti.deadlines import monthly as lateness_months
from mukti.directory.models import Jurisdiction, Office, Official
from mukti.reports import monthly as statistics_months
from mukti.rescue import monthly
from mukti.rescue.models import Answer, Engagement
from mukti.rescue.services import rescue_followed

SYLLABLES = ["ra", "ni", "ma", "ka", "shi", "tu", "li", "bo", "sa", "mi", "ja", "ru", "pa", "no"]
NOTES = [
    "Family called the hotline.", "Informant confirmed the building.", "Police asked us to wait.",
    "Raid team assembled at the outpost.", "Statement taken with a counsellor present.",
    "Admitted for a check-up.", "Moved to the long-stay home.", "Hearing adjourned.",
    "Follow-up visit; she is studying.", "Verification request sent to the mission.",
]  # fmt: skip
COUNTRIES = ["IN", "IN", "IN", "BD", "BD", "NP"]
TYPES = [t for t in EventType.values if t not in (EventType.TRAFFICKED, EventType.OTHER)]
ANSWERS = [Answer.VERIFIED, Answer.UNABLE_TO_TRACE, Answer.REFERRED, Answer.AGREED,
           Answer.DEFERRED, Answer.DECLINED, Answer.NO_RESPONSE, Answer.PENDING]  # fmt: skip
UNINDEXED = CARE_EVENTS | JUSTICE_EVENTS  # their notes stay out of the search text
# Synthetic cases are opened in the six years before this moment.
ANCHOR = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
PRECISIONS = [Precision.TIME] * 5 + [Precision.DAY] * 4 + [Precision.MONTH, Precision.EARLY_MONTH]
STAFF_ROLES = [Role.CASEWORKER] * 30 + [Role.LEGAL_OFFICER] * 5 + [Role.AFTERCARE_OFFICER] * 5
FAST_LOAD_FROM = 20_000
ORGANISATION = "Synthetic NGO"  # the first synthetic organisation (the benchmarks' users join it)


@dataclass(frozen=True)
class SynthResult:
    cases: int
    survivors: int
    events: int
    engagements: int = 0
    indexes_seconds: float = 0.0  # building indexes and checking constraints after a bulk load


def _name(rng: random.Random, parts: int = 3) -> str:
    return "".join(rng.choice(SYLLABLES) for _ in range(parts)).capitalize()


def _directory(
    rng: random.Random, actor: User | None
) -> tuple[list[Jurisdiction], list[Office], list[Official]]:
    """A synthetic directory: a few states and districts, each with police stations."""
    existing = list(Jurisdiction.objects.filter(code__startswith="SYN-"))
    if not existing:
        country = Jurisdiction.objects.create(
            name="Synthland", kind="country", code="SYN-0", updated_by=actor
        )
        for s in range(4):
            state = Jurisdiction.objects.create(
                name=f"Synth State {s}", kind="state", parent=country, code=f"SYN-S{s}"
            )
            for d in range(10):
                district = Jurisdiction.objects.create(
                    name=f"{_name(rng)} district {s}.{d}",
                    kind="district",
                    parent=state,
                    code=f"SYN-D{s}.{d}",
                )
                hq = Office.objects.create(
                    name=f"District HQ {s}.{d}", kind="district_police_hq", jurisdiction=district
                )
                for p in range(8):
                    area = Jurisdiction.objects.create(
                        name=f"{_name(rng)} PS area {s}.{d}.{p}",
                        kind="police_station",
                        parent=district,
                        code=f"SYN-P{s}.{d}.{p}",
                    )
                    station = Office.objects.create(
                        name=f"{area.name[:-5]} Police Station",
                        kind="police_station",
                        jurisdiction=area,
                        parent=hq,
                    )
                    Official.objects.create(
                        name=f"{_name(rng)} {_name(rng, 2)}",
                        rank="inspector",
                        designation="Inspector-in-Charge",
                        office=station,
                    )
        existing = list(Jurisdiction.objects.filter(code__startswith="SYN-"))
    places = sorted((j for j in existing if j.kind == "police_station"), key=lambda j: j.pk)
    offices = list(Office.objects.filter(jurisdiction__code__startswith="SYN-").order_by("pk"))
    officials = list(
        Official.objects.filter(office__jurisdiction__code__startswith="SYN-").order_by("pk")
    )
    return places, offices, officials


def _staff(rng: random.Random, organisations: int) -> list[list[User]]:
    """Forty staff in each synthetic organisation: "Synthetic NGO" (``synth-0`` …) first, then
    "Synthetic NGO 2" (``synth-2-0`` …) and so on."""
    staff = []
    for n in range(1, organisations + 1):
        name, prefix = (
            (ORGANISATION, "synth-") if n == 1 else (f"{ORGANISATION} {n}", f"synth-{n}-")
        )
        organisation, _ = Organisation.objects.get_or_create(name=name)
        people = list(
            User.objects.filter(username__startswith=prefix, organisation=organisation).order_by(
                "pk"
            )
        )
        if not people:
            User.objects.bulk_create(
                User(username=f"{prefix}{i}", first_name=_name(rng), role=role, is_active=True,
                     organisation=organisation)
                for i, role in enumerate(STAFF_ROLES)
            )  # fmt: skip
            people = list(
                User.objects.filter(username__startswith=prefix, organisation=organisation)
                .order_by("pk")
            )  # fmt: skip
        staff.append(people)
    return staff


def _when(
    rng: random.Random, base: dt.datetime, days: float, zone: dt.tzinfo
) -> tuple[dt.datetime, str]:
    at = base + dt.timedelta(days=days, minutes=rng.randrange(0, 24 * 60))
    precision = rng.choice(PRECISIONS)
    local = at.astimezone(zone)
    if precision == Precision.DAY:
        at = local.replace(hour=0, minute=0, second=0, microsecond=0)
    elif precision == Precision.MONTH or precision == Precision.EARLY_MONTH:
        at = local.replace(day=1, hour=0, minute=0, second=0, microsecond=0)
    else:
        at = local.replace(second=0, microsecond=0)
    return at, precision


# Field types whose Python values both databases' drivers take as they are.
PLAIN = {
    "AutoField", "BigAutoField", "BigIntegerField", "BooleanField", "CharField", "ForeignKey",
    "IntegerField", "OneToOneField", "PositiveIntegerField", "PositiveSmallIntegerField",
    "SmallIntegerField", "TextField",
}  # fmt: skip


class _Table:
    """One table as the generator writes it: the columns it fills, in order, then every other
    column with the value a new row gets from the model (its default, "" for blank text, the
    load's moment for ``auto_now``). A column the model cannot fill stops the load at once, so a
    new required field cannot slip past the benchmarks' data."""

    def __init__(self, model: type[models.Model] | Any, fields: Sequence[str], now: dt.datetime):
        meta = model._meta
        given: list[Any] = [meta.get_field(name) for name in fields]
        rest = [f for f in meta.concrete_fields if f not in given]
        self.name: str = meta.db_table
        self.model = model
        self.columns = [f.column for f in given] + [f.column for f in rest]
        # psycopg takes dates and aware datetimes as they are; SQLite's driver needs them as text.
        plain = (
            PLAIN | {"DateField", "DateTimeField"} if connection.vendor == "postgresql" else PLAIN
        )
        # Values of other types, and of our own fields (encrypted ones), go through the field.
        self.prepare = [
            (i, f)
            for i, f in enumerate(given)
            if f.get_internal_type() not in plain or not type(f).__module__.startswith("django.")
        ]
        self.tail = tuple(self._constant(f, now) for f in rest)
        self.rows: list[tuple[Any, ...]] = []

    @staticmethod
    def _constant(f: Any, now: dt.datetime) -> Any:
        if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
            return f.get_db_prep_save(now, connection)
        value = f.get_default()
        if value is None and not f.null:
            raise ImproperlyConfigured(f"synth does not fill {f.model.__name__}.{f.name}")
        return f.get_db_prep_save(value, connection)

    def add(self, *row: Any) -> None:
        self.rows.append(row)

    def take(self) -> list[tuple[Any, ...]]:
        """The rows added since the last call, as the database takes them, whole."""
        rows, self.rows = self.rows, []
        tail = self.tail
        if not self.prepare:
            return [row + tail for row in rows]
        fixed = []
        for row in rows:
            values = list(row)
            for i, f in self.prepare:
                values[i] = f.get_db_prep_save(values[i], connection)
            fixed.append(tuple(values) + tail)
        return fixed

    def sql(self) -> str:
        quote = connection.ops.quote_name
        columns = ", ".join(quote(c) for c in self.columns)
        if connection.vendor == "postgresql":
            return f"COPY {quote(self.name)} ({columns}) FROM STDIN"
        marks = ", ".join(["%s"] * len(self.columns))
        return f"INSERT INTO {quote(self.name)} ({columns}) VALUES ({marks})"  # noqa: S608


class _Ids:
    """The primary keys of one chunk's rows. Rows are written with their keys, and each chunk
    has its own range in every table, so that chunks can be made in any order by any process
    and the same seed still gives the same rows. Tables with a fixed number of rows per case
    (cases, events, requests) have no gaps; the others (survivors, keys, sightings, team
    members) leave some unused keys at the end of each chunk's range."""

    def __init__(self, bases: dict[str, int], limits: dict[str, int]) -> None:
        self.next = dict(bases)
        self.limits = limits

    def take(self, table: _Table) -> int:
        value = self.next[table.name]
        if value >= self.limits[table.name]:
            raise RuntimeError(f"synth: chunk overflows its keys in {table.name}")
        self.next[table.name] = value + 1
        return value


class _Tables:
    def __init__(self, now: dt.datetime) -> None:
        self.now = now
        T = _Table
        self.case = T(Case, ["id", "reference", "title", "summary", "status", "priority",
                             "offence_date", "origin_country", "destination_country",
                             "exploitation", "district", "lead", "organisation", "opened_on",
                             "closed_on"], now)  # fmt: skip
        self.member = T(CaseMember, ["id", "case", "user"], now)
        self.survivor = T(Survivor, ["id", "pseudonym", "age_years", "age_assessed_on",
                                     "adult_on", "nationality", "languages", "organisation"],
                          now)  # fmt: skip
        self.identity = T(ProtectedIdentity, ["id", "survivor", "legal_name"], now)
        self.key = T(SurvivorKey, ["id", "survivor", "digest"], now)
        self.link = T(CaseSurvivor, ["id", "case", "survivor", "status", "located_at"], now)
        self.event = T(Event, ["id", "case", "type", "occurred_at", "precision", "sort_at",
                               "place", "actor_official", "actor_office", "note", "outcome"],
                       now)  # fmt: skip
        self.event_survivor = T(Event.survivors.through, ["id", "event", "survivor"], now)
        self.sighting = T(Sighting, ["id", "event", "survivor", "place", "source", "confidence"],
                          now)  # fmt: skip
        self.engagement = T(Engagement, ["id", "event", "case", "organisation", "office",
                                         "official", "request",
                                         "answer", "answered_at", "referred_to_office",
                                         "deferred_until", "asked_at", "asked_precise",
                                         "rescue_followed"], now)  # fmt: skip
        self.text = T(CaseSearchText, ["case", "organisation", "text"], now)

    def all(self) -> list[_Table]:
        # In the order of their foreign keys.
        return [self.case, self.member, self.survivor, self.identity, self.key, self.link,
                self.event, self.event_survivor, self.sighting, self.engagement,
                self.text]  # fmt: skip


def synthesise(
    *,
    cases: int,
    events_per_case: int = 20,
    seed: int = 1,
    batch: int = 1000,
    progress: Callable[[int], object] | None = None,
    big_case_events: int = 200,
    engagements_per_case: int = 3,
    organisations: int = 1,
    workers: int | None = None,
    responsiveness_progress: Callable[[int, int], object] | None = None,
) -> SynthResult:
    """``cases`` new cases (the first with ``big_case_events`` events, the others with
    ``events_per_case`` and ``engagements_per_case`` requests to authorities each), spread over
    ``organisations`` synthetic organisations. On PostgreSQL, ``workers`` processes (by default
    two for a large load) make the rows while this one copies them in; the data are the same
    for any number of workers. Then the monthly responsiveness rows of the organisations loaded
    are rebuilt (``responsiveness_progress(done, total)``: the rows were copied in without the
    services that keep them), their monthly lateness rows and what their statistics count."""
    # The directory and staff are made once, with their own generator, so that the cases of a
    # seed are the same whether or not an earlier run already made them.
    setup_rng = random.Random(f"{seed}-setup")
    admin = User.objects.filter(role=Role.ADMINISTRATOR).first()
    with transaction.atomic():
        places, _offices, officials = _directory(setup_rng, admin)
        staff = _staff(setup_rng, organisations)
    start_seq = (
        ReferenceCounter.objects.filter(year=2000).values_list("last", flat=True).first() or 0
    )
    postgres = connection.vendor == "postgresql"
    fast = postgres and cases >= max(FAST_LOAD_FROM, Case.objects.count())
    if workers is None:
        workers = 2 if fast else 0
    if not postgres:
        workers = 0  # SQLite's rows are inserted by this process, in its transaction
    tables = _Tables(timezone.now())
    plan = _Plan(
        seed=seed, start_seq=start_seq, cases=cases, per_case=events_per_case,
        big=big_case_events, engagements=engagements_per_case, batch=batch,
        places=tuple((p.pk, p.parent_id or 0, p.name) for p in places),
        districts={j.pk: j.name for j in Jurisdiction.objects.filter(
            pk__in={p.parent_id for p in places})},
        officials=tuple((o.pk, o.office_id) for o in officials),
        staff=tuple(tuple((u.pk, u.organisation_id) for u in people) for people in staff),
        first_ids=_first_ids(tables), now=tables.now, copy=postgres,
    )  # fmt: skip
    timings: dict[str, float] = {}
    made = SynthResult(0, 0, 0, 0)
    with transaction.atomic(), _without_indexes(tables.all() if fast else [], timings):
        for size, counts, work in _chunks(plan, workers):
            _write(tables, work)
            made = SynthResult(*(a + b for a, b in zip(dataclasses.astuple(made)[:4], counts,
                                                      strict=True)))  # fmt: skip
            if progress is not None:
                progress(size)
        with connection.cursor() as cursor:
            for sql in connection.ops.sequence_reset_sql(
                no_style(), [t.model for t in tables.all()]
            ):
                cursor.execute(sql)
        counter, _ = ReferenceCounter.objects.get_or_create(year=2000)
        counter.last = start_seq + cases
        counter.save(update_fields=["last"])
        audit_record(actor=None, action=AuditAction.CREATE, object_type="cases.synthetic",
                     object_repr=f"synthetic data, seed {seed}",
                     changes={"cases": [None, made.cases],
                              "events": [None, made.events]})  # fmt: skip
    loaded = sorted({organisation for people in plan.staff for _pk, organisation in people})
    monthly.rebuild(organisations=loaded, progress=responsiveness_progress)
    # Synthetic cases come without clocks (`mukti clocks rebuild` computes them, and their
    # monthly lateness rows); rebuilt all the same, so that the rows of a database whose
    # clocks were computed stay what its clocks say whatever was loaded behind the services.
    lateness_months.rebuild(organisations=loaded)
    statistics_months.rebuild(organisations=loaded)
    return dataclasses.replace(made, indexes_seconds=timings.get("indexes", 0.0))


@dataclass(frozen=True)
class _Plan:
    """What every chunk of a run needs, in plain values (handed to the worker processes)."""

    seed: int
    start_seq: int
    cases: int
    per_case: int
    big: int
    engagements: int
    batch: int
    places: tuple[tuple[int, int, str], ...]
    districts: dict[int, str]
    officials: tuple[tuple[int, int], ...]
    staff: tuple[tuple[tuple[int, int], ...], ...]
    first_ids: dict[str, int]
    now: dt.datetime
    copy: bool  # rows as COPY text (PostgreSQL) or as tuples (SQLite)

    def events_before(self, case_index: int, per_case: int) -> int:
        """Events (``per_case`` for an ordinary case) of the cases before ``case_index``."""
        extra = self.big - self.per_case if self.big and case_index > 0 else 0
        return case_index * per_case + extra

    def ids(self, chunk: int, tables: _Tables) -> _Ids:
        first = chunk * self.batch
        last = min(first + self.batch, self.cases)
        with_hops = self.per_case + self.engagements
        ranges = {
            tables.case: (first, last),
            tables.member: (3 * first, 3 * last),  # the lead and two more
            tables.survivor: (2 * first, 2 * last),
            tables.identity: (2 * first, 2 * last),
            tables.link: (2 * first, 2 * last),
            tables.key: (2 * KEYS_PER_NAME * first, 2 * KEYS_PER_NAME * last),
            tables.event: (self.events_before(first, with_hops),
                           self.events_before(last, with_hops)),
            tables.event_survivor: (self.events_before(first, self.per_case),
                                    self.events_before(last, self.per_case)),
            tables.sighting: (self.events_before(first, self.per_case),
                              self.events_before(last, self.per_case)),
            tables.engagement: (self.engagements * first, self.engagements * last),
        }  # fmt: skip
        return _Ids(
            {t.name: self.first_ids[t.name] + a for t, (a, _b) in ranges.items()},
            {t.name: self.first_ids[t.name] + b for t, (_a, b) in ranges.items()},
        )


KEYS_PER_NAME = 16  # a two-word synthetic name has at most 8 blind-index keys


def _first_ids(tables: _Tables) -> dict[str, int]:
    first = {}
    with connection.cursor() as cursor:
        for table in tables.all():
            if table.columns[0] == "id":
                cursor.execute(f"SELECT MAX(id) FROM {connection.ops.quote_name(table.name)}")  # noqa: S608
                first[table.name] = (cursor.fetchone()[0] or 0) + 1
    return first


Work = list[tuple[str, Any]]  # (table, COPY text or rows)


def _chunk(plan: _Plan, chunk: int) -> tuple[int, tuple[int, int, int, int], Work]:
    """The rows of one chunk of ``plan.batch`` cases, with its own random generator."""
    tables = _Tables(plan.now)
    generator = _Generator(
        random.Random(f"{plan.seed}-{chunk}"), plan, tables, plan.ids(chunk, tables)
    )
    first = chunk * plan.batch
    size = min(plan.batch, plan.cases - first)
    for index in range(first, first + size):
        events = plan.big if index == 0 and plan.big else plan.per_case
        generator.case(plan.start_seq + index + 1, events, plan.engagements)
    work: Work = []
    for table in tables.all():
        rows = table.take()
        if rows:
            work.append((table.name, _copy_text(rows) if plan.copy else rows))
    return size, dataclasses.astuple(generator.made)[:4], work


def _copy_text(rows: list[tuple[Any, ...]]) -> bytes:
    """COPY's text format, by psycopg's own (compiled) formatter, made in the worker process so
    that the copying process only sends it."""
    formatter = TextFormatter(Transformer())
    # Each row goes into the formatter's buffer, handed back in pieces once it is big enough.
    pieces = [formatter.write_row(row) for row in rows]
    pieces.append(formatter.end())
    return b"".join(pieces)


_PLAN: _Plan | None = None


def _worker_start(plan: _Plan) -> None:
    global _PLAN
    _PLAN = plan


def _worker_chunk(chunk: int) -> tuple[int, tuple[int, int, int, int], Work]:
    assert _PLAN is not None
    return _chunk(_PLAN, chunk)


def _chunks(plan: _Plan, workers: int) -> Iterator[tuple[int, tuple[int, int, int, int], Work]]:
    """Each chunk's rows, in order: made here, or by ``workers`` forked processes that only
    compute (they never touch the database connection they inherit) with at most two chunks
    per worker waiting, so memory stays flat however many cases are asked for."""
    count = -(-plan.cases // plan.batch)
    if workers == 0:
        for chunk in range(count):
            yield _chunk(plan, chunk)
        return
    with multiprocessing.get_context("fork").Pool(workers, _worker_start, (plan,)) as pool:
        pending: collections.deque[Any] = collections.deque()
        for chunk in range(count):
            pending.append(pool.apply_async(_worker_chunk, (chunk,)))
            if len(pending) > 2 * workers:
                yield pending.popleft().get()
        while pending:
            yield pending.popleft().get()


def _write(tables: _Tables, work: Work) -> None:
    by_name = {t.name: t for t in tables.all()}
    with connection.cursor() as cursor:
        for name, rows in work:
            table = by_name[name]
            if connection.vendor == "postgresql":
                with cursor.copy(table.sql()) as copy:
                    copy.write(rows)
            else:
                cursor.executemany(table.sql(), rows)


@contextmanager
def _without_indexes(tables: list[_Table], timings: dict[str, float]) -> Iterator[None]:
    """PostgreSQL: drop the tables' indexes and their unique and foreign-key constraints (not
    their primary keys or checks) for the load, then build them again. Inside the caller's
    transaction, so a failure leaves the schema as it was."""
    if not tables:
        yield
        return
    names = [t.name for t in tables]
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid), contype "
            "FROM pg_constraint WHERE conrelid::regclass::text = ANY(%s) AND contype IN ('f', 'u') "
            "ORDER BY contype, conname",
            [names],
        )
        constraints = cursor.fetchall()
        cursor.execute(
            "SELECT i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid) FROM pg_index i "
            "WHERE i.indrelid::regclass::text = ANY(%s) AND NOT i.indisprimary AND NOT EXISTS "
            "(SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid)",
            [names],
        )
        indexes = cursor.fetchall()
        # Checks still pending from earlier in the transaction (Django's foreign keys are
        # deferred) would forbid the ALTER TABLE: run them now.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        for table, name, _definition, _kind in constraints:
            cursor.execute(f'ALTER TABLE "{table}" DROP CONSTRAINT "{name}"')
        for name, _definition in indexes:
            cursor.execute(f'DROP INDEX "{name}"')
    yield
    started = time.monotonic()
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL maintenance_work_mem = '512MB'")
        for _name, definition in indexes:
            cursor.execute(definition)
        # Unique constraints before the foreign keys that might rely on them ('f' < 'u' above).
        for table, name, definition, _kind in reversed(constraints):
            cursor.execute(f'ALTER TABLE "{table}" ADD CONSTRAINT "{name}" {definition}')
        cursor.execute("SET CONSTRAINTS ALL DEFERRED")  # as Django declares them
    timings["indexes"] = time.monotonic() - started


class _Generator:
    def __init__(self, rng: random.Random, plan: _Plan, tables: _Tables, ids: _Ids) -> None:
        self.rng = rng
        self.places = plan.places
        self.districts = plan.districts
        self.officials = plan.officials
        self.staff = plan.staff
        self.t = tables
        self.ids = ids
        self.made = SynthResult(0, 0, 0, 0)
        self.rescue_attempt_outcomes = AttemptOutcome.values
        self.zone = timezone.get_current_timezone()

    def case(self, seq: int, events: int, engagements: int) -> None:
        rng, t, ids = self.rng, self.t, self.ids
        opened_at = ANCHOR - dt.timedelta(days=rng.randrange(0, 6 * 365))
        opened = opened_at.astimezone(self.zone).date()
        status = rng.choice(CaseStatus.values)
        people = rng.choice(self.staff)
        lead, organisation = rng.choice(people)
        _place, district, _ = rng.choice(self.places)
        offence = opened_at - dt.timedelta(days=rng.randrange(1, 200))
        origin = rng.choice(COUNTRIES)
        case = ids.take(t.case)
        reference = f"SY-2000-{seq:06d}"
        title = f"{rng.choice(['Woman', 'Girl', 'Boy', 'Family'])} missing from {_name(rng)}"
        summary = rng.choice(NOTES)
        t.case.add(case, reference, title, summary, status, rng.randint(1, 4), offence.date(),
                   origin, "IN", ["sexual"], district, lead, organisation, opened,
                   opened if status == CaseStatus.CLOSED else None)  # fmt: skip
        for user in sorted({lead, *(pk for pk, _ in rng.sample(people, 2))}):
            t.member.add(ids.take(t.member), case, user)
        survivors: list[tuple[int, str, str]] = []
        for _ in range(rng.choice([1, 1, 1, 2])):
            age = rng.randint(12, 35)
            survivor = ids.take(t.survivor)
            pseudonym = f"{_name(rng)}-{reference[-6:]}-{self.made.survivors + len(survivors)}"
            t.survivor.add(survivor, pseudonym, age, opened,
                           adult_on(birth_date=None, age_years=age, assessed_on=opened),
                           origin, "Bengali", organisation)  # fmt: skip
            survivors.append((survivor, pseudonym, rng.choice(SurvivorStatus.values)))
            legal_name = f"{_name(rng)} {_name(rng)}"
            t.identity.add(ids.take(t.identity), survivor, legal_name)
            for digest in sorted(survivor_digests(ProtectedIdentity(legal_name=legal_name))):
                t.key.add(ids.take(t.key), survivor, digest)
        first_survivor = survivors[0][0]
        base = dt.datetime.combine(offence.date(), dt.time(0), tzinfo=self.zone)
        located: dict[int, dt.datetime] = {}
        rescues: list[dt.datetime] = []
        notes: list[str] = []
        place_names: list[str] = []
        for k in range(events):
            at, precision = _when(rng, base, k * rng.uniform(0.5, 6), self.zone)
            kind = rng.choice(TYPES)
            official = rng.choice(self.officials) if rng.random() < 0.4 else None
            at_place = rng.choice(self.places) if rng.random() < 0.5 else None
            note = rng.choice(NOTES) if rng.random() < 0.6 else ""
            outcome = ""
            if kind == EventType.RESCUE_ATTEMPT:
                outcome = rng.choice(self.rescue_attempt_outcomes)
            event = ids.take(t.event)
            middle = at if precision == Precision.TIME else When(at, precision).middle()
            t.event.add(event, case, kind, at, precision, middle,
                        at_place[0] if at_place else None, official[0] if official else None,
                        official[1] if official else None, note, outcome)  # fmt: skip
            t.event_survivor.add(ids.take(t.event_survivor), event, first_survivor)
            if note and kind not in UNINDEXED:
                notes.append(note)
            if at_place:
                place_names.append(at_place[2])
            if kind == EventType.RESCUE or (
                kind == EventType.RESCUE_ATTEMPT and outcome == AttemptOutcome.RESCUED
            ):
                rescues.append(at)
            if kind == EventType.LOCATION_IDENTIFIED and at_place:
                confidence = rng.choice(Confidence.values)
                t.sighting.add(ids.take(t.sighting), event, first_survivor, at_place[0],
                               "informant", confidence)  # fmt: skip
                if confidence == Confidence.CONFIRMED:
                    first = located.get(first_survivor)
                    located[first_survivor] = at if first is None else min(first, at)
        hops = self._engagements(case, organisation, opened, engagements)
        for hop in hops:
            hop[-1] = rescue_followed(hop[-3], rescues)
            t.engagement.add(*hop)
        for survivor, _pseudonym, link_status in survivors:
            t.link.add(ids.take(t.link), case, survivor, link_status, located.get(survivor))
        text = search.document([reference, title, summary, self.districts[district],
                                *(p for _, p, _ in survivors), *notes, *place_names])  # fmt: skip
        t.text.add(case, organisation, text)
        made = self.made
        self.made = SynthResult(made.cases + 1, made.survivors + len(survivors),
                                made.events + events + len(hops),
                                made.engagements + len(hops))  # fmt: skip

    def _engagements(
        self, case: int, organisation: int, opened: dt.date, count: int
    ) -> list[list[Any]]:
        """A short chain of requests to authorities: exact times, an answer for most."""
        rng, t, ids = self.rng, self.t, self.ids
        base = dt.datetime.combine(opened, dt.time(10), tzinfo=dt.UTC)
        hops = []
        for hop in range(count):
            official, office = rng.choice(self.officials)
            asked = base + dt.timedelta(hours=hop * 3, minutes=rng.randrange(60))
            answer = rng.choice(ANSWERS)
            answered = (
                None
                if answer == Answer.PENDING
                else asked + dt.timedelta(minutes=rng.randrange(5, 600))
            )
            event = ids.take(t.event)
            t.event.add(event, case, EventType.AUTHORITY_CONTACTED, asked, Precision.TIME, asked,
                        None, official, office, "", "")  # fmt: skip
            deferred = (
                answered + dt.timedelta(hours=12)
                if answer == Answer.DEFERRED and answered is not None
                else None
            )
            hops.append([ids.take(t.engagement), event, case, organisation, office, official,
                         "rescue", answer, answered, office if answer == Answer.REFERRED else None,
                         deferred, asked, True, False])  # fmt: skip
        return hops
