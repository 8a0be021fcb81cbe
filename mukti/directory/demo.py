"""A realistic, fictional slice of the West Bengal directory for demos and tests.

Place and office names are real (except the shelter homes and the NGO, whose names are invented so
that no real shelter's location is published). Every person and every phone number is fictional.
Loading is idempotent: a second run finds every row by its natural key and creates nothing.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import transaction

from mukti.accounts.models import User
from mukti.directory import services
from mukti.directory.models import Jurisdiction, Office, Official

# (name, kind, parent name or None). Parents come before children.
JURISDICTIONS: list[tuple[str, str, str | None]] = [
    ("India", "country", None),
    ("West Bengal", "state", "India"),
    ("North 24 Parganas", "district", "West Bengal"),
    ("Barasat Police District", "police_district", "North 24 Parganas"),
    ("Basirhat Police District", "police_district", "North 24 Parganas"),
    ("Bangaon Police District", "police_district", "North 24 Parganas"),
    ("Barrackpore Police Commissionerate", "commissionerate", "North 24 Parganas"),
    ("Bidhannagar Police Commissionerate", "commissionerate", "North 24 Parganas"),
    ("Barasat Sadar Sub-division", "subdivision", "Barasat Police District"),
    ("Basirhat Sub-division", "subdivision", "Basirhat Police District"),
    ("Bangaon Sub-division", "subdivision", "Bangaon Police District"),
    ("Barasat PS area", "police_station", "Barasat Sadar Sub-division"),
    ("Madhyamgram PS area", "police_station", "Barasat Sadar Sub-division"),
    ("Basirhat PS area", "police_station", "Basirhat Sub-division"),
    ("Hasnabad PS area", "police_station", "Basirhat Sub-division"),
    ("Swarupnagar PS area", "police_station", "Basirhat Sub-division"),
    ("Bangaon PS area", "police_station", "Bangaon Sub-division"),
    ("Petrapole PS area", "police_station", "Bangaon Sub-division"),
    ("Gaighata PS area", "police_station", "Bangaon Sub-division"),
    ("Rajbari Outpost area", "outpost", "Basirhat PS area"),
    ("Haridaspur Outpost area", "outpost", "Petrapole PS area"),
    ("Titagarh PS area", "police_station", "Barrackpore Police Commissionerate"),
    ("Khardah PS area", "police_station", "Barrackpore Police Commissionerate"),
    ("Baguiati PS area", "police_station", "Bidhannagar Police Commissionerate"),
    ("Kolkata", "district", "West Bengal"),
    ("Bangladesh", "country", None),
    ("Khulna Division", "state", "Bangladesh"),
    ("Jashore", "district", "Khulna Division"),
]

# (name, kind, jurisdiction, reports to or None, address, phones, capacity)
OFFICES: list[tuple[str, str, str, str | None, str, list[str], int | None]] = [
    (
        "District Police Headquarters, North 24 Parganas",
        "district_police_hq",
        "North 24 Parganas",
        None,
        "Barasat, North 24 Parganas",
        ["+913325520101"],
        None,
    ),
    (
        "Anti Human Trafficking Unit, North 24 Parganas",
        "ahtu",
        "North 24 Parganas",
        "District Police Headquarters, North 24 Parganas",
        "Barasat",
        ["+913325520102"],
        None,
    ),
    (
        "Office of the SP, Barasat Police District",
        "district_police_hq",
        "Barasat Police District",
        None,
        "Barasat",
        ["+913325520111"],
        None,
    ),
    (
        "Office of the SP, Basirhat Police District",
        "district_police_hq",
        "Basirhat Police District",
        None,
        "Basirhat",
        ["+913217260111"],
        None,
    ),
    (
        "Office of the SP, Bangaon Police District",
        "district_police_hq",
        "Bangaon Police District",
        None,
        "Bangaon",
        ["+913215255111"],
        None,
    ),
    (
        "SDPO Barasat",
        "sdpo_office",
        "Barasat Sadar Sub-division",
        "Office of the SP, Barasat Police District",
        "Barasat",
        [],
        None,
    ),
    (
        "SDPO Basirhat",
        "sdpo_office",
        "Basirhat Sub-division",
        "Office of the SP, Basirhat Police District",
        "Basirhat",
        ["+913217260121"],
        None,
    ),
    (
        "SDPO Bangaon",
        "sdpo_office",
        "Bangaon Sub-division",
        "Office of the SP, Bangaon Police District",
        "Bangaon",
        [],
        None,
    ),
    (
        "Barasat Police Station",
        "police_station",
        "Barasat PS area",
        "SDPO Barasat",
        "Barasat",
        ["+913325520131"],
        None,
    ),
    (
        "Madhyamgram Police Station",
        "police_station",
        "Madhyamgram PS area",
        "SDPO Barasat",
        "Madhyamgram",
        [],
        None,
    ),
    (
        "Basirhat Police Station",
        "police_station",
        "Basirhat PS area",
        "SDPO Basirhat",
        "Basirhat",
        ["+913217260131"],
        None,
    ),
    (
        "Hasnabad Police Station",
        "police_station",
        "Hasnabad PS area",
        "SDPO Basirhat",
        "Hasnabad",
        [],
        None,
    ),
    (
        "Swarupnagar Police Station",
        "police_station",
        "Swarupnagar PS area",
        "SDPO Basirhat",
        "Swarupnagar",
        [],
        None,
    ),
    (
        "Bangaon Police Station",
        "police_station",
        "Bangaon PS area",
        "SDPO Bangaon",
        "Bangaon",
        [],
        None,
    ),
    (
        "Petrapole Police Station",
        "police_station",
        "Petrapole PS area",
        "SDPO Bangaon",
        "Petrapole",
        ["+913215255131"],
        None,
    ),
    (
        "Gaighata Police Station",
        "police_station",
        "Gaighata PS area",
        "SDPO Bangaon",
        "Gaighata",
        [],
        None,
    ),
    (
        "Rajbari Outpost",
        "outpost",
        "Rajbari Outpost area",
        "Basirhat Police Station",
        "Rajbari, Basirhat",
        ["+919000000141"],
        None,
    ),
    (
        "Haridaspur Outpost",
        "outpost",
        "Haridaspur Outpost area",
        "Petrapole Police Station",
        "Haridaspur",
        [],
        None,
    ),
    (
        "Barrackpore Police Commissionerate Headquarters",
        "commissionerate_hq",
        "Barrackpore Police Commissionerate",
        None,
        "Barrackpore",
        [],
        None,
    ),
    (
        "Titagarh Police Station",
        "police_station",
        "Titagarh PS area",
        "Barrackpore Police Commissionerate Headquarters",
        "Titagarh",
        [],
        None,
    ),
    (
        "Khardah Police Station",
        "police_station",
        "Khardah PS area",
        "Barrackpore Police Commissionerate Headquarters",
        "Khardah",
        [],
        None,
    ),
    (
        "Bidhannagar Police Commissionerate Headquarters",
        "commissionerate_hq",
        "Bidhannagar Police Commissionerate",
        None,
        "Salt Lake",
        [],
        None,
    ),
    (
        "Baguiati Police Station",
        "police_station",
        "Baguiati PS area",
        "Bidhannagar Police Commissionerate Headquarters",
        "Baguiati",
        [],
        None,
    ),
    (
        "Child Welfare Committee, North 24 Parganas",
        "cwc",
        "North 24 Parganas",
        None,
        "Barasat",
        ["+913325520151"],
        None,
    ),
    (
        "District Child Protection Unit, North 24 Parganas",
        "dcpu",
        "North 24 Parganas",
        None,
        "Barasat",
        [],
        None,
    ),
    (
        "Chief Judicial Magistrate's Court, Barasat",
        "court",
        "Barasat Police District",
        None,
        "Barasat",
        [],
        None,
    ),
    (
        "State Forensic Science Laboratory (demo)",
        "other",
        "West Bengal",
        None,
        "Kolkata",
        [],
        None,
    ),
    (
        "Basirhat District Hospital",
        "hospital",
        "Basirhat Police District",
        None,
        "Basirhat",
        ["+913217260161"],
        300,
    ),
    (
        "Asha Short Stay Home (demo)",
        "shelter_home",
        "Barasat Police District",
        None,
        "Address withheld",
        ["+919000000171"],
        30,
    ),
    (
        "Nirmal Long-Stay Home (demo)",
        "shelter_home",
        "Bidhannagar Police Commissionerate",
        None,
        "Address withheld",
        ["+919000000172"],
        60,
    ),
    (
        "Deputy High Commission of Bangladesh, Kolkata",
        "mission",
        "Kolkata",
        None,
        "Park Circus, Kolkata",
        ["+913322000181"],
        None,
    ),
    (
        "Sabuj Sathi Trust (demo NGO)",
        "ngo",
        "North 24 Parganas",
        None,
        "Barasat",
        ["+919000000191"],
        None,
    ),
]


@dataclass(frozen=True)
class DemoOfficial:
    name: str
    rank: str
    designation: str
    office: str
    phones: tuple[str, ...] = ()
    tenure_start: dt.date | None = None
    tenure_end: dt.date | None = None


OFFICIALS: list[DemoOfficial] = [
    DemoOfficial(
        "Arindam Sen",
        "ssp",
        "Senior Superintendent of Police",
        "District Police Headquarters, North 24 Parganas",
        ("+919000000201",),
        dt.date(2023, 6, 1),
    ),
    DemoOfficial(
        "Tapas Biswas",
        "inspector",
        "Inspector-in-Charge, AHTU",
        "Anti Human Trafficking Unit, North 24 Parganas",
        ("+919000000202",),
        dt.date(2022, 1, 10),
    ),
    DemoOfficial(
        "Sudipta Mitra",
        "sp",
        "Superintendent of Police",
        "Office of the SP, Barasat Police District",
        ("+919000000203",),
        dt.date(2024, 2, 1),
    ),
    DemoOfficial(
        "Partha Ghosh",
        "sp",
        "Superintendent of Police",
        "Office of the SP, Basirhat Police District",
        ("+919000000204",),
        dt.date(2023, 9, 15),
    ),
    DemoOfficial(
        "Rakesh Mondal",
        "sp",
        "Superintendent of Police",
        "Office of the SP, Bangaon Police District",
        ("+919000000205",),
        dt.date(2024, 5, 20),
    ),
    DemoOfficial(
        "Debjani Roy", "dsp", "SDPO", "SDPO Basirhat", ("+919000000206",), dt.date(2023, 3, 1)
    ),
    DemoOfficial(
        "Subrata Das",
        "inspector",
        "Inspector-in-Charge",
        "Basirhat Police Station",
        ("+919000000207",),
        dt.date(2022, 11, 1),
    ),
    DemoOfficial(
        "Ashok Halder",
        "si",
        "Officer-in-Charge",
        "Rajbari Outpost",
        ("+919000000208", "+913217260141"),
        dt.date(2023, 7, 1),
    ),
    DemoOfficial(
        "Bikash Pramanik",
        "si",
        "Officer-in-Charge",
        "Rajbari Outpost",
        ("+919000000209",),
        dt.date(2021, 4, 1),
        dt.date(2023, 6, 30),
    ),
    DemoOfficial(
        "Amitava Ghosh",
        "inspector",
        "Inspector-in-Charge",
        "Bangaon Police Station",
        ("+919000000215",),
        dt.date(2023, 5, 2),
    ),
    DemoOfficial(
        "Rina Das",
        "si",
        "Investigating Officer",
        "Bangaon Police Station",
        ("+919000000216",),
        dt.date(2022, 11, 14),
    ),
    DemoOfficial(
        "Kaushik Paul",
        "inspector",
        "Inspector-in-Charge",
        "Petrapole Police Station",
        ("+919000000210",),
        dt.date(2024, 1, 8),
    ),
    DemoOfficial(
        "Mithun Sarkar",
        "si",
        "Officer-in-Charge",
        "Haridaspur Outpost",
        ("+919000000211",),
        dt.date(2023, 12, 1),
    ),
    DemoOfficial(
        "Sharmila Chatterjee",
        "cwc_chair",
        "Chairperson",
        "Child Welfare Committee, North 24 Parganas",
        ("+919000000212",),
        dt.date(2022, 8, 1),
    ),
    DemoOfficial(
        "Nasreen Ahmed",
        "medical_officer",
        "Medical Officer, Obstetrics",
        "Basirhat District Hospital",
        ("+919000000213",),
        dt.date(2020, 3, 1),
    ),
    DemoOfficial(
        "Rina Dutta",
        "home_superintendent",
        "Superintendent",
        "Asha Short Stay Home (demo)",
        ("+919000000214",),
        dt.date(2021, 9, 1),
    ),
    DemoOfficial(
        "Farhan Hossain",
        "consular_officer",
        "First Secretary (Consular)",
        "Deputy High Commission of Bangladesh, Kolkata",
        ("+919000000215",),
        dt.date(2024, 7, 1),
    ),
    DemoOfficial(
        "Gautam Bose",
        "magistrate",
        "Judicial Magistrate",
        "Chief Judicial Magistrate's Court, Barasat",
        (),
        dt.date(2023, 1, 2),
    ),
]


@transaction.atomic
def directory_load_demo(*, actor: User) -> int:
    """Create whatever part of the demo directory is missing; return how many rows were made."""
    created = 0
    places: dict[str, Jurisdiction] = {j.name: j for j in Jurisdiction.objects.all()}
    for name, kind, parent in JURISDICTIONS:
        if name not in places:
            places[name] = services.jurisdiction_create(
                actor=actor, name=name, kind=kind, parent=places[parent] if parent else None
            )
            created += 1
    offices: dict[str, Office] = {o.name: o for o in Office.objects.all()}
    for name, kind, area, parent, address, phones, capacity in OFFICES:
        if name not in offices:
            offices[name] = services.office_create(
                actor=actor,
                name=name,
                kind=kind,
                jurisdiction=places[area],
                parent=offices[parent] if parent else None,
                address=address,
                phones=phones,
                capacity=capacity,
            )
            created += 1
    existing = set(Official.objects.values_list("name", "office__name"))
    for person in OFFICIALS:
        if (person.name, person.office) not in existing:
            services.official_create(
                actor=actor,
                name=person.name,
                rank=person.rank,
                designation=person.designation,
                office=offices[person.office],
                phones=list(person.phones),
                tenure_start=person.tenure_start,
                tenure_end=person.tenure_end,
            )
            created += 1
    return created
