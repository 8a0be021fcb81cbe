"""Facts about the whole case the text states: the type(s) of exploitation, whether a survivor is
a minor, and how far the case has come (its status). Each names the rule and the words it was
read from, so that the caseworker sees why before she keeps or changes it."""

from __future__ import annotations

import re
from typing import Any

from mukti.intake.guards import guarded

# HTCDS/CTDC types of exploitation (cases.models.Exploitation), each with the words that say it.
EXPLOITATION_RULES: list[tuple[str, str, re.Pattern[str]]] = [
    ("exploitation:sexual", "sexual", guarded(re.compile(
        r"\bsexual(?:ly)?\s+exploit\w*|\bbrothels?\b|\bprostitution\b|\bsex\s+(?:work|trade)\b"
        r"|\bflesh\s+trade\b|\bred[- ]light\b|\bforced\s+into\s+sex|\bescort\s+service"
        r"|\bimmoral\s+traffic|\bcommercial\s+sexual", re.IGNORECASE))),
    ("exploitation:labour", "labour", guarded(re.compile(
        r"\bbrick[- ]?kilns?\b|\bbonded\s+labou?r|\bforced\s+labou?r|\bchild\s+labou?r"
        r"|\blabou?r\s+trafficking|\bfactor(?:y|ies)\b|\bgarment\s+unit|\bfarm\s+labou?r"
        r"|\bconstruction\s+site|\bfishing\s+boat|\bspinning\s+mill", re.IGNORECASE))),
    ("exploitation:domestic", "domestic", guarded(re.compile(
        r"\bdomestic\s+(?:work\w*|help|servitude|servant|maid)|\bhousemaid\b|\bmaid\b",
        re.IGNORECASE))),
    ("exploitation:marriage", "marriage", guarded(re.compile(
        r"\bforced\s+(?:into\s+)?marriage|\bsold\s+(?:off\s+)?(?:into|for)\s+marriage"
        r"|\bmarried\s+off\b|\bbride\s+trafficking|\bchild\s+marriage", re.IGNORECASE))),
    ("exploitation:begging", "begging", guarded(re.compile(
        r"\bforced\s+(?:to\s+)?beg\w*|\bbegging\s+(?:racket|gang)", re.IGNORECASE))),
]  # fmt: skip

_MINOR = guarded(
    re.compile(
        r"\bminors?\b|\b(?:1[0-7]|[2-9])[- ]year[- ]old\b|\baged\s+(?:1[0-7]|[2-9])\b"
        r"|\bPOCSO\b|\bunder[- ]age\b|\bunderage\b|\bschool\s*girls?\b",
        re.IGNORECASE,
    )
)

# How far the case has come, by the latest kind of event the text reports (the case lifecycle).
_STATUS_BY_EVENTS = [
    ("status:in_care", "in_care", {"shelter_placement", "repatriation"}),
    ("status:rescued", "rescued", {"rescue"}),
    ("status:rescue_pending", "rescue_pending", {"location_identified", "verified"}),
    ("status:locating", "locating", {
        "information_received", "authority_contacted", "referred", "unable_to_trace",
        "rescue_deferred", "rescue_attempt_failed",
    }),
]  # fmt: skip


def case_facts(
    text: str, events: list[dict[str, Any]], victims: list[dict[str, Any]]
) -> dict[str, Any]:
    exploitation = []
    for rule, value, pattern in EXPLOITATION_RULES:
        match = pattern.search(text)
        if match:
            exploitation.append(
                {"value": value, "rule": rule, "span": [match.start(), match.end()]}
            )
    minor: dict[str, Any] = {"value": None, "rule": None, "span": None}
    if any(v.get("minor") for v in victims):
        first = next(v for v in victims if v.get("minor"))
        minor = {"value": True, "rule": "minor:survivor", "span": first.get("span")}
    else:
        match = _MINOR.search(text)
        if match:
            minor = {"value": True, "rule": "minor:words", "span": [match.start(), match.end()]}
    types = {e["type"] for e in events}
    status: dict[str, Any] = {"value": "intake", "rule": "status:no_event", "span": None}
    for rule, value, wanted in _STATUS_BY_EVENTS:
        if types & wanted:
            found = next(e for e in reversed(events) if e["type"] in wanted)
            status = {"value": value, "rule": rule, "span": found["span"]}
            break
    return {"exploitation": exploitation, "minor": minor, "status": status}
