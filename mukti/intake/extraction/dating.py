"""Which date each event happened on: a date in its clause, else the nearest in its sentence,
else the date the narrative last stated; and the dates read, as output items."""

from __future__ import annotations

import bisect
import datetime as dt
import re
from typing import Any

from mukti.intake.dates import DateMention, in_dateline
from mukti.intake.extraction.text import CUES, clauses

_RELATIVE_CLAUSE = re.compile(r"[\s,]*(?:who|which|whom)\b")
_PLUPERFECT = re.compile(r"\bhad\s+(?:been\s+)?\w+(?:ed|en|ken|ght|ne)\b")
_APPOSITIVE = re.compile(r"\s*(?:on|in|i\.e\.|that\s+is)?\s*", re.IGNORECASE)
_UNTIL = re.compile(r"\b(?:till|until|up\s+to|upto)\s+(?:the\s+)?$", re.IGNORECASE)
# The end of a stretch that a date before it opened ("from at least March 2021 through November
# 2024", "from 2019 to 2022"): the stretch started at the first (sixth pass).
# "From in or about June 2018 through in or about March 2020", as US releases write it (seventh
# pass).
_THROUGH = re.compile(
    r"\b(?:through|thru|to|and)\s+(?:about\s+|at\s+least\s+|in\s+or\s+about\s+|approximately\s+)?$",
    re.IGNORECASE,
)
_FROM_BEFORE = re.compile(
    r"\b(?:[Ff]rom|[Ss]ince|[Bb]etween)\s+(?:at\s+least\s+|about\s+|in\s+or\s+about\s+"
    r"|approximately\s+)?"
)
_REPORTED = re.compile(
    r"\b(?:stated|said|told\s+(?:\w+\s+){0,3}?|disclosed|alleged|claimed|revealed|confessed)"
    r"\s+that\b"
)
_FLASHBACK = re.compile(
    r"\b(?:earlier|ago|previously|before\s+that|(?:days?|weeks?|months?|years?)\s+back)\b"
)
# A past perfect, told as background ("She had been trafficked in 2019", "her mother had filed
# a diary in March 2022", "had sold her"): not "had to", "had a", "had no".
BACKGROUND_TENSE = re.compile(
    r"\bhad\s+(?:(?:already|earlier|previously|also|first|once|just|even)\s+)?"
    r"(?:been|\w+(?:ed|en|ght|ne|wn|ld|ft|st|nt|un|ot|et|ok|id|pt|ade|ame)\b)"
)
# Dates counted back from the writer's own day ("last year", "two years ago") or a bare year.
_BACKWARD_KINDS = frozenset({"relative_last", "relative_ago", "year", "year_part"})
# A date in a document's head ("Date: 14.08.2025", "Judgment pronounced on"), or a dateline: the
# day it was written, not a day the story reached.
_HEAD_DATE = re.compile(
    r"\b(?:[Dd]ated?|[Dd]ecided|[Pp]ronounced|[Dd]elivered|[Jj]udg(?:e)?ment|[Rr]eleased?)\b[^\n]*$"
)
# Steps of an operation and what follows it (ANNOTATION.md's order): told in the simple past
# after a flashback, they go back to the date the story had reached before it (what came
# before a rescue, a contact or a tip-off, may continue the flashback and keeps its date).
_AFTER_THE_OPERATION = frozenset(
    {
        "shelter_placement",
        "medical_care",
        "statement_recorded",
        "repatriation",
        "court_hearing",
        "conviction",
        "rescue",
        "arrest",
        "evidence_collected",
        "fir_registered",
    }
)


# A verb between a date and a relative clause ("rescued on 7 January from a house where she
# had been kept"): the clause is not the date's own.
_VERB_BEFORE = re.compile(r"\b(?:was|were|\w+ed)\b")


def in_cue_clause(text: str, sentence_spans: list[tuple[int, int]], m: DateMention) -> bool:
    """A date in a future, negated or hypothetical clause ("would ... next day") is no anchor."""
    if _BIRTH.search(text, max(0, m.start - 40), m.start):
        return True  # "her date of birth as 14.06.2002": no day of the story (eighth pass)
    at = bisect.bisect_right(sentence_spans, (m.start, len(text) + 1)) - 1
    if at < 0 or not sentence_spans[at][0] <= m.start < sentence_spans[at][1]:
        return False
    sentence = sentence_spans[at]
    clause = next(
        (c, e) for c, e in clauses(text, *sentence) if c <= m.start < e or e == sentence[1]
    )
    # The flashback's own part of the clause (between commas): "who went missing a fortnight
    # ago, was rescued late on Friday" blocks the fortnight, not the Friday.
    part_start = max(clause[0], text.rfind(",", clause[0], m.start) + 1)
    if _APPOSITIVE.fullmatch(text, part_start, m.start):  # "a week earlier, on 4 November"
        part_start = max(clause[0], text.rfind(",", clause[0], max(part_start - 1, 0)) + 1)
    part_end = text.find(",", m.end, clause[1])
    if _FLASHBACK.search(text, part_start, clause[1] if part_end < 0 else part_end):
        m.anchors_blocked = True
    own_end = clause[1] if part_end < 0 else part_end
    relative = _RELATIVE_AFTER.search(text, m.end, own_end)
    if relative and not _VERB_BEFORE.search(
        text[part_start : relative.start()].replace(m.text, "")
    ):
        # "In March 2021 an agent who lived in her village had taken her": a relative clause on
        # the subject, before any verb, leaves the sentence's own tense to tell a flashback
        # (review of the tenth pass).
        relative = None
    if m.kind in _BACKWARD_KINDS or BACKGROUND_TENSE.search(
        text, part_start, relative.start() if relative else own_end
    ):
        # "She had been trafficked in 2019 by an agent", "police rescued them last year", "a
        # case filed two years ago": told from the writer's present, or before the story's day.
        m.extra["background"] = True
    opened = text.rfind(" ", clause[0], max(clause[0], m.start - 1))
    if _THROUGH.search(text, max(clause[0], m.start - 30), m.start) and _FROM_BEFORE.search(
        text, max(clause[0], m.start - 60), max(clause[0], opened)
    ):
        m.anchors_blocked = True  # "from March 2021 through November 2024": the stretch's end
        m.extra["until"] = True
    if _UNTIL.search(text, max(clause[0], m.start - 12), m.start):
        m.anchors_blocked = True  # "remanded till March 13": the end of a period, not a day told
        m.extra["until"] = True  # nor the date of the event it ends
    opener = _ACTING_ON.match(text, sentence[0], m.start)
    if opener and "," not in text[opener.end() : m.start]:
        # "Acting on a tip-off received on Sunday, RPF personnel checked the train": the
        # tip-off's day, told after the rescue's, is background (seventh pass).
        m.extra["background"] = True
    if _REPORTED.search(text, sentence[0], m.start):
        m.extra["reported"] = True  # "The victim stated that ... in the first week of February"
    if m.kind == "relative_last" and _PLUPERFECT.search(text, clause[0], clause[1]):
        m.anchors_blocked = True  # "had taken two other girls to Mumbai last year"
    return any(
        not (_ATTEMPT.match(cue.group(0)) and _WHILE.search(text, clause[0], cue.start()))
        for cue in CUES.finditer(text, clause[0], m.start)
    )


# A relative clause after the date ("was rescued on 7 January from a house where she had been
# kept"): its past perfect is the house's story, not the tense of the step the date dates
# (tenth pass).
_RELATIVE_AFTER = re.compile(r"\b(?:where|who|whom|whose|which)\b")


# A date of birth: it neither dates a step nor is a day the story reached.
_BIRTH = re.compile(
    r"\b(?:date\s+of\s+birth|D\.?O\.?B\.?|born)\s*(?:is\s+|was\s+|as\s+|on\s+|in\s+|:\s*|-\s*)?"
    r"(?:recorded\s+as\s+|given\s+as\s+)?$",
    re.IGNORECASE,
)
# "detained three women while they were trying to cross the border on Wednesday night": the
# attempt was made, and its day is the day of what interrupted it (seventh pass).
_ACTING_ON = re.compile(
    r"(?:[Aa]cting|[Aa]cted)\s+(?:up)?on\b|[Oo]n\s+the\s+basis\s+of\b|[Bb]ased\s+on\b"
)
_ATTEMPT = re.compile(r"[Tt]rying\s+to")
_WHILE = re.compile(r"\b(?:while|when)\b")


def newest_full(mentions: list[DateMention]) -> dt.date | None:
    dates = [
        m.date
        for m in mentions
        if m.date and m.kind in ("iso_date", "numeric_date", "day_month_year", "month_day_year")
    ]
    return max(dates) if dates else None


class MentionIndex:
    """Date mentions by position, and the last anchoring one before any point, by bisection."""

    def __init__(self, mentions: list[DateMention], text: str = "") -> None:
        self.mentions = mentions
        self.text = text
        self.starts = [m.start for m in mentions]
        self.anchors = [m for m in mentions if m.date is not None and m.anchors]
        self.anchor_ends = [m.end for m in self.anchors]

    def between(self, start: int, end: int) -> list[DateMention]:
        low = bisect.bisect_left(self.starts, start)
        high = bisect.bisect_left(self.starts, end)
        return self.mentions[low:high]

    def first_anchor_after(self, position: int) -> DateMention | None:
        at = bisect.bisect_left(self.anchor_ends, position + 1)
        while at < len(self.anchors) and self.anchors[at].start < position:
            at += 1
        return self.anchors[at] if at < len(self.anchors) else None

    def last_anchor_before(self, position: int) -> DateMention | None:
        at = bisect.bisect_right(self.anchor_ends, position) - 1
        return self.anchors[at] if at >= 0 else None

    def before_flashback(self, position: int) -> DateMention | None:
        """The last anchoring date before ``position`` if it was told in a flashback (a past
        perfect clause) and the story had reached a later date before that flashback: the
        later one; else None."""
        at = bisect.bisect_right(self.anchor_ends, position) - 1
        if at < 0 or not self.anchors[at].extra.get("background"):
            return None
        flashback = self.anchors[at]
        while at >= 0 and self.anchors[at].extra.get("background"):
            at -= 1
        if at < 0:
            return None
        told = self.anchors[at]
        line_start = self.text.rfind("\n", 0, told.start) + 1
        if _HEAD_DATE.search(self.text, line_start, told.start) or in_dateline(self.text, told):
            return None
        assert told.date is not None and flashback.date is not None
        return told if told.date > flashback.date else None


def date_for(
    index: MentionIndex,
    s_start: int,
    s_end: int,
    t_start: int,
    text: str,
    kind: str = "",
    others: tuple[int, ...] = (),
) -> tuple[DateMention | None, str | None, str | None]:
    """The date an event at ``t_start`` happened: a date in its clause, else the nearest in its
    sentence (before it first), else the date the narrative last stated (inherited)."""
    inside = index.between(s_start, s_end)
    times = [m for m in inside if m.is_time]
    dates = [m for m in inside if not m.is_time]
    time = min(times, key=lambda m: abs(m.start - t_start)).time if times else None
    notes = [m.note for m in dates if m.date is None and m.note]
    resolved = [
        m
        for m in dates
        if m.date is not None
        and not m.hypothetical
        and not m.extra.get("until")
        and not _is_dateline(text, m)
    ]
    datelines = [m for m in dates if m.date is not None and _is_dateline(text, m)]
    if not resolved and datelines:
        # The lede of a release under its dateline ("Kolkata, 27 April 2023: troops rescued
        # three women"): the day it was released, not the day it happened, which the body
        # tells next (the dateline's own day if the body tells none).
        after = index.first_anchor_after(s_end)
        return copy_inherited(after if after is not None else datelines[0]), time, None
    resolved = [
        m
        for m in resolved
        if not _told_past_after(text, t_start, m)
        and not _said_earlier_after(text, t_start, m)
        and not _another_event_s(text, t_start, m, others)
    ]
    if resolved:
        clause_spans = clauses(text, s_start, s_end)
        clause = next(((c, e) for c, e in clause_spans if c <= t_start < e), (s_start, s_end))
        same_clause = [m for m in resolved if clause[0] <= m.start < clause[1]]
        soon_after = [
            m
            for m in same_clause
            if t_start <= m.start < t_start + 80
            and not _NEXT_PART.search(text, max(t_start, m.start - 24), m.start)
        ]  # not "rescued two girls and on 3 March the accused was arrested": the next part's
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
                if m.start > t_start
                and not _in_relative_clause(text, clause_spans, m.start)
                and not _NEXT_PART.search(text, max(t_start, m.start - 24), m.start)
                and not getattr(m, "anchors_blocked", False)
            ]  # not a flashback told after it ("; the occupants had left a week earlier")
            chosen = earlier[-1] if earlier else (later[0] if later else None)
        if chosen is None:
            return _inherited(index, s_start), time, None
        chosen.span_inherited = False
        return chosen, time, None
    if notes:
        return None, time, notes[0]
    if kind in _AFTER_THE_OPERATION and not BACKGROUND_TENSE.search(text, s_start, s_end):
        # "On 4 March the police raided ... She had been trafficked in 2019 ... She was sent
        # to a shelter": the shelter is the raid's, not the flashback's.
        told = index.before_flashback(s_start)
        if told is not None:
            return copy_inherited(told), time, None
    return _inherited(index, s_start), time, None


def _another_event_s(text: str, t_start: int, m: DateMention, others: tuple[int, ...]) -> bool:
    """Whether ``m``, told after the trigger, dates another event of the sentence told between
    them: "were medically examined and produced before the CWC on Friday" (the production's
    day, not the examination's), "was sent to a home and restored to her family in July"
    (tenth pass)."""
    if m.start <= t_start or _ON_INFORMATION.search(text, max(0, t_start - 40), t_start + 40):
        return False  # "On information that ..., the AHTU raided ... on 20 October": one step
    return any(
        t_start < other < m.start and _NEXT_STEP.search(text, t_start, other) for other in others
    )


_ON_INFORMATION = re.compile(
    r"\b(?:[Oo]n|[Aa]cting\s+on|[Bb]ased\s+on|[Oo]n\s+the\s+basis\s+of)\s+(?:an?\s+|the\s+)?"
    r"(?:credible\s+|secret\s+|specific\s+|reliable\s+)?(?:information|tip-?off|input|complaint)"
)


# What opens the next step of a story inside a sentence: ", and she was", ", but the first
# attempt", "and were later", "before being", "after her rescue". Verbs joined by a bare "and"
# ("was medically examined and produced before the CWC on 8 June", "rescued five minors and
# arrested two women ... on 19 September") share the date told after them.
_NEXT_STEP = re.compile(
    r"[,;]\s*but\s|[,;]\s*(?:and\s+|but\s+)?(?:then\s+)?(?:(?:she|he|they|we|it)\s"
    r"|(?:the|her|his|their|its|a|an)\s[^,;.]{0,40}?\b(?:was|were|had|has|have)\b)"
    r"|(?<!\bthe\s)\b(?:later|then|thereafter|subsequently|before\s+being"
    r"|after(?!\s+(?:midnight|dark|sunset|sundown|dawn|\d)))\b"
)


# "Mother said the girl called yesterday": a "yesterday" or "last night" told in reported
# speech dates what was told, not the rest of the chat line (review of the tenth pass).
_SAID_BEFORE = re.compile(r"\b(?:said|says|told|tells|informed|reported)\b(?![^.!?\n]*[.!?])")
_THAT = re.compile(r"\bthat\b")
# A date that opens the next part of a sentence: "..., and on 3 March", "and then in May".
_NEXT_PART = re.compile(
    r"(?:,|\b(?:and|but|while|then))\s+(?:then\s+|later\s+)?(?:on|in|by)\s+(?:the\s+)?$"
)


def _told_past_after(text: str, t_start: int, m: DateMention) -> bool:
    """Whether ``m`` dates a past perfect told after the trigger, in what was said: "The women
    told police that they had been brought from Jharkhand a week earlier" (the telling is not
    that day)."""
    if m.start <= t_start or not m.extra.get("background"):
        return False
    that = _THAT.search(text, t_start, m.start)
    return bool(that and BACKGROUND_TENSE.search(text, that.end(), m.start))


_SAID = re.compile(r"\b(?:said|says|told|stated|claimed|according\s+to)\b")


def _said_earlier_after(text: str, t_start: int, m: DateMention) -> bool:
    """Whether ``m`` is a flashback in what someone said after the trigger: "The room was empty,
    neighbours said the family left two days earlier" (the room was found empty that day, not
    two days before; seventh pass)."""
    return (
        m.start > t_start
        and getattr(m, "anchors_blocked", False)
        and not m.extra.get("until")
        and bool(_SAID.search(text, t_start, m.start))
    )


def _is_dateline(text: str, m: DateMention) -> bool:
    """A date in a dateline: a place, a comma and the date at a paragraph's start, then a colon
    or a dash ("KOLKATA, March 4:", "Kolkata, 27 April 2023:", "JHENAIDAH, Aug 3 -")."""
    found = m.extra.get("dateline")
    if found is None:
        found = m.extra["dateline"] = in_dateline(text, m)
    return bool(found)


def _in_relative_clause(text: str, clause_spans: list[tuple[int, int]], position: int) -> bool:
    clause = next(((c, e) for c, e in clause_spans if c <= position < e), None)
    return bool(clause and _RELATIVE_CLAUSE.match(text, clause[0], clause[1]))


def inherited_at(index: MentionIndex, position: int) -> DateMention | None:
    """The date the narrative last stated before ``position``, as an inherited date."""
    return _inherited(index, position)


def _inherited(index: MentionIndex, s_start: int) -> DateMention | None:
    chosen = index.last_anchor_before(s_start)
    if chosen is None:
        return None
    if index.text and "\n" not in index.text[chosen.end : s_start]:
        # A chat message or a note's line that told "last night" or "yesterday" (which does not
        # move the lines below off the line's own day): its next sentences on that line are
        # that day too ("[7/9] Police raided the house last night. 2 women arrested"; tenth
        # pass).
        told = [
            m
            for m in index.between(chosen.end, s_start)
            if m.kind == "relative_next"
            and m.date is not None
            and not m.hypothetical
            and not m.anchors
            and chosen.date is not None
            and m.date < chosen.date
            and not _SAID_BEFORE.search(index.text, max(chosen.end, m.start - 60), m.start)
        ]
        if told:
            return copy_inherited(told[-1])
    return copy_inherited(chosen)


def copy_inherited(chosen: DateMention) -> DateMention:
    """``chosen`` as a date an event takes from elsewhere in the text."""
    inherited = DateMention(
        chosen.kind, chosen.start, chosen.end, chosen.text, chosen.groups, chosen.date,
        chosen.granularity, chosen.approximate,
    )  # fmt: skip
    inherited.span_inherited = True
    return inherited


def date_item(m: DateMention) -> dict[str, Any]:
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
