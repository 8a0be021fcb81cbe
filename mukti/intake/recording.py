"""What a confirmed draft's events become: the records the forms would have made.

An "authority contacted" is an engagement (escalation hop) with the office or official matched
from the directory, and the answers that follow it in the narrative ("verified", "unable to
trace", "referred to", "agreed", "deferred to the next day") are its answer; a referral links the
next hop to it. A location identified is a sighting, a rescue or a failed attempt is an attempt of
one rescue operation, an arrest is an arrest of an accused person, a shelter placement is a stay,
medical care a medical record, "produced before the CWC/magistrate" a production. Each goes through
the service its own form calls, so that clocks, the located-not-rescued window and responsiveness
read an imported case exactly as a typed one. Where what a record needs is missing (no office
matched, no shelter home chosen), the event is recorded as a plain timeline entry instead: nothing
is invented, and the caseworker can complete it from the case page.

Everything here runs inside ``services.draft_confirm``'s transaction: an error anywhere saves
nothing.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

from mukti.accounts.access import Action, can
from mukti.accounts.models import User
from mukti.audit.tracked import tracked_update
from mukti.care import services as care_services
from mukti.care.models import MedicalKind, MedicalReason, PlacementKind
from mukti.cases import services as case_services
from mukti.cases.access import event_edit_action
from mukti.cases.models import (
    AttemptOutcome,
    Case,
    Confidence,
    Event,
    EventSource,
    EventType,
    Survivor,
)
from mukti.core.fuzzydate import When
from mukti.directory.models import Jurisdiction, Office, OfficeKind, Official
from mukti.justice import services as justice_services
from mukti.justice.models import Accused, AccusedRole
from mukti.rescue import services as rescue_services
from mukti.rescue.models import Answer, Engagement, Operation, OperationStatus, Request

# Answers an authority gives, by the extractor's event type.
ANSWERS = {
    "verified": Answer.VERIFIED,
    "unable_to_trace": Answer.UNABLE_TO_TRACE,
    "referred": Answer.REFERRED,
    "rescue_deferred": Answer.DEFERRED,
}
_AGREED = re.compile(r"\bagreed\b|\bagrees\b|\bconsented\b", re.IGNORECASE)
_NEXT_DAY = re.compile(r"\b(?:the\s+)?next\s+day\b|\btomorrow\b|\banother\s+day\b", re.IGNORECASE)
_CONFIRMED_SEEN = re.compile(
    r"\b(?:confirm\w*|present|found|spotted|seen|traced|located|being\s+held)\b", re.IGNORECASE
)
_LONG_TERM = re.compile(r"\blong[- ](?:term|stay)\b", re.IGNORECASE)
CWC_PRODUCED = re.compile(
    r"\bproduced\s+(?:her\s+|them\s+|him\s+)?before\s+(?:the\s+)?(?:\w+\s+){0,3}"
    r"(?:CWC|Child\s+Welfare\s+Committee)", re.IGNORECASE
)  # fmt: skip
_MAGISTRATE = re.compile(
    r"\bproduced\s+(?:her\s+|them\s+|him\s+)?before\s+(?:the\s+|a\s+)?(?:\w+\s+){0,3}"
    r"(?:magistrate|court|CJM|ACJM|JM|judge)", re.IGNORECASE
)  # fmt: skip
_NEEDS = [
    (re.compile(r"pregnan", re.IGNORECASE), MedicalReason.PREGNANCY),
    (re.compile(r"\binjur|\bwound", re.IGNORECASE), MedicalReason.INJURY),
    (re.compile(r"\bage\s+(?:test|assessment|determination)|ossification", re.IGNORECASE),
     MedicalReason.AGE_ASSESSMENT),
    (re.compile(r"\brape\b|sexual\s+(?:assault|violence|abuse)|medico-?legal", re.IGNORECASE),
     MedicalReason.SEXUAL_VIOLENCE),
    (re.compile(r"\bill\b|illness|fever|infection|malnourish", re.IGNORECASE),
     MedicalReason.ILLNESS),
]  # fmt: skip


@dataclass
class Confirming:
    """What one confirmation has made so far: the hop answers attach to, the operation attempts
    belong to, the last place she was seen."""

    actor: User
    case: Case
    survivors: list[Survivor]
    rows: dict[str, Any]
    engagement: Engagement | None = None
    operation: Operation | None = None
    last_seen: Jurisdiction | None = None
    seen: bool = False  # a confirmed sighting: what we ask for next is her rescue
    placed: set[int] = field(default_factory=set)

    def office(self, event: dict[str, Any]) -> Office | None:
        for key in ("official", "place"):
            row = self.rows.get(event.get(key) or "")
            if isinstance(row, Official):
                return row.office
            if isinstance(row, Office):
                return row
        return None

    def official(self, event: dict[str, Any]) -> Official | None:
        row = self.rows.get(event.get("official") or "")
        return row if isinstance(row, Official) else None

    def place(self, event: dict[str, Any]) -> Jurisdiction | None:
        row = self.rows.get(event.get("place") or "")
        if isinstance(row, Jurisdiction):
            return row
        if isinstance(row, Office):
            return row.jurisdiction
        return None


def _after_trigger(event: dict[str, Any]) -> str:
    evidence = event.get("evidence", "")
    start = event.get("trigger", [0])[0] - event.get("span", [0])[0]
    return evidence[max(start, 0) :]


def _mark_imported(ctx: Confirming, event: Event, texts: dict[str, str]) -> Event:
    return tracked_update(
        event, actor=ctx.actor, expected_version=None, source=EventSource.IMPORTED, **texts
    )


def record_event(
    ctx: Confirming, item: dict[str, Any], when: When, texts: dict[str, str]
) -> list[Event]:
    """Record one event of the draft as its form would; return the timeline entries made."""
    kind = item["type"]
    made: list[Event] | None = None
    if kind == "authority_contacted":
        made = _contacted(ctx, item, when, texts)
    elif kind in ANSWERS:
        made = _answered(ctx, item, when, texts)
    elif kind == "location_identified":
        made = _sighted(ctx, item, when, texts)
    elif kind in ("rescue", "rescue_attempt_failed"):
        made = _attempted(ctx, item, when, texts)
    elif kind == "arrest":
        made = _arrested(ctx, item, when, texts)
    elif kind == "shelter_placement":
        made = _placed(ctx, item, when, texts)
    elif kind == "medical_care":
        made = _treated(ctx, item, when, texts)
    if made is None:
        made = [_plain(ctx, item, when, texts)]
    made += _productions(ctx, item, when, texts)
    read_from = TIMELINE_TYPE.get(kind, (kind, ""))[0]
    return [_mark_imported(ctx, e, _texts_for(e.type, read_from, texts)) for e in made]


def _texts_for(made: str, read_from: str, texts: dict[str, str]) -> dict[str, str]:
    """The quote of a sentence goes only on entries read by whoever may read that sentence: an
    arrest sentence that also says "produced before the CWC" makes a production entry the
    aftercare officer reads, and it must not carry the accused's name."""
    area = event_edit_action(read_from)  # the side of the work whose people read the sentence
    if area != Action.CASE_EDIT and event_edit_action(made) != area:
        return {**texts, "quote": ""}
    return texts


TIMELINE_TYPE: dict[str, tuple[str, str]] = {
    "trafficked": (EventType.TRAFFICKED, ""),
    "rescue_attempt_failed": (EventType.RESCUE_ATTEMPT, AttemptOutcome.TARGET_ABSENT),
    "repatriation": (EventType.REPATRIATION_STEP, ""),
    "conviction": (EventType.JUDGEMENT, ""),
}


def _plain(ctx: Confirming, item: dict[str, Any], when: When, texts: dict[str, str]) -> Event:
    kind, outcome = TIMELINE_TYPE.get(item["type"], (item["type"], ""))
    official = ctx.official(item)
    return case_services.event_record(
        actor=ctx.actor,
        case=ctx.case,
        type=kind,
        when=when,
        survivors=ctx.survivors,
        outcome=outcome,
        place=ctx.place(item),
        actor_office=ctx.office(item),
        actor_official=official,
    )


# ---------------------------------------------------------------------------------------------
# The escalation chain


_REQUESTS = [
    (re.compile(r"\brescue|\braid", re.IGNORECASE), Request.RESCUE),
    (re.compile(r"\bFIR\b|\bcomplaint|\bregister", re.IGNORECASE), Request.FIR),
    (re.compile(r"\bverif", re.IGNORECASE), Request.VERIFICATION),
    (re.compile(r"\btrace|\blocate|\bwhereabouts|\bfind\b", re.IGNORECASE), Request.TRACE),
    (re.compile(r"\bprotect", re.IGNORECASE), Request.PROTECTION),
]


def _request(ctx: Confirming, item: dict[str, Any]) -> str:
    """What we asked for, as the sentence says it; else to verify what we knew, or, once she
    was seen, to rescue her."""
    evidence = item.get("evidence", "")
    for rule, request in _REQUESTS:
        if rule.search(evidence):
            return request
    return Request.RESCUE if ctx.seen else Request.VERIFICATION


def _contacted(
    ctx: Confirming, item: dict[str, Any], when: When, texts: dict[str, str]
) -> list[Event] | None:
    office = ctx.office(item)
    if office is None:
        return None
    current = ctx.engagement
    if current is not None and current.answer == Answer.PENDING and current.office_id == office.pk:
        # The same request told again ("After explaining the situation to the OC, the OC
        # agreed"): no new hop, but perhaps its answer.
        _maybe_agreed(ctx, item, when)
        return []
    previous = None
    if current is not None and current.answer != Answer.PENDING:
        followed = Engagement.objects.filter(previous=current).exists()
        if not followed and (
            current.answer != Answer.REFERRED or current.referred_to_office_id == office.pk
        ):
            previous = current
    engagement = rescue_services.engagement_record(
        actor=ctx.actor,
        case=ctx.case,
        office=office,
        official=ctx.official(item),
        request=_request(ctx, item),
        when=when,
        note=texts["note"],
        previous=previous,
    )
    ctx.engagement = engagement
    _maybe_agreed(ctx, item, when)
    return [engagement.event]


def _answer_time(engagement: Engagement, when: When) -> dt.datetime | None:
    asked = engagement.event.occurred_at
    at = when.at or asked
    if at is not None and asked is not None and at < asked:
        at = asked  # the same day as the request, read without its hour
    return at


def _maybe_agreed(ctx: Confirming, item: dict[str, Any], when: When) -> None:
    engagement = ctx.engagement
    if engagement is not None and _AGREED.search(_after_trigger(item)):
        ctx.engagement = rescue_services.engagement_answer(
            actor=ctx.actor,
            engagement=engagement,
            expected_version=None,
            answer=Answer.AGREED,
            answered_at=_answer_time(engagement, when),
        )


def _answered(
    ctx: Confirming, item: dict[str, Any], when: When, texts: dict[str, str]
) -> list[Event] | None:
    """An authority's answer: to the hop in hand, or to a new hop with the office the last one
    referred us to ("directed to the AHTU. The AHTU verified..." is a hop to the AHTU)."""
    answer = ANSWERS[item["type"]]
    office, official = ctx.office(item), ctx.official(item)
    current = ctx.engagement
    made: list[Event] = []
    target_office = target_official = None
    if answer == Answer.REFERRED:
        # The office in a referral's sentence is the one referred to, not the one answering.
        target_office, target_official = office, official
        office = None
        if target_office is None:
            return None
    if (
        current is not None
        and current.answer == Answer.REFERRED
        and office is not None
        and office.pk == current.referred_to_office_id
    ):
        current = rescue_services.engagement_record(
            actor=ctx.actor,
            case=ctx.case,
            office=office,
            official=official or current.referred_to_official,
            request=_request(ctx, item),
            when=when,
            note=texts["note"],
            previous=current,
        )
        made.append(current.event)
    if current is None or (office is not None and office.pk != current.office_id):
        if office is None:
            return None
        current = rescue_services.engagement_record(
            actor=ctx.actor,
            case=ctx.case,
            office=office,
            official=official,
            request=_request(ctx, item),
            when=when,
            note=texts["note"],
        )
        made.append(current.event)
    if target_office is not None and target_office.pk == current.office_id:
        return made or None  # "referred" to itself: nothing to link
    answered_at = _answer_time(current, when)
    deferred_until = None
    note = ""
    if answer == Answer.DEFERRED:
        if answered_at is None or not _NEXT_DAY.search(item.get("evidence", "")):
            # No time they deferred to: the hop stays as it is, the deferral a plain entry.
            return [*made, _plain(ctx, item, when, texts)]
        deferred_until = answered_at + dt.timedelta(days=1)
        note = texts["quote"] or texts["note"]
    earlier = current.get_answer_display() if current.answer != Answer.PENDING else ""
    if earlier and not note:
        note = _("Earlier the same hop: %(answer)s.") % {"answer": earlier}
    ctx.engagement = rescue_services.engagement_answer(
        actor=ctx.actor,
        engagement=current,
        expected_version=None,
        answer=answer,
        answered_at=answered_at,
        note=note,
        deferred_until=deferred_until,
        referred_to_office=target_office,
        referred_to_official=target_official,
    )
    if answer == Answer.DEFERRED:
        # A deferral is also a timeline entry, as the rescue form's "deferred" is.
        made.append(_plain(ctx, item, when, texts))
    return made


# ---------------------------------------------------------------------------------------------
# Sightings and rescue


def _sighted(
    ctx: Confirming, item: dict[str, Any], when: When, texts: dict[str, str]
) -> list[Event] | None:
    place = ctx.place(item) or ctx.last_seen
    if place is None or not ctx.survivors:
        return None
    ctx.last_seen = place
    seen = when.at is not None and _CONFIRMED_SEEN.search(item.get("evidence", ""))
    confidence = Confidence.CONFIRMED if seen else Confidence.PROBABLE
    ctx.seen = ctx.seen or bool(seen)
    return [
        case_services.sighting_record(
            actor=ctx.actor,
            case=ctx.case,
            survivor=survivor,
            when=when,
            place=place,
            source=_("narrative report"),
            confidence=confidence,
            note=texts["note"],
        ).event
        for survivor in ctx.survivors
    ]


def _attempted(
    ctx: Confirming, item: dict[str, Any], when: When, texts: dict[str, str]
) -> list[Event] | None:
    rescued = item["type"] == "rescue"
    if when.at is None or (rescued and not ctx.survivors):
        return None
    operation = ctx.operation
    if operation is None or operation.status not in (
        OperationStatus.PLANNED,
        OperationStatus.OPEN,
    ):
        lead = ctx.office(item) or (ctx.engagement.office if ctx.engagement else None)
        if lead is None:
            return None
        # Where she was seen, else the area of the unit that raided ("the OC raided the house").
        place = ctx.place(item) or ctx.last_seen or lead.jurisdiction
        lead_official = ctx.official(item)
        if lead_official is None and ctx.engagement is not None:
            lead_official = ctx.engagement.official
        if lead_official is not None and lead_official.office_id != lead.pk:
            lead_official = None
        operation = rescue_services.operation_plan(
            actor=ctx.actor,
            case=ctx.case,
            target_place=place,
            lead_office=lead,
            lead_official=lead_official,
            planned_for=when.at,
            survivors_sought=ctx.survivors,
        )
        ctx.operation = operation
    attempt = rescue_services.attempt_record(
        actor=ctx.actor,
        operation=operation,
        when=when,
        outcome=AttemptOutcome.RESCUED if rescued else AttemptOutcome.TARGET_ABSENT,
        people_brought_out=len(ctx.survivors) if rescued else 0,
        survivors_out=ctx.survivors if rescued else (),
        what_followed=texts["note"],
    )
    operation.refresh_from_db()
    return [attempt.event]


# ---------------------------------------------------------------------------------------------
# Justice and care


def _arrested(
    ctx: Confirming, item: dict[str, Any], when: When, texts: dict[str, str]
) -> list[Event] | None:
    if not can(ctx.actor, Action.JUSTICE_EDIT, ctx.case) or when.at is None:
        return None
    named = item.get("accused") or []
    people: list[Accused] = []
    for person in named:
        linked = justice_services.accused_add(
            actor=ctx.actor,
            case=ctx.case,
            role=AccusedRole.OTHER,
            name=person["name"],
            approximate_age=person.get("age"),
        )
        people.append(linked.accused)
    if not people:
        linked = justice_services.accused_add(
            actor=ctx.actor,
            case=ctx.case,
            role=AccusedRole.OTHER,
            description=_("Unnamed person arrested (from the narrative: name them when known)"),
        )
        people.append(linked.accused)
    official = ctx.official(item)
    return [
        justice_services.arrest_record(
            actor=ctx.actor,
            case=ctx.case,
            accused=accused,
            when=when,
            place=ctx.place(item),
            officer=official,
            note=texts["note"],
        ).event
        for accused in people
    ]


def _placed(
    ctx: Confirming, item: dict[str, Any], when: When, texts: dict[str, str]
) -> list[Event] | None:
    home = ctx.office(item)
    if home is None or home.kind != OfficeKind.SHELTER_HOME or when.at is None:
        return None
    kind = (
        PlacementKind.LONG_TERM if _LONG_TERM.search(item.get("evidence", "")) else
        PlacementKind.TEMPORARY
    )  # fmt: skip
    made = []
    for survivor in ctx.survivors:
        if survivor.pk in ctx.placed:
            continue  # a move between homes is recorded on the case page
        ctx.placed.add(survivor.pk)
        placement = care_services.placement_start(
            actor=ctx.actor, case=ctx.case, survivor=survivor, when=when, home=home, kind=kind,
            note=texts["note"],
        )  # fmt: skip
        made.append(placement.event)
    return made or None


def _treated(
    ctx: Confirming, item: dict[str, Any], when: When, texts: dict[str, str]
) -> list[Event] | None:
    facility = ctx.office(item)
    if facility is None or facility.kind != OfficeKind.HOSPITAL or not ctx.survivors:
        return None
    evidence = item.get("evidence", "")
    need = next((need for rule, need in _NEEDS if rule.search(evidence)), MedicalReason.OTHER)
    if re.search(r"\badmitted\b", evidence, re.IGNORECASE):
        kind = MedicalKind.ADMISSION
    elif need == MedicalReason.SEXUAL_VIOLENCE:
        kind = MedicalKind.MEDICO_LEGAL
    else:
        kind = MedicalKind.EXAMINATION
    return [
        care_services.medical_record(
            actor=ctx.actor, case=ctx.case, survivor=survivor, when=when, facility=facility,
            kind=kind, need=need, note=texts["note"],
        ).event
        for survivor in ctx.survivors
    ]  # fmt: skip


def _productions(
    ctx: Confirming, item: dict[str, Any], when: When, texts: dict[str, str]
) -> list[Event]:
    """ "Produced before the CWC" in a placement's sentence (the corpus counts it as the
    placement that follows) is also the production the CWC clocks read; "before the
    magistrate", the production after an arrest."""
    evidence = item.get("evidence", "")
    made = []
    for rule, kind, office_kinds in (
        (CWC_PRODUCED, EventType.PRODUCED_CWC, (OfficeKind.CWC,)),
        (_MAGISTRATE, EventType.PRODUCED_MAGISTRATE, (OfficeKind.COURT,)),
    ):
        if item["type"] == kind or not rule.search(evidence):
            continue
        office = next(
            (
                row
                for row in (ctx.rows.get(item.get("production") or ""),)
                if isinstance(row, Office) and row.kind in office_kinds
            ),
            None,
        )
        made.append(
            case_services.event_record(
                actor=ctx.actor, case=ctx.case, type=kind, when=when,
                survivors=ctx.survivors if kind == EventType.PRODUCED_CWC else (),
                actor_office=office,
            )
        )  # fmt: skip
    return made
