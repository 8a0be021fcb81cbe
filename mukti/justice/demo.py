"""The legal side of the second demo story (fictional): the FIR, the manager arrested and
produced before the magistrate, registers and phones seized with their chain of custody, a bail
hearing. Written through the justice services, as a legal officer would have."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from mukti.cases import services as case_services
from mukti.cases.models import Case
from mukti.core.demo import demo_date as day
from mukti.core.demo import demo_moment
from mukti.core.demo import demo_when as w
from mukti.directory.models import Office, Official
from mukti.justice import services
from mukti.justice.models import NEW_CODES, Fir, LegalSection

STORY_TWO = "Minor hidden in a locked room during the first raid, Bangaon"


def _at(*args: int) -> dt.datetime:
    return demo_moment(*args)


@transaction.atomic
def justice_load_demo() -> int:
    case = Case.objects.filter(title=STORY_TWO).first()
    if case is None or Fir.objects.filter(case=case).exists():
        return 0
    lead = case.lead
    office = {o.name: o for o in Office.objects.all()}
    person = {o.name: o for o in Official.objects.select_related("office")}
    station, court = (
        office["Bangaon Police Station"],
        office["Chief Judicial Magistrate's Court, Barasat"],
    )
    ic, io = person["Amitava Ghosh"], person["Rina Das"]
    # The story's dates move with the day the demo is loaded: charge the code in force then.
    if case.offence_date is not None and case.offence_date < NEW_CODES:
        penal = Q(act="IPC", number__in=["370", "372", "373"])
    else:
        penal = Q(act="BNS", number__in=["143", "98", "99"])
    sections = LegalSection.objects.filter(penal | Q(act="ITPA", number__in=["3", "4", "5", "6"]))
    registered = w("7 Mar 2024 01:30")
    services.fir_register(
        actor=lead, case=case, police_station=station,
        number=f"64/{timezone.localtime(registered.at).year}",
        when=registered, sections=sections, ahtu_informed_at=_at(2024, 3, 7, 18, 0),
        note="Registered on the NGO's complaint after the second raid.",
    )  # fmt: skip
    manager = services.accused_add(
        actor=lead, case=case, name="Sanju Sardar (demo)", role="manager",
        description="About 35; ran the house for the owner.",
    ).accused  # fmt: skip
    services.accused_add(
        actor=lead, case=case, name="Rekha Bibi (demo)", role="brothel_keeper",
        aliases="Rekha Mashi", phone="98300 00917", description="Owner; absconding.",
    )  # fmt: skip
    services.arrest_record(
        actor=lead, case=case, accused=manager, when=w("6 Mar 2024 23:15"), officer=ic,
        note="Arrested on the premises.",
    )  # fmt: skip
    case_services.event_record(
        actor=lead, case=case, type="produced_magistrate", when=w("7 Mar 2024 14:00"),
        actor_office=court, note="The manager produced; remanded to police custody.",
    )  # fmt: skip
    registers = services.evidence_seize(
        actor=lead, case=case, when=w("6 Mar 2024 23:40"), kind="register",
        description="Two registers of 'guests' and payments", seized_by_office=station,
        seized_by_official=io,
    )  # fmt: skip
    phones = services.evidence_seize(
        actor=lead, case=case, when=w("6 Mar 2024 23:45"), kind="phone",
        description="Two phones of the manager", seized_by_office=station, seized_by_official=io,
    )  # fmt: skip
    services.custody_transfer(
        actor=lead, item=registers, at=_at(2024, 3, 8, 11, 0), from_office=station,
        from_official=io, to_office=court, purpose="Produced as exhibits",
    )  # fmt: skip
    services.custody_transfer(
        actor=lead, item=phones, at=_at(2024, 3, 9, 10, 0), from_office=station,
        from_official=io, to_office=office["State Forensic Science Laboratory (demo)"],
        purpose="Extraction of call records and chats",
    )  # fmt: skip
    services.bail_record(actor=lead, case=case, accused=manager, when=w("2 Apr 2024"),
                         status="refused")  # fmt: skip
    services.chargesheet_file(
        actor=lead, case=case, number=f"CS-64/{timezone.localtime(registered.at).year}",
        when=w("2 May 2024 12:00"), sections=sections,
    )  # fmt: skip
    services.hearing_record(
        actor=lead, case=case, court=court, when=w("2 Apr 2024 11:00"),
        purpose="Bail hearing of the manager", outcome="Bail refused",
        next_date=day(2024, 5, 6),
    )  # fmt: skip
    return 1
