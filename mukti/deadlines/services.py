"""Clocks are derived: every change to a case's timeline recomputes its clocks, in the same
transaction (registered in DeadlinesConfig.ready). Administrators switch rules off or change an
operational limit here, audited."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from types import SimpleNamespace
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, connection, transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.translation import gettext as _

from mukti.accounts.access import Action, can, require
from mukti.accounts.models import Role, User
from mukti.audit.models import AuditAction
from mukti.audit.services import audit_record
from mukti.audit.tracked import tracked_create, tracked_update
from mukti.cases.models import Case, Event, EventType
from mukti.core.errors import ApplicationError
from mukti.core.fuzzydate import Precision, When, format_when
from mukti.core.rows import adapt_rows, plain_rows
from mukti.deadlines import monthly
from mukti.deadlines.models import (
    Acknowledgement,
    Clock,
    ClockRebuild,
    Notification,
    RuleSetting,
    Stage,
)
from mukti.deadlines.rules import (
    CASE_FIELDS_READ,
    RULE_EVENT_TYPES,
    RULES,
    RULES_BY_CODE,
    SURVIVOR_FIELDS_READ,
    Person,
    Rule,
    approximate,
)
from mukti.deadlines.selectors import in_scope

# The typed details the rules read and the columns of each: a rebuild reads these as plain
# values (no model instances), because building eight objects per event is what made a rebuild
# of 100,000 cases slow.
DETAIL_COLUMNS = {
    "sighting": ("survivor_id", "confidence"),
    "engagement": ("answer", "answered_at", "deferred_until", "office__kind"),
    "placement": ("kind", "ended_on", "survivor_id"),
    "repatriation_step": ("completed_on",),
    "follow_up": ("next_due_on", "survivor_id"),
    "medical": ("kind", "follow_up_on", "report_sent_on", "survivor_id"),
    "service": ("kind", "survivor_id"),
    "fir": ("ahtu_informed_at", "electronic", "signed_at"),
    "compensation": ("paid_on",),
}
# The one kind of event each detail belongs to (the service that records the detail records
# that event; tests/test_rule_reads.py checks it): a detail is read only where such events are.
DETAIL_EVENT_TYPES = {
    "sighting": EventType.LOCATION_IDENTIFIED,
    "engagement": EventType.AUTHORITY_CONTACTED,
    "placement": EventType.SHELTER_PLACEMENT,
    "repatriation_step": EventType.REPATRIATION_STEP,
    "follow_up": EventType.FOLLOW_UP_VISIT,
    "medical": EventType.MEDICAL_CARE,
    "service": EventType.SERVICE,
    "fir": EventType.FIR_REGISTERED,
    "compensation": EventType.COMPENSATION,
}
EVENT_COLUMNS = ("id", "case_id", "type", "occurred_at", "precision", "outcome", "created_at")


def _details(case_ids: list[int], types: set[str]) -> dict[str, dict[int, SimpleNamespace]]:
    """The typed details of these cases' events, one query per kind of detail their events
    have, found through the detail's own case column (or its event's): joining all nine to the
    events made PostgreSQL hash whole detail tables for every batch of a rebuild."""
    found: dict[str, dict[int, SimpleNamespace]] = {}
    for name, columns in DETAIL_COLUMNS.items():
        if DETAIL_EVENT_TYPES[name] not in types:
            continue
        model = Event._meta.get_field(name).related_model
        assert model is not None and not isinstance(model, str)
        has_case = any(f.name == "case" for f in model._meta.fields)
        where = {"case_id__in" if has_case else "event__case_id__in": case_ids}
        attributes = [c.replace("__", "_") for c in columns]  # office__kind is read office_kind
        found[name] = {
            row[0]: SimpleNamespace(**dict(zip(attributes, row[1:], strict=True)))
            for row in plain_rows(
                model._default_manager.filter(**where).values_list("event_id", *columns)
            )
        }
    return found


class EventRow:
    """What the rules read of an event, with its typed detail (or None) as a plain record."""

    pk: int
    case_id: int
    type: str
    occurred_at: dt.datetime  # undated events start no clock and are not loaded
    precision: str
    outcome: str
    created_at: dt.datetime
    people: list[Person]
    # One per DETAIL_COLUMNS: its columns, or None when the event has no such detail.
    sighting: SimpleNamespace | None
    engagement: SimpleNamespace | None
    placement: SimpleNamespace | None
    repatriation_step: SimpleNamespace | None
    follow_up: SimpleNamespace | None
    medical: SimpleNamespace | None
    service: SimpleNamespace | None
    fir: SimpleNamespace | None
    compensation: SimpleNamespace | None

    def __init__(
        self,
        row: tuple[Any, ...],
        people: list[Person],
        details: dict[str, dict[int, SimpleNamespace]],
    ) -> None:
        (
            self.pk, self.case_id, self.type, self.occurred_at, self.precision, self.outcome,
            self.created_at,
        ) = row  # fmt: skip
        self.people = people
        for name, of_events in details.items():
            detail = of_events.get(self.pk)
            if detail is not None:
                setattr(self, name, detail)

    @property
    def when_label(self) -> str:
        return format_when(When(self.occurred_at, self.precision))


# Most events have no typed detail: each detail reads None unless the row holds one.
for _name in DETAIL_COLUMNS:
    setattr(EventRow, _name, None)


def _event_rows(case_ids: Iterable[int]) -> list[EventRow]:
    """The events the rules read of these cases, in timeline order, each with its survivors.
    Read as plain rows: building model instances for two million events is what made a rebuild
    of 100,000 cases slow."""
    ids = list(case_ids)
    people: dict[int, list[Person]] = {}
    for event_id, survivor_id, adult_on in plain_rows(
        Event.survivors.through.objects.filter(
            event__case_id__in=ids, event__type__in=RULE_EVENT_TYPES
        ).values_list("event_id", "survivor_id", "survivor__adult_on")
    ):
        people.setdefault(event_id, []).append(Person(survivor_id, adult_on))
    rows = plain_rows(
        Event.objects.filter(case_id__in=ids, occurred_at__isnull=False, type__in=RULE_EVENT_TYPES)
        .order_by("case_id", "occurred_at", "id")
        .values_list(*EVENT_COLUMNS)
    )
    details = _details(ids, {row[2] for row in rows})
    return [EventRow(row, people.get(row[0], []), details) for row in rows]


def active_rules() -> list[tuple[Rule, dt.timedelta]]:
    """The rules in force and the limit each runs with (an administrator's setting applied)."""
    settings = {s.rule: s for s in RuleSetting.objects.all()}
    active = []
    for rule in RULES:
        setting = settings.get(rule.code)
        if setting is not None and not setting.enabled:
            continue
        limit = rule.limit
        if setting is not None and setting.limit_hours and not rule.statutory:
            limit = dt.timedelta(hours=setting.limit_hours)
        active.append((rule, limit))
    return active


def rule_limit(code: str) -> dt.timedelta:
    """The limit a rule runs with now (its own, or the administrator's for operational rules)."""
    setting = RuleSetting.objects.filter(rule=code).first()
    rule = RULES_BY_CODE[code]
    if setting is not None and setting.limit_hours and not rule.statutory:
        return dt.timedelta(hours=setting.limit_hours)
    return rule.limit


def clocks_refresh(case: Case, rules: list[tuple[Rule, dt.timedelta]] | None = None) -> None:
    """Recompute one case's clocks (the hook in cases/hooks.py runs it on every change a rule
    reads). The case row is locked first: two requests, or a request and a worker's rebuild,
    recomputing one case at once would otherwise both insert the same new clock."""
    locked = Case.objects.select_for_update().only(*CASE_COLUMNS).get(pk=case.pk)
    clocks_refresh_many([locked], rules)


# The case and survivor fields the rules read: the hook recomputes when one of them changes.
# (Attributes of the function itself, which mypy does not let a function have.)
clocks_refresh.reads_case_fields = CASE_FIELDS_READ  # type: ignore[attr-defined]
clocks_refresh.reads_survivor_fields = SURVIVOR_FIELDS_READ  # type: ignore[attr-defined]
# The organisation and lead too: the monthly lateness rows of the clocks that change are theirs.
CASE_COLUMNS = ("id", "organisation", "lead", *sorted(CASE_FIELDS_READ))


def clocks_refresh_many(
    cases: list[Case],
    rules: list[tuple[Rule, dt.timedelta]] | None = None,
    *,
    keep_going: bool = False,
    months: bool = True,
) -> list[RebuildFailure]:
    """Recompute the clocks of these cases: a fixed number of queries for the whole batch (the
    events with their details, their survivors, the clocks as stored), then only the rows that
    changed are written, and the monthly lateness rows of their rules and months recomputed
    (unless ``months`` is false: a rebuild of every clock rebuilds those once at its end).

    A rule that raises for one case refuses the change that led to it (an edit in a form); with
    ``keep_going`` (a rebuild of every case) the case is reported and left as it was, and the
    others go on."""
    rules = active_rules() if rules is None else rules
    by_case: dict[int, list[Any]] = {case.pk: [] for case in cases}
    for event in _event_rows(by_case):
        by_case[event.case_id].append(event)
    wanted: dict[tuple[int, str, int, int | None], tuple[Any, ...]] = {}
    failures: list[RebuildFailure] = []
    for case in cases:
        try:
            computed = list(_wanted(case, by_case[case.pk], rules))
        except Exception as error:
            if not keep_going:
                raise
            failures.append(RebuildFailure(case.pk, str(error)))
            del by_case[case.pk]  # its stored clocks stay as they are
            continue
        for key, values in computed:
            wanted[(case.pk, *key)] = values
    # The clocks as stored, as plain values: most are unchanged and need no object.
    stored = plain_rows(
        Clock.objects.filter(case_id__in=by_case).values_list(
            "case_id", "rule", "trigger_id", "survivor_id", "id", *CLOCK_FIELDS
        )
    )
    existing = {row[:4]: row[4:] for row in stored}
    gone = [row[0] for key, row in existing.items() if key not in wanted]
    if gone:
        Clock.objects.filter(pk__in=gone).delete()
    new, changed = [], []
    # The monthly rows to recompute: of each clock gone, new or changed, before and after.
    owner = {case.pk: (case.organisation_id, case.lead_id) for case in cases}

    def group(case_id: int, rule: str, due: dt.datetime) -> monthly.Group:
        organisation, lead = owner[case_id]
        return monthly.group_of(organisation, rule, due, lead)

    due = CLOCK_FIELDS.index("due_at")
    groups = {
        group(key[0], key[1], row[1 + due]) for key, row in existing.items() if key not in wanted
    }
    for key, values in wanted.items():
        clock = existing.get(key)
        if clock is None:
            new.append((*key, owner[key[0]][0], *values))
        elif clock[1:] != values:
            changed.append(Clock(pk=clock[0], **dict(zip(CLOCK_FIELDS, values, strict=True))))
            groups.add(group(key[0], key[1], clock[1 + due]))
        else:
            continue
        groups.add(group(key[0], key[1], values[due]))
    _insert(new)
    Clock.objects.bulk_update(changed, CLOCK_FIELDS, batch_size=500)
    if months:
        monthly.groups_refresh(groups)
    return failures


def lateness_follow(case: Case) -> None:
    """A case moved to another district or handed to another lead: its clocks are counted
    under the new ones in the monthly lateness rows (the hook in cases/hooks.py runs it, in
    the same transaction, when one of the fields below changes; a change to the timeline
    recomputes them through clocks_refresh)."""
    monthly.groups_refresh(monthly.case_groups(case))


def clocks_of_event_remove(event: Event) -> None:
    """An entry is being deleted: the clocks it started go first, and their monthly lateness
    rows are recomputed without them (the hook in cases/hooks.py runs it in the deletion's
    transaction; the recomputation of the case's clocks that follows the deletion would no
    longer see them). Clocks it satisfied are recomputed by that recomputation."""
    # The case row first, as clocks_refresh takes it before the rows' lock: the other order
    # would let this deletion and a recomputation of the case's clocks wait for each other.
    Case.objects.select_for_update().filter(pk=event.case_id).values_list("pk").first()
    started = Clock.objects.filter(trigger=event)
    groups = {
        monthly.group_of(organisation, rule, due, lead)
        for organisation, rule, due, lead in started.values_list(
            "organisation_id", "rule", "due_at", "case__lead_id"
        )
    }
    started.delete()
    monthly.groups_refresh(groups)


lateness_follow.reads_case_fields = frozenset({"district_id", "lead_id", "organisation_id"})  # type: ignore[attr-defined]
lateness_follow.reads_timeline = False  # type: ignore[attr-defined]


@dataclass(frozen=True)
class RebuildFailure:
    case_id: int
    error: str


@dataclass
class RebuildResult:
    cases: int = 0
    failures: list[tuple[str, str]] = field(default_factory=list)  # (case reference, error)


def _insert(rows: list[tuple[Any, ...]]) -> None:
    """Insert new clocks without building a model object for each (a rebuild from empty writes
    about seven per case): COPY on PostgreSQL, one prepared statement per thousand rows on
    SQLite."""
    if not rows:
        return
    columns = ["case_id", "rule", "trigger_id", "survivor_id", "organisation_id", *CLOCK_FIELDS]
    table = connection.ops.quote_name(Clock._meta.db_table)
    names = ", ".join(connection.ops.quote_name(c) for c in columns)
    if connection.vendor == "postgresql":
        with (
            connection.cursor() as cursor,
            cursor.cursor.copy(
                f"COPY {table} ({names}) FROM STDIN"  # our own names
            ) as copy,
        ):
            for row in rows:
                copy.write_row(row)
        return
    adapted = adapt_rows(rows, {i for i, c in enumerate(columns) if c in DATETIME_COLUMNS})
    marks = ", ".join(["%s"] * len(columns))
    with connection.cursor() as cursor:
        for first in range(0, len(adapted), 1000):
            cursor.executemany(
                f"INSERT INTO {table} ({names}) VALUES ({marks})",  # noqa: S608 (our own names)
                adapted[first : first + 1000],
            )


DATETIME_COLUMNS = {"started_at", "due_at", "satisfied_at", "recorded_at"}


CLOCK_FIELDS = [
    "started_at", "start_approximate", "due_at", "satisfied_at", "satisfied_by_id", "recorded_at",
    "recorded_late",
]  # fmt: skip


def _wanted(case: Case, events: list[Any], rules: list[tuple[Rule, dt.timedelta]]) -> Any:
    for rule, limit in rules:
        for start in rule.starts(case, events):
            # The earliest moment the trigger's date allows: warnings come early, never late.
            started = start.trigger.occurred_at
            due = rule.due_at(start, limit)
            if due is None:
                continue
            if due <= started:
                raise ApplicationError(
                    _(
                        "%(rule)s would end (%(due)s) before it starts (%(start)s). Check the "
                        "dates of this entry."
                    )
                    % {
                        "rule": rule.title,
                        "due": format_when(When(due, Precision.TIME)),
                        "start": start.trigger.when_label,
                    },
                    field="when",
                )
            satisfied = rule.satisfaction(start, events)
            key = (rule.code, start.trigger.pk, start.survivor.pk if start.survivor else None)
            # In the order of CLOCK_FIELDS.
            yield (
                key,
                (
                    started,
                    approximate(start.trigger),
                    due,
                    satisfied[0] if satisfied else None,
                    satisfied[1].pk if satisfied and satisfied[1] else None,
                    start.trigger.created_at,
                    start.trigger.created_at > due,
                ),
            )


@transaction.atomic
def rule_configure(
    *, actor: User, code: str, enabled: bool, limit_hours: int | None = None
) -> RuleSetting:
    """Switch a rule on or off, or change an operational rule's limit. Statutory limits are the
    law's and stay as written. The clocks follow through a rebuild queued once this commits."""
    require(actor, Action.RULES_MANAGE)
    rule = RULES_BY_CODE.get(code)
    if rule is None:
        raise ApplicationError(_("There is no rule %(code)s.") % {"code": code})
    if limit_hours is not None:
        if rule.statutory:
            raise ApplicationError(
                _("%(rule)s is set by law (%(basis)s); its limit cannot be changed.")
                % {"rule": rule.title, "basis": rule.basis_new},
                field="limit_hours",
            )
        if rule.fixed_due is not None:
            raise ApplicationError(
                _("%(rule)s runs to the date in the record; it has no limit to change.")
                % {"rule": rule.title},
                field="limit_hours",
            )
        if limit_hours <= 0:
            raise ApplicationError(
                _("A limit must be at least one hour; to stop the rule, switch it off."),
                field="limit_hours",
            )
    setting = RuleSetting.objects.select_for_update().filter(rule=code).first()
    if setting is None:
        setting = tracked_create(
            RuleSetting, actor=actor, rule=code, enabled=enabled, limit_hours=limit_hours
        )
    else:
        setting = tracked_update(
            setting, actor=actor, expected_version=None, enabled=enabled, limit_hours=limit_hours
        )
    # Every clock follows the new setting: a rebuild on the task queue once this is saved.
    transaction.on_commit(lambda: rebuild_request(actor=actor))
    return setting


def rebuild_request(*, actor: User | None) -> ClockRebuild:
    """Queue a recomputation of every clock (after a rule changed); the rules page shows its
    progress."""
    from mukti.deadlines.tasks import clocks_rebuild_task

    rebuild = ClockRebuild.objects.create(requested_by=actor)
    clocks_rebuild_task.enqueue(rebuild.pk)
    return rebuild


def rebuild_run(rebuild_id: int) -> int:
    rebuild = ClockRebuild.objects.get(pk=rebuild_id)

    def progress(done: int, total: int) -> None:
        ClockRebuild.objects.filter(pk=rebuild.pk).update(done=done, total=total)

    result = clocks_rebuild(progress=progress)
    ClockRebuild.objects.filter(pk=rebuild.pk).update(
        done=result.cases,
        total=result.cases,
        finished_at=timezone.now(),
        failures="\n".join(f"{ref}: {error}" for ref, error in result.failures),
    )
    return result.cases


REBUILD_BATCH = 500


def clocks_rebuild(*, progress: Any = None, batch: int | None = None) -> RebuildResult:
    """Recompute every case's clocks, a batch of cases per short transaction (an interrupted
    rebuild resumes cleanly: each batch is either done or untouched, and a rerun writes only
    what differs). ``progress(done, total)`` is called after each batch. A case whose rules
    fail is reported by its reference and left as it was; the others go on."""
    ids = list(Case.objects.order_by("pk").values_list("pk", flat=True))
    rules = active_rules()
    size = batch or REBUILD_BATCH
    failed: list[RebuildFailure] = []
    for first in range(0, len(ids), size):
        chunk = ids[first : first + size]
        with transaction.atomic():
            # Locked in id order, as a single case's refresh locks it: a request changing one of
            # these cases waits for the batch (and the batch for it) instead of both inserting.
            cases = list(
                Case.objects.filter(pk__in=chunk).select_for_update().order_by("pk")
                .only(*CASE_COLUMNS)
            )  # fmt: skip
            failed += clocks_refresh_many(cases, rules, keep_going=True, months=False)
        if progress is not None:
            progress(first + len(chunk), len(ids))
    # The monthly lateness rows once, from every clock (per batch, each batch's rules and
    # months would have been recomputed over and over).
    monthly.rebuild()
    # Every clock was rewritten: fresh planner statistics now, rather than when the database's
    # own maintenance gets to it. With the old ones PostgreSQL expected 200 breached clocks
    # where 73,000 were, and sorted them all for "Due soon" (0.6 s instead of 0.06 s).
    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {connection.ops.quote_name(Clock._meta.db_table)}")
    references = dict(
        Case.objects.filter(pk__in=[f.case_id for f in failed]).values_list("pk", "reference")
    )
    return RebuildResult(len(ids), [(references[f.case_id], f.error) for f in failed])


# --- notifications ------------------------------------------------------------------------------

# A clock enters its warning period when a quarter of its time is left, at most a week ahead.
MAX_WARNING = dt.timedelta(days=7)


def warning_starts(clock: Clock) -> dt.datetime:
    return clock.due_at - min((clock.due_at - clock.started_at) / 4, MAX_WARNING)


def _recipients(clock: Clock, rule: Rule, stage: str) -> list[User]:
    """The case team members whose side of the work the clock belongs to; when a statutory
    clock is breached, also every supervisor who may see it (the duty is the organisation's)."""
    team = User.objects.filter(case_memberships__case_id=clock.case_id, is_active=True)
    people = {user.pk: user for user in team}
    if stage == Stage.BREACHED and rule.kind == "hard":
        supervisors = User.objects.filter(
            role=Role.SUPERVISOR, is_active=True, organisation_id=clock.case.organisation_id
        )
        for user in supervisors:
            people.setdefault(user.pk, user)
    return [user for user in people.values() if can(user, rule.area, clock.case)]


@transaction.atomic
def notifications_scan(now: dt.datetime | None = None) -> list[Notification]:
    """Tell each responsible person once when a clock enters its warning period and once when it
    is breached. Clocks typed in after their deadline are not fresh alerts. Safe to run twice or
    from two workers: the unique (clock, stage, user) row is the record that someone was told."""
    now = now or timezone.now()
    codes = {rule.code: rule for rule, _limit in active_rules()}
    told_breach = Notification.objects.filter(clock=OuterRef("pk"), stage=Stage.BREACHED)
    clocks = (
        Clock.objects.filter(
            satisfied_at__isnull=True, due_at__lte=now + MAX_WARNING, rule__in=codes
        )
        .filter(recorded_late__in=[False])  # index-friendly on SQLite (see due_soon)
        .filter(in_scope())
        .exclude(Exists(told_breach))
        .select_related("case")
    )
    told = set(
        Notification.objects.filter(clock__in=clocks).values_list("clock_id", "stage", "user_id")
    )
    created = []
    for clock in clocks:
        if now > clock.due_at:
            stage = Stage.BREACHED
        elif now >= warning_starts(clock):
            stage = Stage.WARNING
        else:
            continue
        for user in _recipients(clock, codes[clock.rule], stage):
            if (clock.pk, stage, user.pk) in told:
                continue
            try:
                with transaction.atomic():
                    created.append(Notification.objects.create(clock=clock, user=user, stage=stage))
            except IntegrityError:
                continue  # another worker told them first
    return created


def notifications_email(now: dt.datetime | None = None) -> int:
    """E-mail every notification not yet e-mailed, each in its own transaction: a worker killed
    half-way leaves the sent ones marked and the rest for the next run."""
    sent = 0
    pending = Notification.objects.filter(emailed_at__isnull=True).exclude(user__email="")
    for pk in list(pending.values_list("pk", flat=True)):
        with transaction.atomic():
            # The lock keeps two workers from sending the same message.
            note = (
                Notification.objects.select_for_update(skip_locked=True, of=("self",))
                .select_related("clock__case", "clock__survivor", "user")
                .filter(pk=pk, emailed_at__isnull=True)
                .first()
            )
            if note is None:
                continue
            _send(note)
            note.emailed_at = now or timezone.now()
            note.save(update_fields=["emailed_at"])
            sent += 1
    return sent


def _send(note: Notification) -> None:
    with note.user.speaking():
        _send_in_their_language(note)


def _send_in_their_language(note: Notification) -> None:
    clock = note.clock
    rule = RULES_BY_CODE[clock.rule]
    due = format_when(When(clock.due_at, Precision.TIME))
    breached = note.stage == Stage.BREACHED
    stage = _("Breached") if breached else _("Due %(when)s") % {"when": due}
    subject = f"[Mukti] {stage}: {rule.title} — {clock.case.reference}"
    values = {
        "rule": rule.title,
        "who": f" ({clock.survivor.pseudonym})" if clock.survivor else "",
        "case": clock.case.reference,
        "due": due,
        "basis": rule.basis(clock.case),
        "url": site_url(clock.case.get_absolute_url()),
    }
    if breached:
        text = _("%(rule)s%(who)s in case %(case)s was due on %(due)s (%(basis)s).")
    else:
        text = _("%(rule)s%(who)s in case %(case)s is due on %(due)s (%(basis)s).")
    body = (text + "\n\n" + _("Open the case: %(url)s") + "\n") % values
    send_mail(subject, body, None, [note.user.email])


def site_url(path: str) -> str:
    """An absolute link for e-mails, from MUKTI_SITE_URL (the address people open Mukti at)."""
    return settings.MUKTI_SITE_URL.rstrip("/") + path


def notifications_mark_read(*, actor: User) -> int:
    return Notification.objects.filter(user=actor, read_at__isnull=True).update(
        read_at=timezone.now()
    )


@transaction.atomic
def clock_acknowledge(*, actor: User, clock: Clock, reason: str) -> Acknowledgement:
    """The user has seen a breached clock and says what is being done: it leaves their lists
    (Due soon, Alerts). The lateness report still counts it; the reason is audited."""
    rule = RULES_BY_CODE.get(clock.rule)
    require(actor, rule.area if rule else Action.CASE_VIEW, clock.case)
    reason = reason.strip()
    if len(reason) < 5:
        raise ApplicationError(_("Say in a few words what is being done about it."), field="reason")
    if clock.satisfied_at is not None or clock.due_at > timezone.now():
        raise ApplicationError(_("Only a breached clock can be acknowledged."))
    if Acknowledgement.objects.filter(clock=clock, user=actor).exists():
        raise ApplicationError(_("You have already acknowledged this clock."))
    acknowledgement = Acknowledgement.objects.create(clock=clock, user=actor, reason=reason)
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=clock.case,
        changes={"acknowledged": [None, str(rule.title if rule else clock.rule)]},
        reason=reason,
    )
    Notification.objects.filter(clock=clock, user=actor, read_at__isnull=True).update(
        read_at=timezone.now()
    )
    return acknowledgement
