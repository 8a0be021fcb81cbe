"""The scanning shortcuts of guards.py give the same matches as the patterns they stand for."""

from __future__ import annotations

import re

from mukti.intake.guards import (
    CAPITAL_AT_WORD_START,
    at_word_start,
    literal_prefixes,
    lowered_alike,
)

_TEXTS = [
    "Rescued Meena, 15, was found; xRescued Sita. éMeena* _Meena* 1Meena* Meena*",
    "the rescue of Rita. ArescuedSita. her name was Lata; ther name was Lata",
    "Survivor: P (17) ÜSurvivor: Q. women, Rina (14). Jharkhand police station",
]


def test_at_word_start_matches_as_a_word_boundary_does() -> None:
    pairs = [
        (
            r"\b(?:case|return|rescue|story)\s+of",
            at_word_start("case", "return", "rescue", "story") + r"\s+of",
        ),
        (r"\b(?:her|his)\s+name", at_word_start("her", "his") + r"\s+name"),
        (r"\b[A-Z][a-z]{2,}\*?", CAPITAL_AT_WORD_START + r"[a-z]{2,}\*?"),
    ]
    for plain, fast in pairs:
        for text in [*_TEXTS, " ".join(_TEXTS)]:
            assert [m.span() for m in re.finditer(plain, text)] == [
                m.span() for m in re.finditer(fast, text)
            ]


def test_literal_prefixes_read_optional_parts_and_classes() -> None:
    found = literal_prefixes(r"\b(?:the\s+)?(?:women|girls?)\b")
    assert found is not None and set(found) == {"the", "women", "girl", "girls"}
    found = literal_prefixes(r"\b(?P<count>\d+|a\s+few)\s+days")
    assert found is not None and set(found) == {*"0123456789", "a"}
    assert literal_prefixes(r"\b(?:\w+\s+)?sold") is None  # any word first: not told


def test_lowered_alike_only_when_every_slice_lowers_alike() -> None:
    assert lowered_alike("Rescued AT Kolkata") == "rescued at kolkata"
    assert lowered_alike("\u0130stanbul") is None  # lowers to two characters
    assert lowered_alike("ΟΔΟΣ") is None  # a final sigma lowers by what surrounds it
