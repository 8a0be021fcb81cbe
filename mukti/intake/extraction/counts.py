"""How many people were arrested or brought out, from the count each event's sentence gives."""

from __future__ import annotations

import re
from typing import Any

from mukti.intake.extraction.lists import data_lines

_NUMBER = {word: int(value) for _, (word, value) in data_lines("numbers.tsv")}
_COUNT_WORD = (
    r"(\d{1,4}|"
    + "|".join(sorted((k for k in _NUMBER if len(k) > 2), key=len, reverse=True))
    + r")"
)
_PEOPLE_NOUNS = (
    r"(?:[\w-]+\s+){0,3}?(?:girls|women|minors|children|people|persons|victims|survivors|boys"
    r"|labourers|workers|men|operators|accused|traffickers|agents|members)\b"
)


def count_people(text: str, events: list[dict[str, Any]], kind: str) -> int:
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
