"""Officials, by title or rank (with their jurisdiction and name when they follow), and
organisations, by name or abbreviation."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from mukti.intake.extraction.lists import (
    PERSON_STOP,
    Gazetteer,
    organisation_scan,
    title_starts,
    titles,
)

_JURISDICTION_WORDS = re.compile(
    r"\b(?:Zone|Wing|Range|Division|Rural|Urban|City|North|South|East|West|PS|Outpost|Station"
    r"|Police\s+Station|Circle|District)\b"
)
_CONTEXT = re.compile(
    r"(?P<sep>\s*,\s*|\s+of\s+(?:the\s+)?|\s*\(\s*|\s+)"
    r"(?P<cand>(?:Mr\.?\s+|Ms\.?\s+|Mrs\.?\s+|Smt\.?\s+|Shri\s+)?[A-Z][\w-]*"
    r"(?:[ \t]+(?:[A-Z0-9][\w-]*|police[ \t]+station))*)"  # one line: not "PURNEA\nPRESS NOTE"
)  # fmt: skip


_INDEFINITE = re.compile(r"\b(?:a|an|A|An)\s+$")
# Issue 23, sixth pass. A title that names an office ("the Sheriff's Office", "the District
# Attorney's Office") or an agency ("the Department of Labor Office of Inspector General") is an
# organisation, not an official.
_OFFICE_AFTER = re.compile(r"[’']s\s+(?:Office|Department|Bureau)\b")
_OFFICE_OF_BEFORE = re.compile(r"\bOffice\s+of\s+(?:the\s+)?$")
_AGENCY_TITLES = frozenset({"Inspector General"})
# Heads and officers of an NGO or a company ("Executive Director", "General Secretary") are no
# public officials; an agency's are ("NBI Director", "DSWD Secretary").
_PRIVATE_BEFORE = re.compile(
    r"\b(?:Executive|Programme|Program|Managing|Country|Project|Founder|Founding|Creative|Finance"
    r"|General|Joint|Organising|Organizing|Field|Technical|Associate|Campaign|Board)\s+$"
)
_PRIVATE_TITLES = frozenset({"Director", "Secretary", "Superintendent"})
# ... and so is one who signs for an NGO or a home ("Secretary, Mukti Sahayata Samiti",
# "Superintendent, Alor Dishari Shelter Home").
_PRIVATE_AFTER = re.compile(
    r"[ \t]*,[ \t]*(?:[A-Z][\w'-]*[ \t]+){0,5}(?:Samiti|Home|Trust|Foundation|Society|Sangstha"
    r"|Sanstha|Sansthan|Kendra|Network|Mission|Initiative|Centre|Center|NGO)\b"
)
# A rank before a name and, after a comma, the function that person holds ("Lt Col Arif Hasan,
# Commanding Officer of 21 BGB", "PCOL Ricardo Santos, Chief of the unit"): one official, named
# by the function.
_NAME_THEN_COMMA = re.compile(
    r"\s+(?:(?:Mr|Ms|Mrs|Smt|Shri)\.?\s+)?[A-Z][\w.-]*(?:\s+[A-Z][\w.-]*){0,3}\s*,\s*(?:the\s+)?"
)


# Ranks, which a function may name right before them (seventh pass): "Battalion Commander Lt Col
# Ahmed Hasan", "Officer-in-Charge Inspector Monirul Haque" are one official each.
_RANKS = frozenset(
    {
        "Lieutenant Colonel", "Brigadier General", "Major General", "Lieutenant General",
        "Police Colonel", "Police Lieutenant Colonel", "Police Major", "Police Captain",
        "Police Lieutenant", "Police Brigadier General", "Police Major General",
        "Police Lieutenant General", "Police General", "Inspector", "Sub-Inspector",
        "Assistant Sub-Inspector", "Sergeant", "Detective",
    }
)  # fmt: skip
_RIGHT_AFTER = re.compile(r"[ \t]{1,2}")
# Eighth pass. A rank in lower case after its unit ("RPF inspector Toppo", "AHTU inspector
# called") is the unit's officer; and words that are only ever titles ("the tehsildar", "with
# mukhiya") are titles in lower case too.
_UNIT_BEFORE = re.compile(r"\b(?-i:RPF|GRP|AHTU|SSB|BSF|BGB|CID|CBI|NIA|PS|SOG|STF)\s+$")
_COUNTED = re.compile(r"(?<![\w/.-])\d{1,2}\s+$")
_ONLY_TITLES = frozenset({"Tahsildar", "Tehsildar", "Naib Tehsildar", "Mukhiya"})
# "Additional Sessions Judge-IV-cum-Special Judge": one person's two offices, named by the first.
_CUM_AFTER = re.compile(r"-cum-")


def _official_context(text: str, end: int, gazetteer: Gazetteer) -> tuple[str | None, str | None]:
    jurisdiction = name = None
    position = end
    for _ in range(2):
        match = _CONTEXT.match(text, position)
        if not match:
            break
        candidate = match.group("cand")
        sep = (match.group("sep").split() or [""])[0]  # ",", "(", "of" or a space
        honorific = re.match(r"(?:Mr|Ms|Mrs|Smt|Shri)\.?\s+", candidate)
        words = candidate.split()
        place_like = (
            candidate in gazetteer
            or words[0] in gazetteer
            or _JURISDICTION_WORDS.search(candidate)
            or (sep in ("(", "of") and not honorific)
        )
        if jurisdiction is None and place_like and not honorific:  # a place, or its unit: AHTU
            jurisdiction = candidate.rstrip(",")
        elif name is None and (honorific or len(words) >= 2) and words[0] not in PERSON_STOP:
            name = candidate[honorific.end() :] if honorific else candidate
        else:
            break
        position = match.end()
        closing = re.match(r"\s*\)", text[position:])
        if closing:
            position += closing.end()
    return jurisdiction, name


def _title_matches(pattern: re.Pattern[str], text: str) -> Iterator[re.Match[str]]:
    """``pattern.finditer(text)``, tried only where a title's literal start is: the same
    matches (a match starts with one of them), found without trying every spelling at every
    word."""
    free_from = 0
    for start in title_starts().finditer(text):
        position = start.start()
        if position < free_from:
            continue
        match = pattern.match(text, position)
        if match is not None:
            free_from = match.end()
            yield match


_NAME_AFTER_TITLE = re.compile(r"\s+(?:(?:Mr|Ms|Mrs|Smt|Shri)\.?\s+)?[A-Z][a-z]")


def _rank_of_a_named_official(text: str, end: int, pattern: re.Pattern[str]) -> bool:
    """A rank, a name, a comma and a title: the person is named by the title after the comma."""
    named = _NAME_THEN_COMMA.match(text, end)
    if named is None or named.group(0).split()[0] in PERSON_STOP:
        return False
    function = pattern.match(text, named.end())
    if function is None or (function.group(0).islower() and " " not in function.group(0)):
        return False  # "..., commanding officer of 33 BGB" is a function (seventh pass)
    # "SI Manoj Kujur, ASI Basant Lakra": a list of officers, each with their own name.
    return _NAME_AFTER_TITLE.match(text, function.end()) is None


def find_officials(text: str, gazetteer: Gazetteer) -> list[dict[str, Any]]:
    pattern, lookup = titles()
    found: dict[str, dict[str, Any]] = {}
    previous_end = -10
    cum_end = -1
    for match in _title_matches(pattern, text):
        if match.start() == cum_end:
            continue  # "...-cum-Special Judge": the office of the person just named
        if _CUM_AFTER.match(text, match.end()):
            cum_end = match.end() + 5
        if match.group(0).islower() and _INDEFINITE.search(
            text, max(0, match.start() - 4), match.start()
        ):
            continue  # "a trial attorney of the Division", "a constable": no particular official
        if _COUNTED.search(text, max(0, match.start() - 8), match.start()):
            continue  # "IO + 1 WPC", "2 mahila constable": some officers, no particular one
        key = match.lastgroup.rsplit("_", 1)[0] if match.lastgroup else ""
        entry = lookup[key]
        if (
            match.group(0).islower()
            and " " not in entry.title
            and "-" not in entry.title  # "a woman sub-inspector": a rank (eighth pass)
            and entry.title not in _ONLY_TITLES
            and not _UNIT_BEFORE.search(text, max(0, match.start() - 12), match.start())
        ):
            continue  # "a minister's visit", "the inspector came": a word, not a title told
        if _OFFICE_AFTER.match(text, match.end()):
            continue  # "the Sheriff's Office": an office
        before = max(0, match.start() - 30)
        if entry.title in _AGENCY_TITLES and _OFFICE_OF_BEFORE.search(text, before, match.start()):
            continue  # "Office of Inspector General": an agency
        if entry.title in _PRIVATE_TITLES and (
            _PRIVATE_BEFORE.search(text, before, match.start())
            or _PRIVATE_AFTER.match(text, match.end())
        ):
            continue  # "Executive Director", "Secretary, Mukti Samiti": an NGO's
        if _rank_of_a_named_official(text, match.end(), pattern):
            continue
        if entry.title in _RANKS and _RIGHT_AFTER.fullmatch(text, previous_end, match.start()):
            continue  # "Battalion Commander Lt Col Ahmed Hasan": one official, by the function
        previous_end = match.end()
        end = match.end()
        paren = re.match(r"\s*,?\s*\(\s*([A-Z][A-Za-z.]{1,6})\s*,?\s*\)", text[end:])
        if paren and paren.group(1).rstrip(".") in {entry.abbrev, (entry.abbrev or "") + "."}:
            end += paren.end()
        jurisdiction, name = _official_context(text, end, gazetteer)
        item = found.get(entry.title)
        if item is None:
            found[entry.title] = {
                "title": entry.title,
                "abbrev": entry.abbrev,
                "jurisdiction": jurisdiction,
                "name": name,
                "span": [match.start(), end],
                "rule": "title:" + ("abbreviation" if match.group(0) == entry.abbrev else "name"),
            }
        else:
            item["jurisdiction"] = item["jurisdiction"] or jurisdiction
            item["name"] = item["name"] or name
    if "Magistrate" in found and any(
        title.endswith(" Magistrate") or title.endswith("Magistrate First Class") for title in found
    ):
        # "the learned Magistrate" after "the Metropolitan Magistrate": the one named in full
        # (eighth pass: "Magistrate" alone is an official only where no other is named).
        del found["Magistrate"]
    return sorted(found.values(), key=lambda o: o["span"][0])


def find_organisations(text: str) -> list[dict[str, Any]]:
    """Each organisation where it is first named: one scan for all of them."""
    pattern, abbrevs = organisation_scan()
    found: dict[str, dict[str, Any]] = {}
    for match in pattern.finditer(text):
        group = match.lastgroup or ""
        abbrev = abbrevs[group]
        if abbrev not in found:
            start, end = match.span(group)
            found[abbrev] = {
                "name": match.group(group),
                "abbrev": abbrev,
                "span": [start, end],
                "rule": "organisation:list",
            }
    return sorted(found.values(), key=lambda o: o["span"][0])
