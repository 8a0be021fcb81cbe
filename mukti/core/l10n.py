"""Dates and numbers as each language writes them.

- English: "1 Dec 2026", as before.
- Bengali: full month names and Bengali digits, "১ ডিসেম্বর ২০২৬".
- Hindi: full month names with the international digits that Indian government usage follows
  (Article 343 of the Constitution), "1 दिसंबर 2026".

The parser reads all three back (``native_to_ascii`` and ``MONTH_NAMES``), so a date written on a
Bengali page in Bengali digits is understood.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
import unicodedata
from decimal import Decimal
from typing import Any

from django.utils import dateformat, translation
from django.utils.dates import MONTHS
from django.utils.translation import gettext_noop

BENGALI_DIGITS = "০১২৩৪৫৬৭৮৯"
DEVANAGARI_DIGITS = "०१२३४५६७८९"
_TO_BENGALI = str.maketrans("0123456789", BENGALI_DIGITS)
_TO_ASCII = str.maketrans(BENGALI_DIGITS + DEVANAGARI_DIGITS, "0123456789" * 2)

# Languages that write numbers in their own digits.
NATIVE_DIGITS = {"bn": _TO_BENGALI}

# Django's own month names, translated again in Mukti's catalogues (which Django reads first):
# its Hindi ones are misspelt. Listed here so that makemessages keeps them.
_MONTH_NAMES_TO_TRANSLATE = (
    gettext_noop("January"), gettext_noop("February"), gettext_noop("March"),
    gettext_noop("April"), gettext_noop("May"), gettext_noop("June"), gettext_noop("July"),
    gettext_noop("August"), gettext_noop("September"), gettext_noop("October"),
    gettext_noop("November"), gettext_noop("December"),
)  # fmt: skip

# Month names the date parser accepts, in the three languages (with the common spellings), in
# Unicode normal form C (য় typed as one character or as য with a nukta is the same word).
_MONTH_NAMES: dict[str, int] = {
    **{calendar.month_name[n].lower(): n for n in range(1, 13)},
    **{calendar.month_abbr[n].lower(): n for n in range(1, 13)},
    "sept": 9,
    # Bengali
    "জানুয়ারি": 1, "জানুয়ারী": 1, "ফেব্রুয়ারি": 2, "ফেব্রুয়ারী": 2, "মার্চ": 3,
    "এপ্রিল": 4, "মে": 5, "জুন": 6, "জুলাই": 7, "আগস্ট": 8,
    "অগাস্ট": 8, "সেপ্টেম্বর": 9, "অক্টোবর": 10, "নভেম্বর": 11, "ডিসেম্বর": 12,
    "জানু": 1, "ফেব্রু": 2, "এপ্রি": 4, "সেপ্টে": 9, "অক্টো": 10, "নভে": 11, "ডিসে": 12,
    # Hindi
    "जनवरी": 1, "फ़रवरी": 2, "फरवरी": 2, "मार्च": 3, "अप्रैल": 4, "मई": 5, "जून": 6,
    "जुलाई": 7, "अगस्त": 8, "सितंबर": 9, "सितम्बर": 9, "अक्टूबर": 10, "अक्तूबर": 10,
    "नवंबर": 11, "नवम्बर": 11, "दिसंबर": 12, "दिसम्बर": 12,
}  # fmt: skip
MONTH_NAMES = {unicodedata.normalize("NFC", name): n for name, n in _MONTH_NAMES.items()}


def month_number(word: str) -> int | None:
    """The month a typed name means ("Dec", "December", "ডিসেম্বর", "दिसंबर"), if any."""
    return MONTH_NAMES.get(unicodedata.normalize("NFC", word.lower().rstrip(".")))


def native_to_ascii(text: str) -> str:
    """Bengali and Devanagari digits as 0-9, for parsers."""
    return text.translate(_TO_ASCII)


def digits(text: str, language: str | None = None) -> str:
    """``text`` with its digits in the language's own, where it writes them so."""
    table = NATIVE_DIGITS.get((language or translation.get_language() or "").split("-")[0])
    return text.translate(table) if table else text


# A count or an amount written out: "120", "1,204", "12,04,500", "3.5" (not "< 11", "1 / 30",
# "MK-2026-0042", "1,,").
_FIGURE = re.compile(r"(?:[0-9]{1,3}(?:,[0-9]{2,3})+|[0-9]+)(?:\.[0-9]+)?")


def figure(value: Any) -> Any:
    """A count or an amount (a whole number, or text that is only a number: "120", "3.5") in
    the reader's digits; anything else as it is: the marks a page explains in words ("< 11",
    "—"), names, references."""
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float | Decimal):
        return digits(str(value))
    if isinstance(value, str) and _FIGURE.fullmatch(value):
        return digits(value)
    return value


def is_english(language: str | None = None) -> bool:
    return (language or translation.get_language() or "en").startswith("en")


def month_name(month: int, *, short: bool) -> str:
    """ "Dec" in English (as before); the full name in Bengali and Hindi, where Django's short
    forms ("ডিসে.", "दिस्") read badly."""
    if is_english():
        return calendar.month_abbr[month] if short else calendar.month_name[month]
    return str(MONTHS[month])


def date_format(fmt: str) -> str:
    """A Django date format for the active language: outside English, "M" becomes "F" (the full
    month name)."""
    return fmt if is_english() else fmt.replace("M", "F")


def format_date(value: dt.date | dt.datetime, fmt: str) -> str:
    """Django's date format in the active language, with the language's digits."""
    return digits(dateformat.format(value, date_format(fmt)))


def day(value: dt.date | dt.datetime) -> str:
    """A day inside a sentence: "05 Apr 2024" in English (as the messages always wrote it),
    "৫ এপ্রিল ২০২৪", "5 अप्रैल 2024"."""
    if is_english():
        return f"{value:%d %b %Y}"
    return format_date(value, "j F Y")


def month(value: dt.date | dt.datetime) -> str:
    """A month inside a sentence: "Apr 2024", "এপ্রিল ২০২৪", "अप्रैल 2024"."""
    if is_english():
        return f"{value:%b %Y}"
    return format_date(value, "F Y")
