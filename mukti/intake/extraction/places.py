"""Places: police units, the gazetteer's names, districts, and capitalised names after "in",
"at", "from"...; a character is read as part of one place only."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from mukti.intake.extraction.lists import (
    MONTHS_AND_DAYS,
    PERSON_STOP,
    Gazetteer,
    looks_like_org,
    words,
)
from mukti.intake.guards import CAPITAL_AT_WORD_START, at_word_start

# Patterns that would start with ``\b`` start with their first letter and check the boundary
# behind it (see guards.at_word_start): the same matches, scanned faster.

_POLICE_UNIT = re.compile(
    r"("
    + CAPITAL_AT_WORD_START
    + r"[a-z]+(?:\s+[A-Z][a-z]+){0,2})\s+(police\s+station|Police\s+Station|PS\b|P\.S\.|Outpost"
    r"|outpost|Thana|thana|BOP\b|Border\s+Out\s*[Pp]ost)"
)
# The unit named first, as case notes and FIRs write it: "PS Ramala", "P.S. Chainpur".
_POLICE_UNIT_FIRST = re.compile(
    r"P(?<![\w.]P)(?:S|\.S\.)[ \t]+((?:Sector[ \t]+\d+|[A-Z][a-z]+)(?:[ \t]+[A-Z][a-z]+)?)\b"
)
# Stations, roads, lanes, junctions, border posts, upazilas and blocks: named with their kind.
_LOCALITY = re.compile(
    r"(" + CAPITAL_AT_WORD_START + r"[\w.]*\s+(?:[A-Z][\w.]*\s+){0,2}?)"
    r"(Railway\s+Station|[Ss]tation|Junction|Road|Lane|[Uu]pazila"
    r"|[Bb]lock|[Cc]heck\s*[Pp]ost|Bus\s+(?:Stand|Park)|Dry\s+Port\s+Road)\b"
)
_DISTRICT = re.compile(
    r"("
    + CAPITAL_AT_WORD_START
    + r"[a-z]+(?:\s+[A-Z0-9][a-z0-9]*){0,2})\s+(?:and\s+([A-Z][a-z]+)\s+)?districts?\b"
)
# A village named with its kind first ("vill. Katkahi", "Vill- Kulabira", "village Ramala"), a
# city's numbered sector ("Sector 12"), a US federal district ("the Middle District of Georgia").
_VILLAGE = re.compile(
    r"[Vv]il(?<![A-Za-z][Vv]il)(?:l(?:\.|-|age\b)|\.)[ \t]*[-:]?[ \t]*"
    r"([A-Z][a-z]+(?:[ \t][A-Z][a-z]+)?)\b"
)
# An address's parts by their labels, as case notes and letters write them ("PO- Ramnagar",
# "P.O. Canning", "Dist- Nadia", "Block: Tekari"); and a named area ("Jaipur's Ramganj area",
# "the Turbhe area", "in Shivaji Nagar locality").
_ADDRESS_PART = re.compile(
    r"(?=[BDMPT])(?<!\w)(?:P\.?O\.?|Dist\.?|Distt\.?|District|Block|Tehsil|Taluk|Mandal)[ \t]*[-:.]"
    r"[ \t]*([A-Z][a-z]+(?:[ \t][A-Z][a-z]+)?)\b"
)
# The area's word is found first, then the name before it.
_AREA_WORDS = (" area", " locality", " colony", " neighbourhood", " slum", " basti", " mohalla")
_AREA_WORD = re.compile(
    r"(?=[abclmns])(?<=[ \t])(?:area|locality|colony|neighbourhood|slum|basti|mohalla)\b"
)
_AREA_NAME = re.compile(
    r"(?:\b(?:the|in|at|from|near)\s+|'s\s+)([A-Z][a-z]+(?:[ \t][A-Z][a-z]+)?)[ \t]*$"
)
_AREA_PAIR = re.compile(
    r"\b(?:the|in|at|from|near)\s+(?:the\s+)?([A-Z][a-z]+(?:[ \t][A-Z][a-z]+)?)[ \t]+and[ \t]+"
    r"([A-Z][a-z]+(?:[ \t][A-Z][a-z]+)?)[ \t]*$"
)
_NOT_AREA = frozenset(
    {"Border", "Forest", "Industrial", "Rural", "Urban", "Tribal", "Restricted", "Red", "Light",
     "Residential", "Commercial", "Affected", "Coastal", "Hill", "Tea", "Mining"}
)  # fmt: skip
_SECTOR = re.compile(r"[Ss]ector(?<![A-Za-z][Ss]ector)[ \t-]+\d{1,3}[A-Z]?\b")
# A locality with its numbered part, as people write addresses: "Dwarka Sector 12", "Dwarka sec
# 9", "Rohini Sec-7", "Mayur Vihar Phase 1"; with a police station after it, the station.
# Found by its numbered part first, then the name before it.
_NUMBERED_PART = re.compile(
    r"(?=[SsPp])(?<=[ \t])(?:[Ss]ec(?:tor)?\.?|[Pp]hase|[Pp]ocket)[ \t-]*"
    r"(?:\d{1,3}[A-Z]?|(?-i:III|II|IV|VI{0,3}|IX|X|I))\b"
    r"(?P<unit>[ \t]+(?:PS\b|P\.S\.|[Pp]olice\s+[Ss]tation))?"
)
_NAME_BEFORE = re.compile(CAPITAL_AT_WORD_START + r"[a-z]+(?:[ \t][A-Z][a-z]+)?[ \t]*$")
_POLICE_DISTRICT_HINT = re.compile(r"olice[ \t]+[Dd]istrict")
# A quarter written with its side in brackets: "Andheri (East)", "Mira Road (E)".
_SIDE = re.compile(r"\((?:East|West|North|South|E|W)\)")  # then the name before it
# Nepal's and Bangladesh's police units named by their kind first: "District Police Office,
# Parsa", "Area Police Office Birgunj", "Border Out Post Ghojadanga", "BOP Ranaghat".
_UNIT_KIND_FIRST = re.compile(
    r"(?=[ABDIM])(?<!\w)(?:(?:District|Area|Ilaka|Metropolitan)\s+Police\s+(?:Office|Range|Circle)"
    r"|Border\s+Out\s*[Pp]ost|Border\s+Outpost|BOP)(?P<sep>,?[ \t]+(?:in[ \t]+)?)[A-Z][a-z]+\b"
)
# A police district ("Murshidabad Police District"), and a crossing or road between two places
# written with an en or em dash ("Raxaul–Birgunj", "the Birgunj–Raxaul crossing"); with a hyphen
# ("Petrapole-Benapole") the two are told as two places.
_POLICE_DISTRICT = re.compile(CAPITAL_AT_WORD_START + r"[a-z]+[ \t]+[Pp]olice[ \t]+[Dd]istrict\b")
_DASHED = re.compile(
    r"(" + CAPITAL_AT_WORD_START + r"[a-z]+)[\u2013\u2014]([A-Z][a-z]+)\b"
    r"(?:[ \t]+(?:crossing|border|[Rr]oad|route|[Hh]ighway|corridor|check[ \t]*post|[Bb]order))?"
)
_FEDERAL_DISTRICT = re.compile(
    r"\b(?:(?:Northern|Southern|Eastern|Western|Middle|Central)\s+)?District\s+of\s+"
    r"(?:Columbia|[A-Z][a-z]+(?:[ \t]+[A-Z][a-z]+)?)\b"
)
# A town before its state or country, as releases write it ("of Tifton, Georgia"): the name
# after "of" and before a comma and a place the gazetteer knows.
_TOWN_COMMA = re.compile(
    r"\b(?:of|in|from|near|and|to|at|a|an|A|An)\s+([A-Z][a-z]+(?:\s+[A-Z][a-z]+)?),\s+$"
)
# Issue 23, sixth pass: places as US and South-East Asian releases write them.
# A street by its kind ("a motel off the Southwest Freeway", "on West Warren Avenue", "2450
# Michigan Avenue": the street): the kind's word is found first, then the name before it.
_STREET_KINDS = ("Avenue", "Street", "Boulevard", "Freeway", "Highway", "Expressway", "Parkway",
                 "Drive", "Turnpike")  # fmt: skip
_STREET_WORD = re.compile(
    r"(?=[ABDEFHPST])(?<=[ \t])(?:" + "|".join(_STREET_KINDS) + r")\b(?![ \t]+Journal\b)"
)
_STREET_NAME = re.compile(CAPITAL_AT_WORD_START + r"[a-z]*\.?(?:[ \t]+[A-Z][a-z]*\.?){0,2}[ \t]+$")
_NOT_STREET = frozenset({"National", "State", "Interstate", "Federal", "Asian", "Grand", "High"})
_NOT_DRIVE = frozenset(
    {"Special", "Recruitment", "Rescue", "Awareness", "Cleanliness", "Vaccination", "Enrolment",
     "Enrollment", "Registration", "Test", "Blood", "Donation", "Membership", "Signature", "Joint",
     "Verification", "Search", "Combing", "Raid", "Enforcement", "Identification"}
)  # fmt: skip
# A county, a city and a barangay named with their word, which belongs to the name ("Colquitt
# County", "Mabalacat City", "Barangay San Roque", "Brgy. Malabanias"); a province, whose word
# does not, as with a district ("Tak province", "the provinces of Kandal and Takeo",
# "Svay Rieng and Kampot provinces" -> "Tak", "Kandal", ...).
_NAMED_WORD = re.compile(r"(?=[CPp])(?<=[ \t])(?:County|City|[Pp]rovinces?)\b")
_NAME_OF_TWO = re.compile(CAPITAL_AT_WORD_START + r"[a-z]+(?:[ \t][A-Z][a-z]+){0,2}[ \t]+$")
_PROVINCES_OF = re.compile(
    r"(?=[Pp])(?<![A-Za-z])[Pp]rovinces?[ \t]+of[ \t]+([A-Z][a-z]+(?:[ \t][A-Z][a-z]+)?)"
    r"(?:(?:,[ \t]*|[ \t]+and[ \t]+)([A-Z][a-z]+(?:[ \t][A-Z][a-z]+)?)\b)?"
)
_NOT_CITY = frozenset(
    {"Inner", "Old", "New", "Capital", "Holy", "Smart", "Garden", "Twin", "Film", "Sin",
     "Component", "Independent", "Chartered", "Highly", "Emerald", "Forbidden"}
)  # fmt: skip
# After "City": a unit of the city, whose place is the city the gazetteer names ("Hyderabad City
# Police" is Hyderabad's); none of them starts a county's or a province's name.
_CITY_UNIT_AFTER = re.compile(r"[ \t]+(?:Police|Council|Corporation|Court|Hall|Jail|Limits)\b")
_BARANGAY = re.compile(
    r"(?=[B])(?<!\w)(?:Barangay|Brgy\.)[ \t]+([A-Z][a-z]+(?:[ \t][A-Z][a-z]+)?)\b"
)
_NOT_BARANGAY = frozenset({"Captain", "Chairman", "Chairperson", "Council", "Hall", "Official",
                           "Officials", "Health", "Tanod", "Kagawad", "Protection"})  # fmt: skip
# A dateline written in capitals at a line's start ("MANILA – The Bureau...", "TIFTON, Ga. –",
# "JHENAIDAH, Aug 3 –", "BHUBANESWAR, Feb 10:"): the town, as the gazetteer spells it or in
# title case. Taken when the gazetteer knows it, or when a comma and a region, a state's
# abbreviation or a date follow.
_CAPS_DATELINE = re.compile(
    r"(?m)^[ \t]*([A-Z][A-Z'.-]+(?:[ \t][A-Z][A-Z'.-]+){0,2})"
    r"(?:(?P<rest>,[ \t]*[^\n\u2013\u2014:]{1,40}?)?[ \t]+(?:\u2013|\u2014|--?)[ \t]"
    r"|(?P<news>,[ \t]*[A-Z][a-z]{2,8}\.?[ \t]+\d{1,2}|,[ \t]*\d{1,2}[ \t]+[A-Z][a-z]{2,8}):)"
)
_DATELINE_REST = re.compile(r",[ \t]*(?:[A-Z][a-z]+\.?|[A-Z]\.[A-Z]\.|\d{1,2}[ \t]+[A-Z][a-z]+)")
# A town before a US state's abbreviation, as releases write it ("of Tifton, Ga., was
# sentenced", "in Toledo, Ohio", "Houston, TX 77002"): the town.
_STATE_ABBREVIATIONS = (
    "Ala.", "Ariz.", "Ark.", "Calif.", "Colo.", "Conn.", "Del.", "Fla.", "Ga.", "Ill.", "Ind.",
    "Kan.", "Kans.", "Ky.", "La.", "Md.", "Mass.", "Mich.", "Minn.", "Miss.", "Mo.", "Mont.",
    "Neb.", "Nev.", "N.H.", "N.J.", "N.M.", "N.Y.", "N.C.", "N.D.", "Okla.", "Ore.", "Pa.",
    "R.I.", "S.C.", "S.D.", "Tenn.", "Tex.", "Vt.", "Va.", "Wash.", "W.Va.", "Wis.", "Wyo.",
    "D.C.",
)  # fmt: skip
# Postal codes only before a ZIP code ("Laredo, TX 78040"): alone, "MA", "MD", "SC" or "PA"
# after a name are degrees, castes and posts.
_POSTAL_CODES = (
    "AL", "AK", "AZ", "AR", "CA", "CO", "CT", "DE", "FL", "GA", "IA", "ID", "IL", "IN", "KS",
    "KY", "LA", "MA", "MD", "ME", "MI", "MN", "MO", "MS", "MT", "NC", "ND", "NE", "NH", "NJ",
    "NM", "NV", "NY", "OH", "OK", "OR", "PA", "RI", "SC", "SD", "TN", "TX", "UT", "VA", "VT",
    "WA", "WI", "WV", "WY", "DC",
)  # fmt: skip
_STATE_ABBREVIATION = re.compile(
    r",[ \t]+(?:(?:"
    + "|".join(re.escape(a) for a in sorted(_STATE_ABBREVIATIONS, key=len, reverse=True))
    + r")(?![A-Za-z])|(?:"
    + "|".join(_POSTAL_CODES)
    + r")[ \t]+\d{5}\b)"
)
_TOWN_BEFORE_ABBREVIATION = re.compile(
    r"(?:\b(?:of|in|from|near|and|to|at|a|an|A|An)\s+)"
    r"([A-Z][a-z]+(?:[ \t]+[A-Z][a-z]+)?)$"
)
# Where someone lives, as reports and releases say it: "a resident of Shakurpur", "natives of
# Bara", a police note's "r/o Gulabbagh", and a release's "Darnell Ames, 34, of Kissimmee" (a
# name, an age, "of" a town).
_RESIDENT_OF = re.compile(
    r"(?=[rnd,R])(?:(?<![A-Za-z])(?:residents?|natives?|domiciled)[ \t]+of|(?<=[A-Za-z]), \d{1,3},"
    r"[ \t]+of|(?<![\w/])[Rr]/[Oo]\.?)"
    r"[ \t]+(?:the[ \t]+)?(?:vill(?:age)?\.?[ \t-]*)?([A-Z][a-z]+(?:[ \t][A-Z][a-z]+)?)\b"
    r"(?![ \t]*['\u2019])"
)
# A quarter named with its word, which belongs to the name ("Tughlakabad Extension", "Vasant
# Enclave", "Kasba Bazar", "Lalbazar Chowk", Nepal's "Melamchi Municipality"), and a metro
# station ("Govindpuri metro station").
_QUARTER_WORD = re.compile(
    r"(?=[BCEMm])(?<=[ \t])(?:Extension|Enclave|Chowk|Bazar|Bazaar|Mandi|Municipality"
    r"|metro[ \t]+station"
    r"|Metro[ \t]+Station)\b(?![ \t]+(?:Officers?|Workers?|Services?|Programme|Program|Scheme"
    r"|Committee|Samiti|Association))"
)
# The place an authority's unit is named by ("CWC Lajpat Nagar", "AHTU Baruipur", "GRP
# Howrah"): a unit, never a person, so the name after it is its place.
_UNIT_PLACE = re.compile(
    r"(?=[ACDGRS])(?<![\w/])(?:CWC|AHTU|DCPU|GRP|RPF|DLSA|SSB|Childline|CHILDLINE)[ \t]+"
    r"([A-Z][a-z]+(?:[ \t][A-Z][a-z]+)?)\b"
)
# Two police stations told in one ("the police of Kalkaji and Hauz Khas police stations"):
# each is one.
_TWO_STATIONS = re.compile(
    r"(" + CAPITAL_AT_WORD_START + r"[a-z]+(?:[ \t][A-Z][a-z]+)?)[ \t]+and[ \t]+"
    r"([A-Z][a-z]+(?:[ \t][A-Z][a-z]+)?)[ \t]+([Pp]olice[ \t]+[Ss]tations|PSs|thanas)\b"
)
# An airport: "Ninoy Aquino International Airport", "at Dhaka's Hazrat Shahjalal International
# Airport" (the kind's word is found first, as for a street).
_AIRPORT_WORD = re.compile(r"(?=A)(?<=[ \t])Airport\b")
# A part of a state or a country named by its direction ("South Georgia", "Northern Virginia",
# "Central Florida", "South Sudan"): the gazetteer names the state, the direction names the part.
_DISTRICT_AFTER = re.compile(r"[ \t]+(?:District|district)\b")
_DIRECTION_BEFORE = re.compile(
    r"(?:North|South|East|West|Northern|Southern|Eastern|Western|Central|Upstate|Coastal)[ \t]+$"
)
# A US office named with the country ("United States Attorney", "United States District Court"):
# the country is no place the text tells.
_US_OFFICE_AFTER = re.compile(
    r"[ \t]+(?:Attorney|District|Magistrate|Marshals?|Department|Bureau|Court|Customs|Immigration"
    r"|Citizenship|Postal|Secret|Coast|Border|Embassy|Consulate|Army|Navy|Air)\b"
)


_PREPOSITION_PLACE = re.compile(
    at_word_start("in", "at", "near", "from", "to", "towards")
    + r"\s+((?:[A-Z][a-z]+)(?:[ \t-][A-Z][a-z]+){0,2})\b(?!')"
    r"(?:\s+and\s+([A-Z][a-z]+)\b(?![\s-][A-Z]))?"
)


_NOT_PLACE_END = re.compile("(?:" + "|".join(words("not_place_ends.txt")) + ")$")


_HEADLINE_WORD = re.compile(r"[A-Za-z][\w'’-]*")


def headline_end(text: str) -> int:
    """Where a headline ends (0 if the text has none): a first line of at most 14 words, without
    a full stop, whose longer words are mostly capitalised ("Freedom at Last for Rupa"). Its
    capitals are a style, not names: "at Last" is no place."""
    first, newline, rest = text.lstrip().partition("\n")
    if not newline or not rest.strip() or re.search(r"[.!?:;]\s*$", first):
        return 0
    words = _HEADLINE_WORD.findall(first)
    long = [w for w in words if len(w) >= 4]
    if not 2 <= len(words) <= 14 or not long:
        return 0
    capitalised = sum(w[0].isupper() for w in long)
    if capitalised / len(long) < 0.6:
        return 0
    return len(text) - len(text.lstrip()) + len(first)


def _named_areas(text: str, headline: int) -> list[re.Match[str]]:
    """ "Jaipur's Ramganj area", "the Turbhe area", "in Shivaji Nagar locality": the name before
    an area's word."""
    found: list[re.Match[str]] = []
    if not any(word in text for word in _AREA_WORDS):
        return found
    for word in _AREA_WORD.finditer(text, headline):
        before = _AREA_NAME.search(text, max(headline, word.start() - 60), word.start())
        if before is None:  # "in the Ramganj and Bhatta Basti area": both
            before = _AREA_PAIR.search(text, max(headline, word.start() - 80), word.start())
        if before is not None:
            found.append(before)
    return found


Add = Callable[[str, str, int, int, str], None]


def _name_before(
    text: str, name: re.Pattern[str], headline: int, at: int
) -> tuple[int, list[str]] | None:
    """The capitalised words ``name`` finds in the 40 characters before ``at`` (not before the
    headline's end), without a leading stop word or month or day: where they start, and the
    words; None if there are none."""
    before = name.search(text, max(headline, at - 40), at)
    if before is None:
        return None
    names = before.group(0).split()
    while names and (names[0] in PERSON_STOP or names[0] in MONTHS_AND_DAYS):
        names.pop(0)
    if not names:
        return None
    return before.start() + before.group(0).index(names[0]), names


def _streets_and_named(text: str, headline: int, gazetteer: Gazetteer, add: Add) -> None:
    """Streets ("West Warren Avenue"), counties ("Colquitt County"), cities named with their
    word ("Mabalacat City"), provinces ("Tak province" -> "Tak") and barangays ("Barangay San
    Roque"): each by its word first, then the name before (or after) it."""
    if any(kind in text for kind in _STREET_KINDS):
        for word in _STREET_WORD.finditer(text, headline):
            named = _name_before(text, _STREET_NAME, headline, word.start())
            if named is None or all(name in _NOT_STREET for name in named[1]):
                continue
            start, names = named
            if word.group(0) == "Drive" and names[-1] in _NOT_DRIVE:
                continue  # "a Special Drive against trafficking": a campaign
            add(text[start : word.end()], "locality", start, word.end(), "place:street")
    quarters = ("Extension", "Enclave", "Chowk", "Bazar", "Mandi", "Municipality", "etro")
    for word in _QUARTER_WORD.finditer(text, headline) if any(q in text for q in quarters) else ():
        named = _name_before(text, _NAME_BEFORE, headline, word.start())
        if named is None:
            continue
        start = named[0]
        metro = word.group(0).lower().startswith("metro")
        add(text[start : word.end()], "facility" if metro else "locality", start, word.end(),
            "place:metro_station" if metro else "place:quarter")  # fmt: skip
    for match in _UNIT_PLACE.finditer(text, headline):
        name = match.group(1)
        first = name.split()[0]
        if first in PERSON_STOP or first in MONTHS_AND_DAYS or _NOT_PLACE_END.search(name):
            continue
        add(name, gazetteer.kinds.get(name, "locality"), match.start(1), match.end(1),
            "place:unit_s_place")  # fmt: skip
    for match in _TWO_STATIONS.finditer(text, headline) if "tations" in text else ():
        first = match.group(1)
        if first.split()[0] in PERSON_STOP:
            continue
        add(first + " police station", "police_unit", match.start(1), match.end(1),
            "place:two_stations")  # fmt: skip
        second_end = match.end()
        add(match.group(2) + " police station", "police_unit", match.start(2), second_end,
            "place:two_stations")  # fmt: skip
    for word in _AIRPORT_WORD.finditer(text, headline) if "Airport" in text else ():
        named = _name_before(text, _STREET_NAME, headline, word.start())
        if named is None or named[1] == ["International"]:
            continue
        start = named[0]
        add(text[start : word.end()], "facility", start, word.end(), "place:airport")
    if "County" in text or "City" in text or "rovince" in text:
        for word in _NAMED_WORD.finditer(text, headline):
            named = _name_before(text, _NAME_OF_TWO, headline, word.start())
            if named is None:
                continue
            start, names = named
            name = " ".join(names)
            kind_word = word.group(0)
            if kind_word.lower().startswith("province"):
                # "Svay Rieng and Kampot provinces": both; the word is not the name's.
                if _NOT_PLACE_END.search(name):
                    continue
                add(name, "state", start, start + len(name), "place:province")
                if kind_word.endswith("s"):
                    pair = re.search(
                        r"([A-Z][a-z]+(?:[ \t][A-Z][a-z]+)?)(?:,[ \t]*|[ \t]+and[ \t]+)$",
                        text[max(headline, start - 40) : start],
                    )
                    if pair is not None:
                        first = start - len(pair.group(0)) + pair.start(1) - pair.start(0)
                        first_name = pair.group(1)
                        if first_name.split()[0] not in PERSON_STOP:
                            add(first_name, "state", first, first + len(first_name),
                                "place:province")  # fmt: skip
                continue
            if kind_word == "City":
                if names[0] in _NOT_CITY or name in gazetteer or names[-1] in gazetteer:
                    continue  # "Mumbai City": the gazetteer's (Mumbai, or "Angeles City")
                if _CITY_UNIT_AFTER.match(text, word.end()):
                    continue
                add(name + " City", "city", start, word.end(), "place:named_city")
                continue
            if _NOT_PLACE_END.search(name):
                continue
            add(name + " County", "district", start, word.end(), "place:county")
        for match in _PROVINCES_OF.finditer(text, headline) if "rovince" in text else ():
            for group in (1, 2):
                name = match.group(group)
                if name and name.split()[0] not in PERSON_STOP:
                    add(name, "state", match.start(group), match.end(group), "place:province")
    if "Barangay" in text or "Brgy." in text:
        for match in _BARANGAY.finditer(text, headline):
            if match.group(1).split()[0] in _NOT_BARANGAY:
                continue
            add(match.group(0), "locality", match.start(), match.end(), "place:barangay")


def _caps_dateline(text: str, gazetteer: Gazetteer, add: Add) -> None:
    """The town of a dateline in capitals ("MANILA – ...", "TIFTON, Ga. – ..."), named as the
    gazetteer spells it or in title case."""
    for match in _CAPS_DATELINE.finditer(text):
        caps = match.group(1)
        if len(caps) < 3:
            continue
        name = gazetteer.by_lower().get(caps.lower())
        if name is None:
            rest = match.group("rest") or match.group("news")
            if rest is None or not _DATELINE_REST.match(rest):
                continue
            name = " ".join(word.capitalize() for word in caps.split())
            if name.split()[0] in PERSON_STOP or name in MONTHS_AND_DAYS:
                continue
        kind = gazetteer.kinds.get(name, "city")
        add(name, kind, match.start(1), match.end(1), "place:caps_dateline")


# A bridge, a river, a land port or a bus stand named with its word, where girls cross or are
# found ("Second Thai–Myanmar Friendship Bridge", "Moei River", "Bhomra land port", "Ganeshpeth
# bus stand"): the whole name (eighth pass).
_CROSSING_HINT = re.compile(r"Bridge|[Rr]iver|[Ll]and [Pp]ort|[Bb]us [Ss]tand")
_CROSSING = re.compile(
    r"(?<![\w\u2013-])((?:[A-Z][\w'\u2019]*(?:[\u2013-][A-Z][\w'\u2019]*)?[ \t]+){1,4})"
    r"(Bridge|River|river|[Ll]and[ \t]+[Pp]ort|[Bb]us[ \t]+[Ss]tand)\b"
)
# A word the gazetteer knows, inside the name of an NGO or a home that goes on with its kind
# ("Prantik Mahila Kalyan Sangstha", "Bal Kalyan Ashram"): no place told (eighth pass).
_IN_AN_NGO_S_NAME = re.compile(
    r"[ \t]+(?:Samiti|Sangstha|Sanstha|Sansthan|Sangathan|Ashram|Manch|Kendra|Parishad|Mandal"
    r"|Sewa|Seva)\b"
)


def find_places(text: str, gazetteer: Gazetteer) -> list[dict[str, Any]]:
    found: dict[str, dict[str, Any]] = {}
    taken = bytearray(len(text))  # characters already read as part of a place
    headline = headline_end(text)

    def add(name: str, kind: str, start: int, end: int, rule: str) -> None:
        if any(taken[start:end]):
            return
        taken[start:end] = b"\x01" * (end - start)
        if name not in found:
            found[name] = {"name": name, "kind": kind, "span": [start, end], "rule": rule}

    # Each of the next scans runs only if the text holds what its matches must contain.
    for part in _NUMBERED_PART.finditer(text, headline):
        before = _NAME_BEFORE.search(text, max(headline, part.start() - 40), part.start())
        if before is None or before.group(0).split()[0] in PERSON_STOP:
            continue
        kind = "police_unit" if part.group("unit") else "locality"
        start = before.start()
        add(text[start : part.end()], kind, start, part.end(), "place:numbered_locality")
    for side in _SIDE.finditer(text, headline):
        before = _NAME_BEFORE.search(text, max(headline, side.start() - 40), side.start())
        # "Andheri (East)" is a quarter; after a city the gazetteer knows, "Jaipur (East)" is a
        # police zone of it, and the place is the city.
        if before is None or before.group(0).split()[0] in PERSON_STOP:
            continue
        if before.group(0).strip() in gazetteer:
            continue
        start = before.start()
        add(text[start : side.end()], "locality", start, side.end(), "place:side_in_brackets")
    kind_first = any(word in text for word in ("Office", "Range", "Circle", "Border", "BOP"))
    for match in _UNIT_KIND_FIRST.finditer(text) if kind_first else ():
        name = match.group(0)
        if "in" in match.group("sep").split():  # "District Police Office in Chautara"
            name = (
                name[: match.start("sep") - match.start()]
                + ", "
                + name[match.end("sep") - match.start() :]
            )
        add(name, "police_unit", match.start(), match.end(), "place:unit_kind_first")
    police_district = _POLICE_DISTRICT_HINT.search(text) is not None
    for match in _POLICE_DISTRICT.finditer(text, headline) if police_district else ():
        if match.group(0).split()[0] not in PERSON_STOP:
            add(match.group(0), "district", match.start(), match.end(), "place:police_district")
    for match in _CROSSING.finditer(text, headline) if _CROSSING_HINT.search(text) else ():
        words = match.group(1).split()
        while words and (words[0] in PERSON_STOP or words[0] in MONTHS_AND_DAYS):
            words.pop(0)
        if not words:
            continue
        start = match.start(1) + match.group(1).index(words[0])
        if match.group(2) != "Bridge" and re.search("[\u2013-]", text[start : match.end(1)]):
            continue  # "Petrapole-Benapole land port": the two places, each named
        kind = "other" if match.group(2).lower() == "river" else "facility"
        add(text[start : match.end()], kind, start, match.end(), "place:crossing")
    for match in _DASHED.finditer(text, headline) if "\u2013" in text or "\u2014" in text else ():
        if match.group(1) in gazetteer or match.group(2) in gazetteer:
            add(match.group(0), "locality", match.start(), match.end(), "place:dashed_pair")
    for match in _POLICE_UNIT.finditer(text):
        words = match.group(1).split()
        while words and words[0] in PERSON_STOP:
            words.pop(0)
        if not words:
            continue
        start = match.start(1) + match.group(1).index(words[0])
        add(text[start : match.end()], "police_unit", start, match.end(), "place:police_unit")
    for match in _POLICE_UNIT_FIRST.finditer(text):
        add(match.group(0), "police_unit", match.start(), match.end(), "place:police_unit_first")
    for match in _LOCALITY.finditer(text, headline):
        words = match.group(1).split()
        while words and (words[0] in PERSON_STOP or words[0] in MONTHS_AND_DAYS):
            words.pop(0)
        if not words or looks_like_org(" ".join(words)):
            continue
        start = match.start(1) + match.group(1).index(words[0])
        town_name = " ".join(words)
        if match.group(2) == "station" and town_name in gazetteer:
            # "at Howrah station", "reached Ranchi station": the town, as people name the place.
            end = start + len(town_name)
            add(town_name, gazetteer.kinds[town_name], start, end, "place:town_station")
            continue
        add(text[start : match.end()], "locality", start, match.end(), "place:locality_kind")
    for match in _FEDERAL_DISTRICT.finditer(text, headline) if "District of" in text else ():
        add(match.group(0), "district", match.start(), match.end(), "place:federal_district")
    for match in _SECTOR.finditer(text, headline):
        add(match.group(0), "locality", match.start(), match.end(), "place:sector")
    for match in _VILLAGE.finditer(text, headline):
        name = match.group(1)
        if name.split()[0] in PERSON_STOP or name.split()[0] in MONTHS_AND_DAYS:
            continue
        add(name, "locality", match.start(1), match.end(1), "place:village")
    _streets_and_named(text, headline, gazetteer, add)
    known = list(gazetteer.pattern.finditer(text))
    for match in known:
        name = match.group(0)
        if name == "United States" and _US_OFFICE_AFTER.match(text, match.end()):
            continue  # "United States Attorney": an office, no place told
        if _IN_AN_NGO_S_NAME.match(text, match.end()):
            continue  # "Dishari Samaj Kalyan Samiti", "Bal Kalyan Ashram": a word of a name
        if gazetteer.kinds[name] in ("state", "country") and match.start() >= headline:
            direction = _DIRECTION_BEFORE.search(text, max(0, match.start() - 12), match.start())
            if direction is not None and not _DISTRICT_AFTER.match(text, match.end()):
                add(text[direction.start() : match.end()], "other", direction.start(),
                    match.end(), "place:part_of_a_state")  # fmt: skip
                continue
        add(name, gazetteer.kinds[name], match.start(), match.end(), "place:gazetteer")
    _caps_dateline(text, gazetteer, add)
    areas = (
        (_named_areas(text, headline), "place:named_area"),
        (_ADDRESS_PART.finditer(text, headline), "place:address_part"),
    )
    resident = " of " in text or "/o" in text or "/O" in text
    for match in _RESIDENT_OF.finditer(text, headline) if resident else ():
        name = match.group(1)
        first = name.split()[0]
        if (
            first in PERSON_STOP
            or first in MONTHS_AND_DAYS
            or _NOT_PLACE_END.search(name)
            or looks_like_org(name)
        ):
            continue
        add(name, gazetteer.kinds.get(name, "locality"), match.start(1), match.end(1),
            "place:resident_of")  # fmt: skip
    named = [
        (match, group, rule)
        for matches, rule in areas
        for match in matches
        for group in range(1, match.re.groups + 1)  # two in "the X and Y area"
    ]
    for match, group, rule in named:
        name = match.group(group)
        first = name.split()[0]
        if (
            first in PERSON_STOP
            or first in MONTHS_AND_DAYS
            or _NOT_PLACE_END.search(name)
            or first in _NOT_AREA
        ):
            continue
        add(name, "locality", match.start(group), match.end(group), rule)
    for following in known:
        if following.start() < headline or gazetteer.kinds.get(following.group(0)) not in (
            "state",
            "country",
            "district",
        ):
            continue
        town = _TOWN_COMMA.search(text, max(0, following.start() - 40), following.start())
        if town is None:
            continue
        name = town.group(1)
        if name in gazetteer or name.split()[0] in PERSON_STOP or _NOT_PLACE_END.search(name):
            continue  # "at Sadar Hospital, Gumla": a hospital
        add(name, "city", town.start(1), town.end(1), "place:town_before_state")
    for abbreviation in _STATE_ABBREVIATION.finditer(text, headline) if ", " in text else ():
        town = _TOWN_BEFORE_ABBREVIATION.search(
            text, max(headline, abbreviation.start() - 40), abbreviation.start()
        )
        if town is None:
            continue
        name = town.group(1)
        first = name.split()[0]
        if first in PERSON_STOP or first in MONTHS_AND_DAYS or _NOT_PLACE_END.search(name):
            continue
        kind = gazetteer.kinds.get(name, "city")
        add(name, kind, town.start(1), town.end(1), "place:town_before_state_abbreviation")
    for match in _DISTRICT.finditer(text, headline):
        for group in (1, 2):
            name = match.group(group)
            if name and name.split()[0] not in PERSON_STOP:
                add(name, "district", match.start(group), match.end(group), "place:district")
    for match in _PREPOSITION_PLACE.finditer(text, headline):
        for group in (1, 2):
            name = match.group(group)
            if not name:
                continue
            first = re.split(r"[\s-]", name)[0]  # "January-February" is no place
            if (
                first in PERSON_STOP
                or _NOT_PLACE_END.search(name)
                or first in MONTHS_AND_DAYS
                or looks_like_org(name)
            ):
                break
            add(name, "locality", match.start(group), match.end(group), "place:preposition")
    return _one_name_per_station(text, sorted(found.values(), key=lambda p: p["span"][0]))


_STATION_WORDS = re.compile(
    r"^(?:P\.?S\.?[ \t]+)?(.+?)(?:[ \t]+(?:[Pp]olice[ \t]+[Ss]tation|P\.?S\.?|[Tt]hana))?$"
)


def _one_name_per_station(text: str, places: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """One police station written two ways ("Suti PS" and "Suti Police Station", "PS Rupaidiha"
    and "Rupaidiha thana") is one place, named in its fullest form: the one with "Police
    Station" spelled out, else the one written most often, else one with "PS"."""
    stations: dict[str, list[dict[str, Any]]] = {}
    for place in places:
        if place["kind"] == "police_unit" and place["rule"] != "place:numbered_locality":
            match = _STATION_WORDS.match(place["name"])
            if match is not None and match.group(1) != place["name"]:
                stations.setdefault(match.group(1), []).append(place)
    dropped: set[int] = set()
    for same in stations.values():
        if len(same) < 2:
            continue
        keep = max(
            same,
            key=lambda p: ("olice" in p["name"], text.count(p["name"]), "PS" in p["name"]),
        )
        dropped.update(id(p) for p in same if p is not keep)
    if not dropped:
        return places
    return [p for p in places if id(p) not in dropped]
