"""Places: police units, the gazetteer's names, districts, and capitalised names after "in",
"at", "from"...; a character is read as part of one place only."""

from __future__ import annotations

import re
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
    r"P(?<![\w.]P)(?:S|\.S\.)\s+((?:Sector\s+\d+|[A-Z][a-z]+)(?:\s+[A-Z][a-z]+)?)\b"
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
_NOT_AREA = frozenset(
    {"Border", "Forest", "Industrial", "Rural", "Urban", "Tribal", "Restricted", "Red", "Light",
     "Residential", "Commercial", "Affected", "Coastal", "Hill", "Tea", "Mining"}
)  # fmt: skip
_SECTOR = re.compile(r"[Ss]ector(?<![A-Za-z][Ss]ector)[ \t-]+\d{1,3}[A-Z]?\b")
# A locality with its numbered part, as people write addresses: "Dwarka Sector 12", "Dwarka sec
# 9", "Rohini Sec-7", "Mayur Vihar Phase 1"; with a police station after it, the station.
# Found by its numbered part first, then the name before it.
_NUMBERED_PART = re.compile(
    r"(?=[SsPp])(?<=[ \t])(?:[Ss]ec(?:tor)?\.?|[Pp]hase|[Pp]ocket)[ \t-]*\d{1,3}[A-Z]?\b"
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
_TOWN_COMMA = re.compile(r"\b(?:of|in|from|near)\s+([A-Z][a-z]+(?:\s+[A-Z][a-z]+)?),\s+$")
_PREPOSITION_PLACE = re.compile(
    at_word_start("in", "at", "near", "from", "to", "towards")
    + r"\s+((?:[A-Z][a-z]+)(?:[\s-][A-Z][a-z]+){0,2})\b(?!')"
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
        if before is not None:
            found.append(before)
    return found


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
    known = list(gazetteer.pattern.finditer(text))
    for match in known:
        name = match.group(0)
        add(name, gazetteer.kinds[name], match.start(), match.end(), "place:gazetteer")
    areas = (
        (_named_areas(text, headline), "place:named_area"),
        (_ADDRESS_PART.finditer(text, headline), "place:address_part"),
    )
    for matches, rule in areas:
        for match in matches:
            name = match.group(1)
            first = name.split()[0]
            if (
                first in PERSON_STOP
                or first in MONTHS_AND_DAYS
                or _NOT_PLACE_END.search(name)
                or first in _NOT_AREA
            ):
                continue
            add(name, "locality", match.start(1), match.end(1), rule)
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
        if name in gazetteer or name.split()[0] in PERSON_STOP:
            continue
        add(name, "city", town.start(1), town.end(1), "place:town_before_state")
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
    return sorted(found.values(), key=lambda p: p["span"][0])
