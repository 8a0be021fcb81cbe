"""Rule-based extraction of a structured draft from a narrative, offline, with exact spans.

Everything here is pure Python over compiled regular expressions and the editable word lists in
``data/`` (event triggers, titles and ranks, organisations, places). Every item says which rule
produced it (``rule``) and where it was read (``span``: ``[start, end)`` in code points of the
text as given). The output object is the one ``docs``/the extraction contract describes; fields
are only ever added to it.
"""

from __future__ import annotations

import bisect
import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from mukti.intake.dates import DateMention, resolve

DATA = Path(__file__).resolve().parent / "data"

EVENT_TYPES = (
    "trafficked", "information_received", "location_identified", "authority_contacted",
    "referred", "verified", "unable_to_trace", "rescue_deferred", "rescue_attempt_failed",
    "rescue", "arrest", "evidence_collected", "statement_recorded", "fir_registered",
    "medical_care", "shelter_placement", "repatriation", "court_hearing", "conviction", "other",
)  # fmt: skip
PLACE_KINDS = (
    "country",
    "state",
    "district",
    "city",
    "locality",
    "police_unit",
    "facility",
    "other",
)

# Characters that look like a space: replaced one for one so that spans stay exact.
_SPACES = re.compile(r"[\u00a0\u2007\u202f\u2000-\u200a\u3000\t]")

_ABBREVIATIONS = {
    "mr", "mrs", "ms", "dr", "no", "nos", "rs", "dy", "addl", "sr", "jr", "st", "smt", "sri",
    "shri", "vs", "v", "etc", "supdt", "insp", "sec", "u/s", "i.e", "e.g", "govt", "dist",
}  # fmt: skip
_BOUNDARY = re.compile(r"\n+|[.!?]+(?=[\"'’”)\]]*(?:\s|$|[A-Z]))")
_CLAUSE_SPLIT = re.compile(
    r";|:\s|,\s+(?:but|while|who|which|where|whereas|and)\b|\s+but\s+"
    r"|\s+(?:who|which)\s+(?=(?:was|were|had|is|has)\b)"
    r"|\s+and\s+(?=(?:they|he|she|we|it|then)\b)|\s+as\s+(?=(?:it|there|they|he|she)\b)"
)
# Future, negated and hypothetical cues (case-sensitive on purpose: "May" is a month).
_CUES = re.compile(
    r"\b(?:[Ww]ould|[Ww]ill|[Ss]hall|[Cc]ould|[Mm]ight|may|[Ss]hould|[Cc]an(?:not)?|[Pp]lan(?:s|ned)?"
    r"\s+to|going\s+to|intend\w*|not|[Nn]ever|[Uu]nable|[Ff]ailed\s+to|no\s+longer|[Ii]f|[Uu]nless"
    r"|possibility|[Rr]equest(?:ed|s)?|[Pp]lead\w*|[Aa]sked|[Uu]rg(?:e|ed)|[Aa]waiting|yet\s+to"
    r"|[Hh]op(?:e|ed|ing)|[Tt]rying\s+to|[Ww]ants?\s+to|[Ll]isted\s+for)\b|n't\b"
)
_RELATIVE_CLAUSE = re.compile(r"[\s,]*(?:who|which|whom)\b")
_FLASHBACK = re.compile(r"\b(?:earlier|ago|previously|before\s+that)\b")
_AFTER_ING = re.compile(r"^\s*After\s+\w+ing\b[^,]*,")
_NAME = r"[A-Z][a-z]{2,}"
_PERSON_STOP = {
    "She", "He", "They", "We", "Our", "Her", "His", "Their", "The", "This", "That", "These",
    "After", "Before", "On", "In", "At", "From", "To", "When", "Since", "Through", "Two", "Three",
    "Police", "Officials", "Official", "Field", "Case", "Report", "Update", "Summary", "Brief",
    "Subject", "Dear", "Yours", "Copies", "Respected", "Another", "One", "Some", "Both", "All",
    "Mr", "Ms", "Mrs", "Smt", "Shri", "Court", "State", "District", "Sessions", "Legal",
    "Quarterly", "Interception", "Referral", "Programme", "Coordinator", "Neighbours", "Staff",
    "According", "Under", "With", "Four", "Eleven", "Nine", "Fourteen", "Seven",
    "Mother", "Father", "Sister", "Brother", "Inspector", "Officer", "Judge", "Magistrate",
    "Charge", "Chairperson", "Committee", "Bangladeshi", "Nepali", "Indian",
}  # fmt: skip
_STAFF = re.compile(
    r"\b(?:social\s+workers?|case\s?workers?|outreach\s+workers?|field\s+coordinator|coordinator"
    r"|volunteers?|counsellors?|staff\s+members?|legal\s+officer|team\s+members?|our\s+staff"
    r"|accompanied\s+by|with\s+our\s+staff(?:\s+member)?)\s*,?\s+(?:Ms\.?\s+|Mr\.?\s+)?"
    r"(" + _NAME + r")(?:\s+" + _NAME + r")?(?:\s+and\s+(" + _NAME + r"))?"
)
_NATIONALITY = (
    ("Bangladeshi", re.compile(r"\bBangladesh(?:i)?\b")),
    ("Nepali", re.compile(r"\bNepal(?:i|ese)?\b")),
)
_NUMBER = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20,
    "a": 1, "an": 1,
}  # fmt: skip
_COUNT_WORD = (
    r"(\d{1,4}|"
    + "|".join(sorted((k for k in _NUMBER if len(k) > 2), key=len, reverse=True))
    + r")"
)
_PEOPLE_NOUNS = (
    r"(?:[\w-]+\s+){0,3}?(?:girls|women|minors|children|people|persons|victims|survivors|boys"
    r"|labourers|workers|men|operators|accused|traffickers|agents|members)\b"
)


@dataclass(frozen=True)
class Trigger:
    type: str
    blocked_by_cues: bool
    rule: str
    consumes_rest: bool


@dataclass(frozen=True)
class TriggerSet:
    """All the triggers of one event type as one alternation: one scan of the text per type."""

    type: str
    pattern: re.Pattern[str]
    alternatives: dict[str, Trigger]  # named group -> trigger


def _data_lines(name: str) -> list[tuple[int, list[str]]]:
    rows = []
    for number, line in enumerate((DATA / name).read_text(encoding="utf-8").splitlines(), 1):
        if line.strip() and not line.startswith("#"):
            rows.append((number, line.split("\t")))
    return rows


@cache
def triggers() -> tuple[TriggerSet, ...]:
    by_type: dict[str, list[tuple[str, str, Trigger]]] = {}
    for number, (kind, flag, regex) in _data_lines("triggers.tsv"):
        if kind not in EVENT_TYPES:
            raise ValueError(f"triggers.tsv line {number}: unknown event type {kind!r}")
        re.compile(regex)  # a broken line names itself here, not inside the alternation
        trigger = Trigger(
            type=kind,
            blocked_by_cues=flag == "-",
            rule=f"trigger:{kind}:{number}",
            consumes_rest="that\\s+she" in regex,
        )
        by_type.setdefault(kind, []).append((f"L{number}", regex, trigger))
    return tuple(
        TriggerSet(
            type=kind,
            pattern=re.compile(
                "|".join(f"(?P<{group}>{regex})" for group, regex, _ in rows),
                # ASCII word boundaries: the trigger words are English, and this scans 40% faster.
                re.IGNORECASE | re.ASCII,
            ),
            alternatives={group: trigger for group, _, trigger in rows},
        )
        for kind, rows in by_type.items()
    )


@dataclass(frozen=True)
class Title:
    title: str
    abbrev: str | None


@cache
def titles() -> tuple[re.Pattern[str], dict[str, Title]]:
    """One alternation of every title, abbreviation and spelling, longest first."""
    lookup: dict[str, Title] = {}
    alternatives: list[tuple[str, str]] = []  # (regex, key)
    for _, (title, abbrev, variants) in _data_lines("titles.tsv"):
        entry = Title(title, None if abbrev == "-" else abbrev)
        key = f"t{len(lookup)}"
        lookup[key] = entry
        words = r"[\s-]+".join(re.escape(w) for w in re.split(r"[\s-]+", title))
        alternatives.append(("(?i:" + words + ")", key))
        if entry.abbrev:
            alternatives.append((re.escape(entry.abbrev).replace(r"\ ", r"\s*"), key))
        if variants != "-":
            for variant in variants.split("|"):
                alternatives.append((variant if variant.isupper() else f"(?i:{variant})", key))
    alternatives.sort(key=lambda item: len(item[0]), reverse=True)
    regex = "|".join(f"(?P<{key}_{i}>{alt})" for i, (alt, key) in enumerate(alternatives))
    return re.compile(r"(?<![\w.])(?:" + regex + r")(?![\w-])", re.ASCII), lookup


@cache
def organisations() -> tuple[tuple[str, re.Pattern[str]], ...]:
    found = []
    for _, (abbrev, regex) in _data_lines("organisations.tsv"):
        alternatives = f"(?i:{regex})"
        if " " not in abbrev and abbrev.isupper():
            alternatives += f"|{re.escape(abbrev)}"
        found.append((abbrev, re.compile(r"\b(?:" + alternatives + r")\b", re.ASCII)))
    return tuple(found)


@cache
def builtin_places() -> tuple[tuple[str, str], ...]:
    return tuple((name, kind) for _, (name, kind) in _data_lines("places.tsv"))


class Gazetteer:
    """Place names (built-in, plus any the caller adds: the directory's) as one regex."""

    def __init__(self, extra: Iterable[tuple[str, str]] = ()) -> None:
        self.kinds: dict[str, str] = {}
        for name, kind in (*builtin_places(), *extra):
            name = name.strip()
            if len(name) >= 3:
                self.kinds.setdefault(name, kind if kind in PLACE_KINDS else "other")
        names = sorted(self.kinds, key=len, reverse=True)
        self.pattern = re.compile(
            r"(?<!\w)(?:" + "|".join(re.escape(n) for n in names) + r")(?!\w)", re.ASCII
        )

    def __contains__(self, name: str) -> bool:
        return name in self.kinds


@cache
def default_gazetteer() -> Gazetteer:
    return Gazetteer()


_POLICE_UNIT = re.compile(
    r"\b((?:[A-Z][a-z]+\s+){0,2}[A-Z][a-z]+)\s+(police\s+station|Police\s+Station|PS|Outpost"
    r"|outpost|Thana|thana)\b"
)
_DISTRICT = re.compile(
    r"\b([A-Z][a-z]+(?:\s+[A-Z0-9][a-z0-9]*){0,2})\s+(?:and\s+([A-Z][a-z]+)\s+)?districts?\b"
)
_PREPOSITION_PLACE = re.compile(
    r"\b(?:in|at|near|from|to|towards)\s+((?:[A-Z][a-z]+)(?:[\s-][A-Z][a-z]+){0,2})\b(?!')"
    r"(?:\s+and\s+([A-Z][a-z]+)\b(?![\s-][A-Z]))?"
)
_NOT_PLACE_END = re.compile(
    r"(?:Hospital|Home|Centre|Center|College|Court|Commission|Committee|Unit|Police|Branch"
    r"|Department|Authority|Foundation|Trust|Office|Act|Sanhita|Scheme|Embassy|Force|Bal"
    r"|Road|Bridge|Wing|Manch|Nepal|Project|Government)$"
)


def normalise(text: str) -> str:
    """Same length as ``text``: odd spaces become plain spaces, CR becomes a newline."""
    return _SPACES.sub(" ", text).replace("\r", "\n")


def sentences(text: str) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    start = 0
    for match in _BOUNDARY.finditer(text):
        end = match.end()
        if match.group(0)[0] == ".":
            word = re.search(r"([\w/.]+)$", text[start : match.start()])
            token = word.group(1).lower() if word else ""
            if token in _ABBREVIATIONS or re.fullmatch(r"[a-z]", token):
                continue
            following = text[end : end + 1]
            if token[-1:].isdigit() and following.isdigit():
                continue
            if re.fullmatch(r"[A-Z]", text[match.start() - 1 : match.start()]) and (
                match.start() < 2 or not text[match.start() - 2].isalpha()
            ):
                continue  # an initial: "survivor P. (pseudonym ...)"
        _append_trimmed(spans, text, start, end)
        start = end
    _append_trimmed(spans, text, start, len(text))
    return spans


def _append_trimmed(spans: list[tuple[int, int]], text: str, start: int, end: int) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        spans.append((start, end))


def clauses(text: str, start: int, end: int) -> list[tuple[int, int]]:
    found = []
    position = start
    for match in _CLAUSE_SPLIT.finditer(text, start, end):
        found.append((position, match.start()))
        position = match.start()
    found.append((position, end))
    return found


class Extractor:
    def __init__(self, gazetteer: Gazetteer | None = None) -> None:
        self.gazetteer = gazetteer or default_gazetteer()

    def extract(
        self, raw: str, *, reference_date: dt.date | None = None, source: str = ""
    ) -> dict[str, Any]:
        text = normalise(raw)
        sentence_spans = sentences(text)
        mentions = resolve(
            text, reference_date, hypothetical=lambda m: _in_cue_clause(text, sentence_spans, m)
        )
        anchor = reference_date or _newest_full(mentions)
        staff = {m.group(i) for m in _STAFF.finditer(text) for i in (1, 2) if m.group(i)}
        victims = self._victims(text, sentence_spans, staff)
        people = staff | {v["name"] for v in victims}
        places = [p for p in self._places(text) if p["name"] not in people]
        officials = self._officials(text)
        organisations_found = self._organisations(text)
        events = self._events(raw, text, sentence_spans, mentions)
        return {
            "source": source,
            "reference_date": anchor.isoformat() if anchor else None,
            "victims": victims,
            "places": places,
            "officials": officials,
            "organisations": organisations_found,
            "events": events,
            "arrests": _count_people(text, events, "arrest"),
            "victims_rescued": _count_people(text, events, "rescue"),
            "dates": [_date_item(m) for m in mentions],
        }

    # Events ------------------------------------------------------------------------------
    def _events(
        self,
        raw: str,
        text: str,
        sentence_spans: list[tuple[int, int]],
        mentions: list[DateMention],
    ) -> list[dict[str, Any]]:
        events: list[dict[str, Any]] = []
        # Each trigger runs once over the whole text (not once per sentence), and its matches
        # are sorted into sentences by bisection: linear in the text, even at 1 MB.
        starts = [s for s, _ in sentence_spans]
        per_sentence: list[list[list[re.Match[str]]]] = [
            [[] for _ in triggers()] for _ in sentence_spans
        ]
        for index, trigger_set in enumerate(triggers()):
            for match in trigger_set.pattern.finditer(text):
                at = bisect.bisect_right(starts, match.start()) - 1
                if at >= 0 and match.end() <= sentence_spans[at][1]:
                    per_sentence[at][index].append(match)
        by_position = _MentionIndex(mentions)
        for sentence_index, (s_start, s_end) in enumerate(sentence_spans):
            found = self._sentence_events(text, s_start, s_end, per_sentence[sentence_index])
            if not found:
                continue
            for trigger, t_start, t_end in found:
                when, time, note = _date_for(by_position, s_start, s_end, t_start, text)
                item: dict[str, Any] = {
                    "type": trigger.type,
                    "date": when.iso() if when else None,
                    "date_precision": when.precision() if when else "unknown",
                    "time": None,
                    "span": [s_start, s_end],
                    "evidence": raw[s_start:s_end],
                    "rule": trigger.rule,
                    "trigger": [t_start, t_end],
                }
                exact_day = when is not None and when.granularity == "day" and not when.approximate
                if exact_day and time is not None:
                    item["time"] = time
                    item["date_precision"] = "time"
                if when is not None and when.span_inherited:
                    item["date_inherited"] = True
                if note:
                    item["note"] = note
                previous = events[-1] if events else None
                if (
                    previous is not None
                    and previous["type"] == item["type"]
                    and previous["date"] == item["date"]
                    and previous["span"][1] <= s_start
                    and not text[previous["span"][1] : s_start].count("\n\n")
                    and previous.get("sentence") == sentence_index - 1
                ):
                    # "A raid was conducted ... Four women were rescued": one rescue, told twice.
                    previous.setdefault("also", []).append([s_start, s_end])
                    continue
                item["sentence"] = sentence_index
                events.append(item)
        for event in events:
            event.pop("sentence", None)
        return events

    def _sentence_events(
        self, text: str, s_start: int, s_end: int, matches: list[list[re.Match[str]]]
    ) -> list[tuple[Trigger, int, int]]:
        masked_until = s_start
        after = _AFTER_ING.match(text, s_start, s_end)
        if after:
            masked_until = after.end()
        hits: list[tuple[Trigger, int, int]] = []
        clause_spans = clauses(text, s_start, s_end)
        for trigger_set, trigger_matches in zip(triggers(), matches, strict=True):
            for match in trigger_matches:
                trigger = trigger_set.alternatives[match.lastgroup or ""]
                if match.start() < masked_until:
                    continue
                if trigger.blocked_by_cues:
                    c_start = next(
                        c for c, e in clause_spans if c <= match.start() < e or e == s_end
                    )
                    first_word = re.match(r"\w+", match.group(0))
                    inside_from = match.start() + (first_word.end() if first_word else 0)
                    if _CUES.search(text, c_start, match.start()) or _CUES.search(
                        text, inside_from, match.end()
                    ):
                        continue
                hits.append((trigger, match.start(), match.end()))
                break
        hits.sort(key=lambda hit: hit[1])
        for trigger, t_start, _ in hits:
            if trigger.consumes_rest:  # reported speech: what she said is not a new event
                hits = [h for h in hits if h[1] <= t_start]
                break
        types = {hit[0].type for hit in hits}
        drop = set()
        if types & {"rescue_attempt_failed", "rescue_deferred"}:
            drop.add("rescue")
        if "location_identified" in types:
            drop.add("trafficked")
        seen: set[str] = set()
        kept = []
        for hit in hits:
            if hit[0].type in drop or hit[0].type in seen:
                continue
            seen.add(hit[0].type)
            kept.append(hit)
        return kept

    # Places ------------------------------------------------------------------------------
    def _places(self, text: str) -> list[dict[str, Any]]:
        found: dict[str, dict[str, Any]] = {}
        taken = bytearray(len(text))  # characters already read as part of a place

        def add(name: str, kind: str, start: int, end: int, rule: str) -> None:
            if any(taken[start:end]):
                return
            taken[start:end] = b"\x01" * (end - start)
            if name not in found:
                found[name] = {"name": name, "kind": kind, "span": [start, end], "rule": rule}

        for match in _POLICE_UNIT.finditer(text):
            words = match.group(1).split()
            while words and words[0] in _PERSON_STOP:
                words.pop(0)
            if not words:
                continue
            start = match.start(1) + match.group(1).index(words[0])
            add(text[start : match.end()], "police_unit", start, match.end(), "place:police_unit")
        for match in self.gazetteer.pattern.finditer(text):
            name = match.group(0)
            add(name, self.gazetteer.kinds[name], match.start(), match.end(), "place:gazetteer")
        for match in _DISTRICT.finditer(text):
            for group in (1, 2):
                name = match.group(group)
                if name and name.split()[0] not in _PERSON_STOP:
                    add(name, "district", match.start(group), match.end(group), "place:district")
        for match in _PREPOSITION_PLACE.finditer(text):
            for group in (1, 2):
                name = match.group(group)
                if not name:
                    continue
                first = name.split()[0]
                if (
                    first in _PERSON_STOP
                    or _NOT_PLACE_END.search(name)
                    or first in _MONTHS_AND_DAYS
                    or _looks_like_org(name)
                ):
                    break
                add(name, "locality", match.start(group), match.end(group), "place:preposition")
        return sorted(found.values(), key=lambda p: p["span"][0])

    # Officials ---------------------------------------------------------------------------
    def _officials(self, text: str) -> list[dict[str, Any]]:
        pattern, lookup = titles()
        found: dict[str, dict[str, Any]] = {}
        for match in pattern.finditer(text):
            key = match.lastgroup.rsplit("_", 1)[0] if match.lastgroup else ""
            entry = lookup[key]
            end = match.end()
            paren = re.match(r"\s*,?\s*\(\s*([A-Z][A-Za-z.]{1,6})\s*,?\s*\)", text[end:])
            if paren and paren.group(1).rstrip(".") in {entry.abbrev, (entry.abbrev or "") + "."}:
                end += paren.end()
            jurisdiction, name = _official_context(text, end, self.gazetteer)
            item = found.get(entry.title)
            if item is None:
                found[entry.title] = {
                    "title": entry.title,
                    "abbrev": entry.abbrev,
                    "jurisdiction": jurisdiction,
                    "name": name,
                    "span": [match.start(), end],
                    "rule": "title:"
                    + ("abbreviation" if match.group(0) == entry.abbrev else "name"),
                }
            else:
                item["jurisdiction"] = item["jurisdiction"] or jurisdiction
                item["name"] = item["name"] or name
        return sorted(found.values(), key=lambda o: o["span"][0])

    def _organisations(self, text: str) -> list[dict[str, Any]]:
        found = []
        for abbrev, pattern in organisations():
            match = pattern.search(text)
            if match:
                found.append(
                    {
                        "name": match.group(0),
                        "abbrev": abbrev,
                        "span": [match.start(), match.end()],
                        "rule": "organisation:list",
                    }
                )
        return sorted(found, key=lambda o: o["span"][0])

    # Victims -----------------------------------------------------------------------------
    def _victims(
        self, text: str, sentence_spans: list[tuple[int, int]], known: set[str]
    ) -> list[dict[str, Any]]:
        found: dict[str, dict[str, Any]] = {}
        for rule, pattern in _VICTIM_PATTERNS:
            for match in pattern.finditer(text):
                for group in ("name", "name2"):
                    if group not in pattern.groupindex or not match.group(group):
                        continue
                    name = match.group(group)
                    if name in _PERSON_STOP or name in known or name in _MONTHS_AND_DAYS:
                        continue
                    if name in self.gazetteer or _looks_like_org(name):
                        continue
                    if rule == "victim:age" and _preceded_by_name(text, match.start(group)):
                        continue  # "Deepak Sahu, 41," is a full name: the accused, not a survivor
                    if rule in _WEAK_VICTIM_RULES and _ACCUSED.search(
                        _sentence_of(text, sentence_spans, match.start(group))
                    ):
                        continue  # "The boy, Sahil, and his uncle were arrested"
                    age_group = "age" if group == "name" else "age2"
                    age = _int_group(match, age_group)
                    item = found.get(name)
                    if item is None:
                        item = found[name] = {
                            "name": name,
                            "pseudonym": False,
                            "minor": None,
                            "age": None,
                            "nationality": None,
                            "gender": None,
                            "span": [match.start(group), match.end(group)],
                            "rule": rule,
                        }
                    if age is not None and item["age"] is None:
                        item["age"] = age
                    if _group(match, "ps") or re.match(
                        r"\s*\((?:pseudonym|name changed)\)", text[match.end(group) :]
                    ):
                        item["pseudonym"] = True
                    if _group(match, "nat"):
                        item["nationality"] = _nationality_word(match.group("nat"))
        for item in found.values():
            _victim_attributes(text, sentence_spans, item)
        return sorted(found.values(), key=lambda v: v["span"][0])


_MONTHS_AND_DAYS = {
    "January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday",
    "Saturday", "Sunday",
}  # fmt: skip
_VICTIM_NOUN = r"(?:victim|survivor|girl|woman|minor|boy|child|teenager|daughter)"
_PS = r"(?:\s*\((?P<ps>pseudonym|name\s+changed)\))?"
_VICTIM_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    (
        "victim:apposition",
        re.compile(
            r"\b(?P<name>" + _NAME + r")" + _PS + r",\s+(?:a|an|the)\s+(?:(?P<age>\d{1,2})-year-old\s+)?"  # noqa: E501
            r"(?:(?P<nat>Bangladeshi|Nepali|Nepalese|Indian)\s+)?(?:minor\s+)?(?:young\s+)?"
            + _VICTIM_NOUN
        ),
    ),
    (
        "victim:noun",
        re.compile(
            r"\b(?:(?P<age>\d{1,2})-year-old\s+)?" + _VICTIM_NOUN + r",?\s+(?:named\s+)?(?P<name>"
            + _NAME + r")\b" + _PS
        ),
    ),
    ("victim:pseudonym", re.compile(r"\(pseudonym\s+(?P<name>" + _NAME + r")\)")),
    ("victim:pseudonym", re.compile(r"\b(?P<name>" + _NAME + r")\s*\((?P<ps>pseudonym|name\s+changed)\)")),  # noqa: E501
    ("victim:said_name", re.compile(r"\b(?:her|his)\s+name\s+was\s+(?P<name>" + _NAME + r")\b")),
    (
        "victim:heading",
        re.compile(
            r"^(?:[^\n:]{0,40}(?::|\s-|\s–)\s*)?(?:case\s+of\s+)?(?P<name>" + _NAME + r")" + _PS
            + r",\s+(?P<age>\d{1,2})\b",
            re.MULTILINE,
        ),
    ),
    ("victim:case_of", re.compile(r"\b(?:case|return|rescue|story)\s+of\s+(?P<name>" + _NAME + r")\b(?!\s+[A-Z])")),  # noqa: E501
    (
        "victim:list",
        re.compile(
            r"\b(?:women|girls|victims|survivors|minors),\s+(?P<name>" + _NAME + r")\s*\((?P<age>\d{1,2})\)"  # noqa: E501
            r"(?:\s+and\s+(?P<name2>" + _NAME + r")\s*\((?P<age2>\d{1,2})\))?"
        ),
    ),
    (
        "victim:passive",
        re.compile(
            r"(?<![A-Z][a-z]\s)\b(?P<name>" + _NAME + r")\s+(?:was|had\s+been|has\s+been)\s+"
            r"(?:trafficked|rescued|sold|lured|taken\s+from|found\s+at|repatriated|restored)\b"
        ),
    ),
    ("victim:age", re.compile(r"\b(?P<name>" + _NAME + r"),\s+(?P<age>\d{1,2}),")),
    ("victim:family", re.compile(r"\b(?P<name>" + _NAME + r")['’]s\s+(?:mother|father|parents|brother|village|family)\b")),  # noqa: E501
    ("victim:rescued", re.compile(r"\brescued\s+(?P<name>" + _NAME + r")\b(?!\s+[A-Z])")),
]  # fmt: skip


_WEAK_VICTIM_RULES = {"victim:noun", "victim:age"}
_ACCUSED = re.compile(r"\b(?:arrested|accused|trafficker|absconding|custody)\b")


def _sentence_of(text: str, sentence_spans: list[tuple[int, int]], position: int) -> str:
    at = bisect.bisect_right(sentence_spans, (position, len(text) + 1)) - 1
    return text[sentence_spans[at][0] : sentence_spans[at][1]] if at >= 0 else ""


def _group(match: re.Match[str], name: str) -> str | None:
    return match.group(name) if name in match.re.groupindex else None


def _int_group(match: re.Match[str], name: str) -> int | None:
    value = _group(match, name)
    return int(value) if value else None


def _preceded_by_name(text: str, start: int) -> bool:
    return bool(re.search(r"[A-Z][a-z]+\s$", text[max(0, start - 20) : start]))


def _looks_like_org(name: str) -> bool:
    return any(pattern.fullmatch(name) for _, pattern in organisations())


def _nationality_word(word: str) -> str:
    return {"Nepalese": "Nepali"}.get(word, word)


def _victim_attributes(
    text: str, sentence_spans: list[tuple[int, int]], item: dict[str, Any]
) -> None:
    start = item["span"][0]
    index = next((i for i, (s, e) in enumerate(sentence_spans) if s <= start < e), None)
    if index is None:
        window = text[start : start + 200]
    else:  # the sentence that names her and the next: "... Mazina. ... her whereabouts"
        window = text[
            sentence_spans[index][0] : sentence_spans[min(index + 1, len(sentence_spans) - 1)][1]
        ]
    if item["age"] is not None:
        item["minor"] = item["age"] < 18
    elif re.search(r"\bminor\b", window):
        item["minor"] = True
    if item["nationality"] is None:
        for nationality, pattern in _NATIONALITY:
            if pattern.search(window):
                item["nationality"] = nationality
                break
    if re.search(r"\b(?:girl|woman|women|girls|she|her|daughter|sister)\b", window, re.IGNORECASE):
        item["gender"] = "female"
    elif re.search(r"\b(?:boy|man|he|his|son)\b", window, re.IGNORECASE):
        item["gender"] = "male"


_JURISDICTION_WORDS = re.compile(
    r"\b(?:Zone|Wing|Range|Division|Rural|Urban|City|North|South|East|West|PS|Outpost|Station"
    r"|Police\s+Station|Circle|District)\b"
)
_CONTEXT = re.compile(
    r"(?P<sep>\s*,\s*|\s+of\s+(?:the\s+)?|\s*\(\s*|\s+)"
    r"(?P<cand>(?:Mr\.?\s+|Ms\.?\s+|Mrs\.?\s+|Smt\.?\s+|Shri\s+)?[A-Z][\w-]*(?:\s+(?:[A-Z0-9][\w-]*|police\s+station))*)"
)  # fmt: skip


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
        elif name is None and (honorific or len(words) >= 2) and words[0] not in _PERSON_STOP:
            name = candidate[honorific.end() :] if honorific else candidate
        else:
            break
        position = match.end()
        closing = re.match(r"\s*\)", text[position:])
        if closing:
            position += closing.end()
    return jurisdiction, name


def _in_cue_clause(text: str, sentence_spans: list[tuple[int, int]], m: DateMention) -> bool:
    """A date in a future, negated or hypothetical clause ("would ... next day") is no anchor."""
    at = bisect.bisect_right(sentence_spans, (m.start, len(text) + 1)) - 1
    if at < 0 or not sentence_spans[at][0] <= m.start < sentence_spans[at][1]:
        return False
    sentence = sentence_spans[at]
    clause = next(
        (c, e) for c, e in clauses(text, *sentence) if c <= m.start < e or e == sentence[1]
    )
    if _FLASHBACK.search(text, clause[0], clause[1]):
        m.anchors_blocked = True
    return bool(_CUES.search(text, clause[0], m.start))


def _newest_full(mentions: list[DateMention]) -> dt.date | None:
    dates = [
        m.date
        for m in mentions
        if m.date and m.kind in ("numeric_date", "day_month_year", "month_day_year")
    ]
    return max(dates) if dates else None


class _MentionIndex:
    """Date mentions by position, and the last anchoring one before any point, by bisection."""

    def __init__(self, mentions: list[DateMention]) -> None:
        self.mentions = mentions
        self.starts = [m.start for m in mentions]
        self.anchors = [m for m in mentions if m.date is not None and m.anchors]
        self.anchor_ends = [m.end for m in self.anchors]

    def between(self, start: int, end: int) -> list[DateMention]:
        low = bisect.bisect_left(self.starts, start)
        high = bisect.bisect_left(self.starts, end)
        return self.mentions[low:high]

    def last_anchor_before(self, position: int) -> DateMention | None:
        at = bisect.bisect_right(self.anchor_ends, position) - 1
        return self.anchors[at] if at >= 0 else None


def _date_for(
    index: _MentionIndex, s_start: int, s_end: int, t_start: int, text: str
) -> tuple[DateMention | None, str | None, str | None]:
    """The date an event at ``t_start`` happened: a date in its clause, else the nearest in its
    sentence (before it first), else the date the narrative last stated (inherited)."""
    inside = index.between(s_start, s_end)
    times = [m for m in inside if m.is_time]
    dates = [m for m in inside if not m.is_time]
    time = min(times, key=lambda m: abs(m.start - t_start)).time if times else None
    notes = [m.note for m in dates if m.date is None and m.note]
    resolved = [m for m in dates if m.date is not None and not m.hypothetical]
    if resolved:
        clause_spans = clauses(text, s_start, s_end)
        clause = next(((c, e) for c, e in clause_spans if c <= t_start < e), (s_start, s_end))
        same_clause = [m for m in resolved if clause[0] <= m.start < clause[1]]
        soon_after = [m for m in same_clause if t_start <= m.start < t_start + 80]
        before = [m for m in same_clause if m.start < t_start]
        chosen = None
        if soon_after:  # "was rescued on 7 March": a date just after the verb is its own
            chosen = soon_after[0]
        elif before:  # "On 20th April, we learned"
            chosen = before[-1]
        elif same_clause:
            chosen = same_clause[0]
        else:
            earlier = [m for m in resolved if m.start < t_start]
            later = [
                m
                for m in resolved
                if m.start > t_start and not _in_relative_clause(text, clause_spans, m.start)
            ]
            chosen = earlier[-1] if earlier else (later[0] if later else None)
        if chosen is None:
            return _inherited(index, s_start), time, None
        chosen.span_inherited = False
        return chosen, time, None
    if notes:
        return None, time, notes[0]
    return _inherited(index, s_start), time, None


def _in_relative_clause(text: str, clause_spans: list[tuple[int, int]], position: int) -> bool:
    clause = next(((c, e) for c, e in clause_spans if c <= position < e), None)
    return bool(clause and _RELATIVE_CLAUSE.match(text, clause[0], clause[1]))


def _inherited(index: _MentionIndex, s_start: int) -> DateMention | None:
    chosen = index.last_anchor_before(s_start)
    if chosen is None:
        return None
    inherited = DateMention(
        chosen.kind, chosen.start, chosen.end, chosen.text, chosen.groups, chosen.date,
        chosen.granularity, chosen.approximate,
    )  # fmt: skip
    inherited.span_inherited = True
    return inherited


def _date_item(m: DateMention) -> dict[str, Any]:
    return {
        "text": m.text,
        "kind": m.kind,
        "date": m.iso(),
        "date_precision": m.precision() if not m.is_time else "time",
        "time": m.time,
        "span": [m.start, m.end],
        "rule": f"date:{m.kind}",
        **({"note": m.note} if m.note else {}),
        **({"month_day": m.month_day} if m.month_day else {}),
    }


def _count_people(text: str, events: list[dict[str, Any]], kind: str) -> int:
    """People arrested or brought out: the count each such sentence gives ("three operators were
    arrested", "rescued Anjali and two other young women"), one if it gives none. A summary that
    repeats the same count on the same date is counted once."""
    seen: set[tuple[int, str | None]] = set()
    total = 0
    for event in events:
        if event["type"] != kind:
            continue
        number = _sentence_count(event["evidence"], kind, event["trigger"][0] - event["span"][0])
        for start, end in event.get("also", []):  # the same event told again: its count too
            number = max(number, _sentence_count(text[start:end], kind, 0))
        key = (number, event["date"])
        if key in seen:
            continue
        seen.add(key)
        total += number
    return total


def _sentence_count(sentence: str, kind: str, trigger: int) -> int:
    found = [
        (abs(m.start() - trigger), _to_int(m.group(1)))
        for m in re.finditer(r"\b" + _COUNT_WORD + r"\s+" + _PEOPLE_NOUNS, sentence, re.IGNORECASE)
        # "71 people, including 26 children": the part is not the whole
        if not re.search(
            r"(?:including|among\s+them|of\s+whom|of\s+them)\s+$", sentence[: m.start()]
        )
    ]
    # The count nearest the verb: "rescued nine girls ... and arrested three operators".
    numbers = [n for _, n in sorted(found) if n][:1]
    extra = sum(
        _to_int(m.group(1)) or 1
        for m in re.finditer(
            r"\b(?:along\s+with|and)\s+(another|" + _COUNT_WORD[1:-1] + r")\s+(?:other\s+)?"
            r"(?:young\s+|minor\s+)?(?:woman|women|girls?|boys?|children|minors)\b",
            sentence,
            re.IGNORECASE,
        )
    )
    if numbers and not extra:
        return max(numbers)
    if extra:
        return extra + 1
    if kind == "arrest" and re.search(r"\bwere\s+arrested\b", sentence):
        names = re.findall(r"\b[A-Z][a-z]+\s+[A-Z][a-z]+\b", sentence)
        return max(2, len(names))
    return 1


def _to_int(word: str) -> int:
    word = word.lower()
    if word == "another":
        return 1
    return int(word) if word.isdigit() else _NUMBER.get(word, 0)


def extract(
    text: str,
    *,
    reference_date: dt.date | None = None,
    source: str = "",
    gazetteer: Gazetteer | None = None,
) -> dict[str, Any]:
    return Extractor(gazetteer).extract(text, reference_date=reference_date, source=source)
