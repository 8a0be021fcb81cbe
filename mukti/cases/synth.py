"""Reproducible synthetic data at scale, for benchmarks (``mukti synth --cases 100000``).

Rows are written with ``bulk_create`` in batches, bypassing the per-row services (and their
per-row audit records) so that two million events load in minutes; one audit record notes the
whole run. Names and places are generated; nothing here is real. The same seed gives the same
data.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from mukti.accounts.models import Organisation, Role, User
from mukti.audit.models import AuditAction
from mukti.audit.services import audit_record
from mukti.cases import search
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
from mukti.directory.models import Jurisdiction, Office, Official

SYLLABLES = ["ra", "ni", "ma", "ka", "shi", "tu", "li", "bo", "sa", "mi", "ja", "ru", "pa", "no"]
NOTES = [
    "Family called the hotline.", "Informant confirmed the building.", "Police asked us to wait.",
    "Raid team assembled at the outpost.", "Statement taken with a counsellor present.",
    "Admitted for a check-up.", "Moved to the long-stay home.", "Hearing adjourned.",
    "Follow-up visit; she is studying.", "Verification request sent to the mission.",
]  # fmt: skip
COUNTRIES = ["IN", "IN", "IN", "BD", "BD", "NP"]
TYPES = [t for t in EventType.values if t not in (EventType.TRAFFICKED, EventType.OTHER)]
# Synthetic cases are opened in the six years before this moment.
ANCHOR = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
PRECISIONS = [Precision.TIME] * 5 + [Precision.DAY] * 4 + [Precision.MONTH, Precision.EARLY_MONTH]


@dataclass(frozen=True)
class SynthResult:
    cases: int
    survivors: int
    events: int


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
    places = [j for j in existing if j.kind == "police_station"]
    offices = list(Office.objects.filter(jurisdiction__code__startswith="SYN-"))
    officials = list(Official.objects.filter(office__jurisdiction__code__startswith="SYN-"))
    return places, offices, officials  # fmt: skip


def _staff(rng: random.Random) -> list[User]:
    staff = list(User.objects.filter(username__startswith="synth-"))
    if not staff:
        roles = [Role.CASEWORKER] * 30 + [Role.LEGAL_OFFICER] * 5 + [Role.AFTERCARE_OFFICER] * 5
        organisation, _ = Organisation.objects.get_or_create(name="Synthetic NGO")
        staff = User.objects.bulk_create(
            [
                User(
                    username=f"synth-{i}",
                    first_name=_name(rng),
                    role=role,
                    is_active=True,
                    organisation=organisation,
                )
                for i, role in enumerate(roles)
            ]
        )
        staff = list(User.objects.filter(username__startswith="synth-"))
    return staff


def _when(rng: random.Random, base: dt.datetime, days: float) -> When:
    at = base + dt.timedelta(days=days, minutes=rng.randrange(0, 24 * 60))
    precision = rng.choice(PRECISIONS)
    local = timezone.localtime(at)
    if precision == Precision.DAY:
        at = local.replace(hour=0, minute=0, second=0, microsecond=0)
    elif precision == Precision.MONTH or precision == Precision.EARLY_MONTH:
        at = local.replace(day=1, hour=0, minute=0, second=0, microsecond=0)
    else:
        at = local.replace(second=0, microsecond=0)
    return When(at, precision)


def synthesise(
    *,
    cases: int,
    events_per_case: int = 20,
    seed: int = 1,
    batch: int = 1000,
    progress: Callable[[int], object] | None = None,
    big_case_events: int = 200,
) -> SynthResult:
    # The directory and staff are made once, with their own generator, so that the cases of a
    # seed are the same whether or not an earlier run already made them.
    setup_rng = random.Random(f"{seed}-setup")
    admin = User.objects.filter(role=Role.ADMINISTRATOR).first()
    with transaction.atomic():
        places, offices, officials = _directory(setup_rng, admin)
        staff = _staff(setup_rng)
    rng = random.Random(seed)
    start_seq = (
        ReferenceCounter.objects.filter(year=2000).values_list("last", flat=True).first() or 0
    )
    made = SynthResult(0, 0, 0)
    for offset in range(0, cases, batch):
        size = min(batch, cases - offset)
        made = _batch(rng, start_seq + offset, size, events_per_case, places, offices, officials, staff,
                      made, big_case_events if offset == 0 else 0)  # fmt: skip
        if progress is not None:
            progress(size)
    with transaction.atomic():
        counter, _ = ReferenceCounter.objects.get_or_create(year=2000)
        counter.last = start_seq + cases
        counter.save(update_fields=["last"])
        audit_record(actor=None, action=AuditAction.CREATE, object_type="cases.synthetic",
                     object_repr=f"synthetic data, seed {seed}",
                     changes={"cases": [None, made.cases], "events": [None, made.events]})  # fmt: skip
    return made


@transaction.atomic
def _batch(rng: random.Random, first_seq: int, size: int, per_case: int, places: list[Jurisdiction],
           offices: list[Office], officials: list[Official], staff: list[User], made: SynthResult,
           big_case_events: int) -> SynthResult:  # fmt: skip
    now = ANCHOR  # fixed, so that a seed gives the same data on any day
    districts = {p.pk: p.parent_id for p in places}
    case_rows = []
    for i in range(size):
        opened = now - dt.timedelta(days=rng.randrange(0, 6 * 365))
        status = rng.choice(CaseStatus.values)
        case_rows.append(Case(
            reference=f"SY-2000-{first_seq + i + 1:06d}", title=f"{rng.choice(['Woman', 'Girl', 'Boy', 'Family'])} "
            f"missing from {_name(rng)}", summary=rng.choice(NOTES), status=status,
            priority=rng.randint(1, 4), offence_date=(opened - dt.timedelta(days=rng.randrange(1, 200))).date(),
            origin_country=rng.choice(COUNTRIES), destination_country="IN", exploitation=["sexual"],
            district_id=districts[rng.choice(places).pk], lead=(lead := rng.choice(staff)),
            organisation_id=lead.organisation_id,
            opened_on=timezone.localtime(opened).date(),
            closed_on=timezone.localtime(opened).date() if status == CaseStatus.CLOSED else None,
        ))  # fmt: skip
    Case.objects.bulk_create(case_rows)
    case_rows = list(
        Case.objects.filter(reference__in=[c.reference for c in case_rows]).order_by("id")
    )
    members, links, events, sightings, texts = [], [], [], [], []
    survivors: list[tuple[Case, Survivor]] = []
    for case in case_rows:
        team = {case.lead_id, *(u.pk for u in rng.sample(staff, 2))}
        members += [CaseMember(case=case, user_id=pk) for pk in team]
        for _ in range(rng.choice([1, 1, 1, 2])):
            age = rng.randint(12, 35)
            assessed = case.opened_on
            survivors.append((case, Survivor(
                pseudonym=f"{_name(rng)}-{case.reference[-6:]}-{len(survivors)}", age_years=age,
                age_assessed_on=assessed, adult_on=adult_on(birth_date=None, age_years=age, assessed_on=assessed),
                nationality=case.origin_country, languages="Bengali",
                organisation_id=case.organisation_id,
            )))  # fmt: skip
    Survivor.objects.bulk_create([s for _, s in survivors])
    identities = [
        ProtectedIdentity(survivor=s, legal_name=f"{_name(rng)} {_name(rng)}") for _, s in survivors
    ]
    ProtectedIdentity.objects.bulk_create(identities)
    # Her blind indexes, as survivor_add writes them (cases/names.py).
    SurvivorKey.objects.bulk_create(
        [
            SurvivorKey(survivor_id=identity.survivor_id, digest=digest)
            for identity in identities
            for digest in survivor_digests(identity)
        ],
        batch_size=5000,
    )
    by_case: dict[int, list[Survivor]] = {}
    for case, survivor in survivors:
        by_case.setdefault(case.pk, []).append(survivor)
        links.append(
            CaseSurvivor(case=case, survivor=survivor, status=rng.choice(SurvivorStatus.values))
        )
    CaseSurvivor.objects.bulk_create(links)
    CaseMember.objects.bulk_create(members)
    for n, case in enumerate(case_rows):
        count = big_case_events if (n == 0 and big_case_events) else per_case
        assert case.offence_date is not None  # every synthetic case has one
        base = timezone.make_aware(dt.datetime.combine(case.offence_date, dt.time(0)))
        for k in range(count):
            when = _when(rng, base, k * rng.uniform(0.5, 6))
            official = rng.choice(officials) if rng.random() < 0.4 else None
            events.append((Event(
                case=case, type=rng.choice(TYPES), occurred_at=when.at, precision=when.precision,
                sort_at=when.middle(), place=rng.choice(places) if rng.random() < 0.5 else None,
                actor_official=official, actor_office=official.office if official else None,
                note=rng.choice(NOTES) if rng.random() < 0.6 else "", outcome="",
            ), by_case[case.pk]))  # fmt: skip
    for event, _people in events:
        if event.type == EventType.RESCUE_ATTEMPT:
            event.outcome = rng.choice(AttemptOutcome.values)
    Event.objects.bulk_create([e for e, _ in events], batch_size=5000)
    through = Event.survivors.through
    through.objects.bulk_create(
        [through(event_id=e.pk, survivor_id=p[0].pk) for e, p in events], batch_size=5000
    )
    for event, people in events:
        if event.type == EventType.LOCATION_IDENTIFIED and event.place_id:
            sightings.append(Sighting(event=event, survivor=people[0], place_id=event.place_id,
                                      source="informant", confidence=rng.choice(Confidence.values)))  # fmt: skip
    Sighting.objects.bulk_create(sightings, batch_size=5000)
    names = {p.pk: p.name for p in places}
    notes_by_case: dict[int, set[str]] = {}
    for event, _people in events:
        if event.note:
            notes_by_case.setdefault(event.case_id, set()).add(event.note)
    for case in case_rows:
        notes = sorted(notes_by_case.get(case.pk, ()))
        pseudonyms = [s.pseudonym for s in by_case[case.pk]]
        texts.append(CaseSearchText(case=case, text=search.document(
            [case.reference, case.title, case.summary, names.get(rng.choice(places).pk, ""), *pseudonyms, *notes]
        )))  # fmt: skip
    CaseSearchText.objects.bulk_create(texts, batch_size=5000)
    return SynthResult(
        made.cases + len(case_rows), made.survivors + len(survivors), made.events + len(events)
    )
