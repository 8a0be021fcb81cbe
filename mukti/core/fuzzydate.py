"""Dates as field teams know them: "20 Apr 2024, 22:55", "early Nov 2024", "2024", "unknown".

A fuzzy date is stored as the earliest moment it allows (UTC) plus its precision, so timelines
sort sensibly and clocks start at the earliest moment the law could count from. ``parse_when``
reads what a caseworker types and explains, in words, what is wrong with it.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache

from django.conf import settings
from django.db import models
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, gettext_noop

from mukti.core import l10n
from mukti.core.errors import ApplicationError


class Precision(models.TextChoices):
    TIME = "time", gettext_lazy("exact time")
    DAY = "day", gettext_lazy("day")
    EARLY_MONTH = "early_month", gettext_lazy("early in the month")
    MID_MONTH = "mid_month", gettext_lazy("mid-month")
    LATE_MONTH = "late_month", gettext_lazy("late in the month")
    MONTH = "month", gettext_lazy("month")
    YEAR = "year", gettext_lazy("year")
    UNKNOWN = "unknown", gettext_lazy("unknown")


MONTH_PART_START = {Precision.EARLY_MONTH: 1, Precision.MID_MONTH: 11, Precision.LATE_MONTH: 21}
MONTH_PART_WORD = {"early": Precision.EARLY_MONTH, "mid": Precision.MID_MONTH,
                   "late": Precision.LATE_MONTH}  # fmt: skip
# A month's name in any of the three languages (Bengali and Devanagari letters with their signs).
_WORD = r"[a-z\u0900-\u0963\u0970-\u097f\u0980-\u09e5\u09f0-\u09ff]+\.?"


@dataclass(frozen=True)
class When:
    at: dt.datetime | None  # earliest moment, aware
    precision: str

    def middle(self) -> dt.datetime | None:
        """Where an imprecise date sits on a timeline: "early Mar" after "2 Mar", before "8 Mar"."""
        end = self.end()
        if self.at is None or end is None or self.precision == Precision.TIME:
            return self.at
        return self.at + (end - self.at) / 2

    def end(self) -> dt.datetime | None:
        """The latest moment the fuzzy date allows (exclusive)."""
        if self.at is None:
            return None
        local = timezone.localtime(self.at)
        p = self.precision
        if p == Precision.TIME:
            return self.at + dt.timedelta(minutes=1)
        if p == Precision.DAY:
            return self.at + dt.timedelta(days=1)
        if p in (Precision.EARLY_MONTH, Precision.MID_MONTH):
            return self.at + dt.timedelta(days=10)
        last = calendar.monthrange(local.year, local.month)[1]
        if p == Precision.LATE_MONTH:
            return self.at + dt.timedelta(days=last - 20)
        if p == Precision.MONTH:
            return self.at + dt.timedelta(days=last)
        return local.replace(year=local.year + 1, month=1, day=1)


def _local(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> dt.datetime:
    if year < 1900:
        raise ApplicationError(_("%(year)s is too long ago to be right.") % {"year": year})
    return timezone.make_aware(dt.datetime(year, month, day, hour, minute))


def _month_of(word: str) -> int:
    month = l10n.month_number(word)
    if month is None:
        raise ApplicationError(_("“%(word)s” is not a month.") % {"word": word})
    return month


def _valid_day(year: int, month: int, day: int) -> None:
    if year < 1900:
        raise ApplicationError(_("%(year)s is too long ago to be right.") % {"year": year})
    if not 1 <= month <= 12:
        raise ApplicationError(_("There is no month %(month)s.") % {"month": month})
    last = calendar.monthrange(year, month)[1]
    if not 1 <= day <= last:
        raise ApplicationError(
            _("%(day)s %(month)s %(year)s does not exist: that month has %(last)s days.")
            % {"day": day, "month": calendar.month_name[month], "year": year, "last": last}
        )


TIME_RE = (
    r"(?:,?\s*(?:at\s+)?(?P<hour>\d{1,2})[:.](?P<minute>\d{2})\s*(?P<ampm>am|pm|a\.m\.|p\.m\.)?)?"
)
PATTERNS = [
    re.compile(
        r"^(?P<year>\d{4})-(?P<month>\d{1,2})-(?P<day>\d{1,2})"
        r"(?:[ T](?P<hour>\d{1,2}):(?P<minute>\d{2})(?::\d{2})?)?$"
    ),
    re.compile(
        r"^(?P<day>\d{1,2})[/.-](?P<month>\d{1,2})[/.-](?P<year>\d{4})" + TIME_RE + "$", re.I
    ),
    re.compile(
        r"^(?P<day>\d{1,2})(?:st|nd|rd|th)?\s+(?P<monthname>" + _WORD + r"),?\s+(?P<year>\d{4})"
        + TIME_RE + "$",
        re.I,
    ),
    re.compile(
        r"^(?P<monthname>" + _WORD + r")\s+(?P<day>\d{1,2})(?:st|nd|rd|th)?,?\s+(?P<year>\d{4})"
        + TIME_RE + "$",
        re.I,
    ),
]  # fmt: skip
MONTH_RE = re.compile(
    r"^(?:(?P<part>early|mid|late)[\s-]+)?(?P<monthname>" + _WORD + r")\s+(?P<year>\d{4})$", re.I
)
YEAR_RE = re.compile(r"^(?P<year>\d{4})$")
UNKNOWN_WORDS = {"", "unknown", "not known", "?", "অজানা", "जानकारी नहीं", "अज्ञात"}


def parse_when(text: str, *, allow_future: bool = False) -> When:
    """Read a date as typed. Raises ApplicationError naming what is wrong."""
    raw = l10n.native_to_ascii(" ".join(str(text).replace("\u00a0", " ").split()))
    if raw.lower() in UNKNOWN_WORDS:
        return When(None, Precision.UNKNOWN)
    when = _parse(raw)
    if (
        not allow_future
        and when.at is not None
        and when.at > timezone.now() + dt.timedelta(minutes=5)
    ):
        raise ApplicationError(
            _("%(when)s is in the future. Record what has happened, with the date it happened.")
            % {"when": format_when(when)}
        )
    if when.at is not None and when.at.year < 1900:
        raise ApplicationError(_("%(year)s is too long ago to be right.") % {"year": when.at.year})
    return when


def _parse(raw: str) -> When:
    for pattern in PATTERNS:
        match = pattern.match(raw)
        if match is None:
            continue
        parts = match.groupdict()
        year, day = int(parts["year"]), int(parts["day"])
        month = _month_of(parts["monthname"]) if parts.get("monthname") else int(parts["month"])
        _valid_day(year, month, day)
        if parts.get("hour") is None:
            return When(_local(year, month, day), Precision.DAY)
        hour, minute = int(parts["hour"]), int(parts["minute"])
        ampm = (parts.get("ampm") or "").lower().replace(".", "")
        if ampm:
            if not 1 <= hour <= 12:
                raise ApplicationError(
                    _("%(hour)s o'clock is not a time on a 12-hour clock.") % {"hour": hour}
                )
            hour = hour % 12 + (12 if ampm == "pm" else 0)
        if hour > 23 or minute > 59:
            raise ApplicationError(
                _("%(hour)s:%(minute)02d is not a time of day.") % {"hour": hour, "minute": minute}
            )
        return When(_local(year, month, day, hour, minute), Precision.TIME)
    for precision, pattern in _month_parts_translated():
        match = pattern.match(raw)
        if match is not None:
            month, year = _month_of(match["monthname"]), int(match["year"])
            return When(_local(year, month, MONTH_PART_START[precision]), precision)
    match = MONTH_RE.match(raw)
    if match is not None:
        month, year = _month_of(match["monthname"]), int(match["year"])
        if match["part"]:
            precision = MONTH_PART_WORD[match["part"].lower()]
            return When(_local(year, month, MONTH_PART_START[precision]), precision)
        return When(_local(year, month, 1), Precision.MONTH)
    match = YEAR_RE.match(raw)
    if match is not None:
        return When(_local(int(match["year"]), 1, 1), Precision.YEAR)
    raise ApplicationError(
        _(
            "“%(text)s” is not a date Mukti can read. Write it like 20 Apr 2024, "
            "20 Apr 2024 22:55, early Nov 2024, Apr 2024, 2024 or unknown."
        )
        % {"text": raw}
    )


@cache
def _month_parts_translated() -> list[tuple[Precision, re.Pattern[str]]]:
    """ "early Nov 2024" as each language writes it ("নভেম্বর ২০২৪-এর শুরুতে", "नवंबर 2024 की
    शुरुआत"), read back: built from the very messages ``format_when`` writes with."""
    templates = {
        Precision.EARLY_MONTH: gettext_noop("early %(month)s"),
        Precision.MID_MONTH: gettext_noop("mid %(month)s"),
        Precision.LATE_MONTH: gettext_noop("late %(month)s"),
    }
    month_year = r"(?P<monthname>" + _WORD + r")\s+(?P<year>\d{4})"
    found = []
    for code, _name in settings.LANGUAGES:
        if code.startswith("en"):
            continue  # English reads through MONTH_RE
        with translation.override(code):
            for precision, template in templates.items():
                written = _(template)
                if written == template or "%(month)s" not in written:
                    continue
                before, after = (re.escape(piece) for piece in written.split("%(month)s", 1))
                found.append((precision, re.compile(f"^{before}{month_year}{after}$", re.I)))
    return found


def format_when(when: When | None) -> str:
    """Show a date with its precision: "20 Apr 2024, 22:55", "early Nov 2024", "date unknown"."""
    if when is None or when.at is None or when.precision == Precision.UNKNOWN:
        return _("date unknown")
    return l10n.digits(_format_when(timezone.localtime(when.at), when.precision))


def when_formatter() -> Callable[[When | None], str]:
    """``format_when`` for many dates in the same request (a timeline shows hundreds): the time
    zone, the language's digits and its month names are read once, not once per date."""
    tz = timezone.get_current_timezone()
    language = translation.get_language()
    table = l10n.NATIVE_DIGITS.get((language or "").split("-")[0])
    months = [""] + [l10n.month_name(m, short=True) for m in range(1, 13)]
    unknown: list[str] = []

    def format(when: When | None) -> str:
        if when is None or when.at is None or when.precision == Precision.UNKNOWN:
            if not unknown:
                unknown.append(_("date unknown"))
            return unknown[0]
        text = _format_when(when.at.astimezone(tz), when.precision, months.__getitem__)
        return text.translate(table) if table else text

    return format


def _format_when(local: dt.datetime, p: str, month: Callable[[int], str] | None = None) -> str:
    """``month`` gives a month's short name (``when_formatter`` passes the names it read once)."""
    name = month(local.month) if month is not None else l10n.month_name(local.month, short=True)
    month_year = f"{name} {local.year}"
    if p == Precision.TIME:
        return f"{local.day} {month_year}, {local:%H:%M}"
    if p == Precision.DAY:
        return f"{local.day} {month_year}"
    if p == Precision.EARLY_MONTH:  # read back by _month_parts_translated
        return _("early %(month)s") % {"month": month_year}
    if p == Precision.MID_MONTH:
        return _("mid %(month)s") % {"month": month_year}
    if p == Precision.LATE_MONTH:
        return _("late %(month)s") % {"month": month_year}
    if p == Precision.MONTH:
        return month_year
    return str(local.year)


def add_months(at: dt.datetime, months: int) -> dt.datetime:
    """The same local time ``months`` calendar months later (the 31st becomes the month's last
    day). India keeps no daylight saving, so local arithmetic is exact."""
    local = timezone.localtime(at)
    index = local.month - 1 + months
    year, month = local.year + index // 12, index % 12 + 1
    last = (dt.date(year + month // 12, month % 12 + 1, 1) - dt.timedelta(days=1)).day
    return local.replace(year=year, month=month, day=min(local.day, last))


def shift_when(when: When, months: int) -> When:
    """The same fuzzy date ``months`` calendar months later: "early Mar 2024" becomes "early Apr
    2024", "22 Apr 2024 22:55" becomes "22 May 2024 22:55"."""
    return When(None if when.at is None else add_months(when.at, months), when.precision)
