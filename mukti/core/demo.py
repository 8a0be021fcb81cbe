"""Demo dates that live in the present: every demo story moves to the weeks before `make demo`."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from mukti.core.fuzzydate import Precision, When, add_months, parse_when, shift_when

# The demo's stories are written as if today were this day. Every date in them moves by whole
# calendar months so that they end in the weeks before the day `make demo` runs ("early Mar"
# stays "early" in its month): a newcomer sees cases of the last months, clocks running now and
# a few breached, not years-old ones. Dates written relative to loading ("-5h") do not move.
DEMO_WRITTEN = dt.date(2025, 11, 1)


def demo_months() -> int:
    today = timezone.localdate()
    return (today.year - DEMO_WRITTEN.year) * 12 + today.month - DEMO_WRITTEN.month


def demo_when(text: str) -> When:
    """A demo date as written ("22 Apr 2024 22:55", "early Mar 2024", "-5h"), moved to now."""
    if text.startswith("-"):
        amount, unit = int(text[1:-1]), text[-1]
        delta = dt.timedelta(hours=amount) if unit == "h" else dt.timedelta(days=amount)
        at = (timezone.now() - delta).replace(second=0, microsecond=0)
        return When(at, Precision.TIME if unit == "h" else Precision.DAY)
    return shift_when(parse_when(text), demo_months())


def demo_day(day: dt.date | None) -> dt.date | None:
    if day is None:
        return None
    return add_months(
        timezone.make_aware(dt.datetime.combine(day, dt.time(12))), demo_months()
    ).date()


def demo_date(year: int, month: int, day: int) -> dt.date:
    """A day of a demo story, moved to now."""
    noon = timezone.make_aware(dt.datetime(year, month, day, 12))
    return add_months(noon, demo_months()).date()


def demo_moment(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> dt.datetime:
    """A local moment of a demo story, moved to now."""
    moment = dt.datetime(year, month, day, hour, minute)
    return add_months(timezone.make_aware(moment), demo_months())
