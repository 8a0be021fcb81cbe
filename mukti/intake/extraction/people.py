"""People: the NGO's own staff (so as to leave them out) and the survivors, with their age,
pseudonym, nationality and gender where the text gives them."""

from __future__ import annotations

import bisect
import re
from typing import Any

from mukti.intake.extraction.lists import MONTHS_AND_DAYS, PERSON_STOP, Gazetteer, looks_like_org
from mukti.intake.guards import CAPITAL_AT_WORD_START, at_word_start

_NAME = r"[A-Z][a-z]{2,}"
# ``\b`` and a name, written so that re scans faster (see guards.at_word_start): the same matches.
_NAME_AT_WORD = CAPITAL_AT_WORD_START + r"[a-z]{2,}"


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


_VICTIM_NOUN = r"(?:victim|survivor|girl|woman|minor|boy|child|teenager|daughter)"
_CHANGED = r"pseudonym|name\s+changed|name\s+withheld|name\s+used\s+with\s+consent[^)]{0,40}"
_PS = r"(?:\s*\((?P<ps>" + _CHANGED + r")\))?"
_VICTIM_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    (
        "victim:apposition",
        re.compile(
            r"(?P<name>" + _NAME_AT_WORD + r")" + _PS + r",\s+(?:a|an|the)\s+(?:(?P<age>\d{1,2})-year-old\s+)?"  # noqa: E501
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
    ("victim:pseudonym", re.compile(r"(?P<name>" + _NAME_AT_WORD + r")\s*\((?P<ps>pseudonym|name\s+changed)\)")),  # noqa: E501
    # Ways others mark a survivor: "Meena*" (a changed name), "Puja (name used with consent of
    # family)", a named child with a minor's age ("Gudiya (approx 15)", "Rehana Khatun (16
    # years)"), a case file's label ('Survivor: "P" (17)') and a quoted initial ('"S" (14').
    ("victim:asterisk", re.compile(r"(?P<name>" + _NAME_AT_WORD + r")\*")),
    ("victim:name_withheld", re.compile(r"(?P<name>" + _NAME_AT_WORD + r")\s*\((?P<ps>" + _CHANGED + r")\)")),  # noqa: E501
    ("victim:minor_age", re.compile(
        r"\b(?:Ms\.?\s+)?(?P<name>" + _NAME + r"(?:\s+" + _NAME + r")?)\s*"
        r"\((?:approx\.?\s*|aged\s+|about\s+)?"
        r"(?P<age>1[0-7]|[2-9])(?:\s*(?:years?|yrs)\.?)?[,)\s]")),
    ("victim:label", re.compile(
        at_word_start("Survivor", "Victim", "Child")
        + r"\s*:\s*\"?(?P<name>[A-Z](?:\.|[a-z]+(?:\s+[A-Z][a-z]+)?)?)\"?"
        r"(?=[\s,(])")),
    ("victim:quoted_initial", re.compile(r"\"(?P<name>[A-Z])\"\s*\((?P<age>\d{1,2})\b")),
    # One letter for a name (third pass): '(1) "R", 17, Jessore', 'whom I will call "L"',
    # "the victim, Ms. X".
    ("victim:quoted_initial_age", re.compile(r"[\"\u201c](?P<name>[A-Z])[\"\u201d],\s*(?P<age>\d{1,2})\b")),  # noqa: E501
    ("victim:will_call", re.compile(
        r"who(?<![A-Za-z]who)m?\s+(?:I|we)\s+(?:will\s+|shall\s+)?call\s+[\"\u201c]?(?P<name>[A-Z][a-z]*)\b")),
    ("victim:ms_initial", re.compile(r"(?P<name>(?:Ms|Miss|Kumari)(?<![A-Za-z]Ms)(?<![A-Za-z]Miss)(?<![A-Za-z]Kumari)\.?\s+[A-Z])(?![\w.])")),  # noqa: E501
    ("victim:said_name", re.compile(
        at_word_start("her", "his") + r"\s+name\s+was\s+(?P<name>" + _NAME + r")\b")),
    (
        "victim:heading",
        re.compile(
            r"^(?:[^\n:]{0,40}(?::|\s-|\s–)\s*)?(?:case\s+of\s+)?(?P<name>" + _NAME + r")" + _PS
            + r",\s+(?P<age>\d{1,2})\b",
            re.MULTILINE,
        ),
    ),
    ("victim:case_of", re.compile(at_word_start("case", "return", "rescue", "story") + r"\s+of\s+(?P<name>" + _NAME + r")\b(?!\s+[A-Z])")),  # noqa: E501
    (
        "victim:list",
        re.compile(
            at_word_start("women", "girls", "victims", "survivors", "minors") + r",\s+(?P<name>" + _NAME + r")\s*\((?P<age>\d{1,2})\)"  # noqa: E501
            r"(?:\s+and\s+(?P<name2>" + _NAME + r")\s*\((?P<age2>\d{1,2})\))?"
        ),
    ),
    (
        "victim:passive",
        re.compile(
            r"(?P<name>" + CAPITAL_AT_WORD_START + r"(?<![A-Z][a-z]\s[A-Z])[a-z]{2,})"
            r"\s+(?:was|had\s+been|has\s+been)\s+"
            r"(?:trafficked|rescued|sold|lured|taken\s+from|found\s+at|repatriated|restored)\b"
        ),
    ),
    ("victim:age", re.compile(r"(?P<name>" + _NAME_AT_WORD + r"),\s+(?P<age>\d{1,2}),")),
    ("victim:family", re.compile(r"(?P<name>" + _NAME_AT_WORD + r")['’]s\s+(?:mother|father|parents|brother|village|family)\b")),  # noqa: E501
    ("victim:rescued", re.compile(
        r"rescued(?<!\wrescued)\s+(?P<name>" + _NAME + r")\b(?!\s+[A-Z])")),
]  # fmt: skip


_WEAK_VICTIM_RULES = {"victim:noun", "victim:age"}
_ACCUSED = re.compile(r"\b(?:arrested|accused|trafficker|absconding|custody)\b")


def find_staff(text: str) -> set[str]:
    """The names of the NGO's own people ("our social worker, Ms Shreyosi"): not survivors."""
    return {m.group(i) for m in _STAFF.finditer(text) for i in (1, 2) if m.group(i)}


def find_victims(
    text: str, sentence_spans: list[tuple[int, int]], known: set[str], gazetteer: Gazetteer
) -> list[dict[str, Any]]:
    found: dict[str, dict[str, Any]] = {}
    for rule, pattern in _VICTIM_PATTERNS:
        for match in pattern.finditer(text):
            for group in ("name", "name2"):
                if group not in pattern.groupindex or not match.group(group):
                    continue
                name = match.group(group)
                if name in PERSON_STOP or name in known or name in MONTHS_AND_DAYS:
                    continue
                if name in gazetteer or looks_like_org(name):
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


_COUNT_WORDS = {
    "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
    "ten": 10, "eleven": 11, "twelve": 12, "fifteen": 15, "twenty": 20,
}  # fmt: skip
_UNNAMED = [
    (
        "victim:unnamed_age",
        re.compile(
            r"\b(?:[Aa]n?|[Oo]ne)\s+(?P<age>\d{1,2})[- ]year[- ]old\s+"
            r"(?:(?P<nat>Bangladeshi|Nepali|Nepalese|Indian)\s+)?"
            r"(?P<noun>girl|boy|woman|minor|child|teenager|youth)\b"
        ),
    ),
    (
        "victim:unnamed_group",
        re.compile(
            r"\b(?P<count>\d{1,3}|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|"
            r"fifteen|twenty)\s+(?:(?:minor|young|teenage|underage|Bangladeshi|Nepali|Nepalese)\s+)*"
            r"(?P<noun>minors|girls|boys|women|children|teenagers|labourers|workers)\b",
            re.IGNORECASE,
        ),
    ),
]
_VICTIM_EVENT_WORDS = re.compile(
    r"\b(?:rescued|freed|trafficked|sold|lured|brought\s+out|intercepted|found|held|kept|"
    r"confined|recovered|saved)\b",
    re.IGNORECASE,
)


def find_unnamed_victims(text: str, sentence_spans: list[tuple[int, int]]) -> list[dict[str, Any]]:
    """Survivors the text does not name ("a 15-year-old girl", "six minors") in a sentence that
    says they were rescued, trafficked or held: each a row the caseworker gives a pseudonym to.
    Read only when the text names no survivor (a named one is usually among them)."""
    found: list[dict[str, Any]] = []
    taken: set[int] = set()
    for rule, pattern in _UNNAMED:
        for match in pattern.finditer(text):
            if match.start() in taken or not _VICTIM_EVENT_WORDS.search(
                _sentence_of(text, sentence_spans, match.start())
            ):
                continue
            taken.add(match.start())
            age = _int_group(match, "age")
            count_word = (_group(match, "count") or "").lower()
            count = int(count_word) if count_word.isdigit() else _COUNT_WORDS.get(count_word, 1)
            noun = match.group("noun").lower()
            minor = age < 18 if age is not None else (
                noun in ("minors", "children", "boys", "girls") or "minor" in match.group(0).lower()
            ) or None  # fmt: skip
            item = {
                "name": " ".join(match.group(0).split()),
                "unnamed": True,
                "count": count,
                "pseudonym": False,
                "minor": minor if minor else None,
                "age": age,
                "nationality": _nationality_word(match.group("nat"))
                if _group(match, "nat")
                else None,
                "gender": None,
                "span": [match.start(), match.end()],
                "rule": rule,
            }
            _victim_attributes(text, sentence_spans, item)
            if noun in ("girl", "girls", "woman", "women"):
                item["gender"] = "female"
            elif noun in ("boy", "boys"):
                item["gender"] = "male"
            if age is None and item["minor"] is False:
                item["minor"] = None
            found.append(item)
    return sorted(found, key=lambda v: v["span"][0])


_ACCUSED_NAME = r"(?P<name>[A-Z][a-z]+(?:\s+[A-Z][a-z]+){1,2})"
_ACCUSED_PATTERNS = [
    ("accused:with_age", re.compile(_ACCUSED_NAME + r"\s*(?:\((?P<age>\d{2})\)|,\s+(?P<age2>\d{2}),)")),  # noqa: E501
    ("accused:after_verb", re.compile(
        r"\b(?:arrested|apprehended|nabbed|detained|held)\s+(?:the\s+)?(?:(?:brothel|hotel|spa|"
        r"kiln|factory)\s+)?(?:owner|keeper|manager|agent|trafficker|contractor|accused)?,?\s*"
        + _ACCUSED_NAME)),
    ("accused:before_verb", re.compile(
        _ACCUSED_NAME + r"(?:\s*\(\d{2}\))?(?:,\s+\d{2},)?\s+(?:(?:and\s+|,\s+)[^.;]{0,60}?)?"
        r"(?:was|were|had\s+been|has\s+been)\s+(?:arrested|apprehended|nabbed|held|detained)\b")),
]  # fmt: skip


def find_accused(
    text: str, events: list[dict[str, Any]], not_accused: set[str], gazetteer: Gazetteer
) -> None:
    """The people an arrest's sentence names as arrested, with an age when given ("Sima Das
    (42)", "Raju Sheikh, 35,"), onto each arrest event as ``accused``."""
    for event in events:
        if event["type"] != "arrest":
            continue
        start, end = event["span"]
        sentence = text[start:end]
        people: dict[str, dict[str, Any]] = {}
        for rule, pattern in _ACCUSED_PATTERNS:
            for match in pattern.finditer(sentence):
                name = match.group("name")
                words = name.split()
                if (
                    words[0] in PERSON_STOP
                    or words[0] in MONTHS_AND_DAYS
                    or name in not_accused
                    or any(w in not_accused for w in words)
                    or name in gazetteer
                    or looks_like_org(name)
                ):
                    continue
                age = _int_group(match, "age") or _int_group(match, "age2")
                item = people.setdefault(
                    name,
                    {"name": name, "age": None, "rule": rule,
                     "span": [start + match.start("name"), start + match.end("name")]},
                )  # fmt: skip
                item["age"] = item["age"] or age
        if people:
            event["accused"] = sorted(people.values(), key=lambda p: p["span"][0])
