"""Medical care: a visit to a hospital or clinic, and what is learnt after it."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from mukti.accounts.access import Action, require
from mukti.accounts.models import User
from mukti.audit.tracked import tracked_create, tracked_update
from mukti.care.models import MedicalCare
from mukti.care.services._common import _event, event_day
from mukti.cases import services as case_services
from mukti.cases.models import Case, EventType, Survivor
from mukti.core.errors import ApplicationError
from mukti.core.fuzzydate import When
from mukti.directory.models import Office, OfficeKind


def _check_after_care(start: dt.date | None, **dates: dt.date | None) -> None:
    """The dates learnt after a visit (discharge, follow-up, report sent) cannot come before the
    day of the visit itself (when it is known)."""
    for name, day in dates.items():
        if day is not None and start is not None and day < start:
            raise ApplicationError(
                _("That date (%(day)s) comes before the care itself (%(start)s).")
                % {"day": f"{day:%d %b %Y}", "start": f"{start:%d %b %Y}"},
                field=name,
            )


@transaction.atomic
def medical_record(
    *,
    actor: User,
    case: Case,
    survivor: Survivor,
    when: When,
    facility: Office,
    kind: str,
    need: str,
    discharged_on: dt.date | None = None,
    outcome: str = "",
    follow_up_on: dt.date | None = None,
    report_sent_on: dt.date | None = None,
    note: str = "",
) -> MedicalCare:
    if facility.kind not in (OfficeKind.HOSPITAL, OfficeKind.OTHER, OfficeKind.NGO):
        raise ApplicationError(
            _("%(office)s is not a hospital or clinic in the directory.") % {"office": facility},
            field="facility",
        )
    _check_after_care(
        timezone.localtime(when.at).date() if when.at else None,
        discharged_on=discharged_on, follow_up_on=follow_up_on, report_sent_on=report_sent_on,
    )  # fmt: skip
    event = _event(actor, case, EventType.MEDICAL_CARE, when, survivor, actor_office=facility,
                   note=note)  # fmt: skip
    record = tracked_create(
        MedicalCare, actor=actor, event=event, case=case, survivor=survivor, facility=facility,
        kind=kind, need=need, discharged_on=discharged_on, outcome=outcome,
        follow_up_on=follow_up_on, report_sent_on=report_sent_on,
    )  # fmt: skip
    return case_services.detail_recorded(record)


@transaction.atomic
def medical_update(
    *,
    actor: User,
    medical: MedicalCare,
    expected_version: int | None,
    discharged_on: dt.date | None = None,
    outcome: str = "",
    follow_up_on: dt.date | None = None,
    report_sent_on: dt.date | None = None,
) -> MedicalCare:
    """What is learnt after the visit: the discharge, the outcome, the follow-up, the day the
    doctor's report went to the investigating officer (which stops its clock)."""
    require(actor, Action.CARE_EDIT, medical.case)
    _check_after_care(
        event_day(medical.event),
        discharged_on=discharged_on, follow_up_on=follow_up_on, report_sent_on=report_sent_on,
    )  # fmt: skip
    updated = tracked_update(
        medical, actor=actor, expected_version=expected_version, discharged_on=discharged_on,
        outcome=outcome, follow_up_on=follow_up_on, report_sent_on=report_sent_on,
    )  # fmt: skip
    case_services.timeline_touched(medical.case)
    return updated
