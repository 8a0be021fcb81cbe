"""The shapes the API reads and writes (pydantic, through django-ninja): what the OpenAPI
description is generated from. Shape only: the rules are the forms' and the services'."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Annotated, Any

from ninja import Field, Schema
from pydantic import BaseModel, ConfigDict

from mukti.cases.models import AttemptOutcome, CaseStatus, Confidence, EventType, SurvivorStatus
from mukti.directory.models import OfficeKind, Rank
from mukti.rescue.models import Answer, Mode, Request

# A row's id: within what every database's integer column holds, so an absurd number is a
# shape error (400), never a database overflow.
MAX_ID = 2_147_483_647
Id = Annotated[int, Field(ge=1, le=MAX_ID)]
Small = Annotated[int, Field(ge=0, le=32_767)]


class ErrorBody(Schema):
    message: str = Field(description="What went wrong, in the words the web pages use.")
    fields: dict[str, list[str]] = Field(
        default_factory=dict, description="Messages about single fields, by field name."
    )


class Error(Schema):
    error: ErrorBody


class Ref(Schema):
    id: int
    name: str


class Person(Schema):
    id: int
    username: str
    name: str


class PageLinks(Schema):
    page: int
    per_page: int
    next: str | None = Field(description="The next page's address, or null on the last one.")
    previous: str | None


class CaseSummary(Schema):
    reference: str
    title: str
    status: str
    priority: int
    opened_on: dt.date
    closed_on: dt.date | None
    offence_date: dt.date | None
    district: Ref | None
    lead: Person | None
    survivors: list[str] = Field(description="The survivors' pseudonyms.")
    updated_at: dt.datetime
    version: int


class CaseDetail(CaseSummary):
    summary: str
    exploitation: list[str]
    origin_country: str
    destination_country: str
    team: list[Person]


class CasePage(PageLinks):
    results: list[CaseSummary]


class CaseIn(Schema):
    """A new case, or the fields of a case to change (those left out keep their value)."""

    title: str | None = Field(None, max_length=200)
    summary: str | None = None
    priority: Small | None = None
    opened_on: dt.date | None = None
    offence_date: dt.date | None = None
    origin_country: str | None = Field(None, max_length=2)
    destination_country: str | None = Field(None, max_length=2)
    exploitation: list[str] | None = None
    district: Id | None = Field(None, description="A district's id (the directory).")
    lead: Id | None = Field(None, description="A staff member's id; by default, you.")
    team: list[Id] | None = Field(None, description="Staff ids; the lead is always in it.")
    version: Id | None = Field(
        None,
        description="On a change, the version you read (or send it as If-Match). A change to a "
        "record someone saved since is refused with 409.",
    )


class SurvivorOut(Schema):
    id: int
    pseudonym: str
    gender: str
    age_years: int | None
    age_estimated: bool
    minor: bool | None = Field(description="Under 18 today; null when her age is unknown.")
    nationality: str
    languages: str
    status: str = Field(description="Where she is, in this case.")
    version: int


class PossibleMatch(Schema):
    """A record, in a case you may see, that may be the same woman: never one of a case you may
    not see, and only its pseudonym, cases and why (her identity stays behind reveal)."""

    survivor: int
    pseudonym: str
    cases: list[str] = Field(description="References of her cases that you may see.")
    score: int = Field(description="How alike the names sound, 0 to 100.")
    reasons: list[str] = Field(description="Why she may be the same woman, in your language.")


POSSIBLE_MATCHES = (
    "Records of cases you may see that may be the same woman (her name across scripts and "
    "spellings, age within 3 years, nationality, a family phone, a home place), not yet linked "
    "as her. Nothing is linked by itself: check them, then link one with POST "
    "/cases/{reference}/survivors/{id}/same-person. Empty when none, or when she has no name "
    "or phone recorded yet (the identity is what is matched)."
)


class SurvivorWritten(SurvivorOut):
    possible_matches: list[PossibleMatch] = Field(description=POSSIBLE_MATCHES)


class SamePersonIn(Schema):
    other: Id = Field(description="The id of the other survivor record (a possible match).")


class SamePersonRecord(Schema):
    survivor: int
    pseudonym: str
    case: str = Field(description="The case's reference.")
    status: str


class SamePersonOut(Schema):
    """Her records across the cases you may see, once linked as one person."""

    records: list[SamePersonRecord]


class SurvivorIn(Schema):
    """A survivor's pseudonymous record (her identity is added on the page)."""

    pseudonym: str = Field(max_length=80)
    gender: str | None = None
    birth_date: dt.date | None = None
    age_years: Small | None = None
    age_estimated: bool | None = None
    age_assessed_on: dt.date | None = None
    nationality: str | None = Field(None, max_length=2)
    languages: str | None = Field(None, max_length=200)


class SurvivorUpdate(Schema):
    """The fields of her pseudonymous record to change (those left out keep their value)."""

    pseudonym: str | None = Field(None, max_length=80)
    gender: str | None = None
    birth_date: dt.date | None = None
    age_years: Small | None = None
    age_estimated: bool | None = None
    age_assessed_on: dt.date | None = None
    nationality: str | None = Field(None, max_length=2)
    languages: str | None = Field(None, max_length=200)
    pregnant: bool | None = Field(None, description="Care staff only.")
    care_needs: str | None = Field(None, description="Care staff only.")
    version: Id | None = Field(None, description="The version you read (or send If-Match).")


class SurvivorStatusIn(Schema):
    status: SurvivorStatus = Field(
        description="What became of her in this case, when no entry on the timeline says it."
    )


class IdentityUpdate(Schema):
    """A correction of her protected identity, within 30 minutes of revealing it (with the
    reason given then). Only the fields sent are changed; an empty value removes nothing
    unless the field is named in ``clear``."""

    reason: str = Field(max_length=500, description="The reason given when revealing it.")
    legal_name: str | None = Field(None, max_length=200)
    aliases: str | None = Field(None, max_length=500)
    family_contacts: str | None = None
    home_address: str | None = None
    identity_documents: str | None = None
    clear: list[str] | None = Field(None, description="Names of the fields to remove.")
    version: Id | None = Field(
        None, description="The identity's version, from the reveal (or send If-Match)."
    )


class SurvivorPage(PageLinks):
    results: list[SurvivorOut]


class RevealIn(Schema):
    reason: str = Field(max_length=500, description="Why you need to see her identity.")


class IdentityOut(Schema):
    survivor: int
    legal_name: str
    aliases: str
    family_contacts: str
    home_address: str
    identity_documents: str
    version: int = Field(description="Send it back to correct the identity.")


class IdentityWritten(IdentityOut):
    possible_matches: list[PossibleMatch] = Field(description=POSSIBLE_MATCHES)


class StatusIn(Schema):
    """A move in the case's lifecycle (closing it is for supervisors, with a reason)."""

    status: CaseStatus
    reason: str | None = Field(None, max_length=500)
    version: Id | None = Field(None, description="The version you read (or send If-Match).")


class EventOut(Schema):
    id: int
    type: str
    occurred_at: dt.datetime | None
    precision: str
    outcome: str
    place: Ref | None
    actor_official: Ref | None
    actor_office: Ref | None
    survivors: list[int]
    note: str


class EventPage(PageLinks):
    results: list[EventOut]


class EventIn(Schema):
    type: EventType = Field(
        description="What happened. Rescues, engagements, arrests and the other typed entries "
        "are recorded on their own pages and are refused here."
    )
    when: str = Field(
        max_length=60,
        description="As typed on the page: “20 Apr 2024 22:55”, “20 Apr 2024”, “early Nov "
        "2024”, “2024” or “unknown”.",
    )
    outcome: str | None = None
    place: Id | None = None
    actor_official: Id | None = None
    actor_office: Id | None = None
    actor_staff: Id | None = None
    survivors: list[Id] | None = None
    note: str | None = None


class SightingOut(Schema):
    id: int
    event: int = Field(description="The timeline entry it belongs to.")
    survivor: int
    pseudonym: str
    occurred_at: dt.datetime | None
    precision: str
    place: Ref
    address: str
    latitude: float | None
    longitude: float | None
    source: str
    confidence: Confidence


class SightingPage(PageLinks):
    results: list[SightingOut]


class SightingIn(Schema):
    survivor: Id
    when: str = Field(max_length=60, description="As for a timeline entry.")
    place: Id
    address: str | None = Field(None, max_length=300)
    latitude: float | None = Field(None, ge=-90, le=90)
    longitude: float | None = Field(None, ge=-180, le=180)
    source: str = Field(max_length=200, description="Who saw her or told us.")
    confidence: Confidence | None = None
    note: str | None = None


class EscalationOut(Schema):
    """One hop of an escalation chain: an authority we went to, and its answer."""

    id: int
    chain: int = Field(description="Which chain of the case (from 1), following referrals.")
    previous: int | None = Field(description="The hop whose referral led here.")
    office: Ref
    official: Ref | None
    who: str
    mode: str
    request: str
    asked_at: dt.datetime | None
    answer: str
    answered_at: dt.datetime | None
    deferred_until: dt.datetime | None
    referred_to_office: Ref | None
    minutes_to_answer: float | None


class EscalationIn(Schema):
    """We went to an authority and asked for something."""

    office: Id
    official: Id | None = None
    request: Request
    mode: Mode = Mode.IN_PERSON
    when: str = Field(max_length=60, description="When we asked, as for a timeline entry.")
    our_staff: list[Id] | None = None
    note: str | None = None
    previous: Id | None = Field(None, description="The hop whose referral led here.")


class AnswerIn(Schema):
    """What the authority answered."""

    answer: Answer
    answered_at: dt.datetime | None = Field(None, description="By default, now.")
    note: str | None = None
    deferred_until: dt.datetime | None = None
    referred_to_office: Id | None = None
    referred_to_official: Id | None = None
    version: Id | None = Field(None, description="The version you read (or send If-Match).")


class AttemptOut(Schema):
    id: int
    operation: int
    event: int
    occurred_at: dt.datetime | None
    precision: str
    outcome: str
    people_brought_out: int
    survivors_out: list[int] = Field(description="Survivors of the case brought out.")
    others_out: list[str] = Field(description="The other people brought out, as described.")
    what_followed: str
    version: int = Field(description="Its timeline entry's version: send it to correct it.")


class OperationOut(Schema):
    id: int
    status: str
    planned_for: dt.datetime
    target_place: Ref
    target_address: str
    lead_office: Ref
    lead_official: Ref | None
    survivors_sought: list[int]
    ngo_staff: list[int]
    risk_notes: str
    cancel_reason: str
    attempts: list[AttemptOut]
    version: int


class OperationIn(Schema):
    """A rescue operation planned with the police (on a change, the fields left out keep
    their value)."""

    target_place: Id | None = Field(None, description="Where (a jurisdiction's id).")
    target_address: str | None = Field(None, max_length=300)
    survivors_sought: list[Id] | None = None
    lead_office: Id | None = Field(None, description="The lead police unit (an office's id).")
    lead_official: Id | None = None
    ngo_staff: list[Id] | None = Field(None, description="Our staff present; by default, you.")
    planned_for: dt.datetime | None = None
    risk_notes: str | None = None
    version: Id | None = Field(None, description="On a change, the version you read.")


class OperationCancelIn(Schema):
    reason: str = Field(max_length=1000, description="Why it is called off.")
    when: str | None = Field(None, max_length=60, description="By default, now.")
    version: Id | None = Field(None, description="The version you read (or send If-Match).")


class AttemptIn(Schema):
    """A try at the rescue, failed or successful: who was brought out, what followed."""

    when: str = Field(max_length=60, description="As for a timeline entry.")
    outcome: AttemptOutcome
    people_brought_out: Annotated[int, Field(ge=0, le=500)] = 0
    survivors_out: list[Id] | None = Field(None, description="Survivors of the case brought out.")
    others_out: list[Annotated[str, Field(max_length=500)]] | None = Field(
        None, description="Each other person brought out, described (“woman, about 25”)."
    )
    what_followed: str | None = None
    handoff_office: Id | None = Field(None, description="To whom they were handed.")
    handoff_at: dt.datetime | None = None


class AttemptUpdate(Schema):
    """A correction of an attempt (a failure stays a failure, a rescue a rescue)."""

    when: str | None = Field(None, max_length=60)
    outcome: AttemptOutcome | None = None
    what_followed: str | None = None
    version: Id | None = Field(None, description="The version you read (or send If-Match).")


class CareKind(StrEnum):
    MEDICAL = "medical"
    PLACEMENT = "placement"
    SERVICE = "service"
    FOLLOW_UP = "follow-up"
    GOAL = "goal"
    ASSESSMENT = "assessment"
    REPATRIATION = "repatriation"
    CONSENT = "consent"


class JusticeKind(StrEnum):
    FIR = "fir"
    ARREST = "arrest"
    BAIL = "bail"
    EVIDENCE = "evidence"
    CHARGESHEET = "chargesheet"
    HEARING = "hearing"
    TESTIMONY = "testimony"
    JUDGEMENT = "judgement"
    COMPENSATION = "compensation"


class RecordIn(BaseModel):
    """The fields of the page's form for this kind of record (docs/api.md lists them), by
    name; ids for choices (``survivor``, an office, ``accused``, ``sections``), dates as on the
    page (``when``: “20 Apr 2024”)."""

    model_config = ConfigDict(extra="allow")


Record = dict[str, Any]


class RecordOut(Schema):
    kind: str
    id: int
    record: Record = Field(description="Its fields, as stored (ids for links).")


class SurvivorCareOut(Schema):
    survivor: int
    pseudonym: str
    placements: list[Record]
    medical: list[Record]
    services: list[Record]
    follow_ups: list[Record]
    goals: list[Record]
    assessments: list[Record]
    repatriations: list[Record]
    consents: list[Record]


class JusticeOut(Schema):
    firs: list[Record]
    chargesheets: list[Record]
    accused: list[Record]
    evidence: list[Record]
    hearings: list[Record]
    testimonies: list[Record]
    judgements: list[Record]
    compensations: list[Record]


class ClockOut(Schema):
    id: int
    rule: str
    title: str
    basis: str
    survivor: str | None
    started_at: dt.datetime
    due_at: dt.datetime
    satisfied_at: dt.datetime | None


class JurisdictionOut(Schema):
    id: int
    name: str
    kind: str
    parent: int | None


class JurisdictionPage(PageLinks):
    results: list[JurisdictionOut]


class OfficeOut(Schema):
    id: int
    name: str
    kind: str
    jurisdiction: Ref
    parent: int | None


class OfficePage(PageLinks):
    results: list[OfficeOut]


class OfficeDetail(OfficeOut):
    address: str
    phones: list[str]
    email: str
    capacity: int | None
    notes: str
    version: int


class OfficeIn(Schema):
    """An office of the directory (on a change, the fields left out keep their value)."""

    name: str | None = Field(None, max_length=160)
    kind: OfficeKind | None = None
    jurisdiction: Id | None = Field(None, description="Where it is (a jurisdiction's id).")
    parent: Id | None = Field(None, description="The office it reports to.")
    address: str | None = None
    phones: list[Annotated[str, Field(max_length=40)]] | None = None
    email: str | None = Field(None, max_length=254)
    capacity: Annotated[int, Field(ge=0, le=MAX_ID)] | None = None
    notes: str | None = None
    version: Id | None = Field(None, description="On a change, the version you read.")


class OfficialOut(Schema):
    id: int
    name: str
    rank: str
    designation: str
    office: Ref


class OfficialPage(PageLinks):
    results: list[OfficialOut]


class OfficialDetail(OfficialOut):
    phones: list[str]
    email: str
    tenure_start: dt.date | None
    tenure_end: dt.date | None
    notes: str
    version: int


class OfficialIn(Schema):
    """An official of the directory (on a change, the fields left out keep their value)."""

    name: str | None = Field(None, max_length=160)
    rank: Rank | None = None
    designation: str | None = Field(None, max_length=160)
    office: Id | None = None
    phones: list[Annotated[str, Field(max_length=40)]] | None = None
    email: str | None = Field(None, max_length=254)
    tenure_start: dt.date | None = None
    tenure_end: dt.date | None = None
    notes: str | None = None
    version: Id | None = Field(None, description="On a change, the version you read.")


class ExtractIn(Schema):
    # As on the intake page: a narrative pasted is at most 200,000 characters.
    text: str = Field(max_length=200_000)
    reference_date: dt.date | None = Field(
        None, description="The day relative dates (“yesterday”) count from."
    )


Extracted = dict[str, Any]
