"""A small date grammar for field reports, with exact spans.

Finds explicit dates ("20th April 2024", "20/04/2024", "April 20, 2024"), dates without a year,
months and years ("March 2025", "in 2022"), vague parts of a month ("early November", "the first
week of November", "mid-March"), times ("10:55 pm", "22:55 hrs", "9.40 pm"), relative phrases
("three weeks later", "the next day", "that night") and weekdays ("on Tuesday night", "on a
Friday"). ``resolve`` then walks them in narrative order, each anchored on the date the narrative
last stated (see :class:`Resolver`).
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from mukti.intake.guards import (
    Candidate,
    TriggerIndex,
    first_letters_of,
    guarded,
    literal_prefixes,
    lowered_alike,
)

MONTH_NUMBERS: dict[str, int] = {}
for _number in range(1, 13):
    MONTH_NUMBERS[calendar.month_name[_number].lower()] = _number
    MONTH_NUMBERS[calendar.month_abbr[_number].lower()] = _number
MONTH_NUMBERS["sept"] = 9

WEEKDAYS = {name.lower(): index for index, name in enumerate(calendar.day_name)}

# A month that opens a sentence ("In March, ...") and a past perfect ("had left", "had been
# brought"): a month without a year moves the story on only outside a flashback.
_OPENS_A_SENTENCE = re.compile(r"(?:\A|[.!?]\s+|\n\s*)[Ii]")
_TAKEN_AWAY = re.compile(
    r"\b(?:went\s+missing|(?:was|were)\s+(?:trafficked|sold|lured|abducted|kidnapped)"
    r"|[Tt]rafficked\s+from|left\s+(?:home|her\s+village))\b"
)
_PAST_PERFECT = re.compile(r"\bhad\s+(?:been\s+)?\w+(?:d|t|n)\b")
# "between 3 and 7 March", "from 10 to 12 March": a stretch, not two days ("on 14 and 15 March").
_STRETCH_OPENS = re.compile(r"\b(?:[Bb]etween|[Ff]rom)\s+$")
_AFTER_EARLIER = re.compile(
    r"[^.;\n(]*?\b(?:prompted\s+by|based\s+on|acting\s+on|on\s+the\s+basis\s+of|(?:after|following)"
    r"\s+(?:a|an|the)\s+(?:[\w-]+\s+){0,2}?(?:complaint|tip-?off|tip|information|call|report|referral"
    r"|investigation|input|alert))\b[^.;\n(]*"
)


def _weekday_name(word: str) -> str:
    """ "Sat" or "Thurs" (a day heading) as the day's full name, lowered."""
    word = word.lower()
    return next((name for name in WEEKDAYS if name.startswith(word[:3])), word)


NUMBER_WORDS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "a few": 3,
    "several": 3, "fifteen": 15, "twenty": 20,
}  # fmt: skip

# A US press release abbreviates with a full stop ("Aug. 22, 2023", "Sept. 14"): the stop is
# part of the month's name.
_MONTH = (
    r"(?P<month>Jan(?:uary|\.)?|Feb(?:ruary|\.)?|Mar(?:ch|\.)?|Apr(?:il|\.)?|May|June?|July?"
    r"|Aug(?:ust|\.)?|Sep(?:t(?:ember|\.)?|\.)?|Oct(?:ober|\.)?|Nov(?:ember|\.)?|Dec(?:ember|\.)?)"
)
_MONTH2 = _MONTH.replace("?P<month>", "?P<month2>")
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_DAY2 = r"(?P<day2>[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>(?:19|20)\d\d)"
_YEAR2 = r"(?P<year2>(?:19|20)\d\d)"
_NUM = r"(?P<count>\d+|a\s+few|several|an?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty)"  # noqa: E501

# Order matters: the first alternative that matches at a position wins.
# Hindi's future in Latin letters ("kiya jayega", "raid hoga"): what has not happened yet. Read
# here after "kal raat", and by the events' negation check after a trigger.
HINDI_FUTURE = "jayega|jaayega|jayegi|jaegi|jaega|jaenge|jayenge|jaayenge|hoga|hogi|honge"

PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    # "2024-03-05", as forms, spreadsheets and some writers give a day.
    (
        "iso_date",
        re.compile(
            r"(?<![\d/.-])(?P<year>(?:19|20)\d\d)-(?P<month>[01]\d)-(?P<day>[0-3]\d)(?![\d-])"
        ),
    ),
    # A night or a stretch of two days, as police write it ("the intervening night of
    # 13/14.03.2024", "13/14 March 2024", "13-14 March"): the first day, when it began.
    (
        "day_range",
        re.compile(
            # "3-7 March", "3/4 May"; and "between 3 and 7 March", "from 10 to 12 March" (tenth
            # pass): a stretch of days, dated by its month (no one day of it)
            r"(?<![\d/.-])(?P<day>[0-3]?\d)(?:st|nd|rd|th)?[ \t]*"
            r"(?P<rsep>[/&\u2013-]|(?:and|to)(?=[ \t]))[ \t]*[0-3]?\d(?:st|nd|rd|th)?"
            r"(?:[./-](?P<nmonth>[01]?\d)[./-](?P<nyear>(?:19|20)\d\d|\d\d)(?![\d/])"
            r"|\s+(?:of\s+)?" + _MONTH + r"(?:,?\s+" + _YEAR + r")?(?![\w]))"
        ),
    ),
    (
        "numeric_date",
        re.compile(
            r"(?<![\d/.])(?P<day>[0-3]?\d)[./-](?P<month>[01]?\d)[./-]"
            r"(?P<year>(?:19|20)\d\d|\d\d)(?![\d/])"
        ),
    ),
    # A caseworker's day/month without a year ("on 2/9", "2/9:" opening a line): day first, as
    # in India; a slash only (a dot is a decimal, a dash a range), after "on", "from", "by"...
    # or at a line's start, or after a chat message's sender ("Ritu (coord): 22/11 boys ..."),
    # so that "Rs 1/2" is no date.
    (
        "numeric_day_month",
        re.compile(
            r"(?=\d)(?:(?<=\b[Oo]n\s)|(?<=dated\s)|(?<=\b[Ff]rom\s)|(?<=\b[Ss]ince\s)|(?<=\b[Tt]ill\s)"
            r"|(?<=\b[Uu]ntil\s)|(?<=\b[Bb]y\s)|(?<=^)|(?<=\n)|(?<=\(\s)|(?<=\()|(?<=\[)|(?<=\n-\s)|(?<=\n\*\s)"
            r"|(?<=[a-z)]:\s)"
            # "night of 12/05", "evening of 3/4" (eighth pass)
            r"|(?<=night\sof\s)|(?<=morning\sof\s)|(?<=evening\sof\s)|(?<=night\sof\s\s)"
            # after a short weekday, as a diary's line opens ("Sat 4/5: Childline received";
            # seventh pass)
            r"|(?<=\b(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)\s)|(?<=\b(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun),\s))"
            r"(?P<day>[0-3]?\d)/(?P<month>[01]?\d)(?![\d]|/\d)/?",
            re.MULTILINE,
        ),
    ),
    # "last year", "November last year", "last autumn", "this month", "last March": the
    # writer's own time, counted from the report's date (never from the last date the narrative
    # told).
    (
        "relative_last",
        re.compile(
            r"\b(?:(?:in\s+)?" + _MONTH.replace("?P<month>", "?P<lmonth>") + r",?\s+)?"
            r"(?P<lrel>last|this|earlier\s+this|later\s+this)\s+"
            r"(?P<lunit>year|month|week|autumn|fall|winter|summer|spring|monsoon|January|February"
            r"|March|April|(?-i:May)|June|July|August|September|October|November|December)\b",
            re.IGNORECASE,
        ),
    ),
    # "that summer", "that winter": a season of the year the story is in (the report's year
    # before any date is told).
    (
        "season_that",
        re.compile(
            r"\b(?:that|the\s+same)\s+(?P<season>autumn|fall|winter|summer|spring|monsoon)\b",
            re.IGNORECASE,
        ),
    ),
    # "In the spring, she called her brother": a season without a year, the next one the story
    # reaches (eighth pass; "the summer of 2023" is a part of a year, below).
    (
        "season",
        re.compile(
            r"\b(?:[Ii]n|[Dd]uring|[Bb]y)\s+the\s+(?P<season>spring|summer|autumn|fall|winter|monsoon)"
            r"\b(?!\s+(?:of|after|before|following)\b|\s+\d)",
        ),
    ),
    # "4 March 2025", "4th of March, 2025", and as forms write it, "04-Mar-2025".
    (
        "day_month_year",
        re.compile(r"\b" + _DAY + r"(?:\s+(?:of\s+)?|-)" + _MONTH + r"(?:,?\s+|-)" + _YEAR),
    ),
    ("month_day_year", re.compile(r"\b" + _MONTH2 + r"\s+" + _DAY2 + r",?\s+" + _YEAR2 + r"\b")),
    (
        "month_part",
        re.compile(
            r"\b(?P<part>early|mid|late|end\s+of|beginning\s+of|(?:the\s+)?(?:first|second|third|last"
            r"|1st|2nd|3rd|4th)\s+week\s+of|the\s+middle\s+of)[\s-]+"
            + _MONTH
            + r"(?:,?\s+"
            + _YEAR
            + r")?\b",
            re.IGNORECASE,
        ),
    ),
    ("day_month", re.compile(r"\b" + _DAY + r"\s+(?:of\s+)?" + _MONTH + r"(?![\w])")),
    # "March 4" (also in a dateline, "KOLKATA, March 4:"), not "March 4:30".
    ("month_day", re.compile(r"\b" + _MONTH2 + r"\s+" + _DAY2 + r"(?!\d|:\d)\b")),
    # "on the 14th", "by 21st": a day of the month the narrative is in (after "14th April" and
    # "April 14", which are read first); not "the 14th floor" or "the 5th time".
    (
        "day_only",
        re.compile(
            r"\b(?:[Oo]n|[Bb]y|[Ff]rom|[Tt]ill|[Uu]ntil|[Ss]ince)\s+(?:the\s+)?"
            r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)\b(?![-\w]|\s+(?:floor|time|day|week|month|year"
            r"|birthday|anniversary|century|page|attempt|hearing|of\b|and\s+\d))"
        ),
    ),
    # "July-August 2024", "between March and May 2023": the first month.
    (
        "month_range",
        re.compile(
            r"\b" + _MONTH + r"[ \t]*(?:-|\u2013|to|and)[ \t]*" + _MONTH2 + r",?\s+" + _YEAR + r"\b"
        ),
    ),
    (
        "month_year",
        re.compile(
            r"\b(?:in\s+|of\s+|since\s+|from\s+|by\s+)?" + _MONTH + r",?\s+" + _YEAR + r"\b"
        ),
    ),
    # "late 2022", "the summer of 2019", "winter 2020": a year, told approximately.
    # "in March the following year", "in November that year": a month of a year told relative to
    # the running date's.
    (
        "month_relative_year",
        re.compile(
            r"\b" + _MONTH + r"\s+(?:of\s+)?(?P<yrel>the\s+following|the\s+next"
            r"|that|the\s+same|the\s+previous)\s+year\b"
        ),
    ),
    (
        "year_part",
        re.compile(
            r"\b(?P<part>early|mid|late|(?:the\s+)?(?:summer|winter|spring|autumn|monsoon)"
            r"(?:\s+of)?)[\s-]+" + _YEAR + r"\b",
            re.IGNORECASE,
        ),
    ),
    (
        "year",
        re.compile(
            r"(?<![/\d.-])\b(?:[Ii]n|[Ss]ince|[Dd]uring|[Tt]hrough|[Bb]y|[Tt]ill|[Uu]ntil|[Bb]etween"
            # "between approximately 2017 and 2019", "in late 2019", "in or about 2016" (seventh
            # pass)
            r"|[Ff]rom)\s+(?:the\s+year\s+|approximately\s+|about\s+|around\s+|early\s+|late\s+"
            r"|mid-?\s*|or\s+about\s+)?" + _YEAR + r"(?![/\d])\b"
        ),
    ),
    (
        "in_month",
        re.compile(
            r"\b(?:[Ii]n|[Ss]ince|[Uu]ntil|[Bb]y|[Ff]rom|[Aa]fter)\s+"
            r"(?:the\s+month\s+of\s+)?" + _MONTH + r"(?![\w])"
        ),
    ),
    (
        "time",
        re.compile(
            r"\b(?P<hour>[01]?\d|2[0-3])(?:[:.](?P<minute>[0-5]\d))?\s*"
            r"(?P<ampm>[ap]\.?\s?m\.?)(?![a-z])"
            r"|\b(?P<hour24>[01]?\d|2[0-3])[:.](?P<minute24>[0-5]\d)(?:\s*(?:hrs|hours|h)\b)?"
            r"(?![\d.]*\d)",
            re.IGNORECASE,
        ),
    ),
    (
        "relative_later",
        re.compile(
            # "two days back", as Indian English says "two days earlier".
            r"\b" + _NUM + r"\s+(?P<unit>day|week|month|year)s?\s+(?P<dir>later|earlier"
            r"|back(?!\s+(?:to|home|from|in|at)\b)"
            # "five months after they went missing" counts back from what follows: not read.
            r"|(?:after|before)(?!\s+(?:they|she|he|we|it|its|being|having)\b)"
            # "two days after the rescue": counted from the rescue just told; "after the
            # hearing", "after her marriage" may be another day, and are not read ("two days
            # later a joint team", a clause that opens with "a", is read: seventh pass).
            r"(?!\s+(?:the|his|her|their|a)\b(?!\s+(?:rescue|raid|arrest|interception|operation)\b)))",
            re.IGNORECASE,
        ),
    ),
    # "After ten days she was sent home", "..., and after a week in the shelter": at the start of
    # a clause, later than the date the narrative last told, as "ten days later" is ("told us to
    # come back after one week" is a plan; "after four months in a home" a stay).
    (
        "relative_later",
        re.compile(
            r"(?:(?<=^)|(?<=\n)|(?<=[.;,:]\s)|(?<=\band\s)|(?<=\bthen\s))(?P<dir>[Aa]fter)\s+"
            r"(?:about\s+|nearly\s+|some\s+|almost\s+)?"
            + _NUM
            + r"\s+(?P<unit>day|week|month|year)s?\b(?!\s+(?:of|from|since)\b)",
            re.MULTILINE,
        ),
    ),
    (
        "relative_ago",
        re.compile(
            r"\b(?P<about>(?:about|around|nearly|almost|some|over)\s+)?"
            r"(?P<count>\d+|a\s+few|several|an?|one|two|three|four|five|six|seven|eight|nine|ten)"
            r"\s+(?P<unit>day|week|fortnight|month|year)s?\s+ago\b",
            re.IGNORECASE,
        ),
    ),
    # "missing since 3 days", as Indian English says "for three days": as long ago (ninth pass).
    (
        "relative_ago",
        re.compile(
            r"(?:(?<=\bmissing\ssince\s)|(?<=\bgone\ssince\s)|(?<=\baway\ssince\s)"
            r"|(?<=\babsent\ssince\s)|(?<=\buntraced\ssince\s))"
            r"(?P<about>(?:about|around|nearly|almost|some|over|last)\s+)?"
            r"(?P<count>\d+|a\s+few|several|two|three|four|five|six|seven|eight|nine|ten)"
            r"\s+(?P<unit>day|week|month|year)s?\b",
            re.IGNORECASE,
        ),
    ),
    (
        "relative_next",
        re.compile(
            r"\b(?:the\s+)?(?P<rel>next|following|same|previous|that)\s+"
            r"(?P<unit>day|morning|afternoon|evening|night|week|month)\b"
            r"|\b(?P<word>tonight|yesterday|today|tomorrow|last\s+night|this\s+(?:morning|afternoon|evening)"
            # "Kal raat e ... call eshechilo": last night, in a chat in Bengali or Hindi told in
            # the past (not "kal raat ... raid karenge", tomorrow night; ninth pass).
            r"|kal\s+raat(?=(?:e|ko|me)?\b[^\n.]{0,60}?\b(?:eshechilo|esechilo|hoyechilo|chilo|aaya"
            r"|aayi|aya|ayi|hua|hui|gaya|gayi|gaye|tha|thi|kiya|mila|mili|bheja)\b"
            r"(?!\s+(?:" + HINDI_FUTURE + r")\b))"
            r"|as\s+(?:of|on)\s+(?:the\s+date\s+of\s+)?"
            r"this\s+report|at\s+the\s+time\s+of\s+(?:this\s+report|writing))\b"
            r"|\b(?P<week>(?:late|later|early|earlier)\s+that\s+week|that\s+week)\b"
            # "later that year", "the following year", "later that month": the running date's
            # year (or the next, or the one before), or its month.
            r"|\b(?P<yrel>later\s+that|early\s+that|that|the\s+same|the\s+following|the\s+next"
            r"|the\s+previous)\s+year\b|\b(?P<mrel>later\s+that|later\s+in\s+the|earlier\s+that)\s+month\b",
            re.IGNORECASE,
        ),
    ),
    (
        "weekday",
        re.compile(
            r"\b(?:on\s+)?(?P<article>a\s+|the\s+following\s+|the\s+next\s+|last\s+)?"
            r"(?P<weekday>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday"
            # A chat's or a diary's day heading, short, at a line's start ("Sat: got a msg",
            # "Mon - raid done"; seventh pass).
            r"|(?<![^\n])(?-i:Mon|Tue|Tues|Wed|Thu|Thur|Thurs|Fri|Sat|Sun)"
            r"(?=[ \t]*[:\u2013-][ \t]))\b"
            # "on Tuesday, March 5", "Wednesday, 6 March 2024": the date that follows tells it.
            r"(?!,?\s+(?:the\s+)?(?:[0-3]?\d(?:st|nd|rd|th)?\s+(?:of\s+)?[A-Z]|[0-3]?\d[./-][01]?\d"
            r"|(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.?\s+\d))"
        ),
    ),
]

# ASCII classes: dates here are written in ASCII digits and English words, and scan faster so.
# A lookahead for the characters each can start with: the same matches, scanned faster.
PATTERNS = [
    (k, guarded(re.compile(p.pattern, (p.flags & ~re.UNICODE) | re.ASCII))) for k, p in PATTERNS
]

_FULL_KINDS = ("iso_date", "numeric_date", "day_month_year", "month_day_year")
# Dates written without a year, whose year the running date gives.
_NO_YEAR_KINDS = frozenset({"numeric_day_month", "day_month", "month_day"})
# What may come before a date that opens a line: a bracket, a bullet, a short weekday ("[12/03,
# 9:41 pm]", "- 14/05", "Mon 6 Jan", "Tue 7 Jan").
_LINE_HEAD = re.compile(
    r"[ \t]*(?:[\[(*\u2022]|-[ \t])?[ \t]*(?:(?:Mon|Tue|Tues|Wed|Thu|Thur|Thurs|Fri|Sat|Sun)"
    r"(?:day|sday|nesday|rsday|urday)?\.?,?[ \t]+)?"
)


def _date_index() -> TriggerIndex:
    """The patterns by the characters their matches can start with (see TriggerIndex)."""
    by_two: dict[str, list[Candidate]] = {}
    by_one: dict[str, list[Candidate]] = {}
    for kind, (_, pattern) in enumerate(PATTERNS):
        prefixes = literal_prefixes(pattern.pattern)
        if prefixes is None:
            letters = first_letters_of(pattern)
            starts = (
                sorted({c.lower() for c in letters[1:-1]})
                if letters
                else list("abcdefghijklmnopqrstuvwxyz0123456789")
            )
            for char in starts:
                by_one.setdefault(char, []).append((kind, 0, "", pattern))
            continue
        for prefix in prefixes:
            table = by_two if len(prefix) >= 2 else by_one
            table.setdefault(prefix[:2], []).append((kind, 0, prefix, pattern))
    return TriggerIndex(by_two, by_one)


_INDEX = _date_index()
# Where a date can start: a word's first letter, or a digit after anything but a digit.
_STARTS = re.compile(r"\b[A-Za-z]|(?<!\d)\d", re.ASCII)

_WEEK_WORDS = {
    f"{number} week of": f"the {word} week of"
    for number, word in (("1st", "first"), ("2nd", "second"), ("3rd", "third"), ("4th", "last"))
} | {f"{word} week of": f"the {word} week of" for word in ("first", "second", "third", "last")}
PART_DAY = {"early": 1, "beginning of": 1, "the first week of": 1, "mid": 11,
            "the second week of": 8, "the middle of": 11, "the third week of": 15,
            "late": 21, "end of": 21, "the last week of": 24}  # fmt: skip


@dataclass
class DateMention:
    kind: str
    start: int
    end: int
    text: str
    groups: dict[str, str | None]
    # Filled by the resolver:
    date: dt.date | None = None
    granularity: str = "unknown"  # day, month, year
    approximate: bool = False
    time: str | None = None
    note: str | None = None
    month_day: str | None = None  # a day and month whose year could not be found, "MM-DD"
    anchors: bool = True  # whether later relative dates count from it
    hypothetical: bool = False  # in a future, negated or hypothetical clause
    extra: dict[str, object] = field(default_factory=dict)
    # Set by the extractor (not compared): a date carried over from an earlier sentence, and a
    # mention later relative dates must not count from.
    span_inherited: bool = field(default=False, compare=False, repr=False)
    anchors_blocked: bool = field(default=False, compare=False, repr=False)

    @property
    def is_time(self) -> bool:
        return self.kind == "time"

    def iso(self) -> str | None:
        if self.date is None:
            return None
        if self.granularity == "year":
            return f"{self.date.year:04d}"
        if self.granularity == "month":
            return f"{self.date.year:04d}-{self.date.month:02d}"
        return self.date.isoformat()

    def precision(self) -> str:
        if self.date is None:
            return "unknown"
        if self.approximate:
            return "approximate"
        return self.granularity


def find_dates(text: str) -> list[DateMention]:
    """Every date or time phrase in ``text``, in order, never overlapping."""
    taken: list[tuple[int, int]] = []
    found: list[DateMention] = []
    # Each pattern's matches, as its own scan would find them (no two overlap), found through
    # the index at the places a date can start; then read in the patterns' order, as before.
    matches: list[list[re.Match[str]]] = [[] for _ in PATTERNS]
    free_from = [0] * len(PATTERNS)
    lowered = lowered_alike(text)  # the text lowered once, not each slice read
    for opening in _STARTS.finditer(text):
        position = opening.start()
        for index, prefix, pattern in _INDEX.row(text, lowered, position):
            if position < free_from[index]:
                continue
            if prefix and not _INDEX.fits(text, lowered, position, prefix):
                continue
            match = pattern.match(text, position)
            if match is not None:
                matches[index].append(match)
                free_from[index] = max(match.end(), position + 1)
    for (kind, _), kind_matches in zip(PATTERNS, matches, strict=True):
        for match in kind_matches:
            start, end = match.span()
            if any(start < t_end and t_start < end for t_start, t_end in taken):
                continue
            if kind in ("numeric_date", "iso_date") and not (1 <= int(match["month"]) <= 12):
                continue
            if kind == "time" and match["ampm"] is None and _looks_like_number(text, start):
                continue
            taken.append((start, end))
            found.append(DateMention(kind, start, end, match.group(0), match.groupdict()))
    found.sort(key=lambda mention: mention.start)
    return found


def _looks_like_number(text: str, start: int) -> bool:
    """ "Rs. 18.50" or "Section 3.4" are not times: a 24-hour time needs a cue before it."""
    before = text[max(0, start - 12) : start].lower()
    return not re.search(r"(?:at|about|around|by|from|till|until|to|,)\s*$", before)


def _month(name: str | None) -> int:
    assert name is not None
    return MONTH_NUMBERS[name.lower().rstrip(".")[:3] if name.lower() != "sept" else "sept"]


_MONTH_NAMES = {name.lower(): index for index, name in enumerate(calendar.month_name) if name}


def _full_year(text: str | None) -> int:
    """A year as written: "22" in "02/10/22" (a chat's time stamp, a case note) is 2022."""
    year = int(text or 0)
    return year + 2000 if year < 100 else year


def _safe_date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _add_months(date: dt.date, months: int) -> dt.date:
    index = date.year * 12 + date.month - 1 + months
    year, month = divmod(index, 12)
    day = min(date.day, calendar.monthrange(year, month + 1)[1])
    return dt.date(year, month + 1, day)


def _count(word: str | None) -> int:
    assert word is not None
    word = re.sub(r"\s+", " ", word.lower())
    return int(word) if word.isdigit() else NUMBER_WORDS[word]


class Resolver:
    """Resolves mentions in narrative order.

    The narrative's last stated date (the *running* date) anchors dates without a year and
    relative phrases; before any is stated, the reference date does, or failing it the newest
    explicit full date in the text.
    """

    def __init__(
        self,
        mentions: list[DateMention],
        reference: dt.date | None,
        hypothetical: Callable[[DateMention], bool] | None = None,
        text: str = "",
    ) -> None:
        self.mentions = mentions
        self.text = text
        self.hypothetical = hypothetical
        self.reference = reference
        full = [
            _safe_date(_full_year(m.groups.get("year") or m.groups.get("year2")), *_month_day(m))
            for m in mentions
            if m.kind in _FULL_KINDS
        ]
        full_dates = [d for d in full if d is not None]
        self.newest_full = max(full_dates) if full_dates else None
        self.running: DateMention | None = None
        # The last date the story itself reached (not a flashback's): "the next day" after "...
        # who had been rescued in August" counts from the day the story had reached.
        self.story_running: DateMention | None = None
        # A news story's dateline ("KOLKATA, March 4:"): "yesterday", "last week" and "a
        # fortnight ago" count from it, not from the day the story reached the reader.
        self.dateline: dt.date | None = None
        # The day heading of the note the mention being resolved is in, when it is on that
        # heading's line (set by ``resolve``): what "ago" counts back from in a note.
        self.line_head: DateMention | None = None

    def anchor(self) -> dt.date | None:
        if self.running is not None and self.running.date is not None:
            return self.running.date
        return self.reference or self.newest_full

    def resolve(self) -> list[DateMention]:
        head: DateMention | None = None  # the last date that opened a line (eighth pass)
        day_told = False  # whether a day was told before this mention
        for index, mention in enumerate(self.mentions):
            at_head = _LINE_HEAD.fullmatch(
                self.text, self.text.rfind("\n", 0, mention.start) + 1, mention.start
            )
            # The day heading of the note this mention is in, if it is on the heading's line:
            # "15/05 - ... came to Kolkata about 7 months ago" counts back from 15 May, not
            # from the day the notes were sent (ninth pass).
            self.line_head = (
                head
                if head is not None
                and head.date is not None
                and "\n" not in self.text[head.end : mention.start]
                else None
            )
            if at_head and head is not None and mention.kind in _NO_YEAR_KINDS:
                # "23/05 - Called Hingalganj PS ... (GD dt 19.10.23)" then "27/05 - statement
                # recorded": a note's day heading takes its year from the heading before it,
                # not from a flashback told inside that note (eighth pass).
                told, self.running = self.running, head
                getattr(self, f"_{mention.kind}")(mention, index)
                self.running = told
            else:
                getattr(self, f"_{mention.kind}")(mention, index)
            if at_head and mention.date is not None and mention.granularity == "day":
                head = mention
            elif (
                head is not None
                and head.date is not None
                and mention.date is not None
                and (head.date - mention.date).days > 31
                and "\n" not in self.text[head.end : mention.start]
            ):
                # A flashback inside a note headed by its day ("23/05 - ... her father lodged a
                # GD in Oct 2023 ... Informed CWC"): it dates its own step, and what the note
                # tells after it keeps the heading's day (eighth pass).
                mention.anchors_blocked = True
            if (
                self.dateline is None
                # the first date, or the first after a headline's ("... approached police in
                # September" over "KOLKATA, January 9:"; eighth pass)
                and not day_told
                and mention.date is not None
                and mention.granularity == "day"
                and in_dateline(self.text, mention)
            ):
                self.dateline = mention.date
            day_told = day_told or mention.granularity == "day"
            if self.hypothetical is not None and self.hypothetical(mention):
                mention.hypothetical = True
                mention.anchors = False
            if getattr(mention, "anchors_blocked", False):
                mention.anchors = False  # a flashback ("a week earlier, on 4 November")
            running = self.running.date if self.running is not None else None
            if (
                mention.date is not None
                and running is not None
                and mention.date < running
                and self.running is not None
                and _AFTER_EARLIER.fullmatch(self.text, self.running.end, mention.start)
            ):
                # "raided a parlour on 1 October after an investigation prompted by a complaint
                # in September": the earlier day told after, in the same sentence, is background
                # (seventh pass).
                mention.extra["background"] = True
            if (
                mention.extra.get("reported")
                and mention.date is not None
                and running is not None
                and mention.date < running
            ):
                # "The victim stated that she was taken away in the first week of February":
                # what someone told of the past dates that clause, not what the report goes
                # on to tell.
                mention.anchors = False
            if mention.date is not None and mention.anchors:
                self.running = mention
                if not mention.extra.get("background"):
                    self.story_running = mention
        return self.mentions

    def _year_for(self, month: int, day: int, recent: bool = True) -> int | None:
        """The year of a day and month written without one: the nearest to the running date,
        else the latest not after the reference date, else the nearest to the newest full date.
        ``recent``: a day just before the report's is the report's year (not for a month)."""
        if self.running is not None and self.running.date is not None:
            base = self.running.date
            if self.running.granularity == "year":
                # "last year ... In July ... On 19 August": a day or month after a year told
                # alone is in that year (not the one before, for being nearer its 1 January;
                # eighth pass), unless that is after the report.
                same = _safe_date(base.year, month, min(day, 28))
                if same is not None and (self.reference is None or same <= self.reference):
                    return base.year
            options = [
                d
                for year in (base.year - 1, base.year, base.year + 1)
                if (d := _safe_date(year, month, min(day, 28) if day > 28 else day)) is not None
            ]
            stated_later = self.running.kind in _FULL_KINDS and base > (self.reference or base)
            if self.reference is not None and not stated_later:
                # What a report tells happened before it was written: a day after the report's
                # date (beyond a few days of plans) is last year's, unless the narrative itself
                # has stated a full date past it.
                told = [d for d in options if d <= self.reference + dt.timedelta(days=7)]
                options = told or options
            near_report = self._recent(month, day) if recent else None
            if near_report is not None and (self.reference or base) - base > dt.timedelta(180):
                # "were arrested on June 22" in a release of June 27, after a story told years
                # back: the days just before the report are the report's own year.
                return near_report
            return min(options, key=lambda d: (abs((d - base).days), d > base)).year
        if self.reference is not None:
            year = self.reference.year
            candidate = _safe_date(year, month, min(day, 28))
            return year if candidate and candidate <= self.reference else year - 1
        if self.newest_full is not None:
            base = self.newest_full
            options = [
                d
                for year in (base.year - 1, base.year, base.year + 1)
                if (d := _safe_date(year, month, min(day, 28))) is not None
            ]
            return min(options, key=lambda d: (abs((d - base).days), d > base)).year
        return None

    def _recent(self, month: int, day: int) -> int | None:
        """The reference date's year, if a day and month fall within 45 days before it (or a
        week after); else None."""
        if self.reference is None:
            return None
        for year in (self.reference.year, self.reference.year - 1):
            candidate = _safe_date(year, month, min(day, 28))
            if candidate is not None and -7 <= (self.reference - candidate).days <= 45:
                return year
        return None

    def _day_range(self, m: DateMention, _: int) -> None:
        day = int(m.groups["day"] or 0)
        if m.groups.get("nmonth"):
            month = int(m.groups["nmonth"] or 0)
            if not 1 <= month <= 12:
                m.anchors = False
                m.note = "not a valid calendar date"
                return
            self._full(m, _full_year(m.groups["nyear"]), month, day)
        elif m.groups.get("year"):
            self._full(m, int(m.groups["year"] or 0), _month(m.groups["month"]), day)
        else:
            self._no_year(m, _month(m.groups["month"]), day)
        if (
            m.groups.get("rsep") in ("and", "to")
            and m.date is not None
            and _STRETCH_OPENS.search(self.text, max(0, m.start - 9), m.start)
        ):
            # "between 3 and 7 March 2025": some days of that month, none of them told as the
            # day of a step (tenth pass)
            m.date, m.granularity, m.approximate = m.date.replace(day=1), "month", True

    def _iso_date(self, m: DateMention, _: int) -> None:
        self._full(
            m, int(m.groups["year"] or 0), int(m.groups["month"] or 0), int(m.groups["day"] or 0)
        )

    def _numeric_date(self, m: DateMention, _: int) -> None:
        self._full(
            m, _full_year(m.groups["year"]), int(m.groups["month"] or 0), int(m.groups["day"] or 0)
        )

    def _day_month_year(self, m: DateMention, _: int) -> None:
        self._full(
            m, int(m.groups["year"] or 0), _month(m.groups["month"]), int(m.groups["day"] or 0)
        )

    def _month_day_year(self, m: DateMention, _: int) -> None:
        self._full(
            m, int(m.groups["year2"] or 0), _month(m.groups["month2"]), int(m.groups["day2"] or 0)
        )

    def _full(self, m: DateMention, year: int, month: int, day: int) -> None:
        m.date = _safe_date(year, month, day)
        m.granularity = "day"
        if m.date is None:
            m.note = "not a valid calendar date"

    def _day_month(self, m: DateMention, _: int) -> None:
        self._no_year(m, _month(m.groups["month"]), int(m.groups["day"] or 0))

    def _month_day(self, m: DateMention, _: int) -> None:
        self._no_year(m, _month(m.groups["month2"]), int(m.groups["day2"] or 0))

    def _no_year(self, m: DateMention, month: int, day: int) -> None:
        if not 1 <= day <= 31:
            m.anchors = False
            return
        year = self._year_for(month, day)
        m.granularity = "day"
        if year is None:
            m.month_day = f"{month:02d}-{day:02d}"
            m.note = "day and month without a year, and nothing in the text gives the year"
            m.anchors = False
            return
        m.date = _safe_date(year, month, day)

    def _day_only(self, m: DateMention, _: int) -> None:
        """ "On the 14th": that day of the running date's month (of the report's, before any is
        stated), or of the month before when that day would fall after the report."""
        day = int(m.groups["day"] or 0)
        running = self.running
        if running is not None and running.date is not None and running.granularity != "year":
            base = running.date
        elif self.reference is not None:
            base = self.reference
        else:
            m.anchors = False  # nothing gives the month: left undated, without a new note
            return
        date = _safe_date(base.year, base.month, day)
        if date is not None and self.reference is not None and date > self.reference:
            earlier = _add_months(base.replace(day=1), -1)
            date = _safe_date(earlier.year, earlier.month, day)
        if date is None:
            m.note = "not a valid calendar date"
            m.anchors = False
            return
        m.date, m.granularity = date, "day"

    def _month_year(self, m: DateMention, _: int) -> None:
        m.date = dt.date(int(m.groups["year"] or 0), _month(m.groups["month"]), 1)
        m.granularity = "month"

    def _month_range(self, m: DateMention, _: int) -> None:
        first, last = _month(m.groups["month"]), _month(m.groups["month2"])
        year = int(m.groups["year"] or 0) - (1 if first > last else 0)  # "December-January 2024"
        m.date, m.granularity = dt.date(year, first, 1), "month"

    def _in_month(self, m: DateMention, _: int) -> None:
        month = _month(m.groups["month"])
        # "In May he came home" after a story of years before: the May after it, not the
        # report's (sixth pass); a release's court step is moved by the events stage.
        year = self._year_for(month, 15, recent=False)
        m.granularity = "month"
        if year is None:
            m.note = "month without a year, and nothing in the text gives the year"
            m.anchors = False
            return
        running = self.running
        if (
            running is not None
            and running.date is not None
            and running.granularity in ("day", "month")
            and dt.date(year, month, 1) < running.date.replace(day=1)
        ):
            # "In August 2022 the police brought her out. ... In March, the court awarded her
            # wages": a month without a year moves the story on, to the next such month (if the
            # report was written after it), not back to the one before (seventh pass, for a
            # month that opens a sentence; tenth pass, for any: "went to the office in
            # October" after April 2023 is October 2023, not October 2022).
            later = dt.date(year + 1, month, 1)
            # Review of the tenth pass: not inside a flashback ("She had left home in
            # December" after a rescue on 10 January 2023 is December 2022), save for a month
            # that opens its sentence, as the seventh pass had it.
            moves = bool(_OPENS_A_SENTENCE.search(self.text, max(0, m.start - 3), m.start + 1))
            if not moves:
                s_from = max(self.text.rfind(c, 0, m.start) for c in ".!?\n") + 1
                moves = not _PAST_PERFECT.search(self.text, s_from, m.start + 80)
                # Nor a trafficking or a going missing, told after a rescue it came before
                # ("She went missing in November" after a rescue in March 2023).
                moves = moves and not _TAKEN_AWAY.search(self.text, s_from, m.start)
            if moves and (self.reference is None or later <= self.reference):
                year += 1
        m.date = dt.date(year, month, 1)

    def _month_part(self, m: DateMention, _: int) -> None:
        month = _month(m.groups["month"])
        part = re.sub(r"\s+", " ", (m.groups["part"] or "").lower())
        part = _WEEK_WORDS.get(part.removeprefix("the "), part)  # "1st week of" is the first
        year = int(text) if (text := m.groups.get("year")) else self._year_for(month, 15)
        m.granularity, m.approximate = "month", True
        if year is None:
            m.note = "part of a month without a year, and nothing in the text gives the year"
            m.anchors = False
            return
        m.date = dt.date(year, month, PART_DAY.get(part, 1))

    # The month a part of a year stands for when a later month without a year counts from it
    # ("in the summer of 2023 ... in September": September 2023, not 2022; eighth pass).
    _PART_MONTH = {
        "early": 2, "mid": 6, "late": 11, "summer": 6, "winter": 1, "spring": 3, "autumn": 10,
        "monsoon": 7,
    }  # fmt: skip

    def _year_part(self, m: DateMention, _: int) -> None:
        part = (m.groups.get("part") or "").lower().replace("the", "").replace("of", "").strip()
        month = self._PART_MONTH.get(part, 1)
        m.date = dt.date(int(m.groups["year"] or 0), month, 1)
        m.granularity, m.approximate = "year", True

    def _season(self, m: DateMention, _: int) -> None:
        season = (m.groups.get("season") or "").lower()
        month = {"fall": 10, "winter": 12}.get(season) or self._PART_MONTH[season]
        running = self.running.date if self.running is not None else None
        latest = self.reference
        if running is None:
            if latest is None:
                m.anchors = False
                m.note = "season without a year, and nothing in the text gives the year"
                return
            year = latest.year if dt.date(latest.year, month, 1) <= latest else latest.year - 1
        elif self.running is not None and self.running.granularity == "year":
            # "After the floods last year ... In the spring": the spring after the writer's
            # "last year"; after "in 2019", that year's.
            year = running.year
            later = dt.date(year + 1, month, 1)
            if self.running.kind.startswith("relative") and (latest is None or later <= latest):
                year += 1
        else:
            year = running.year if month >= running.month else running.year + 1
        m.date = dt.date(year, month, 1)
        m.granularity, m.approximate = "year", True

    def _year(self, m: DateMention, _: int) -> None:
        m.date = dt.date(int(m.groups["year"] or 0), 1, 1)
        m.granularity = "year"

    def _time(self, m: DateMention, _: int) -> None:
        hour = int(m.groups["hour"] or m.groups["hour24"] or 0)
        minute = int(m.groups["minute"] or m.groups["minute24"] or 0)
        ampm = (m.groups["ampm"] or "").lower().replace(".", "").replace(" ", "")
        if ampm == "pm" and hour < 12:
            hour += 12
        if ampm == "am" and hour == 12:
            hour = 0
        m.time = f"{hour:02d}:{minute:02d}"
        m.anchors = False  # a time belongs to the running date; it does not move it

    def _relative_later(self, m: DateMention, _: int) -> None:
        told, story = self.running, self.story_running
        if (
            told is not None
            and told.extra.get("background")
            and story is not None
            and story.date is not None
            and told.date is not None
            and story.date > told.date
            and (m.groups["dir"] or "").lower() not in ("earlier", "before", "back")
        ):
            # "They said they had crossed in the autumn of 2020 ... the owner surrendered a
            # week later": later than the day the story had reached, not than the flashback
            # (eighth pass).
            self.running = story
            try:
                self._relative_later(m, _)
            finally:
                self.running = told
            return
        anchor = self.anchor()
        m.anchors = True
        if self.running is None or self.running.date is None:
            # "A few weeks later" before the narrative has told any date counts from an event
            # it has not dated, not from the day the report was written.
            anchor = None
        if anchor is None:
            m.note = "relative date with nothing to count from"
            m.anchors = False
            return
        count = _count(m.groups["count"])
        unit = (m.groups["unit"] or "").lower()
        sign = -1 if (m.groups["dir"] or "").lower() in ("earlier", "before", "back") else 1
        vague = (m.groups["count"] or "").lower().startswith(("a few", "several"))
        running = self.running
        base_granularity = running.granularity if running and running.date else "day"
        if unit == "day":
            m.date = anchor + dt.timedelta(days=sign * count)
        elif unit == "week":
            m.date = anchor + dt.timedelta(weeks=sign * count)
        elif unit == "month":
            m.date = _add_months(anchor, sign * count)
        else:
            m.date = _add_months(anchor, sign * 12 * count)
        m.granularity = base_granularity if base_granularity != "day" else "day"
        if unit in ("month", "year") or vague:
            # "two years back": a month, as ANNOTATION.md says of a relative date that cannot
            # be resolved to a day (ninth pass), not a year; but "two years later" after "in
            # 2019" is a year (the month would be made up)
            m.granularity = "year" if base_granularity == "year" else "month"
            m.approximate = True
        if running is not None and running.approximate:
            m.approximate = True
            m.granularity = running.granularity

    def _numeric_day_month(self, m: DateMention, _: int) -> None:
        day, month = int(m.groups["day"] or 0), int(m.groups["month"] or 0)
        if not (1 <= day <= 31 and 1 <= month <= 12):
            m.anchors = False
            m.note = "not a day/month date"
            return
        self._no_year(m, month, day)

    def _report_day(self, m: DateMention) -> dt.date | None:
        """The day the report was written (its dateline, reference date or newest full date),
        which dates counted back from the writer's present count from; None, with ``m`` marked
        as having nothing to count from, when the text gives none."""
        head = self.line_head
        base = (head.date if head is not None else None) or (
            self.dateline or self.reference or self.newest_full
        )
        if base is None:
            m.note = "relative date with nothing to count from"
            m.anchors = False
        return base

    _SEASON_END = {"spring": 5, "summer": 6, "monsoon": 9, "autumn": 11, "fall": 11, "winter": 2}

    def _relative_last(self, m: DateMention, _: int) -> None:
        base = self._report_day(m)
        if base is None:
            return
        last = (m.groups["lrel"] or "").lower() == "last"
        unit = (m.groups["lunit"] or "").lower()
        if unit == "year":
            year = base.year - 1 if last else base.year
            if m.groups.get("lmonth"):
                m.date, m.granularity = dt.date(year, _month(m.groups["lmonth"]), 1), "month"
            else:
                m.date, m.granularity = dt.date(year, 1, 1), "year"
        elif unit in _MONTH_NAMES:
            # "last March": the last March before the report's month; "this March": the
            # report's year's (sixth pass).
            month = _MONTH_NAMES[unit]
            year = base.year if (month < base.month or not last) else base.year - 1
            m.date, m.granularity = dt.date(year, month, 1), "month"
            return
        elif unit in ("month", "week"):
            m.date = _add_months(base, -1) if last and unit == "month" else base
            if last and unit == "week":
                m.date = base - dt.timedelta(days=7)
            m.date, m.granularity = m.date.replace(day=1), "month"
        else:
            end = self._SEASON_END[unit]
            year = base.year if (base.month > end and unit != "winter") else base.year - 1
            m.date, m.granularity = dt.date(year if last else base.year, 1, 1), "year"
        m.approximate = unit != "year"

    def _season_that(self, m: DateMention, _: int) -> None:
        running = self.running
        if running is not None and running.date is not None:
            m.date = dt.date(running.date.year, 1, 1)
        else:
            base = self._report_day(m)
            if base is None:
                return
            end = self._SEASON_END[(m.groups["season"] or "").lower()]
            m.date = dt.date(base.year if base.month > end else base.year - 1, 1, 1)
        m.granularity, m.approximate = "year", True

    def _relative_ago(self, m: DateMention, _: int) -> None:
        """ "About a fortnight ago", "three days ago": counted back from the date of the report
        (its reference date, else the newest full date), never from the last date told."""
        base = self._report_day(m)
        if base is None:
            return
        count = _count(m.groups["count"])
        unit = (m.groups["unit"] or "").lower()
        if unit == "month":
            m.date = _add_months(base, -count)
        elif unit == "year":
            m.date = _add_months(base, -12 * count)
        else:
            days = {"day": 1, "week": 7, "fortnight": 14}[unit]
            m.date = base - dt.timedelta(days=days * count)
        vague = (m.groups["count"] or "").lower().startswith(("a few", "several"))
        m.granularity = "day" if unit in ("day", "week", "fortnight") else "month"
        m.approximate = bool(m.groups.get("about")) or vague or unit in ("month", "year")
        if m.approximate and unit == "week" and count >= 2:
            # "about three weeks ago": a month, not a day ("about a fortnight ago" stays a day)
            m.granularity = "month"

    def _relative_next(self, m: DateMention, _: int) -> None:
        rel = (m.groups["rel"] or "").lower()
        word = (m.groups["word"] or "").lower()
        if m.groups.get("yrel") or m.groups.get("mrel"):
            self._year_or_month(m)
            return
        if word.startswith(("as ", "at ", "this")):
            word = "today"  # "as of the date of this report": the report's own day
        elif word.startswith(("last", "kal")):
            word = "yesterday"  # "last night", "kal raat"
        unit = (m.groups["unit"] or "").lower()
        anchor = self.anchor()
        week = (m.groups.get("week") or "").lower()
        if week:  # "late that week": some days after the running date, an approximate month
            running = self.running
            if running is None or running.date is None:
                m.anchors = False
                return
            m.date = running.date + dt.timedelta(days=4 if week.startswith("late") else 0)
            m.granularity, m.approximate = "month", True
            return
        if word in ("today", "tonight"):
            rel, unit = "same", "day"
        elif word == "yesterday":
            rel, unit = "previous", "day"
        elif word == "tomorrow":
            rel, unit = "next", "day"
        if word and self._on_running_line(m):
            # "[29/5 1:41 pm] ... CWC production today": a chat message or a dated note line
            # counts from the date it opens with, as a report counts from its own.
            assert self.running is not None and self.running.date is not None
            offset = {"yesterday": -1, "tomorrow": 1}.get(word, 0)
            m.date, m.granularity = self.running.date + dt.timedelta(days=offset), "day"
            if offset:
                m.anchors = False  # the lines below still count from the day they are under
            return
        said_on = self.dateline or self.reference
        if word in ("yesterday", "today", "tonight") and said_on is not None:
            # Said by the writer: counted from the date of the report (its dateline's, if it
            # has one), not from the last month the narrative named.
            m.date = said_on + dt.timedelta(days=-1 if word == "yesterday" else 0)
            m.granularity = "day"
            return
        if anchor is None:
            m.note = "relative date with nothing to count from"
            m.anchors = False
            return
        if unit in ("week", "month"):
            # "next week" in a report is nearly always a plan; "that month" says nothing new.
            m.anchors = False
            return
        running = self.running
        if not word and (running is None or running.date is None):
            # "The next morning" before the narrative has told any date counts from an event it
            # has not dated, not from the day the report was written.
            m.note = "relative date with nothing to count from"
            m.anchors = False
            return
        days = {"next": 1, "following": 1, "previous": -1}.get(rel, 0)
        story = self.story_running
        if (
            days == 1
            and not word
            and running is not None
            and running.extra.get("background")
            and story is not None
            and story.date is not None
            and running.date is not None
            and story.date > running.date
            and not in_dateline(self.text, story)  # a dateline is no day the story reached
        ):
            # "the next day" after a flashback: the story's next day ("the same day/evening"
            # points back to the day just told: the tenth pass's change was undone on review)
            running = story
            anchor = story.date
        m.date = anchor + dt.timedelta(days=days)
        if running is not None and running.date is not None:
            m.granularity, m.approximate = running.granularity, running.approximate
            if running.granularity in ("month", "year"):
                m.date = running.date
        else:
            m.granularity = "day"

    def _month_relative_year(self, m: DateMention, _: int) -> None:
        running = self.running
        if running is None or running.date is None:
            m.note = "relative date with nothing to count from"
            m.anchors = False
            return
        yrel = re.sub(r"\s+", " ", (m.groups.get("yrel") or "").lower())
        shift = {"the following": 1, "the next": 1, "the previous": -1}.get(yrel, 0)
        m.date = dt.date(running.date.year + shift, _month(m.groups["month"]), 1)
        m.granularity = "month"

    def _year_or_month(self, m: DateMention) -> None:
        """ "Later that year" is the running date's year, "the following year" the next one;
        "later that month" the running date's month (it moves nothing on)."""
        running = self.running
        base = running.date if running is not None and running.date is not None else None
        if base is None:
            m.note = "relative date with nothing to count from"
            m.anchors = False
            return
        yrel = re.sub(r"\s+", " ", (m.groups.get("yrel") or "").lower())
        if yrel:
            shift = {"the following": 1, "the next": 1, "the previous": -1}.get(yrel, 0)
            m.date, m.granularity = dt.date(base.year + shift, 1, 1), "year"
            return
        if running is not None and running.granularity == "year":
            m.anchors = False  # "later that month" after a year: no month to tell
            return
        m.date, m.granularity = base.replace(day=1), "month"
        m.anchors = False

    def _on_running_line(self, m: DateMention) -> bool:
        """Whether the running date is a full day that opens the line ``m`` is on."""
        running = self.running
        if running is None or running.date is None or running.granularity != "day":
            return False
        if running.kind in ("relative_next", "relative_ago"):
            return (
                False  # "Yesterday, police raided ... forwarded to court today": the report's day
            )
        if not self.text or running.start > m.start:
            return False
        line_start = self.text.rfind("\n", 0, running.start) + 1
        if "\n" in self.text[running.end : m.start]:
            # A date alone on its line heads the lines below it ("Tue 4 Mar 2025" in a chat
            # export, a diary's day): "today" in them is that day.
            line_end = self.text.find("\n", running.end)
            return bool(
                _DAY_HEADING_BEFORE.fullmatch(self.text, line_start, running.start)
                and _DAY_HEADING_AFTER.fullmatch(self.text, running.end, line_end)
            )
        return not self.text[line_start : running.start].strip(" \t[(*-")

    def _weekday(self, m: DateMention, index: int) -> None:
        article = (m.groups["article"] or "").strip().lower()
        weekday = WEEKDAYS[_weekday_name(m.groups["weekday"] or "")]
        m.anchors = False
        if article == "a":
            m.note = "a weekday without a date: left unresolved"
            return
        said_on = self.dateline or self.reference
        if article == "last" and said_on is not None:
            # "last Friday": the writer's, counted back from the day the text was written (a
            # week back on a Friday), not from the day the story reached (seventh pass).
            m.date = said_on - dt.timedelta(days=(said_on.weekday() - weekday) % 7 or 7)
            m.granularity, m.anchors = "day", True
            return
        running = self.running
        nearby = (
            running is not None
            and running.date is not None
            and running.granularity == "day"
            and m.start - running.end < 400
        )
        if nearby and running is self.mentions[0] and running.date == self.dateline:
            # Under a dateline ("SATKHIRA, 3 March 2025: ... on Sunday night"): the story tells
            # the past, so the last such day up to the dateline's (sixth pass).
            assert running is not None and running.date is not None
            m.date = running.date - dt.timedelta(days=(running.date.weekday() - weekday) % 7)
        elif (
            nearby
            and article not in ("the following", "the next")
            and self.dateline is not None
            and running is not None
            and running.date is not None
            and (self.dateline - running.date).days > 6
        ):
            # A news story's "raided the flat on Sunday" after a flashback to "December 28",
            # under "KOLKATA, January 9": the writer's Sunday, the last up to the dateline
            # (ANNOTATION.md; eighth pass), not the Sunday after the flashback.
            back = (self.dateline.weekday() - weekday) % 7
            m.date = self.dateline - dt.timedelta(days=back)
        elif nearby:
            assert running is not None and running.date is not None
            ahead = (weekday - running.date.weekday()) % 7
            if article in ("the following", "the next") and ahead == 0:
                ahead = 7
            m.date = running.date + dt.timedelta(days=ahead)
            if self.reference is not None and m.date > self.reference:
                # "Late on Friday night" under a dateline: the Friday before the report.
                m.date -= dt.timedelta(days=7)
        elif self.reference is not None:
            # A press story's "on Tuesday night": the last such day up to its date line.
            back = (self.reference.weekday() - weekday) % 7
            m.date = self.reference - dt.timedelta(days=back)
        else:
            m.note = "a weekday with no date near it: left unresolved"
            return
        m.granularity = "day"
        m.anchors = True


_DAY_HEADING_BEFORE = re.compile(
    r"[ \t*#\[(-]*(?:[A-Z][a-z]{2,8}day|[A-Z][a-z]{2}),?[ \t]*|[ \t*#\[(-]*"
)
_DAY_HEADING_AFTER = re.compile(r"[ \t*#:)\]-]*")
_DATELINE_BEFORE = re.compile(
    r"(?:^|\n)[ \t]*[A-Z][A-Za-z.' -]{1,40}(?:,[ \t]*[A-Z][A-Za-z.' -]{1,30})?,[ \t]*$"
)
# ... or the line's end ("Bhairahawa, 15 August" over the story; seventh pass)
_DATELINE_AFTER = re.compile(r"[ \t]*(?::|\u2013|\u2014|-\s|\n)")


def in_dateline(text: str, m: DateMention) -> bool:
    """A date in a dateline: a place, a comma and the date at a paragraph's start, then a colon
    or a dash ("KOLKATA, March 4:", "Kolkata, 27 April 2023:")."""
    return bool(
        text
        and _DATELINE_AFTER.match(text, m.end)
        and _DATELINE_BEFORE.search(text, max(0, m.start - 45), m.start)
    )


def _month_day(m: DateMention) -> tuple[int, int]:
    if m.kind in ("numeric_date", "iso_date"):
        month, day = int(m.groups["month"] or 0), int(m.groups["day"] or 0)
    elif m.kind == "day_month_year":
        month, day = _month(m.groups["month"]), int(m.groups["day"] or 0)
    else:
        month, day = _month(m.groups["month2"]), int(m.groups["day2"] or 0)
    return month, day


def resolve(
    text: str,
    reference: dt.date | None,
    hypothetical: Callable[[DateMention], bool] | None = None,
) -> list[DateMention]:
    return Resolver(find_dates(text), reference, hypothetical, text).resolve()
