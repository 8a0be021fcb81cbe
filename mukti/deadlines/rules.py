"""The rules that set clocks, each citing its basis (see DOMAIN.md; check the bare act before
changing a citation). A rule reads a case's timeline and says which clocks run, from when, until
when, and which later event satisfies each."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from types import SimpleNamespace
from typing import TYPE_CHECKING

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from mukti.accounts.access import Action
from mukti.cases.models import AttemptOutcome, Case, EventType, Exploitation
from mukti.core.fuzzydate import Precision, add_months
from mukti.directory.models import POLICE_OFFICES

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

    # The rules read events as services.EventRow loads them (in bulk, details as plain records).
    from mukti.deadlines.services import EventRow

NEW_CODES = dt.date(2024, 7, 1)  # BNS/BNSS replace IPC/CrPC for offences from this day


@dataclass(frozen=True)
class Start:
    trigger: EventRow
    survivor: Person | None


@dataclass(frozen=True)
class Reads:
    """What a rule reads. The recompute hook fires when any of it changes, a rebuild loads only
    these event types and details, and tests/test_rule_reads.py fails if a rule reads anything
    it does not declare here."""

    events: frozenset[str]
    details: frozenset[str] = frozenset()  # typed details (names in DETAIL_COLUMNS)
    case: frozenset[str] = frozenset()  # fields of the case
    survivor: frozenset[str] = frozenset()  # fields of the survivors events name


def reads(
    *events: str, details: tuple[str, ...] = (), case: tuple[str, ...] = (),
    survivor: tuple[str, ...] = (),
) -> Reads:  # fmt: skip
    return Reads(frozenset(events), frozenset(details), frozenset(case), frozenset(survivor))


# What satisfied a clock: when, and the event that did it (None when it is a fact recorded on
# the trigger's own detail, such as the day a stay ended).
Satisfaction = tuple[dt.datetime, "EventRow | None"]


@dataclass(frozen=True)
class Rule:
    code: str
    title: StrOrPromise
    kind: str  # "hard" (statutory duty), "guidance" (directory timeline) or "operational"
    limit: dt.timedelta
    # The basis under BNSS/BNS (or the only one): a citation in its official form, or for an
    # operational rule the reason for it, in the reader's language.
    basis_new: StrOrPromise
    basis_old: str  # under CrPC/IPC, where it differs
    starts: Callable[[Case, list[EventRow]], Iterator[Start]]
    satisfies: Callable[[Start, EventRow], bool]
    reads: Reads
    # Who may see the clock and is told about it: the side of the work it belongs to.
    area: Action = Action.CASE_VIEW
    # A limit in calendar months ("two months"), counted in the local calendar, instead of
    # ``limit``.
    months: int = 0
    # A due time the record itself fixes (a promised time, a planned visit); ``limit`` is then a
    # grace period after it.
    fixed_due: Callable[[Start], dt.datetime | None] | None = None
    # Satisfaction read from the trigger's own detail rather than from a later event.
    satisfied_by_record: Callable[[Start], dt.datetime | None] | None = None

    @property
    def statutory(self) -> bool:
        return self.kind != "operational"

    @property
    def kind_label(self) -> str:
        return str(KIND_LABELS[self.kind])

    @property
    def limit_label(self) -> str:
        if self.fixed_due is not None:
            return str(_("the date set in the record"))
        if self.months:
            return str(_("%(n)s months") % {"n": self.months})
        return _duration(self.limit)

    def basis(self, case: Case) -> str:
        if case.offence_date and case.offence_date < NEW_CODES and self.basis_old:
            return self.basis_old
        return str(self.basis_new)

    def due_at(self, start: Start, limit: dt.timedelta) -> dt.datetime | None:
        began = start.trigger.occurred_at
        if self.fixed_due is not None:
            fixed = self.fixed_due(start)
            return None if fixed is None else fixed + limit
        if self.months:
            return add_months(began, self.months)
        return began + limit

    def satisfaction(self, start: Start, events: list[EventRow]) -> Satisfaction | None:
        if self.satisfied_by_record is not None:
            at = self.satisfied_by_record(start)
            if at is not None:
                return at, None
        for event in events:
            if event.pk != start.trigger.pk and self.satisfies(start, event):
                return event.occurred_at, event
        return None


KIND_LABELS = {
    "hard": _("statutory"),
    "directory": _("the Act says “shall”; courts treat it as directory"),
    "guidance": _("guidance"),
    "operational": _("operational"),
}


def _duration(limit: dt.timedelta) -> str:
    if limit % dt.timedelta(days=1) == dt.timedelta(0):
        return str(_("%(n)s days") % {"n": limit.days})
    return str(_("%(n)s hours") % {"n": int(limit.total_seconds() // 3600)})


def local_day_start(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def _is_rescue(event: EventRow) -> bool:
    return event.type == EventType.RESCUE or (
        event.type == EventType.RESCUE_ATTEMPT and event.outcome == AttemptOutcome.RESCUED
    )


def _people(event: EventRow) -> list[Person]:
    # Loaded in bulk by clocks_refresh_many (``people``).
    return event.people


def _arrests(case: Case, events: list[EventRow]) -> Iterator[Start]:
    for event in events:
        if event.type == EventType.ARREST:
            yield Start(event, None)


def _rescued(case: Case, events: list[EventRow], *, child: bool | None = None) -> Iterator[Start]:
    """Each survivor's first rescue: of everyone, or only of children (``child=True``) or only
    of adults (``child=False``), as they were that day."""
    seen: set[int] = set()
    for event in events:
        if not _is_rescue(event):
            continue
        for survivor in _people(event):
            if survivor.pk in seen or (child is not None and _was_minor(survivor, event) != child):
                continue
            seen.add(survivor.pk)
            yield Start(event, survivor)


def _was_minor(survivor: Person, event: EventRow) -> bool:
    return survivor.adult_on is not None and event.occurred_at.date() < survivor.adult_on


def _police_informed(event: EventRow) -> bool:
    """The police received the information: a report to them (police-informed), an FIR, our
    own approach to a police office, or a rescue they led. Not the NGO's own tip."""
    if event.type in (EventType.POLICE_INFORMED, EventType.FIR_REGISTERED) or _is_rescue(event):
        return True
    engagement = _detail(event, "engagement")
    return engagement is not None and engagement.office_kind in POLICE_OFFICES


def _police_informed_of_sexual_violence(case: Case, events: list[EventRow]) -> Iterator[Start]:
    """BNSS s.184: for each survivor, from the moment the police had the information about her
    (an entry naming her, or one naming nobody, which concerns every survivor). The police
    cannot send for examination a woman they do not have: the clock starts once she is also out
    (rescued, her statement recorded, produced before the CWC or a magistrate, or in a shelter),
    at whichever of the two came later."""
    if Exploitation.SEXUAL not in case.exploitation:
        return
    informed = [e for e in events if _police_informed(e)]
    general = next((e for e in informed if not _people(e)), None)
    first_informed: dict[int, tuple[EventRow, Person]] = {}
    for event in informed:
        for survivor in _people(event):
            if survivor.pk not in first_informed:
                first = event
                if general is not None and general.occurred_at < event.occurred_at:
                    first = general
                first_informed[survivor.pk] = (first, survivor)
    out: dict[int, EventRow] = {}
    for event in events:
        if event.type in OUT_OF_THEIR_HANDS or _is_rescue(event):
            for survivor in _people(event):
                out.setdefault(survivor.pk, event)
    for pk, (informed_at, survivor) in first_informed.items():
        if pk in out:
            freed = out[pk]
            later = freed if freed.occurred_at > informed_at.occurred_at else informed_at
            yield Start(later, survivor)


# Entries that show a survivor is with the police or with us, not held (see above).
OUT_OF_THEIR_HANDS = frozenset(
    {
        EventType.STATEMENT_RECORDED, EventType.PRODUCED_CWC, EventType.PRODUCED_MAGISTRATE,
        EventType.SHELTER_PLACEMENT,
    }
)  # fmt: skip


def _medico_legal(start: Start, event: EventRow) -> bool:
    medical = _detail(event, "medical")
    return (
        medical is not None
        and medical.kind == "medico_legal"
        and event.occurred_at >= start.trigger.occurred_at
        and (start.survivor is None or start.survivor.pk == medical.survivor_id)
    )


def _first_confirmed_sighting(case: Case, events: list[EventRow]) -> Iterator[Start]:
    seen: set[int] = set()
    for event in events:
        sighting = getattr(event, "sighting", None)
        if sighting is None or sighting.confidence != "confirmed" or sighting.survivor_id in seen:
            continue
        seen.add(sighting.survivor_id)
        yield Start(event, _her(sighting.survivor_id))


def _later_of_type(*types: str, concerning: bool = True) -> Callable[[Start, EventRow], bool]:
    def check(start: Start, event: EventRow) -> bool:
        if event.type not in types or event.occurred_at < start.trigger.occurred_at:
            return False
        return not concerning or start.survivor is None or start.survivor in _people(event)

    return check


def _later_rescue(start: Start, event: EventRow) -> bool:
    return (
        _is_rescue(event)
        and event.occurred_at >= start.trigger.occurred_at
        and (start.survivor is None or start.survivor in _people(event))
    )


class Person:
    """A survivor as the rules see her: who (compared by id) and when she turns 18."""

    __slots__ = ("adult_on", "pk")

    def __init__(self, pk: int, adult_on: dt.date | None = None) -> None:
        self.pk, self.adult_on = pk, adult_on

    def __eq__(self, other: object) -> bool:
        return getattr(other, "pk", None) == self.pk

    def __hash__(self) -> int:
        return hash(self.pk)


def _her(survivor_id: int) -> Person:
    """The survivor a detail names, by id only (clocks need no more of her; a rebuild of
    100,000 cases should not build her object once per record)."""
    return Person(survivor_id)


def _detail(event: EventRow, name: str) -> SimpleNamespace | None:
    return getattr(event, name, None)


def _own(start: Start, name: str) -> SimpleNamespace:
    """The detail of the trigger its rule's ``starts`` chose it for (so it is there)."""
    detail = _detail(start.trigger, name)
    assert detail is not None
    return detail


def _engagements(case: Case, events: list[EventRow]) -> Iterator[Start]:
    for event in events:
        if _detail(event, "engagement") is not None:
            yield Start(event, None)


def _answered(start: Start) -> dt.datetime | None:
    engagement = _own(start, "engagement")
    if engagement.answer in ("pending", "no_response"):
        return None
    # An answer whose time was not written down is counted as given when we asked.
    return engagement.answered_at or start.trigger.occurred_at


def _deferrals(case: Case, events: list[EventRow]) -> Iterator[Start]:
    for event in events:
        engagement = _detail(event, "engagement")
        if engagement is not None and engagement.deferred_until is not None:
            yield Start(event, None)


def _temporary_stays(case: Case, events: list[EventRow]) -> Iterator[Start]:
    for event in events:
        stay = _detail(event, "placement")
        if stay is not None and stay.kind == "temporary":
            yield Start(event, _her(stay.survivor_id))


def _stay_ended(start: Start) -> dt.datetime | None:
    ended = _own(start, "placement").ended_on
    return None if ended is None else local_day_start(ended)


def _repatriation_steps(case: Case, events: list[EventRow]) -> Iterator[Start]:
    for event in events:
        if _detail(event, "repatriation_step") is not None:
            yield Start(event, None)


def _step_done(start: Start) -> dt.datetime | None:
    done = _own(start, "repatriation_step").completed_on
    return None if done is None else local_day_start(done)


def _planned_visits(case: Case, events: list[EventRow]) -> Iterator[Start]:
    for event in events:
        visit, medical = _detail(event, "follow_up"), _detail(event, "medical")
        planned = (visit and visit.next_due_on) or (medical and medical.follow_up_on)
        record = visit or medical
        if planned and record is not None:
            yield Start(event, _her(record.survivor_id))


def _visit_day_end(start: Start) -> dt.datetime | None:
    record = _detail(start.trigger, "follow_up") or _detail(start.trigger, "medical")
    assert record is not None  # _planned_visits started it from one of the two
    day = getattr(record, "next_due_on", None) or record.follow_up_on
    return local_day_start(day + dt.timedelta(days=1))


def _examinations(case: Case, events: list[EventRow]) -> Iterator[Start]:
    for event in events:
        medical = _detail(event, "medical")
        if medical is not None and medical.kind == "medico_legal":
            yield Start(event, _her(medical.survivor_id))


def _report_sent(start: Start) -> dt.datetime | None:
    sent = _own(start, "medical").report_sent_on
    return None if sent is None else local_day_start(sent)


def _first_of(
    type: str, *, sexual_only: bool = False
) -> Callable[[Case, list[EventRow]], Iterator[Start]]:
    def starts(case: Case, events: list[EventRow]) -> Iterator[Start]:
        if sexual_only and Exploitation.SEXUAL not in case.exploitation:
            return
        first = next((e for e in events if e.type == type), None)
        if first is not None:
            yield Start(first, None)

    return starts


def _first_remand(case: Case, events: list[EventRow]) -> Iterator[Start]:
    """The first production before a magistrate after the first arrest: the remand from which
    the chargesheet's time runs."""
    arrest = next((e for e in events if e.type == EventType.ARREST), None)
    if arrest is None:
        return
    remand = next(
        (
            e for e in events
            if e.type == EventType.PRODUCED_MAGISTRATE and e.occurred_at >= arrest.occurred_at
        ),
        None,
    )  # fmt: skip
    if remand is not None:
        yield Start(remand, None)


def _compensation_applications(case: Case, events: list[EventRow]) -> Iterator[Start]:
    for event in events:
        service = _detail(event, "service")
        if service is not None and service.kind == "compensation":
            yield Start(event, _her(service.survivor_id))


def _sexual_exploitation_firs(case: Case, events: list[EventRow]) -> Iterator[Start]:
    if Exploitation.SEXUAL not in case.exploitation:
        return
    for event in events:
        if _detail(event, "fir") is not None:
            yield Start(event, None)


def _ahtu_informed(start: Start) -> dt.datetime | None:
    return _own(start, "fir").ahtu_informed_at


def _e_firs(case: Case, events: list[EventRow]) -> Iterator[Start]:
    """e-FIRs exist under the BNSS: offences from 1 July 2024 (or of unknown date)."""
    if case.offence_date is not None and case.offence_date < NEW_CODES:
        return
    for event in events:
        fir = _detail(event, "fir")
        if fir is not None and fir.electronic:
            yield Start(event, None)


def _signed(start: Start) -> dt.datetime | None:
    return _own(start, "fir").signed_at


def _awards(case: Case, events: list[EventRow]) -> Iterator[Start]:
    for event in events:
        if _detail(event, "compensation") is not None:
            yield Start(event, None)


def _paid(start: Start) -> dt.datetime | None:
    paid = _own(start, "compensation").paid_on
    return None if paid is None else local_day_start(paid)


def _minors_named(event: EventRow) -> list[Person]:
    return [s for s in _people(event) if _was_minor(s, event)]


def _police_informed_about_a_child(case: Case, events: list[EventRow]) -> Iterator[Start]:
    """POCSO s.19(6): the first moment the police received information of a sexual offence
    against a child, that is an entry of theirs naming a child, or naming nobody once a child is
    known to the case. The NGO's own tip ("information received") does not start it."""
    if Exploitation.SEXUAL not in case.exploitation:
        return
    child_known = min(
        (e.occurred_at for e in events if e.type in CHILD_EVENTS and _minors_named(e)),
        default=None,
    )
    if child_known is None:
        return
    for event in events:
        if _police_informed(event) and (_minors_named(event) or not _people(event)):
            yield Start(event, None)
            return


def _children_before_the_cwc(case: Case, events: list[EventRow]) -> Iterator[Start]:
    seen: set[int] = set()
    for event in events:
        if event.type != EventType.PRODUCED_CWC:
            continue
        for child in _minors_named(event):
            if child.pk not in seen:
                seen.add(child.pk)
                yield Start(event, child)


def _cognisance_for_a_child(case: Case, events: list[EventRow]) -> Iterator[Start]:
    """Cognisance of a POCSO offence: a case of sexual exploitation with a child survivor."""
    if Exploitation.SEXUAL not in case.exploitation:
        return
    children = any(e.type in CHILD_EVENTS and _minors_named(e) for e in events)
    first = next((e for e in events if e.type == EventType.COGNISANCE), None)
    if children and first is not None:
        yield Start(first, None)


def _produced_adults(case: Case, events: list[EventRow]) -> Iterator[Start]:
    """ITPA s.15(5), s.16(2), s.17: a person removed or rescued under the Act is produced before
    the magistrate "forthwith" and kept in intermediate custody at most ten days. Adults only: a
    child is produced before the CWC under the JJ Act, which overrides (JJ Act 2015 s.1(4))."""
    if Exploitation.SEXUAL in case.exploitation:
        yield from _rescued(case, events, child=False)


def _later_engagement(start: Start, event: EventRow) -> bool:
    return event.type == EventType.AUTHORITY_CONTACTED and (
        event.occurred_at > start.trigger.occurred_at
    )


def _never(start: Start, event: EventRow) -> bool:
    return False


def _repatriation_days() -> dt.timedelta:
    return dt.timedelta(days=settings.MUKTI_REPATRIATION_STEP_DAYS)


CARE, JUSTICE = Action.CARE_VIEW, Action.JUSTICE_VIEW
E = EventType
RESCUES = (E.RESCUE, E.RESCUE_ATTEMPT)
# The police have the information from these entries (see _police_informed).
POLICE_INFORMING = (E.POLICE_INFORMED, E.FIR_REGISTERED, E.AUTHORITY_CONTACTED, *RESCUES)
# Entries whose naming of a child makes the case a child's case (POCSO).
CHILD_EVENTS = frozenset(
    {E.INFORMATION_RECEIVED, E.LOCATION_IDENTIFIED, E.PRODUCED_CWC, *POLICE_INFORMING}
)
SEXUAL = ("exploitation",)
AGE = ("adult_on",)

RULES: list[Rule] = [
    # Statutory duties and directory timelines (DOMAIN.md, "Law that sets clocks").
    Rule(
        "arrest_magistrate", _("Arrested person produced before a magistrate"), "hard",
        dt.timedelta(hours=24), "BNSS s.58", "CrPC s.57", _arrests,
        _later_of_type(EventType.PRODUCED_MAGISTRATE, concerning=False),
        reads(E.ARREST, E.PRODUCED_MAGISTRATE), area=JUSTICE,
    ),
    Rule(
        "minor_cwc", _("Rescued child produced before the Child Welfare Committee"), "hard",
        dt.timedelta(hours=24), "Juvenile Justice Act 2015 s.31", "",
        lambda case, events: _rescued(case, events, child=True),
        _later_of_type(EventType.PRODUCED_CWC), reads(*RESCUES, E.PRODUCED_CWC, survivor=AGE),
    ),
    Rule(
        "medical_examination", _("Survivor of sexual violence sent for medical examination"),
        "hard", dt.timedelta(hours=24),
        "BNSS s.184 (within 24 hours of the police receiving the information)",
        "CrPC s.164A (within 24 hours of the police receiving the information)",
        _police_informed_of_sexual_violence, _medico_legal,
        reads(
            *POLICE_INFORMING, *OUT_OF_THEIR_HANDS, E.MEDICAL_CARE,
            details=("engagement", "medical"), case=SEXUAL,
        ),
    ),
    Rule(
        "pocso_report", _("Sexual offence against a child reported to the CWC and Special Court"),
        "hard", dt.timedelta(hours=24),
        "POCSO Act 2012 s.19(6) (within 24 hours of the police receiving the information)", "",
        _police_informed_about_a_child,
        _later_of_type(EventType.POCSO_REPORTED, concerning=False),
        reads(
            *CHILD_EVENTS, E.POCSO_REPORTED, details=("engagement",), case=SEXUAL, survivor=AGE
        ),
        area=JUSTICE,
    ),
    Rule(
        "doctor_report", _("Doctor's report forwarded to the investigating officer"), "hard",
        dt.timedelta(days=7), "BNSS s.184(6)", "CrPC s.164A(6)", _examinations, _never,
        reads(E.MEDICAL_CARE, details=("medical",)), area=CARE,
        satisfied_by_record=_report_sent,
    ),
    Rule(
        "ahtu_fir", _("FIR of commercial sexual exploitation handed to the district AHTU"),
        "hard", dt.timedelta(hours=24), "Calcutta High Court direction (2018), West Bengal", "",
        _sexual_exploitation_firs, _never,
        reads(E.FIR_REGISTERED, details=("fir",), case=SEXUAL), area=JUSTICE,
        satisfied_by_record=_ahtu_informed,
    ),
    Rule(
        "e_fir_signed", _("e-FIR signed by the informant"), "hard", dt.timedelta(days=3),
        "BNSS s.173(1)(ii)", "", _e_firs, _never,
        reads(E.FIR_REGISTERED, details=("fir",), case=("offence_date",)), area=JUSTICE,
        satisfied_by_record=_signed,
    ),
    Rule(
        "itpa_custody", _("Rescued person's intermediate custody pending the magistrate's order"),
        "hard", dt.timedelta(days=10), "ITPA 1956 s.17(1) proviso: not more than ten days", "",
        _produced_adults, _later_of_type(EventType.PRODUCED_MAGISTRATE),
        reads(*RESCUES, E.PRODUCED_MAGISTRATE, case=SEXUAL, survivor=AGE),
    ),
    Rule(
        "itpa_production", _("Rescued adult produced before the magistrate"), "operational",
        dt.timedelta(hours=24),
        _(
            "ITPA 1956 s.15(5), s.16(2): “shall forthwith produce” before the magistrate. The "
            "Act sets no number of hours; the limit is the organisation's"
        ),
        "", _produced_adults, _later_of_type(EventType.PRODUCED_MAGISTRATE),
        reads(*RESCUES, E.PRODUCED_MAGISTRATE, case=SEXUAL, survivor=AGE),
    ),
    Rule(
        "sir_report", _("Social investigation report on a child"), "directory",
        dt.timedelta(days=15), "Juvenile Justice Act 2015 s.36(3)", "", _children_before_the_cwc,
        _later_of_type(EventType.SIR_SUBMITTED),
        reads(E.PRODUCED_CWC, E.SIR_SUBMITTED, survivor=AGE), area=CARE,
    ),
    Rule(
        "cwc_final_order", _("CWC final order on a child"), "directory", dt.timedelta(0),
        "Juvenile Justice Act 2015 s.36(4)", "", _children_before_the_cwc,
        _later_of_type(EventType.CWC_ORDER), reads(E.PRODUCED_CWC, E.CWC_ORDER, survivor=AGE),
        area=CARE, months=4,
    ),
    Rule(
        "child_evidence", _("Child's evidence recorded after cognisance"), "guidance",
        dt.timedelta(days=30), "POCSO Act 2012 s.35(1)", "", _cognisance_for_a_child,
        _later_of_type(EventType.TESTIMONY, concerning=False),
        reads(*CHILD_EVENTS, E.COGNISANCE, E.TESTIMONY, case=SEXUAL, survivor=AGE),
        area=JUSTICE,
    ),
    Rule(
        "pocso_trial", _("Trial of a child's case completed after cognisance"), "guidance",
        dt.timedelta(0), "POCSO Act 2012 s.35(2)", "", _cognisance_for_a_child,
        _later_of_type(EventType.JUDGEMENT, concerning=False),
        reads(*CHILD_EVENTS, E.COGNISANCE, E.JUDGEMENT, case=SEXUAL, survivor=AGE),
        area=JUSTICE, months=12,
    ),
    Rule(
        "investigation", _("Investigation of a sexual offence completed (chargesheet)"),
        "guidance", dt.timedelta(0), "BNSS s.193(2)", "CrPC s.173(1A)",
        _first_of(EventType.FIR_REGISTERED, sexual_only=True),
        _later_of_type(EventType.CHARGESHEET_FILED, concerning=False),
        reads(E.FIR_REGISTERED, E.CHARGESHEET_FILED, case=SEXUAL), area=JUSTICE, months=2,
    ),
    Rule(
        "default_bail", _("Chargesheet filed before the accused may claim default bail"), "hard",
        dt.timedelta(days=90), "BNSS s.187(3)", "CrPC s.167(2)", _first_remand,
        _later_of_type(EventType.CHARGESHEET_FILED, concerning=False),
        reads(E.ARREST, E.PRODUCED_MAGISTRATE, E.CHARGESHEET_FILED), area=JUSTICE,
    ),
    Rule(
        "compensation_decided", _("Victim compensation decided after the application"),
        "guidance", dt.timedelta(0), "BNSS s.396(5)", "CrPC s.357A(5)",
        _compensation_applications, _later_of_type(EventType.COMPENSATION),
        reads(E.SERVICE, E.COMPENSATION, details=("service",)), months=2,
    ),
    # Operational timers: not law, but they lose or protect people (DOMAIN.md).
    Rule(
        "located_not_rescued", _("Located but not rescued"), "operational",
        dt.timedelta(hours=6), _("Operational: victims are moved once traffickers sense interest"),
        "", _first_confirmed_sighting, _later_rescue,
        reads(E.LOCATION_IDENTIFIED, *RESCUES, details=("sighting",)),
    ),
    Rule(
        "escalation_unanswered", _("Authority approached, no answer yet"), "operational",
        dt.timedelta(hours=4), _("Operational: chase or go higher when an authority is silent"), "",
        _engagements, _later_engagement, reads(E.AUTHORITY_CONTACTED, details=("engagement",)),
        satisfied_by_record=_answered,
    ),
    Rule(
        "deferral_passed", _("Deferred rescue past its promised time"), "operational",
        dt.timedelta(hours=2), _("Operational: a deferral is a promise to hold to"), "",
        _deferrals, _later_rescue,
        reads(E.AUTHORITY_CONTACTED, *RESCUES, details=("engagement",)),
        fixed_due=lambda start: _own(start, "engagement").deferred_until,
    ),
    Rule(
        "temporary_shelter", _("Temporary shelter stay too long"), "operational",
        dt.timedelta(days=90), _("Operational: a temporary home is not a place to stay"), "",
        _temporary_stays, _never, reads(E.SHELTER_PLACEMENT, details=("placement",)),
        area=CARE, satisfied_by_record=_stay_ended,
    ),
    Rule(
        "repatriation_step", _("Repatriation step overdue"), "operational",
        _repatriation_days(), _("Operational: repatriations stall for months between steps"), "",
        _repatriation_steps, _never, reads(E.REPATRIATION_STEP, details=("repatriation_step",)),
        area=CARE, satisfied_by_record=_step_done,
    ),
    Rule(
        "compensation_unpaid", _("Compensation awarded but not paid"), "operational",
        dt.timedelta(days=60), _("Operational: an award helps no one until it is paid"), "",
        _awards, _never, reads(E.COMPENSATION, details=("compensation",)), area=JUSTICE,
        satisfied_by_record=_paid,
    ),
    Rule(
        "follow_up_visit", _("Follow-up visit due"), "operational", dt.timedelta(0),
        _("Operational: the visit planned in the care record"), "", _planned_visits,
        _later_of_type(EventType.FOLLOW_UP_VISIT, EventType.MEDICAL_CARE),
        reads(E.FOLLOW_UP_VISIT, E.MEDICAL_CARE, details=("follow_up", "medical")), area=CARE,
        fixed_due=_visit_day_end,
    ),
]  # fmt: skip
RULES_BY_CODE = {rule.code: rule for rule in RULES}

# What the rules read, all together: a rebuild loads only these event types; the recompute hook
# fires when a case or survivor field in these sets changes.
RULE_EVENT_TYPES = frozenset().union(*(rule.reads.events for rule in RULES))
RULE_DETAILS = frozenset().union(*(rule.reads.details for rule in RULES))
CASE_FIELDS_READ = frozenset().union(*(rule.reads.case for rule in RULES))
SURVIVOR_FIELDS_READ = frozenset().union(*(rule.reads.survivor for rule in RULES))


def approximate(event: EventRow) -> bool:
    return event.precision != Precision.TIME


def visible_rules(user: object) -> list[str]:
    """Codes of the rules whose clocks this user may see (the side of the work they are on)."""
    from mukti.accounts.access import can

    return [rule.code for rule in RULES if can(user, rule.area)]
