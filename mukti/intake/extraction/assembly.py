"""The draft: every stage run over one narrative, and their findings put together in the object
the extraction contract describes."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from mukti.intake.dates import DateMention, resolve
from mukti.intake.extraction.counts import count_people
from mukti.intake.extraction.dating import date_item, in_cue_clause, newest_full
from mukti.intake.extraction.events import find_events, letter_event
from mukti.intake.extraction.facts import case_facts
from mukti.intake.extraction.lists import Gazetteer, default_gazetteer
from mukti.intake.extraction.officials import find_officials, find_organisations
from mukti.intake.extraction.people import (
    find_accused,
    find_staff,
    find_unnamed_victims,
    find_victims,
)
from mukti.intake.extraction.places import find_places
from mukti.intake.extraction.text import normalise, sentences


def _head_date(text: str, mentions: list[DateMention]) -> DateMention | None:
    """The date a letter gives itself in its head ("Date: 18.10.2021", "Dated 19/01/2024")."""
    for m in mentions:
        if m.start > 600:
            break
        before = text[max(0, m.start - 12) : m.start]
        if (
            m.date is not None
            and m.granularity == "day"
            and re.search(r"\bDated?\s*:?\s*$", before)
        ):
            return m
    return None


def _letter_date(
    text: str, mentions: list[DateMention], reference: dt.date | None
) -> DateMention | None:
    """The date a letter gives itself ("Date: 18.10.2021" in its head), else the date the
    narrative last stated, else the reference date."""
    for m in mentions:
        if m.start > 600:
            break
        before = text[max(0, m.start - 12) : m.start]
        if m.date is not None and re.search(r"\bDated?\s*:?\s*$", before):
            return m
    told = [m for m in mentions if m.date is not None and m.anchors]
    if told:
        return told[-1]
    if reference is None:
        return None
    return DateMention("reference", 0, 0, "", {}, reference, "day")


# What a letter does as it is written ("we are referring her to the Committee", "we hereby refer
# her case to your office"): done on the letter's day (its "Date:", else the day it was sent),
# not on the last day its story told; and it is the letter's own act, so the letter is not
# counted again as a contact (seventh pass).
_LETTER_ACTS = frozenset(
    {"trigger:referred.we_are_referring", "trigger:referred.we_refer_transfer_case"}
)


def _date_letter_acts(
    events: list[dict[str, Any]], head: DateMention | None, reference: dt.date | None
) -> bool:
    acts = [e for e in events if e["rule"] in _LETTER_ACTS]
    day = head.date if head is not None else reference
    for event in acts:
        if day is not None:
            event["date"], event["date_precision"] = day.isoformat(), "day"
            event["date_inherited"] = True
    return bool(acts)


class Extractor:
    def __init__(self, gazetteer: Gazetteer | None = None) -> None:
        self.gazetteer = gazetteer or default_gazetteer()

    def extract(
        self, raw: str, *, reference_date: dt.date | None = None, source: str = ""
    ) -> dict[str, Any]:
        text = normalise(raw)
        sentence_spans = sentences(text)
        mentions = resolve(
            text, reference_date, hypothetical=lambda m: in_cue_clause(text, sentence_spans, m)
        )
        anchor = reference_date or newest_full(mentions)
        staff = find_staff(text)
        victims = find_victims(text, sentence_spans, staff, self.gazetteer)
        people = staff | {v["name"] for v in victims}
        places = [p for p in find_places(text, self.gazetteer) if p["name"] not in people]
        officials = find_officials(text, self.gazetteer)
        organisations_found = find_organisations(text)
        events = find_events(raw, text, sentence_spans, mentions, reference_date)
        letter_day = _letter_date(text, mentions, reference_date)
        acts = _date_letter_acts(events, _head_date(text, mentions), reference_date)
        letter = letter_event(raw, text, letter_day)
        if letter is not None and not acts:
            events.append(letter)  # told last: the letter is written after what it reports
        unnamed = [] if victims else find_unnamed_victims(text, sentence_spans)
        officials_named = {o["name"] for o in officials if o.get("name")}
        find_accused(text, events, people | officials_named, self.gazetteer)
        return {
            "source": source,
            "reference_date": anchor.isoformat() if anchor else None,
            "victims": victims,
            # Survivors the text does not name ("a 15-year-old girl", "six minors"), read only
            # when it names none: the review lists them with the named, for a pseudonym each.
            "unnamed_victims": unnamed,
            "places": places,
            "officials": officials,
            "organisations": organisations_found,
            "events": events,
            "arrests": count_people(text, events, "arrest"),
            "victims_rescued": count_people(text, events, "rescue"),
            "dates": [date_item(m) for m in mentions],
            "case": case_facts(text, events, victims + unnamed),
        }


def extract(
    text: str,
    *,
    reference_date: dt.date | None = None,
    source: str = "",
    gazetteer: Gazetteer | None = None,
) -> dict[str, Any]:
    return Extractor(gazetteer).extract(text, reference_date=reference_date, source=source)
