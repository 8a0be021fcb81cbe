from __future__ import annotations

import datetime as dt
from typing import Any

import phonenumbers
from django import template
from django.template import defaultfilters
from django.utils import timezone
from django.utils.safestring import SafeString
from django.utils.translation import ngettext

from mukti.core import l10n, translations
from mukti.core.options import options

register = template.Library()


@register.filter(expects_localtime=True, is_safe=False)
def date(value: Any, arg: str | None = None) -> str:
    """Django's ``date`` in the reader's language: full month names and, in Bengali, Bengali
    digits ("১ ডিসেম্বর ২০২৬"); English pages unchanged ("1 Dec 2026")."""
    return l10n.digits(defaultfilters.date(value, l10n.date_format(arg) if arg else arg))


@register.filter(expects_localtime=True, is_safe=False)
def time(value: Any, arg: str | None = None) -> str:
    """Django's ``time``, with the language's digits."""
    return l10n.digits(defaultfilters.time(value, arg))


@register.filter(name="count", is_safe=True)
def count(value: Any) -> Any:
    """A count in the reader's language's digits: "১২" on a Bengali page; Hindi and English keep
    0-9 (docs/translation.md). Only for counts: case, phone and FIR numbers and legal citations
    keep their official form. A value that is not a whole number (a label, "< 11") is left as
    it is."""
    if isinstance(value, bool) or not isinstance(value, int):
        return value
    return l10n.digits(str(value))


@register.filter(is_safe=True)
def figure(value: Any) -> Any:
    """A cell of a table of figures: a count or an amount in the reader's digits, whether a
    number or its text ("120", "3.5"); the marks the page explains ("< 11", "—") and names as
    they are (``l10n.figure``)."""
    return l10n.figure(value)


@register.filter
def digits(value: str) -> str:
    """Text whose only digits are figures (a translated message with a count in it: "2 failed
    attempts") with them in the reader's digits. Never for text that holds a reference, a phone
    number or a citation."""
    return l10n.digits(str(value))


@register.filter
def phone(value: str) -> str:
    """Show a stored E.164 number the way people read it: "+91 98300 12345"."""
    try:
        number = phonenumbers.parse(value, None)
    except phonenumbers.NumberParseException:
        return value
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)


@register.filter
def minutes(value: float | None) -> str:
    """A wait in words a field team reads at a glance: "15 min", "3 h 20 min", "12 days" (in
    the reader's language and digits: "৩ ঘণ্টা ২০ মিনিট"). Kept per language, as durations are:
    the responsiveness report shows one per office."""
    if value is None:
        return ""
    total = round(value)
    return translations.kept("_mukti_minutes", total, lambda: _wait(total))


def _wait(total: int) -> str:
    if total < 60:
        return l10n.digits(_in_minutes(total))
    if total < 48 * 60:
        hours, rest = divmod(total, 60)
        text = f"{_in_hours(hours)} {_in_minutes(rest)}" if rest else _in_hours(hours)
        return l10n.digits(text)
    return l10n.digits(_in_days(total // (24 * 60)))


def _in_days(n: int) -> str:
    return ngettext("%(n)s day", "%(n)s days", n) % {"n": n}


def _in_hours(n: int) -> str:
    # English writes "h" for one hour or many; Hindi does not ("1 घंटा", "2 घंटे").
    return ngettext("%(n)s h", "%(n)s h", n) % {"n": n}


def _in_minutes(n: int) -> str:
    return ngettext("%(n)s min", "%(n)s min", n) % {"n": n}


def duration_words(span: dt.timedelta) -> str:
    """A duration as people say it, never as raw hours: "3 days 4 h", "5 h 20 min", "12 min"
    (in the reader's language and digits: "১৮ দিন ১৫ ঘণ্টা"). Days and hours past two days;
    hours and minutes below; minutes under an hour. Kept per language (core/translations.py):
    the lateness report shows two for each of its rows, hundreds of rows for a large
    organisation, and the plural lookup is most of their cost."""
    minutes_total = max(0, int(abs(span).total_seconds() // 60))
    return translations.kept("_mukti_duration_words", minutes_total, lambda: _words(minutes_total))


def _words(minutes_total: int) -> str:
    days, rest = divmod(minutes_total, 24 * 60)
    hours, mins = divmod(rest, 60)
    if days >= 2:
        text = _in_days(days)
        text = f"{text} {_in_hours(hours)}" if hours else text
    else:
        hours += days * 24
        if hours:
            text = f"{_in_hours(hours)} {_in_minutes(mins)}" if mins else _in_hours(hours)
        else:
            text = _in_minutes(mins)
    return l10n.digits(text)


@register.filter
def duration(value: dt.timedelta | float | None) -> str:
    """A timedelta, or a number of hours (the lateness report), in words."""
    if value is None:
        return ""
    if not isinstance(value, dt.timedelta):
        value = dt.timedelta(hours=float(value))
    return duration_words(value)


@register.filter
def from_now(value: dt.datetime | None) -> str:
    """How far a moment is from now, either way, in words ("3 days 4 h")."""
    if value is None:
        return ""
    return duration_words(value - timezone.now())


@register.filter
def when(value: object) -> str:
    """A date as precise as it is known ("early Mar 2024", "20 Apr 2024 22:55")."""
    from mukti.core.fuzzydate import When, format_when

    return format_when(value) if isinstance(value, When) else ""


@register.simple_tag
def fixed_options(name: str, choices: Any, selected: Any = None) -> SafeString:
    """The ``<option>`` tags of a list that changes only with a release (an enum's choices),
    rendered once per process and language under ``name`` (``core.options``), ``selected``
    marked: the markup of ``{% for v, l in choices %}<option value="{{ v }}"{% if v ==
    selected %} selected{% endif %}>{{ l }}</option>{% endfor %}``."""
    return options(name, None, lambda: choices, selected)
