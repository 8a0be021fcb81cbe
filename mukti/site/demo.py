"""About a dozen fictional cases that read like real ones, written for the demo.

Two follow the stories of DOMAIN.md in our own words: a cross-border survivor located after
weeks and rescued the same night after a chain of referrals, and a minor hidden during a first
raid and rescued on a second attempt three weeks later. Every name, number and address is
invented. Loading is idempotent: a case whose title exists is skipped.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from mukti.accounts.models import User
from mukti.cases import services
from mukti.cases.models import Case, CaseStatus, Event, Survivor
from mukti.core.demo import demo_day, demo_when
from mukti.core.fuzzydate import When
from mukti.directory.models import Jurisdiction, Office, Official
from mukti.rescue import services as rescue


@dataclass
class DemoSurvivor:
    pseudonym: str
    nationality: str
    age: int | None = None
    estimated: bool = False
    pregnant: bool = False
    languages: str = "Bengali"
    legal_name: str = ""
    family: str = ""
    home: str = ""
    documents: str = ""
    gender: str = "female"
    care_needs: str = ""


@dataclass
class DemoEvent:
    when: str  # as a caseworker would type it; "-5h" means five hours before loading
    type: str
    note: str = ""
    place: str | None = None
    official: str | None = None
    office: str | None = None
    survivors: tuple[str, ...] = ()
    outcome: str = ""
    sighting: dict[str, Any] | None = None  # source, confidence, address


@dataclass
class Hop:
    """One engagement; each hop follows the one before it in the same case."""

    when: str
    official: str
    request: str
    answer: str
    answered: str  # "HH:MM" on the same day, "+1h", or "" while pending
    note: str = ""
    referred: tuple[str, str] | None = None  # office, official
    deferred: str | None = None
    office: str | None = None


@dataclass
class Try:
    when: str
    outcome: str
    out: tuple[str, ...]
    followed: str = ""
    handoff: tuple[str, str] | None = None


@dataclass
class Raid:
    place: str
    office: str
    planned: str
    seeking: tuple[str, ...]
    risks: str
    attempts: list[Try]
    address: str = ""


@dataclass
class DemoCase:
    title: str
    summary: str
    lead: str
    team: tuple[str, ...]
    offence: dt.date | None
    origin: str
    destination: str
    exploitation: list[str]
    priority: int
    survivors: list[DemoSurvivor]
    events: list[DemoEvent]
    status: list[str] = field(default_factory=list)  # transitions applied at the end
    engagements: list[Hop] = field(default_factory=list)
    operations: list[Raid] = field(default_factory=list)
    opened: dt.date | None = None


RAJBARI = "Rajbari Outpost area"
E = DemoEvent
CASES: list[DemoCase] = [
    DemoCase(
        title="Bangladeshi woman held near Basirhat, rescued the night she was found",
        summary=(
            "Family in Jashore reported that Kusum left with a neighbour promising work in a "
            "Kolkata garment unit. Weeks without news; then a partner traced her to a house near "
            "Rajbari. After five hops through the police she was brought out the same night, "
            "with her sister-in-law."
        ),
        lead="meera",
        team=("anjali", "farida", "tanusree"),
        offence=dt.date(2024, 3, 2),
        origin="BD",
        destination="IN",
        exploitation=["sexual"],
        priority=4,
        opened=dt.date(2024, 3, 9),
        survivors=[
            DemoSurvivor(
                "Kusum",
                "BD",
                22,
                pregnant=True,
                legal_name="Rokeya Begum (demo)",
                family="Mother: +880 1700 000101 (demo)",
                home="Village and union withheld (demo), Jashore",
                documents="Bangladesh NID: DEMO-0000-0001",
                care_needs="Self-harm risk after the rescue; counselling twice a week (demo)",
            ),
            DemoSurvivor("Bela", "BD", 26, legal_name="Shirin Akter (demo)"),
        ],
        events=[
            E(
                "2 Mar 2024",
                "trafficked",
                "Crossed the border near Petrapole with a neighbour.",
                survivors=("Kusum",),
            ),
            E(
                "early Mar 2024",
                "information_received",
                "Mother told our Jashore partner that Kusum had not called for a week.",
                survivors=("Kusum",),
            ),
            E(
                "22 Apr 2024 11:30",
                "location_identified",
                "Partner informant saw her at the house.",
                place=RAJBARI,
                survivors=("Kusum",),
                sighting={
                    "source": "partner informant",
                    "confidence": "confirmed",
                    "address": "Two-storey house behind the brick kiln (demo)",
                },
            ),
            E(
                "22 Apr 2024 22:55",
                "rescue",
                "OC brought Kusum and her sister-in-law to the outpost.",
                place=RAJBARI,
                official="Ashok Halder",
                survivors=("Kusum", "Bela"),
            ),
            E(
                "22 Apr 2024 23:40",
                "statement_recorded",
                "First account at Basirhat police station.",
                office="Basirhat Police Station",
                survivors=("Kusum",),
            ),
            E(
                "23 Apr 2024 15:00",
                "produced_magistrate",
                "Both produced before the magistrate; placed in a home by his order.",
                office="Chief Judicial Magistrate's Court, Barasat",
                survivors=("Kusum", "Bela"),
            ),
        ],
        engagements=[
            Hop(
                "22 Apr 2024 14:10",
                "Arindam Sen",
                "rescue",
                "referred",
                "14:25",
                "No appointment; sent us to the AHTU.",
                referred=("Anti Human Trafficking Unit, North 24 Parganas", "Tapas Biswas"),
            ),
            Hop(
                "22 Apr 2024 15:00",
                "Tapas Biswas",
                "trace",
                "unable_to_trace",
                "16:30",
                "Verified all her details against our file, but could not trace her.",
            ),
            Hop(
                "22 Apr 2024 17:00",
                "Arindam Sen",
                "rescue",
                "referred",
                "18:00",
                "Asked us to go to the SP, Basirhat.",
                referred=("Office of the SP, Basirhat Police District", "Partha Ghosh"),
            ),
            Hop(
                "22 Apr 2024 19:20",
                "Partha Ghosh",
                "rescue",
                "deferred",
                "19:40",
                "Confirmed a foreign woman at the address; too late to raid tonight.",
                deferred="23 Apr 2024 10:00",
            ),
            Hop(
                "22 Apr 2024 19:50",
                "Partha Ghosh",
                "rescue",
                "referred",
                "20:05",
                "We pleaded that she could be moved tonight; he sent us to the OC.",
                referred=("Rajbari Outpost", "Ashok Halder"),
            ),
            Hop(
                "22 Apr 2024 20:30",
                "Ashok Halder",
                "rescue",
                "agreed",
                "20:45",
                "Agreed to act now; told us to wait at a point nearby.",
            ),
        ],
        status=["in_care"],
    ),
    DemoCase(
        title="Minor hidden in a locked room during the first raid, Bangaon",
        summary=(
            "Tuli, about fifteen, was sold to a brothel near the border. On the first raid she "
            "was glimpsed and then hidden in a locked room. The team returned three weeks later "
            "and brought her out; a manager was arrested and registers seized."
        ),
        lead="meera",
        team=("farida", "tanusree"),
        offence=dt.date(2024, 1, 20),
        origin="IN",
        destination="IN",
        exploitation=["sexual"],
        priority=4,
        opened=dt.date(2024, 2, 5),
        survivors=[
            DemoSurvivor(
                "Tuli",
                "IN",
                15,
                estimated=True,
                legal_name="Sunita Mondal (demo)",
                family="Aunt, phone withheld (demo)",
            )
        ],
        events=[
            E(
                "late Jan 2024",
                "trafficked",
                "Taken from a village in Nadia by a 'relative'.",
                survivors=("Tuli",),
            ),
            E(
                "5 Feb 2024",
                "information_received",
                "Aunt came to our Bangaon desk.",
                survivors=("Tuli",),
            ),
            E(
                "12 Feb 2024 17:00",
                "location_identified",
                "Seen at the back of a lodge.",
                place="Bangaon PS area",
                survivors=("Tuli",),
                sighting={
                    "source": "community volunteer",
                    "confidence": "confirmed",
                    "address": "Lodge on the station road (demo)",
                },
            ),
            E(
                "7 Mar 2024 11:00",
                "produced_cwc",
                "Produced before the CWC.",
                office="Child Welfare Committee, North 24 Parganas",
                survivors=("Tuli",),
            ),
            E(
                "7 Mar 2024 16:00",
                "pocso_reported",
                "The investigating officer reported the offence to the CWC and the Special Court.",
                office="Bangaon Police Station",
                survivors=("Tuli",),
            ),
            E(
                "20 Mar 2024",
                "sir_submitted",
                "The DCPU's social investigation report reached the CWC.",
                survivors=("Tuli",),
            ),
            E(
                "2 Apr 2024 12:00",
                "cwc_order",
                "Final order: care in a long-stay home, schooling to resume.",
                office="Child Welfare Committee, North 24 Parganas",
                survivors=("Tuli",),
            ),
        ],
        operations=[
            Raid(
                "Bangaon PS area",
                "Bangaon Police Station",
                "14 Feb 2024 21:00",
                ("Tuli",),
                "Lodge has a back room with a lock; managers watch the road.",
                attempts=[
                    Try(
                        "14 Feb 2024 23:00",
                        "hidden",
                        (),
                        "Seen for a moment, then hidden in a locked room; not found.",
                    ),
                    Try(
                        "6 Mar 2024 22:30",
                        "rescued",
                        ("Tuli",),
                        "Second raid three weeks later; she was brought out.",
                        handoff=("Bangaon Police Station", "6 Mar 2024 23:50"),
                    ),
                ],
                address="Back room of the lodge on the station road (demo)",
            ),
        ],
        status=["in_care"],
    ),
    DemoCase(
        title="Young woman located in Barasat, rescue not yet done",
        summary="Located this morning by an informant; police not yet moving.",
        lead="meera",
        team=("anjali",),
        offence=dt.date(2025, 10, 1),
        origin="NP",
        destination="IN",
        exploitation=["sexual"],
        priority=4,
        survivors=[DemoSurvivor("Asha N.", "NP", 19, languages="Nepali, Hindi")],
        events=[
            E(
                "Oct 2025",
                "trafficked",
                "Recruited in Sindhupalchok with a job offer.",
                survivors=("Asha N.",),
            ),
            E(
                "-30d",
                "information_received",
                "Brother called the hotline.",
                survivors=("Asha N.",),
            ),
            E(
                "-5h",
                "location_identified",
                "Seen at a flat near Barasat station.",
                place="Barasat PS area",
                survivors=("Asha N.",),
                sighting={
                    "source": "informant",
                    "confidence": "confirmed",
                    "address": "Third floor, lane behind the bus stand (demo)",
                },
            ),
        ],
        engagements=[
            Hop(
                "-3h",
                "Sudipta Mitra",
                "rescue",
                "pending",
                "",
                "Called the SP, Barasat; asked to wait.",
            ),
        ],
        status=["rescue_pending"],
    ),
    DemoCase(
        title="Three boys taken for zari work in Kolkata",
        summary="Boys aged 12–14 from Malda; a placement agent promised school and pay.",
        lead="anjali",
        team=("farida",),
        offence=dt.date(2025, 6, 15),
        origin="IN",
        destination="IN",
        exploitation=["labour"],
        priority=3,
        survivors=[
            DemoSurvivor("Rahul", "IN", 13, estimated=True, gender="male", languages="Bengali"),
            DemoSurvivor("Sabir", "IN", 12, estimated=True, gender="male"),
        ],
        events=[
            E("mid Jun 2025", "trafficked", survivors=("Rahul", "Sabir")),
            E("1 Aug 2025", "information_received", "Teacher reported them missing."),
            E(
                "Sep 2025",
                "location_identified",
                "A unit in Kolkata, not yet confirmed.",
                place="Kolkata",
                survivors=("Rahul",),
                sighting={"source": "former worker", "confidence": "probable"},
            ),
        ],
        status=["locating"],
    ),
    DemoCase(
        title="Woman missing after 'marriage' to a man from Haryana",
        summary="Family suspects a bride-trafficking network; no location yet.",
        lead="meera",
        team=(),
        offence=dt.date(2025, 2, 10),
        origin="IN",
        destination="IN",
        exploitation=["marriage"],
        priority=2,
        survivors=[DemoSurvivor("Mitali", "IN", 20)],
        events=[
            E("10 Feb 2025", "trafficked", survivors=("Mitali",)),
            E("Mar 2025", "information_received", "Mother came to the Basirhat desk."),
        ],
        status=["locating"],
    ),
    DemoCase(
        title="Domestic worker confined in Salt Lake flat",
        summary="Employer kept her passport and wages for two years.",
        lead="anjali",
        team=("tanusree",),
        offence=dt.date(2023, 5, 1),
        origin="BD",
        destination="IN",
        exploitation=["domestic"],
        priority=2,
        survivors=[DemoSurvivor("Rupa B.", "BD", 31)],
        events=[
            E("May 2023", "trafficked", survivors=("Rupa B.",)),
            E("3 Jan 2025", "information_received", "Neighbour alerted us."),
            E(
                "5 Jan 2025 16:00",
                "rescue",
                "Police brought her out with the neighbour's help.",
                place="Baguiati PS area",
                office="Baguiati Police Station",
                survivors=("Rupa B.",),
            ),
        ],
        status=["reintegration"],
    ),
    DemoCase(
        title="Girl rescued from a hotel in Petrapole, produced before CWC",
        summary="Found during a check by the border outpost.",
        lead="meera",
        team=("tanusree",),
        offence=dt.date(2025, 8, 20),
        origin="BD",
        destination="IN",
        exploitation=["sexual"],
        priority=3,
        survivors=[DemoSurvivor("Moni", "BD", 16, estimated=True)],
        events=[
            E("20 Aug 2025", "trafficked", survivors=("Moni",)),
            E(
                "22 Aug 2025 21:15",
                "rescue",
                place="Haridaspur Outpost area",
                official="Mithun Sarkar",
                survivors=("Moni",),
            ),
            E(
                "23 Aug 2025 12:30",
                "produced_cwc",
                office="Child Welfare Committee, North 24 Parganas",
                survivors=("Moni",),
            ),
            E(
                "23 Aug 2025 15:00",
                "pocso_reported",
                "The outpost reported the offence to the CWC and the Special Court.",
                survivors=("Moni",),
            ),
            E(
                "5 Sep 2025",
                "sir_submitted",
                "Social investigation report submitted to the CWC.",
                survivors=("Moni",),
            ),
        ],
        status=["in_care"],
    ),
    DemoCase(
        title="Court case against a placement agency, Barasat",
        summary="Survivor testified in court; the agency owner is on trial.",
        lead="anjali",
        team=("farida",),
        offence=dt.date(2022, 11, 1),
        origin="IN",
        destination="IN",
        exploitation=["labour", "domestic"],
        priority=2,
        survivors=[DemoSurvivor("Jharna", "IN", 24)],
        events=[
            E("Nov 2022", "trafficked", survivors=("Jharna",)),
            E("14 Jan 2023", "rescue", place="Barasat PS area", survivors=("Jharna",)),
            E("15 Jan 2023", "fir_registered", office="Barasat Police Station"),
            E(
                "9 Oct 2024",
                "court_hearing",
                "Her testimony, with a support person present.",
                office="Chief Judicial Magistrate's Court, Barasat",
                survivors=("Jharna",),
            ),
        ],
        status=["in_care"],
    ),
    DemoCase(
        title="Survivor reintegrated with her family, case closed",
        summary="Returned home in Nadia; follow-up visits completed.",
        lead="meera",
        team=(),
        offence=dt.date(2021, 7, 1),
        origin="IN",
        destination="IN",
        exploitation=["sexual"],
        priority=1,
        survivors=[DemoSurvivor("Parbati", "IN", 23)],
        events=[
            E("Jul 2021", "trafficked", survivors=("Parbati",)),
            E("2 Dec 2021 22:00", "rescue", place="Basirhat PS area", survivors=("Parbati",)),
            E(
                "Mar 2023",
                "follow_up_visit",
                "Working as a tailor; doing well.",
                survivors=("Parbati",),
            ),
        ],
        status=["in_care", "closed"],
    ),
    DemoCase(
        title="Lead from a hotline call about girls moved through Hasnabad",
        summary="Unverified information; no survivor identified yet.",
        lead="anjali",
        team=("meera",),
        offence=None,
        origin="BD",
        destination="IN",
        exploitation=["sexual"],
        priority=2,
        survivors=[],
        events=[E("-10d", "information_received", "Anonymous caller named a boatman.")],
        status=[],
    ),
    DemoCase(
        title="Nepali woman in a dance bar, deferred raid",
        summary="Police promised a raid for last week; nothing happened.",
        lead="meera",
        team=("farida",),
        offence=dt.date(2025, 9, 1),
        origin="NP",
        destination="IN",
        exploitation=["sexual"],
        priority=3,
        survivors=[DemoSurvivor("Sita K.", "NP", 21, languages="Nepali")],
        events=[
            E("Sep 2025", "trafficked", survivors=("Sita K.",)),
            E(
                "-12d",
                "location_identified",
                place="Titagarh PS area",
                survivors=("Sita K.",),
                sighting={"source": "partner NGO", "confidence": "confirmed"},
            ),
        ],
        engagements=[
            Hop(
                "-9d",
                "",
                "rescue",
                "deferred",
                "+1h",
                "Raid promised for the following Friday.",
                office="Titagarh Police Station",
                deferred="-5d",
            ),
        ],
        status=["rescue_pending"],
    ),
    DemoCase(
        title="Boy forced to beg at Sealdah, returned to his parents",
        summary="Found by railway child line; reunited within a week.",
        lead="anjali",
        team=(),
        offence=dt.date(2025, 4, 1),
        origin="IN",
        destination="IN",
        exploitation=["begging"],
        priority=1,
        survivors=[DemoSurvivor("Bapi", "IN", 10, gender="male")],
        events=[
            E("early Apr 2025", "trafficked", survivors=("Bapi",)),
            E("18 Apr 2025", "rescue", place="Kolkata", survivors=("Bapi",)),
            E(
                "19 Apr 2025",
                "produced_cwc",
                office="Child Welfare Committee, North 24 Parganas",
                survivors=("Bapi",),
            ),
        ],
        status=["in_care"],
    ),
]


_when = demo_when


def _at(text: str) -> dt.datetime:
    """A demo moment that has a date (a planned raid, a hand-off)."""
    at = demo_when(text).at
    assert at is not None, text
    return at


@transaction.atomic
def cases_load_demo() -> int:
    users = {u.username: u for u in User.objects.all()}
    places = {j.name: j for j in Jurisdiction.objects.all()}
    offices = {o.name: o for o in Office.objects.all()}
    officials = {o.name: o for o in Official.objects.all()}
    existing = set(Case.objects.values_list("title", flat=True))
    created = 0
    for demo in CASES:
        if demo.title in existing:
            continue
        lead = users[demo.lead]
        dated = [_when(e.when) for e in demo.events if e.type != "trafficked"]
        first = min((w.at for w in dated if w.at is not None), default=timezone.now())
        opened = demo_day(demo.opened) or timezone.localtime(first).date()
        case = services.case_open(
            actor=lead,
            title=demo.title,
            summary=demo.summary,
            priority=demo.priority,
            offence_date=demo_day(demo.offence),
            origin_country=demo.origin,
            destination_country=demo.destination,
            exploitation=demo.exploitation,
            lead=lead,
            team=[users[name] for name in demo.team],
            opened_on=opened,
        )
        survivors: dict[str, Survivor] = {}
        for person in demo.survivors:
            survivors[person.pseudonym] = services.survivor_add(
                actor=lead,
                case=case,
                pseudonym=person.pseudonym,
                gender=person.gender,
                age_years=person.age,
                age_estimated=person.estimated,
                age_assessed_on=opened,
                nationality=person.nationality,
                languages=person.languages,
                pregnant=person.pregnant,
                care_needs=person.care_needs,
                identity={
                    "legal_name": person.legal_name,
                    "family_contacts": person.family,
                    "home_address": person.home,
                    "identity_documents": person.documents,
                },
            )
        for event in demo.events:
            people = [survivors[name] for name in event.survivors]
            common: dict[str, Any] = {
                "actor": lead,
                "case": case,
                "when": _when(event.when),
                "note": event.note,
            }
            if event.sighting:
                services.sighting_record(
                    survivor=people[0], place=places[event.place or ""], **common, **event.sighting
                )
                continue
            services.event_record(
                type=event.type,
                survivors=people,
                outcome=event.outcome,
                place=places.get(event.place or ""),
                actor_official=officials.get(event.official or ""),
                actor_office=offices.get(event.office or "")
                or (officials[event.official].office if event.official else None),
                **common,
            )
        _load_rescue(demo, case, lead, survivors, offices, officials)
        supervisor = users["rupa"]
        for status in demo.status:
            case.refresh_from_db()
            services.case_change_status(
                actor=supervisor if status == CaseStatus.CLOSED else lead,
                case=case,
                expected_version=None,
                status=status,
                reason="Demo: follow-up complete." if status == CaseStatus.CLOSED else "",
            )
        created += 1
    return created


def _answered_at(hop: Hop, asked: When) -> dt.datetime | None:
    if not hop.answered or asked.at is None:
        return None
    if hop.answered.startswith("+"):
        return asked.at + dt.timedelta(hours=int(hop.answered[1:-1]))
    hour, minute = (int(x) for x in hop.answered.split(":"))
    return timezone.localtime(asked.at).replace(hour=hour, minute=minute)


def _load_rescue(
    demo: DemoCase,
    case: Case,
    lead: User,
    survivors: dict[str, Survivor],
    offices: dict[str, Office],
    officials: dict[str, Official],
) -> None:
    previous = None
    for hop in demo.engagements:
        official = officials.get(hop.official)
        asked = _when(hop.when)
        engagement = rescue.engagement_record(
            actor=lead,
            case=case,
            office=official.office if official else offices[hop.office or ""],
            official=official,
            request=hop.request,
            when=asked,
            previous=previous,
        )
        if hop.answer != "pending":
            referred = hop.referred or ("", "")
            engagement = rescue.engagement_answer(
                actor=lead,
                engagement=engagement,
                expected_version=None,
                answer=hop.answer,
                answered_at=_answered_at(hop, asked),
                note=hop.note,
                deferred_until=_when(hop.deferred).at if hop.deferred else None,
                referred_to_office=offices.get(referred[0]),
                referred_to_official=officials.get(referred[1]),
            )
        previous = engagement
    for raid in demo.operations:
        operation = rescue.operation_plan(
            actor=lead,
            case=case,
            target_place=Jurisdiction.objects.get(name=raid.place),
            lead_office=offices[raid.office],
            planned_for=_at(raid.planned),
            survivors_sought=[survivors[n] for n in raid.seeking],
            risk_notes=raid.risks,
            target_address=raid.address,
        )
        for attempt in raid.attempts:
            hand_offs = []
            if attempt.handoff:
                hand_offs.append((offices[attempt.handoff[0]], _at(attempt.handoff[1]), ""))
            rescue.attempt_record(
                actor=lead,
                operation=operation,
                when=_when(attempt.when),
                outcome=attempt.outcome,
                people_brought_out=len(attempt.out),
                survivors_out=[survivors[n] for n in attempt.out],
                what_followed=attempt.followed,
                hand_offs=hand_offs,
            )


def demo_recorded_as_it_happened() -> int:
    """The demo's entries are loaded today; date each as typed in a quarter of an hour after it
    happened, as a field team would have, so that its clocks read as they would have then
    (otherwise every one would be "recorded after the deadline")."""
    return Event.objects.filter(
        occurred_at__isnull=False, case__title__in=[demo.title for demo in CASES]
    ).update(created_at=F("occurred_at") + dt.timedelta(minutes=15))
