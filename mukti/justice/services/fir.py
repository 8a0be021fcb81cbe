"""The FIR (its sections, checked against the law in force) and the chargesheet."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from mukti.accounts.access import Action, require
from mukti.accounts.models import User
from mukti.audit.tracked import tracked_create, tracked_update
from mukti.cases import services as case_services
from mukti.cases.models import Case, EventType
from mukti.core import l10n
from mukti.core.errors import ApplicationError
from mukti.core.fuzzydate import When
from mukti.directory.models import Office, OfficeKind
from mukti.justice.models import Chargesheet, Fir, LegalSection
from mukti.justice.services._common import _after_fir, _check_kind, _event

POLICE = (OfficeKind.POLICE_STATION, OfficeKind.OUTPOST, OfficeKind.AHTU, OfficeKind.STATE_CID)


def check_sections(case: Case, sections: Iterable[LegalSection], *, when: When) -> None:
    """Only sections in force on the offence date may be charged (IPC before 1 July 2024, BNS
    from then; the special acts throughout). Without an offence date, the FIR's date decides."""
    day = case.offence_date or (timezone.localtime(when.at).date() if when.at else None)
    if day is None:
        raise ApplicationError(
            _("Give the case's offence date (or the FIR's date): it decides which law applies."),
            field="sections",
        )
    wrong = [s for s in sections if not s.in_force_on(day)]
    if wrong:
        raise ApplicationError(
            _("%(sections)s was not in force on %(day)s, the offence date. Charge the sections "
              "of the law in force then.")
            % {"sections": ", ".join(s.short for s in wrong), "day": l10n.day(day)},
            field="sections",
        )  # fmt: skip


@transaction.atomic
def fir_register(
    *,
    actor: User,
    case: Case,
    police_station: Office,
    number: str,
    when: When,
    sections: Iterable[LegalSection],
    ahtu_informed_at: dt.datetime | None = None,
    electronic: bool = False,
    signed_at: dt.datetime | None = None,
    note: str = "",
) -> Fir:
    require(actor, Action.JUSTICE_EDIT, case)
    _check_kind(police_station, POLICE, _("a police station"), "police_station")
    number = number.strip()
    if Fir.objects.filter(police_station=police_station, number__iexact=number).exists():
        raise ApplicationError(
            _("FIR %(number)s of %(station)s is already recorded.")
            % {"number": number, "station": police_station},
            field="number",
        )
    charged = list(sections)
    if not charged:
        raise ApplicationError(_("Choose the sections charged."), field="sections")
    check_sections(case, charged, when=when)
    if ahtu_informed_at is not None and when.at is not None and ahtu_informed_at < when.at:
        raise ApplicationError(
            _("The FIR cannot reach the AHTU before it was registered."),
            field="ahtu_informed_at",
        )
    if signed_at is not None and not electronic:
        raise ApplicationError(
            _("Only an e-FIR is signed afterwards; tick e-FIR or leave the signature empty."),
            field="signed_at",
        )
    if signed_at is not None and when.at is not None and signed_at < when.at:
        raise ApplicationError(
            _("The informant cannot sign the e-FIR before it was registered."), field="signed_at"
        )
    event = _event(actor, case, EventType.FIR_REGISTERED, when, actor_office=police_station,
                   note=note)  # fmt: skip
    fir = tracked_create(
        Fir, actor=actor, event=event, case=case, police_station=police_station, number=number,
        ahtu_informed_at=ahtu_informed_at, electronic=electronic, signed_at=signed_at,
    )  # fmt: skip
    fir.sections.set(charged)
    return case_services.detail_recorded(fir)


@transaction.atomic
def chargesheet_file(
    *, actor: User, case: Case, number: str, when: When, sections: Iterable[LegalSection]
) -> Chargesheet:
    require(actor, Action.JUSTICE_EDIT, case)
    _after_fir(case, when, _("A chargesheet"))
    charged = list(sections)
    check_sections(case, charged, when=when)
    event = _event(actor, case, EventType.CHARGESHEET_FILED, when)
    sheet = tracked_create(Chargesheet, actor=actor, event=event, case=case, number=number)
    sheet.sections.set(charged)
    return case_services.detail_recorded(sheet)


@transaction.atomic
def fir_ahtu_informed(
    *, actor: User, fir: Fir, at: dt.datetime, expected_version: int | None
) -> Fir:
    require(actor, Action.JUSTICE_EDIT, fir.case)
    if fir.event.occurred_at and at < fir.event.occurred_at:
        raise ApplicationError(
            _("The FIR cannot reach the AHTU before it was registered."), field="at"
        )
    updated = tracked_update(fir, actor=actor, expected_version=expected_version,
                             ahtu_informed_at=at)  # fmt: skip
    case_services.timeline_touched(fir.case)
    return updated
