"""Events: each trigger list scanned once over the text, its matches sorted into sentences, at
most one event of a type per sentence, dated, and a sentence that tells the one before again
folded into it."""

from __future__ import annotations

import bisect
import datetime as dt
import re
from typing import Any

from mukti.intake.dates import HINDI_FUTURE, DateMention
from mukti.intake.extraction.dating import (
    MentionIndex,
    copy_inherited,
    date_for,
    inherited_at,
    newest_full,
)
from mukti.intake.extraction.lists import Trigger, trigger_index, triggers
from mukti.intake.extraction.text import CUES, clauses
from mukti.intake.guards import lowered_alike

# A section's name alone on its line: up to three capitalised words, perhaps numbered.
_SECTION_HEADING = re.compile(r"(?:\d{1,2}[.)]\s*)?[A-Z][\w'-]*(?:\s+[A-Z&][\w'-]*){0,2}")
# A section's name that opens its paragraph, with a full stop or a colon ("Repatriation. The
# shelter sent ...", "Steps towards repatriation." over a list, "Handover. On 11 November"): up
# to four words, no verb's form (not "Rescued.", "Raid done."), no short name in capitals, no
# place or day word (not "FIR at Kotwali PS.", "Medical at Civil Hospital.", "CWC production
# today." on a note's lines); more text on its line, or a list or a blank line below it.
# _NO_SECTION_NAME: the words that make a short line a note's step, not a section's name.
_NAMED_PARAGRAPH = re.compile(
    r"(?:\d{1,2}[.)]\s*)?[A-Z][a-z'-]*(?:[ \t]+(?:[a-z'-]+|and|&)){0,3}[ \t]*[.:]"
    r"(?=[ \t]+\S|[ \t]*\n[ \t]*(?:\n|[-*\u2022\u2013\d]))"
)
_NO_SECTION_NAME = re.compile(
    r"\b(?:\w+(?:ed|en|ing)|done|held|sent|found|got|made|took|gave|went|came|met|told|said|"
    r"was|were|is|are|has|have|had|hua|gaya|gayi|mila|mili|at|in|on|to|today|tomorrow|yesterday"
    r"|tonight|tmrw)\b",
    re.IGNORECASE,
)
# The label of a list below it, alone on its line: "Arrested accused:", "Details of rescued
# persons:".
_LIST_LABEL = re.compile(r"[A-Z][\w'-]*(?:[ \t]+[\w'-]+){0,4}[ \t]*:")
# Where every trigger starts: a word, or a number starting with 1 (the statement's sections,
# "183 done"; the index finds nothing for other numbers).
_WORD_START = re.compile(r"\b[A-Za-z1]", re.ASCII)
_AFTER_ING = re.compile(r"^\s*After\s+\w+ing\b[^,]*,")
# Rules whose words also describe another event: dropped when the sentence has that event.
# "She was taken to the district hospital" is medical care (not trafficking); "the girls being
# held at the flat were rescued" is the rescue (the place was known before).
_AFTER_TRAFFICKING = frozenset(
    {"medical_care", "shelter_placement", "repatriation", "rescue", "court_hearing", "arrest",
     "other"}
)  # fmt: skip
# Sections that list plans, not what happened ("Next steps", "Way forward", "Prayer"): from the
# heading to the next heading (a short line without a full stop) or the end.
_PLAN_HEADING = re.compile(
    r"^[ \t]*(?:\d+[.)]\s*)?(?:next\s+steps?|way\s+forward"
    # Not a report's title: "Follow-up note on L.", "Follow-up visit to Canning" (seventh pass).
    r"|follow[- ]?up(?:\s+(?:plan|needed|actions?))?"
    r"(?!\s+(?:notes?|reports?|visits?|updates?|of|on|to|call|meeting|with|by|done|in)\b)"
    r"|plan(?:ned)?(?:\s+of\s+action)?|action\s+points|recommendations?|learnings|lessons\s+learn[et]d?"
    r"|requests?|prayer|we\s+(?:therefore\s+)?(?:\w+\s+)?(?:request|pray)|pending(?:\s+actions?)?"
    r"|to[- ]do|issues|enclosures?|encl\.|copy\s+to|cc"
    r"|what\s+(?:is|are|we)\s+(?:needed|required|need)|support\s+needed)\b[^\n]{0,60}$",
    re.IGNORECASE | re.MULTILINE,
)
_HEADING = re.compile(r"^[ \t]*(?![-*\u2022])[^\n.!?]{2,60}$", re.MULTILINE)
# A negation or a future right after the trigger: "release certificates not yet issued", "have
# not been", "release certificates will be given tomorrow", "FIR to be registered".
_NEGATED_AFTER = re.compile(
    r"\s*(?:(?:has|have|had|was|were|is|are)\s+(?:not|never|yet\s+to)|not\s+yet|yet\s+to\s+be"
    r"|(?:will|shall|would)\s+(?:\w+\s+)?(?:be|get)|(?:is|are)\s+(?:to\s+be|likely|expected)"
    r"|to\s+be\s+\w+ed"
    # A chat's bidding or plan in Hindi: "repatriation process start karo", "raid karenge".
    r"|(?:process\s+)?(?:start\s+|shuru\s+)?(?-i:karo|karenge|karwao|karwana|karna\s+hai|kar\s+do)"
    r"|(?-i:" + HINDI_FUTURE + r"))\b",
    re.IGNORECASE,
)
# Negated further on, its subject told in between: "release certificates under Section 12 of the
# Act have not been issued", "the FIR ... has not yet been registered".
_NEGATED_LATER = re.compile(
    r"[^.;:\n]*?\b(?:has|have)\s+(?:still\s+)?(?:not|never)\s+(?:yet\s+)?been\b", re.IGNORECASE
)
# A trigger that is only a noun ("Repatriation", "release certificates"), its verb a plan
# further on: "Repatriation of the Bihar children is planned in the second week of July", "Her
# statement u/s 164 CrPC to be recorded"; or a day to come or a wait, as chats write it:
# "Statement u/s 183 tomorrow", "CWC order for repatriation pending" (sixth pass; not "sent
# to a home pending inquiry", "made to pay her pending wages").
_TOMORROW = r"(?:tomorrow|tmrw|tmr|2mrw)"  # as chats spell it
_VERB_FORM = re.compile(r"\b(?:\w+(?:ed|en)|was|were|has|have|had|is|are|took|gave|went)\b", re.I)
_PLANNED_LATER = re.compile(
    r"[^;:\n]*?\b(?:(?:is|are)\s+(?:being\s+)?(?:planned|proposed|scheduled|likely|expected|awaited"
    r"|pending|to\s+be)|will\s+(?:be|take)|would\s+be|to\s+be\s+\w+(?:ed|en)"
    r"|" + _TOMORROW + r"|next\s+(?:week|month)|(?:pending|awaited)(?=\s*(?:[.;,!\n]|$)))\b",
    re.IGNORECASE,
)
# A chat's participle with the day to come in its clause: "Produced before CWC tmrw morning"
# (not "was produced ..., tomorrow she goes home": a comma ends the clause).
_TOMORROW_AFTER = re.compile(
    r"(?:(?!\band\b|\bbut\b)[^,;.!?\n]){0,30}?\b" + _TOMORROW + r"\b", re.I
)
_HAS_HAPPENED = re.compile(r"\b(?:was|were|been|has|have|had|is|are)\s+$", re.I)
# A tally of a unit's work ("In the year 2023 so far, RPF has rescued 214 minors", "Till date
# the unit has rescued..."): a summary of many cases, not an event of this one.
_TALLY = re.compile(
    r"\b(?:so\s+far|till\s+date|to\s+date|since\s+its\s+(?:start|inception|launch)"
    r"|in\s+the\s+(?:last|past)\s+(?:\w+\s+)?(?:years|months))\b(?=[^.;\n]{0,80}?\b(?:has|have)\s+"
    r"(?:\w+\s+)?(?:rescued|arrested|apprehended|freed|registered|recovered|intercepted))"
    r"|\b(?:has|have)\s+(?:so\s+far|till\s+date|to\s+date)\s+(?:rescued|arrested|apprehended|freed)\b",
    re.IGNORECASE,
)
# A place checked, then "Nothing found" / "Found nothing": one failed attempt, told in two.
_CHECKED_RULES = frozenset({"trigger:verified.recce_checked"})
# One rescue operation, one arrest occasion, one sentencing, one seizure, one placement a day:
# told again the same day (a release's lede, then its body), it is the same one.
_ONE_A_DAY = frozenset(
    {"rescue", "arrest", "conviction", "evidence_collected", "shelter_placement"}
)
_PLUPERFECT_AT = re.compile(r"\bhad\s+(?:been\s+)?$")  # "who had been rescued": another, before
# What a release tells on the day it is released ("has been sentenced to 20 years"): its lede
# keeps the release's date.
_TOLD_THE_DAY_IT_IS_RELEASED = frozenset({"conviction", "court_hearing", "other"})
# Contacts and referrals told one after the other ("went to the SP, then to the AHTU, then back
# to the SP"): each is one, not the same told again.
_ONE_AFTER_ANOTHER = frozenset({"authority_contacted", "referred"})
# The authorities a sentence names, each by one name ("Superintendent of Police" is the SP): a
# contact with one the sentence before did not name is another contact.
_AUTHORITY_NAMED = re.compile(
    r"\b(?:(?P<sp>S\.?P\.?|Superintendent\s+of\s+Police)|(?P<ps>PS|P\.S\.|police\s+station|thana"
    r"|police\s+post|outpost)|(?P<ahtu>AHTU|Anti[- ]Human\s+Trafficking\s+Unit)|(?P<cwc>CWC|Child"
    r"\s+Welfare\s+Committee)|(?P<dm>DM|District\s+Magistrate|Collector)|(?P<sdm>SDM|Sub-Divisional"
    r"\s+Magistrate)|(?P<labour>[Ll]abour\s+(?:[Dd]epartment|[Oo]ffice|[Cc]ommissioner))"
    r"|(?P<embassy>[Ee]mbassy|High\s+Commission|[Cc]onsulate)|(?P<ssp>SSP|DCP|Commissioner\s+of\s+Police))\b"
)


def _authorities(text: str, start: int, end: int) -> set[str]:
    return {m.lastgroup or "" for m in _AUTHORITY_NAMED.finditer(text, start, end)}


_NEXT_ONE = re.compile(
    r"\b(?:then|again|back|afterwards|next|later|also|another|second|third)\b", re.I
)


# A letter addressed to an authority ("To, / The Superintendent of Police, / ..."): the letter
# is itself a contact with that authority, on the letter's date.
_LETTER = re.compile(
    r"\A(?:[^\n]*\n){0,10}?[ \t]*To,?[ \t]*\n(?P<to>(?:[^\n]*\n){1,4})"
    # "To the District Magistrate, Gaya" on one line (seventh pass)
    r"|\A(?:[^\n]*\n){0,10}?[ \t]*To,?[ \t]+(?P<to_line>the[ \t]+[^\n]{4,120}\n)",
    re.IGNORECASE,
)
_AUTHORITY = re.compile(
    r"\b(?:Superintendent|Magistrate|Committee|Officer|Commissioner|Collector|Chairperson"
    r"|Inspector|Police|SP|SSP|DM|SDM|CWC|AHTU|Tahsildar|Tehsildar|Labour|Embassy)\b"
)


# A note headed "Referral to the Child Welfare Committee": the note is itself the referral.
_REFERRAL_HEADING = re.compile(r"\A\s*(?P<to>Referral\s+(?:to|of)\b[^\n]{0,100})")


def letter_event(raw: str, text: str, when: DateMention | None) -> dict[str, Any] | None:
    kind, rule = "authority_contacted", "letter:addressed_to_authority"
    match = _LETTER.match(text)
    group = "to" if match is None or match.group("to") else "to_line"
    if not match or not _AUTHORITY.search(match.group(group)):
        match, group = _REFERRAL_HEADING.match(text), "to"
        if not match or not _AUTHORITY.search(match.group("to")):
            return None
        kind, rule = "referred", "letter:referral_heading"
    start, end = match.start(group), match.end(group)
    return {
        "type": kind,
        "date": when.iso() if when else None,
        "date_precision": when.precision() if when else "unknown",
        "time": None,
        "span": [start, end],
        "evidence": raw[start:end],
        "rule": rule,
        "trigger": [start, end],
    }


_BACKGROUND = re.compile(r"\bwho\s+(?:\w+\s+){0,2}$")
# An authority as the one who wrote or sent ("AHTU said they have written to the SSB", "the IO
# informed the GRP"): the matter sent on from one authority to another is a referral, not the
# NGO's own contact with an authority.
_AUTHORITY_SUBJECT = re.compile(
    r"\b(?:[Pp]olice|AHTU|IO|SP|SSP|DCP|OC|SHO|IC|SI|ASI|[Cc]ourt|CWC|Magistrate|Collector|DM|SDM"
    r"|RDO|GRP|RPF|SSB|BSF|BGB)\b(?:\s+[\w()-]+){0,3}?\s+(?:(?:said|says|told\s+\w+)\s+(?:that\s+)?"
    r"(?:they|he|she|it)\s+)?(?:(?:have|has|had)\s+(?:also\s+|already\s+)?)?$"
)


def _plan_sections(text: str) -> list[tuple[int, int]]:
    sections = []
    for heading in _PLAN_HEADING.finditer(text):
        end = len(text)
        for following in _HEADING.finditer(text, heading.end() + 1):
            if not _PLAN_HEADING.match(following.group(0)):
                end = following.start()
                break
        sections.append((heading.start(), end))
    return sections


_HEAD_LINE = re.compile(r"[ \t]*(?P<line>[^\n]*)\n?")
_STAMPED = re.compile(r"\d{1,2}[/.]\d{1,2}|[\[(*\u2022]|-\s")  # a note's date, a chat, a list
# "Priya di: ..." in a chat (not a letter's or a form's labels: "Subject:", "Date:", "Ref:").
_SPEAKER = re.compile(
    r"[ \t]*(?!(?:Sub(?:ject)?|Date|Dated|To|From|Ref|Re|Cc|Time|Place|Location|Venue|Name"
    r"|Case|File|Attn|Attention|Reported|Reporting|Prepared|Submitted|Address|Tel|Phone|Mobile|E-?mail|Age"
    r"|District|State|Police|PS|FIR|GD|Status|Type|Category|Victim|Accused|Survivor|Client)\b)"
    r"[A-Z][\w .'-]{0,24}:[ \t]+\S"
)
# A line in capitals may end in a bracket and stay in the head ("OFFICE OF THE SUPERINTENDENT OF
# POLICE, BERHAMPUR (GANJAM)"; ninth pass); a note's line that does ends it ("Rescued 3 girls
# from a hotel (with AHTU)").
_HEAD_END = re.compile(r"""[.!?:;"'”\]]\s*$""")
# Lines that open a body, not a head, though they end without a stop (seventh pass): a chat's or
# a field note's entry dated by a day with no year ("10 May - informed SSB", "Sun 1 June", "Mon
# 2 June"), a line told by the writer ("Yesterday evening the mother came to our office"; a
# headline does not say "we" or "our", nor open with "yesterday"). A dated head line has its
# year ("Thursday, May 16, 2024"), so it stays in the head.
_MONTH_WORD = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?"
    r"|Sep(?:t|tember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
)
_BODY_LINE = re.compile(
    r"[ \t]*(?:(?:(?:Mon|Tue|Tues|Wed|Thu|Thurs|Fri|Sat|Sun)(?:day|nesday|sday|urday|rsday)?,?\s+)?"
    r"(?:[0-3]?\d(?:st|nd|rd|th)?\s+"
    + _MONTH_WORD
    + r"|"
    + _MONTH_WORD
    + r"\s+[0-3]?\d(?:st|nd|rd|th)?)"
    r"(?![\w,]*\s*,?\s*\d{4})[ \t]*(?:$|[-\u2013\u2014:,][ \t]*\S)"
    r"|(?-i:Yesterday|Today|Tonight|Last\s+night|This\s+(?:morning|evening|afternoon))\s+\S+\s+\S+"
    r"|(?:Mon|Tue|Tues|Wed|Thu|Thurs|Fri|Sat|Sun)(?:day|nesday|sday|urday|rsday)?"
    r"[ \t]*(?::|[-\u2013][ \t])"
    r"|(?:\S+\s+){2,}?(?-i:we|our|us)\b(?:\s+\S+){2,})",
    re.IGNORECASE | re.MULTILINE,
)


def _headline(text: str, sentence_spans: list[tuple[int, int]]) -> int:
    """The end of a text's head: a headline, an office's name, "Press Release", a subject line
    ("Rescue of six minors; arrest of two accused") — the short lines without a full stop
    before its first sentence. What they name is told again, dated, in the body. 0 if none."""
    end = position = 0
    for _ in range(8):
        match = _HEAD_LINE.match(text, position)
        if match is None or match.end() == position:
            break
        line = match.group("line").rstrip()
        if line:
            if (
                len(line) > 160
                or _HEAD_END.search(line)
                or (line.endswith(")") and not line.isupper())
                or _STAMPED.match(line)
            ):
                break
            if _SPEAKER.match(line) and _SPEAKER.match(text, match.end()):
                break  # a chat: "Priya di: mother came to office", then another message
            if _BODY_LINE.match(line):
                break
            end = match.start("line") + len(line)
        position = match.end()
    return end


_SENDING = re.compile(
    r"(?:wr[io]te|written|sent|informed|forwarded|shared|passed|alerted|intimated)\b", re.IGNORECASE
)
_REFERRED_BY_AUTHORITY = Trigger(
    type="referred",
    blocked_by_cues=True,
    rule="trigger:referred.authority_to_authority",
    consumes_rest=False,
)

CONTEXT_RULES: dict[str, frozenset[str]] = {
    "trigger:trafficked.taken_brought_away": _AFTER_TRAFFICKING,
    "trigger:trafficked.taken": _AFTER_TRAFFICKING,
    "trigger:trafficked.took_them_away": _AFTER_TRAFFICKING,
    "trigger:trafficked.kept_confined": _AFTER_TRAFFICKING,
    "trigger:trafficked.took_person": _AFTER_TRAFFICKING,
    "trigger:trafficked.brought_person": _AFTER_TRAFFICKING,
    "trigger:trafficked.people_taken_to_place": _AFTER_TRAFFICKING,
    # "produced before the CWC, which handed them over to their parents": the placement that
    # follows the production is the restoration, not a shelter.
    "trigger:shelter_placement.produced_before_cwc": frozenset({"repatriation"}),
    "trigger:shelter_placement.produced_cwc_short": frozenset({"repatriation"}),
    # "The rescued girls were shifted to a rescue home": the placement, not where she was held.
    "trigger:location_identified.said_they_are_in": frozenset({"shelter_placement"}),
}


# Contacts with several authorities in one list ("we informed the District Child Protection
# Officer, the Assistant Commissioner of Labour and the Vedasandur police"): one contact each,
# as ANNOTATION.md counts them (eighth pass). The list runs from the verb to the first word that
# ends it (a purpose, a date, a "that" clause, a bracket); each part of it, between commas and
# "and", that names an authority is one contact.
_EACH_AUTHORITY = Trigger(
    type="authority_contacted",
    blocked_by_cues=True,
    rule="trigger:authority_contacted.each_authority_listed",
    consumes_rest=False,
)
_LIST_END = re.compile(
    r"[.;:!?\n\u2013\u2014]|\s-\s|\b(?:that|about|regarding|requesting|seeking|asking|with|for|on|in|"
    r"by|who|which|but|after|before|when|as|under|at|to\s+(?!the\b)[a-z]+)\b"
)
_LIST_PART = re.compile(r",\s*(?:and\s+)?(?:then\s+)?|\s+(?:and|&|\+)\s+(?:then\s+)?")
_LISTED_AUTHORITY = re.compile(
    r"\b(?:(?-i:SP|SSP|DSP|DCP|OC|IC|SHO|SDPO|AHTU|CWC|DCPU|DCPO|DM|SDM|BDO|RPF|GRP|SSB|BSF|BGB|DLSA"
    r"|SLSA|PS|RDO)|Childline|CHILDLINE|police|Police|thana|Thana|Collector|Commissioner|Magistrate"
    r"|Officer|Inspector|Committee|Commission|Embassy|Consulate|[Ll]abour\s+(?:[Dd]ept|[Dd]epartment"
    r"|[Oo]ffice)|Tahsildar|Tehsildar|Superintendent|Unit)\b"
)


def _listed_authorities(text: str, t_start: int, s_end: int) -> list[tuple[int, int]]:
    """The parts of the list of authorities a contact at ``t_start`` names, after its verb."""
    verb = re.match(r"[\w'-]+(?:\s+(?:to|with))?", text[t_start:s_end])
    start = t_start + (verb.end() if verb else 0)
    end_match = _LIST_END.search(text, start + 1, s_end)
    end = end_match.start() if end_match else s_end
    parts: list[tuple[int, int]] = []
    at = start
    joined_by_and = False
    for separator in _LIST_PART.finditer(text, start, end):
        by_and = "," not in separator.group(0) or "and" in separator.group(0)
        joined_by_and |= by_and
        if parts and not _OWN_PART.match(text, at):
            # "the OC, Basirhat PS, ...": the officer's station, not another authority
            parts[-1] = (parts[-1][0], separator.start())
        else:
            parts.append((at, separator.start()))
        at = separator.end()
    if parts and not _OWN_PART.match(text, at):
        parts[-1] = (parts[-1][0], end)
    else:
        parts.append((at, end))
    if not joined_by_and:
        return parts[:1]  # "Called Subhash Place PS, SHO on leave": one, not a series
    listed = [(a, b) for a, b in parts if _LISTED_AUTHORITY.search(text, a, b)]
    if len(listed) < 3:
        # "informed the Nuh Police and the SP": the dev narratives' first annotators counted
        # two authorities in one sentence as one contact, the third batch's as two; a list of
        # three or more is counted each ("and then to the CWC" is a contact of its own rule).
        return listed[:1]
    return listed


# A part of a list that names an authority of its own: "the ...", "to the ...", or an
# authority's short name ("AHTU Delhi", "SSB 47 Bn").
_OWN_PART = re.compile(
    r"(?:to\s+)?(?:the\s|our\s|(?-i:SP|SSP|DSP|DCP|OC|IC|SHO|SDPO|AHTU|CWC|DCPU|DCPO|DM|SDM|BDO|RPF"
    r"|GRP|SSB|BSF|BGB|DLSA|SLSA|RDO)\b|Childline|CHILDLINE|District\s|Labour\s|[Ll]ocal\s)"
)


def find_events(
    raw: str,
    text: str,
    sentence_spans: list[tuple[int, int]],
    mentions: list[DateMention],
    reference: dt.date | None = None,
) -> list[dict[str, Any]]:
    events: list[dict[str, Any]] = []
    # The day the release was written: its newest full date, or its reference date when that is
    # later ("A federal jury convicted him in February", after a story told up to 2021, in a
    # release of June 2023; seventh pass).
    newest = max((d for d in (newest_full(mentions), reference) if d is not None), default=None)
    # Each trigger runs once over the whole text (not once per sentence), and its matches
    # are sorted into sentences by bisection: linear in the text, even at 1 MB.
    starts = [s for s, _ in sentence_spans]
    kinds = len(triggers())
    per_sentence: dict[int, list[list[re.Match[str]]]] = {}  # only sentences with a match
    index = trigger_index()
    free_from = [0] * kinds  # a type's matches do not overlap
    lowered = lowered_alike(text)  # the text lowered once, not each slice read
    for word in _WORD_START.finditer(text):
        position = word.start()
        tried = -1
        for kind, prefix, pattern in index.row(text, lowered, position):
            if kind == tried or position < free_from[kind]:
                continue  # its first alternative that matches here has been found
            if prefix and not index.fits(text, lowered, position, prefix):
                continue
            match = pattern.match(text, position)
            if match is None:
                continue
            tried = kind
            at = bisect.bisect_right(starts, position) - 1
            if at >= 0 and match.end() > sentence_spans[at][1]:
                # It runs into the next sentence ("FIR?" then "FIR registered" a line below):
                # not this sentence's, and it must not hide a match inside what it ran over.
                continue
            if at >= 0:
                if at not in per_sentence:
                    per_sentence[at] = [[] for _ in range(kinds)]
                per_sentence[at][kind].append(match)
            free_from[kind] = max(match.end(), position + 1)
    by_position = MentionIndex(mentions, text)
    tallies = [m.start() for m in _TALLY.finditer(text)]
    plans = _plan_sections(text)
    headline_end = _headline(text, sentence_spans)
    lede = next((i for i, (a, _) in enumerate(sentence_spans) if a >= headline_end), -1)
    for sentence_index, (s_start, s_end) in enumerate(sentence_spans):
        if sentence_index not in per_sentence:
            continue
        if s_end <= headline_end or any(a <= s_start < b for a, b in plans):
            continue
        if _SECTION_HEADING.fullmatch(text, s_start, s_end) or (
            (s_start == 0 or text[s_start - 1] == "\n")
            and (section_name := _NAMED_PARAGRAPH.match(text, s_start)) is not None
            and section_name.end() == s_end
            and not _NO_SECTION_NAME.search(text, s_start, s_end)
        ):
            continue  # "3. Rescue", "Repatriation": the name of a section, not what happened
        if _BIDDING.match(text, s_start, s_end):
            continue  # "- Follow up with the Labour Department for release certificates"
        at_tally = bisect.bisect_left(tallies, s_start)
        if (at_tally < len(tallies) and tallies[at_tally] < s_end) or text[s_end - 1] == "?":
            continue  # a tally, or a question ("other 7 families found?")
        found, seconds = _sentence_events(
            text, s_start, s_end, per_sentence[sentence_index],
            trafficking_told=any(e["type"] == "trafficked" for e in events),
        )  # fmt: skip
        if found and _LIST_LABEL.fullmatch(text, s_start, s_end):
            # "Arrested accused:" over a list: the arrest the text has told, named again (or, if
            # it has told none, the only telling of it).
            told_types = {e["type"] for e in events}
            found = [hit for hit in found if hit[0].type not in told_types]
            seconds = []
        if not found:
            continue
        first_dates = {}
        if seconds:
            for trigger, t_start, _ in found:
                first_dates[trigger.type] = date_for(by_position, s_start, s_end, t_start, text)[0]
        for trigger, t_start, _ in seconds:
            if trigger.type in _ONE_AFTER_ANOTHER and _THEN.search(
                text, max(s_start, t_start - 16), t_start + 6
            ):
                # "went to the SP, then to the AHTU, then back to the SP": three contacts.
                found.append((trigger, t_start, _))
                continue
            if (
                trigger.type == "authority_contacted"
                and _AND_BEFORE.search(text, max(s_start, t_start - 12), t_start)
                and (verb := _CONTACT_VERB.match(text, t_start)) is not None
                and not _PRONOUN_AFTER.match(text, verb.end())
            ):
                # "I am calling DCPU and informing CWC Malda": a second act, a second contact
                # (not "informed the SP and the DM": one act, one contact).
                found.append((trigger, t_start, _))
                continue
            joined = [m.end() for m in _JOINED.finditer(text, s_start, t_start)]
            own_from = joined[-1] if joined else t_start
            when = date_for(by_position, own_from, s_end, t_start, text)[0]
            first_when = first_dates.get(trigger.type)
            if (
                when is None
                or when.span_inherited
                or when.start < own_from
                or (first_when is not None and first_when.iso() == when.iso())
            ):
                continue
            found.append((trigger, t_start, _))
            first_dates[trigger.type] = when
        found.sort(key=lambda hit: hit[1])
        for trigger, t_start, t_end in found:
            # Its date is not told after a semicolon that opens another event: "which placed
            # her in a home; she was restored to her father on 30 April" (the placement keeps
            # the date before; "examined 14 witnesses; the victim deposed in 2022" does not).
            part_end = text.find(";", t_start, s_end)
            later = min((other for _, other, _ in found if other > part_end), default=-1)
            if part_end >= 0 and (later < 0 or any(part_end < m.start < later for m in mentions)):
                # no other event after the semicolon, or a date told before it: "An FIR was
                # lodged; Case No. 45 dated 04.03.2025, and the accused was arrested"
                part_end = -1
            when, time, note = date_for(
                by_position, s_start, s_end if part_end < 0 else part_end, t_start, text,
                trigger.type, tuple(other for _, other, _ in found if other != t_start),
            )  # fmt: skip
            if (
                trigger.type == "rescue_deferred"
                and when is not None
                and not when.span_inherited
                and when.kind == "relative_next"
                and when.start > t_start
            ):
                # "raid tomorrow 10am", "come tomorrow": the day put off to, not the day the
                # rescue was put off.
                when = inherited_at(by_position, t_start)
            if (
                sentence_index == lede
                and headline_end
                and trigger.type not in _TOLD_THE_DAY_IT_IS_RELEASED
                and (
                    (when is None and trigger.type != "trafficked")
                    or (when is not None and when.span_inherited and when.start < headline_end)
                )
            ):
                # A release's lede under its head's date ("08 February 2024 ... MANILA - The
                # Bureau announced that it had intercepted four Filipinos"): the day the body
                # tells next ("on the evening of February 4"), not the day of the release. Not
                # a story's first trafficking under a title with no date ("Meet Anjali ...
                # Anjali was sold to a brothel"): a story starts there, and no date is told yet.
                body_day = by_position.first_anchor_after(s_end)
                if (
                    body_day is not None
                    and body_day.start - s_end < 800
                    and body_day.date is not None
                    and (when is None or (when.date is not None and body_day.date <= when.date))
                ):
                    when = copy_inherited(body_day)
            item_date = None  # "were arrested on the day of the raid": the rescue's day
            day_of = _DAY_OF_THE_RAID.search(text, s_start, s_end)
            if (when is None or when.span_inherited) and day_of:
                named = {"arrest"} if day_of.group("arrest") else _RAIDS
                item_date = next(
                    (e for e in reversed(events) if e["type"] in named and e["date"]), None
                )
            if (
                trigger.type in _COURT_STEPS
                and when is not None
                and not when.span_inherited
                and when.kind == "in_month"
            ):
                when = _in_the_report_s_year(when, newest)
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
            if (
                item["rule"] == "trigger:referred.accused_handed_to_police"
                and not any(e["type"] == "arrest" for e in events)
                and not _HELD_BEFORE.search(text, s_start, t_start)
            ):
                # "The broker was handed over to the police" by those who stopped him: the
                # arrest, unless one was told before (then the police got him from a border
                # force or a unit that had arrested him: a referral) (sixth pass).
                item["type"] = "arrest"
            if item_date is not None:
                item["date"] = item_date["date"]
                item["date_precision"] = item_date["date_precision"]
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
                and not (
                    item["type"] in _ONE_AFTER_ANOTHER
                    and (
                        _NEXT_ONE.search(text, s_start, t_end)
                        or not _authorities(text, s_start, s_end)
                        <= _authorities(text, *previous["span"])
                    )
                )
            ):
                # "A raid was conducted ... Four women were rescued": one rescue, told twice
                # (but "Went to the PS. Then went to the SP office": two contacts).
                previous.setdefault("also", []).append([s_start, s_end])
                continue
            if (
                previous is not None
                and item["type"] == previous["type"] == "trafficked"
                and previous["span"][1] <= s_start
            ):
                # "She was lured with a job ... taken across at night ... kept in a room": one
                # trafficking told step by step, until something else happens.
                previous.setdefault("also", []).append([s_start, s_end])
                continue
            if (
                item["type"] == "rescue_attempt_failed"
                and previous is not None
                and previous["rule"] in _CHECKED_RULES
                and previous.get("sentence") == sentence_index - 1
            ):
                events.pop()  # "Checked the other two lodges. Found nothing.": the attempt
                previous = events[-1] if events else None
            same_day = next(
                (
                    e
                    for e in events
                    if e["type"] == item["type"] in _ONE_A_DAY
                    and e["date"] == item["date"]
                    and e["date_precision"] in ("day", "time")
                    and item["date_precision"] in ("day", "time")
                    and not _PLUPERFECT_AT.search(text, max(s_start, t_start - 12), t_start)
                ),
                None,
            )
            if same_day is not None:
                # "NBI rescued five minors and arrested two women ... on 19 September" in the lede,
                # then "arrested the subjects", "Five children were rescued": one operation.
                same_day.setdefault("also", []).append([s_start, s_end])
                continue
            told = _told_before(item, events, text, s_start, t_start)
            if told is not None:
                # "... was sentenced on Thursday to 22 years" in the lede, then "He was sentenced
                # by U.S. District Judge Carl Boone": the same sentencing, with no day of its own
                # (sixth pass).
                told.setdefault("also", []).append([s_start, s_end])
                continue
            item["sentence"] = sentence_index
            events.append(item)
            if item["type"] == "authority_contacted" and trigger.rule != _EACH_AUTHORITY.rule:
                for a_start, a_end in _listed_authorities(text, t_start, s_end)[1:]:
                    events.append(
                        {**item, "rule": _EACH_AUTHORITY.rule, "trigger": [a_start, a_end]}
                    )
    _date_by_judgment(text, events, mentions)
    _date_by_verdict(text, events)
    for event in events:
        event.pop("sentence", None)
    return events


def _told_before(
    item: dict[str, Any], events: list[dict[str, Any]], text: str, s_start: int, t_start: int
) -> dict[str, Any] | None:
    """The event ``item`` tells again (a sentencing, a trafficking with no day of its own, told
    already), or None when it is an event of its own."""
    if item["type"] not in _TOLD_AGAIN or not item.get("date_inherited"):
        return None
    at = next((i for i, e in enumerate(events) if e["type"] == item["type"]), None)
    if at is None:
        return None
    if (
        item["type"] == "trafficked"
        and item["date"] is not None
        and not _PLUPERFECT_AT.search(text, max(s_start, t_start - 12), t_start)
        and any(
            e["type"] in _ENDS_AN_EPISODE and e["date"] is not None and item["date"] >= e["date"]
            for e in events[at:]
        )
    ):
        return None  # after a rescue or a restoration, in the story's time: another episode
    return events[at]


# Told once per case: a sentencing, or a trafficking told again with no day of its own ("the
# broker had promised each of them Tk 25,000", "the boy Suraj took them" after it was told) is
# the one already told (ninth pass; ANNOTATION.md: once per trafficking episode).
_TOLD_AGAIN = frozenset({"conviction", "trafficked"})
# After a rescue or a restoration, in the story's time, a trafficking is another episode ("she
# was restored to her mother on 20 April. Her uncle then sold her to a bar in Goa"); told after
# a lede's rescue but dated before it, or in the past perfect ("the broker had promised"), it is
# the one told again.
_ENDS_AN_EPISODE = frozenset({"rescue", "repatriation", "shelter_placement"})
# A plea, a trial or a sentencing told with a month and no year, after a story of years before
# ("Marsh was arrested on September 20, 2022. ... Marsh pleaded guilty in June."): the month of
# the year the release was written in, if it falls within the nine months before it (sixth
# pass; the month nearest the story's date otherwise).
_COURT_STEPS = frozenset({"court_hearing", "conviction"})
# A day named by the operation ("were arrested on the day of the raid", "on the same day as the
# rescue"): the day of the rescue told before it (sixth pass).
# Or by the arrest ("On the day of the arrest, agents removed the victim": the arrest's day;
# seventh pass).
_DAY_OF_THE_RAID = re.compile(
    r"\b(?:on\s+)?the\s+(?:same\s+)?day\s+(?:of|as)\s+(?:the|his|her|their)\s+"
    r"(?:raid|rescue|operation|interception|(?P<arrest>arrests?))\b"
)
_RAIDS = frozenset({"rescue", "rescue_attempt_failed"})
# Held before in the same sentence ("The border guards handed the broker over", "The
# apprehended tout was handed over"): the hand-over is a referral.
_HELD_BEFORE = re.compile(
    r"\b(?:arrested|apprehended|detained|held|caught|nabbed|intercepted|border\s+guards?|BGB|BSF"
    r"|SSB)\b"
)


def _in_the_report_s_year(when: DateMention, newest: dt.date | None) -> DateMention:
    if newest is None or when.date is None or (newest - when.date).days <= 365:
        return when
    month = when.date.month
    year = newest.year if month <= newest.month else newest.year - 1
    if (newest - dt.date(year, month, 1)).days > 270:
        return when
    moved = copy_inherited(when)
    moved.span_inherited = False
    moved.date = dt.date(year, month, 1)
    return moved


# A judgment's own date, in its head: "Judgment pronounced on 29 July 2022", "Decided on:
# 18.03.2023", "Date of judgment: ...".
_JUDGMENT_DATE = re.compile(
    r"\b(?:[Jj]udg(?:e)?ment\s+(?:pronounced|delivered|dated|passed)?\s*(?:on|dated)?|[Dd]ecided"
    r"\s+on|[Dd]ate\s+of\s+(?:the\s+)?(?:judg(?:e)?ment|decision|order))\s*:?\s*$"
)
# What the court itself did, told in the judgment ("By the judgment, the Court convicted all
# three", "This Court found...", "The appeal was dismissed").
_BY_THE_COURT = re.compile(
    r"\b(?:[Tt]his\s+Court|[Tt]he\s+Court\s+(?:held|found|convicted|awarded|directed|ordered"
    r"|further|acquitted|sentenced)|[Bb]y\s+the\s+(?:impugned\s+)?judg(?:e)?ment|[Tt]he\s+appeal\s+"
    r"(?:was|is)\s+(?:dismissed|allowed))"
    # The verdict in the present, as the judgment gives it (seventh pass): "The accused is found
    # guilty and convicted", "stand convicted", "I hereby sentence", "We find the accused".
    r"|\b(?:is|are|stands?)\s+(?:hereby\s+)?(?:found\s+guilty|convicted|acquitted|sentenced)\b"
    # In the past, as a summary of the judgment tells it (eighth pass): "Both accused were
    # convicted", "The first accused was sentenced", "The Court recommended compensation".
    r"|\b(?:was|were)\s+(?:convicted|sentenced|acquitted)\b"
    r"|\b[Tt]he\s+Court\s+(?:recommended|granted|imposed|awarded)\b"
    r"|\bhereby\s+(?:convicted|sentenced|acquitted)\b"
    r"|\b(?:I|We)\s+(?:hereby\s+)?(?:find|convict|sentence|acquit)\b"
)


_COURT_HEAD = re.compile(
    r"\b(?:IN\s+THE\s+(?:HIGH\s+)?COURT|(?-i:High\s+Court|HIGH\s+COURT)|COURT\s+OF|Appellant|Respondent"
    r"|Sessions\s+(?:Case|Trial)|Special\s+(?:POCSO\s+)?Case|Criminal\s+Appeal)\b"
)
_DATE_LABEL = re.compile(r"(?:^|\n)[ \t]*(?:[Dd]ate|DATE)[ \t]*:[ \t]*$")


def _head_date(
    text: str, mentions: list[DateMention], label: re.Pattern[str], before: int
) -> DateMention | None:
    """The first day told in a document's head (its first 800 characters) right after
    ``label`` (searched in the ``before`` characters before it)."""
    return next(
        (
            m
            for m in mentions
            if m.start < 800 and m.date is not None and m.granularity == "day"
            and label.search(text, max(0, m.start - before), m.start)
        ),
        None,
    )  # fmt: skip


def _date_by_judgment(text: str, events: list[dict[str, Any]], mentions: list[DateMention]) -> None:
    """In a judgment, what the court did that day (no date of its own in its sentence) takes the
    judgment's date from its head, not the last date the facts told."""
    judgment = _head_date(text, mentions, _JUDGMENT_DATE, 40)
    if judgment is None and _COURT_HEAD.search(text, 0, 600):
        # A judgment's head that gives its day as a letter does ("Date: 12-03-2026" under "IN
        # THE HIGH COURT ..."): that is the judgment's day too (tenth pass).
        judgment = _head_date(text, mentions, _DATE_LABEL, 12)
    if judgment is None:
        return
    for event in events:
        start, end = event["span"]
        if event.get("date_inherited") and _BY_THE_COURT.search(text, start, end):
            event["date"], event["date_precision"] = judgment.iso(), judgment.precision()
            event.pop("date_inherited", None)


# What the court did with its verdict, or what followed it, told with no day of its own ("The
# court also recommended compensation", "was taken into custody after the verdict"): the day of
# the verdict the story told (tenth pass).
_WITH_THE_VERDICT = re.compile(
    r"\b[Tt]he\s+(?:court|Court|judge|Judge)\s+(?:also\s+|further\s+)?(?:recommended|awarded"
    r"|imposed|(?:directed|ordered)\b[^.;\n]{0,60}?\b(?:pay|compensation|fine))\b"
    r"|\b(?:after|following|soon\s+after|upon|on)\s+(?:the|its|his|her|their)\s+"
    r"(?:verdict|judg(?:e)?ment|sentencing|conviction|sentence)\b"
)


# Medical care named as a need earlier in its clause ("she needs counselling and medical care",
# "will need medical treatment"): no event (review of the tenth pass, in place of the single word
# before "medical", which dropped "received counselling and medical treatment").
_A_NEED = re.compile(r"\b(?:needs?|needed|requires?|required)\b")

# A trigger's own veto, besides the cues every trigger marked "-" in triggers.tsv has: a word
# earlier in its clause that makes it no event. Keyed by rule id, as CONTEXT_RULES are; a test
# checks that each names a trigger that exists and is vetoed by cues.
CLAUSE_VETOES: dict[str, re.Pattern[str]] = {
    "trigger:medical_care.medical_care_treatment": _A_NEED,
}


def _date_by_verdict(text: str, events: list[dict[str, Any]]) -> None:
    verdict = None
    for event in events:
        start, end = event["span"]
        if event["type"] == "conviction" and event["date"]:
            verdict = event  # the latest verdict told so far
            continue
        if verdict is None:
            continue
        if not event.get("date_inherited") and event["type"] == "court_hearing":
            verdict = None  # a later court step with its own day (an appeal, an acquittal)
            continue
        if event.get("date_inherited") and _WITH_THE_VERDICT.search(text, start, end):
            event["date"], event["date_precision"] = verdict["date"], verdict["date_precision"]
            event.pop("date_inherited", None)


def _sentence_events(
    text: str,
    s_start: int,
    s_end: int,
    matches: list[list[re.Match[str]]],
    trafficking_told: bool = False,
) -> tuple[list[tuple[Trigger, int, int]], list[tuple[Trigger, int, int]]]:
    masked_until = s_start
    after = _AFTER_ING.match(text, s_start, s_end)
    if after:
        masked_until = after.end()
    hits: list[tuple[Trigger, int, int]] = []
    more: list[tuple[Trigger, int, int]] = []
    clause_spans = clauses(text, s_start, s_end)
    for trigger_set, trigger_matches in zip(triggers(), matches, strict=True):
        first_hit: tuple[Trigger, int, int] | None = None
        for match in trigger_matches:
            if first_hit is not None and not _JOINED.search(text, first_hit[2], match.start()):
                continue  # the same event told on in the same part of the sentence
            trigger = trigger_set.trigger_of(match)
            if match.start() < masked_until:
                continue
            if (
                trigger.type == "trafficked"
                and trafficking_told
                and _BACKGROUND.search(text, max(s_start, match.start() - 30), match.start())
            ):
                continue  # "the woman who took her ...": the trafficking told again, as background
            if trigger.blocked_by_cues:
                c_start = _clause_start(clause_spans, match.start(), s_end)
                first_word = re.match(r"\w+", match.group(0))
                inside_from = match.start() + (first_word.end() if first_word else 0)
                veto = CLAUSE_VETOES.get(trigger.rule)
                if (
                    CUES.search(text, c_start, match.start())
                    or CUES.search(text, inside_from, match.end())
                    or _NEGATED_AFTER.match(text, match.end(), s_end)
                    or (veto is not None and veto.search(text, c_start, match.start()))
                    or _NEGATED_LATER.match(text, match.end(), min(s_end, match.end() + 90))
                    or (
                        not _VERB_FORM.search(match.group(0))
                        and _PLANNED_LATER.match(text, match.end(), min(s_end, match.end() + 60))
                    )
                    or (
                        _TOMORROW_AFTER.match(text, match.end(), s_end)
                        and not _HAS_HAPPENED.search(text, c_start, match.start())
                    )
                ):
                    continue
            if trigger.type == "unable_to_trace":
                c_start = _clause_start(clause_spans, match.start(), s_end)
                if _ACCUSED_SUBJECT.search(text, c_start, match.start()):
                    continue  # "the agent has not been traced": the accused, not the victim
            if trigger.type == "authority_contacted" and _SENDING.match(match.group(0)):
                c_start = _clause_start(clause_spans, match.start(), s_end)
                if _AUTHORITY_SUBJECT.search(text, c_start, match.start()):
                    trigger = _REFERRED_BY_AUTHORITY
            if first_hit is not None:
                # A second of the same type in another part of the sentence: kept aside, an
                # event only if that part tells its own date ("brought back on 29/7 and
                # reunited with her family two days later").
                more.append((trigger, match.start(), match.end()))
                continue
            first_hit = (trigger, match.start(), match.end())
            hits.append(first_hit)
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
        context = CONTEXT_RULES.get(hit[0].rule)
        if context and any(
            other[0].type in context
            and ";" not in text[min(hit[1], other[1]) : max(hit[1], other[1])]
            for other in hits
        ):
            # "taken to the hospital" is the medical care, not a second trafficking; not across
            # a semicolon ("produced before the CWC, which placed her in a home; she was
            # restored to her father in February": the placement and, later, the restoration).
            continue
        seen.add(hit[0].type)
        kept.append(hit)
    last = max((h[1] for h in hits), default=s_end) if len(kept) < len(hits) else s_end
    seconds = [h for h in more if h[0].type in seen and h[1] <= last]
    return kept, seconds


# A bidding, in a list of what to do or in a chat message: a plan, not what happened ("- Ensure
# the remaining wages are deposited", "(c) arrange tracing of the mobile number"; ninth pass).
# Only in a list's item or a chat's message (not prose: "Keep in mind that she was rescued"), and
# only verbs that are never a note's noun or a polite opening ("Help desk staff informed ...",
# "Please be informed that the girls were rescued").
_BIDDING = re.compile(
    r"[ \t]*(?:(?:\[[^\]\n]{1,30}\]\s*"
    r"|\d{1,2}/\d{1,2}/\d{2,4},?\s+\d{1,2}[:.]\d{2}(?:\s*[ap]m)?\s+-\s+)"
    r"(?:[\w .()'-]{1,40}:\s+)?"
    r"|[-*\u2022\u2013]\s*|\(?[a-z0-9]{1,2}[.)]\s+)"
    r"(?-i:(?:[Ff]ollow\s+up|[Ee]nsure|[Pp]ress\s+for|[Aa]rrange|[Ss]eek|[Cc]oordinate|[Oo]btain"
    r"|[Pp]ursue|[Mm]ake\s+sure|[Ee]xpedite|[Ee]ntrust)\b)"
)
# Who is meant when "could not be traced" is said of an accused (ninth pass): the search for
# a victim is what the event tells.
_ACCUSED_SUBJECT = re.compile(
    r"\b(?:agent|accused|trafficker|broker|tout|dalal|owner|employer|middleman|recruiter|sardar"
    r"|suspects?|culprits?)s?\b(?:\s+(?:from|of|in|at)(?:\s+[\w'-]+){1,3})?"
    r"\s+(?:(?:has|have|had|is|are|was|were|still|also|yet|so\s+far)\s+)*$",
    re.IGNORECASE,
)
_AND_BEFORE = re.compile(r"\band\s+(?:also\s+)?$")
_PRONOUN_AFTER = re.compile(r"\s+(?:him|her|them|us|me|it)\b", re.I)
_CONTACT_VERB = re.compile(
    r"(?:calling|informing|speaking|writing|mailing|e-?mailing|messaging|phoning|contacting"
    r"|approaching|informed|wrote|called|approached|contacted|e-?mailed|alerted|met)\b",
    re.I,
)


def _clause_start(clause_spans: list[tuple[int, int]], position: int, s_end: int) -> int:
    """Where the clause holding ``position`` starts (the sentence's last clause if none does)."""
    return next(c for c, e in clause_spans if c <= position < e or e == s_end)


# Where a second part of a sentence starts: "..., and", "and", "then", "while".
_JOINED = re.compile(r"[,;]|\b(?:and|then|while|but)\b")
_THEN = re.compile(r"\b(?:then|again|afterwards)\b")
