"""What the care modules share: dated records are events on the case timeline."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from mukti.accounts.models import User
from mukti.cases import services as case_services
from mukti.cases.models import Case, Event, Survivor
from mukti.core.errors import ApplicationError
from mukti.core.fuzzydate import Precision, When, format_when


def _day(when: When, *, what: str) -> dt.date:
    """The local day of an event that must be known to the day (a stay, a step)."""
    if when.at is None or when.precision not in (Precision.TIME, Precision.DAY):
        raise ApplicationError(
            _("%(what)s needs the day it happened, not only %(when)s.")
            % {"what": what, "when": format_when(when)},
            field="when",
        )
    return timezone.localtime(when.at).date()


def event_day(event: Any) -> dt.date:
    return timezone.localtime(event.occurred_at).date()


def _event(
    actor: User, case: Case, type: str, when: When, survivor: Survivor, **values: Any
) -> Event:
    return case_services.event_record(
        actor=actor, case=case, type=type, when=when, survivors=[survivor], **values
    )


def _check_survivor(case: Case, survivor: Survivor) -> None:
    case_services.check_survivors_of_case(case, [survivor], field="survivor")


def _check_closing_day(
    day: dt.date, start: dt.date, *, field: str, too_early: str, in_future: str
) -> None:
    """A day that closes a record (a stay's end, a step's completion) comes on or after the day
    the record began (``too_early`` says so, given ``start``), and not in the future."""
    if day < start:
        raise ApplicationError(too_early % {"start": f"{start:%d %b %Y}"}, field=field)
    if day > timezone.localdate():
        raise ApplicationError(in_future, field=field)
