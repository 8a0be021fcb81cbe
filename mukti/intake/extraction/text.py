"""The text itself: odd spaces made plain (spans stay exact), sentences, clauses, and the cues
that make a clause future, negated or hypothetical."""

from __future__ import annotations

import re
from functools import lru_cache

from mukti.intake.extraction.lists import words

# Characters that look like a space: replaced one for one so that spans stay exact.
_SPACES = re.compile(r"[\u00a0\u2007\u202f\u2000-\u200a\u3000\t]")
_ABBREVIATIONS = frozenset(words("abbreviations.txt"))
_MONTH_ABBREVIATIONS = frozenset(
    ("jan", "feb", "mar", "apr", "aug", "sep", "sept", "oct", "nov", "dec")
)
_DAY_NEXT = re.compile(r"[ \t]*[0-3]?\d(?:st|nd|rd|th)?\b")
_BOUNDARY = re.compile(r"\n+|[.!?]+(?=[\"'’”)\]]*(?:\s|$|[A-Z]))")
_CLAUSE_SPLIT = re.compile(
    r";|:\s|,\s+(?:but|while|who|which|where|whereas|and)\b|\s+but\s+"
    r"|\s+(?:who|which)\s+(?=(?:was|were|had|is|has)\b)"
    # "could not give a reply and was apprehended": the second verb is its own clause (seventh pass)
    r"|\s+and\s+(?=(?:was|were)\s+(?:later\s+|then\s+|subsequently\s+|immediately\s+)?\w+ed\b)"
    r"|\s+and\s+(?=(?:they|he|she|we|it|then)\b)|\s+as\s+(?=(?:it|there|they|he|she)\b)"
    # "not found, 2 women arrested": a counted subject after a comma, a clause of its own
    r"|,\s+(?=(?:\d+|two|three|four|five|six|seven|eight|nine|ten)\s+(?:[\w-]+\s+){0,2}?"
    r"(?:(?:were|was|have\s+been|had\s+been)\s+)?\w+ed\b)"
)
# Future, negated and hypothetical cues (case-sensitive on purpose: "May" is a month).
CUES = re.compile(
    r"\b(?:[Ww]ould(?!\s+like\s+to\s+(?:bring|inform|state|submit|report|draw|apprise))|[Ww]ill|[Ss]hall|[Cc]ould|[Mm]ight|may|[Ss]hould|[Cc]an(?:not)?|[Pp]lan(?:s|ned)?"
    r"\s+to|going\s+to|intend\w*|not(?!\s+(?:her|his|their|the)\s+(?:real|actual|original|true)\s+names?)|[Nn]ever|[Uu]nable|[Ff]ailed\s+to|no\s+longer|[Ii]f|[Uu]nless"
    r"|possibility|(?<!the\s)[Rr]equest(?:ed|s)?|[Pp]lead\w*(?!\s+guilty)|[Aa]sked|[Uu]rg(?:e|ed)|[Aa]waiting|yet\s+to"
    r"|[Hh]op(?:e|ed|ing)|[Ii]n\s+the\s+absence\s+of|(?:is|are|was|were)\s+to\s+be|(?:is|are)\s+(?:expected|likely)\s+to|[Tt]rying\s+to|[Ww]ants?\s+to|[Ll]isted\s+for|(?:scheduled|slated|due|set)\s+(?:to|for)\b(?!\s+(?:the\s+)?(?:home|shelter|village|police))|[Ss]uspect(?:s|ed)?\s+that|[Dd]irect(?:ed|s)\s+that|[Tt]old\s+(?:us\s+|her\s+|them\s+|me\s+)?to\s+(?:come|return|wait))\b"
    r"|n't\b"
)


# After an initial, a word no name goes on with: the sentence ended there ("rescued P. She was
# restored", "met K. The next day"; seventh pass).
_STARTS_A_SENTENCE = re.compile(
    r"[ \t]+(?:She|He|They|The|Her|His|Their|We|Our|It|This|On|In|After|Then|Later|Police)\b"
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
            token = _last_word(text, start, match.start()).lower()
            if token in _ABBREVIATIONS or (
                re.fullmatch(r"[a-z]", token) and not _STARTS_A_SENTENCE.match(text, end)
            ):
                continue
            if token in _MONTH_ABBREVIATIONS and _DAY_NEXT.match(text, end):
                continue  # "pleaded guilty Aug. 22, 2023": a month, not the sentence's end
            following = text[end : end + 1]
            if token[-1:].isdigit() and following.isdigit():
                continue
            if (
                re.fullmatch(r"[A-Z]", text[match.start() - 1 : match.start()])
                and (match.start() < 2 or not text[match.start() - 2].isalpha())
                and not _STARTS_A_SENTENCE.match(text, end)
            ):
                continue  # an initial: "survivor P. (pseudonym ...)"
        _append_trimmed(spans, text, start, end)
        start = end
    _append_trimmed(spans, text, start, len(text))
    return spans


def _last_word(text: str, start: int, end: int) -> str:
    """The word (letters, digits, "/" and ".") that ends at ``end``: read backwards, not by a
    search from the sentence's start."""
    at = end
    while at > start and (text[at - 1].isalnum() or text[at - 1] in "_/."):
        at -= 1
    return text[at:end]


def _append_trimmed(spans: list[tuple[int, int]], text: str, start: int, end: int) -> None:
    part = text[start:end]
    stripped = part.strip()
    if stripped:
        start += len(part) - len(part.lstrip())
        spans.append((start, start + len(stripped)))


@lru_cache(maxsize=8192)
def clauses(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The clauses of a sentence (cached: the dating and event stages ask for the same ones; a
    string's hash is computed once, so the key costs little). Do not change the list."""
    found = []
    position = start
    for match in _CLAUSE_SPLIT.finditer(text, start, end):
        found.append((position, match.start()))
        position = match.start()
    found.append((position, end))
    return found
