"""The court: hearings, testimony, the judgement and its verdicts, compensation."""

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
from mukti.cases.models import Case, EventType, Survivor
from mukti.core import l10n
from mukti.core.errors import ApplicationError
from mukti.core.fuzzydate import When
from mukti.directory.models import Office, OfficeKind
from mukti.justice.models import Accused, Compensation, Hearing, Judgement, Testimony, Verdict
from mukti.justice.services._common import _after_fir, _check_accused, _check_kind, _created, _event


def _check_court_record(actor: User, case: Case, court: Office, when: When, what: str) -> None:
    """A record of the court (a hearing, testimony, a judgement): by who may edit the legal case,
    at a court, after the FIR."""
    require(actor, Action.JUSTICE_EDIT, case)
    _check_kind(court, (OfficeKind.COURT,), _("a court"), "court")
    _after_fir(case, when, what)


@transaction.atomic
def hearing_record(
    *,
    actor: User,
    case: Case,
    court: Office,
    when: When,
    purpose: str,
    outcome: str = "",
    next_date: dt.date | None = None,
) -> Hearing:
    _check_court_record(actor, case, court, when, _("A hearing"))
    held = timezone.localtime(when.at).date() if when.at is not None else None
    if next_date is not None and held is not None and next_date <= held:
        raise ApplicationError(_("The next date must come after this hearing."), field="next_date")
    event = _event(actor, case, EventType.COURT_HEARING, when, actor_office=court)
    hearing = tracked_create(
        Hearing, actor=actor, event=event, case=case, court=court, purpose=purpose.strip(),
        outcome=outcome.strip(), next_date=next_date,
    )  # fmt: skip
    return case_services.detail_recorded(hearing)


@transaction.atomic
def testimony_record(
    *,
    actor: User,
    case: Case,
    survivor: Survivor,
    court: Office,
    when: When,
    support: Iterable[str] = (),
) -> Testimony:
    _check_court_record(actor, case, court, when, _("Testimony"))
    event = _event(actor, case, EventType.TESTIMONY, when, survivors=[survivor],
                   actor_office=court)  # fmt: skip
    testimony = tracked_create(
        Testimony, actor=actor, event=event, case=case, survivor=survivor, court=court,
        support=sorted(set(support)),
    )  # fmt: skip
    return case_services.detail_recorded(testimony)


@transaction.atomic
def judgement_record(
    *,
    actor: User,
    case: Case,
    court: Office,
    when: When,
    verdicts: Iterable[tuple[Accused, str, str]],
) -> Judgement:
    _check_court_record(actor, case, court, when, _("A judgement"))
    given = list(verdicts)
    if not given:
        raise ApplicationError(_("Give the verdict for at least one accused."), field="accused")
    for accused, _outcome, _sentence in given:
        _check_accused(case, accused)
    event = _event(actor, case, EventType.JUDGEMENT, when, actor_office=court)
    judgement = tracked_create(Judgement, actor=actor, event=event, case=case, court=court)
    for accused, outcome, sentence in given:
        _created(actor, Verdict(judgement=judgement, accused=accused, outcome=outcome,
                                sentence=sentence.strip()))  # fmt: skip
    return case_services.detail_recorded(judgement)


@transaction.atomic
def compensation_award(
    *,
    actor: User,
    case: Case,
    survivor: Survivor,
    when: When,
    awarded_by: str,
    amount_awarded: int,
) -> Compensation:
    require(actor, Action.JUSTICE_EDIT, case)
    if amount_awarded <= 0:
        raise ApplicationError(_("The amount awarded must be more than zero."),
                               field="amount_awarded")  # fmt: skip
    event = _event(actor, case, EventType.COMPENSATION, when, survivors=[survivor])
    award = tracked_create(
        Compensation, actor=actor, event=event, case=case, survivor=survivor,
        awarded_by=awarded_by.strip(), amount_awarded=amount_awarded,
    )  # fmt: skip
    return case_services.detail_recorded(award)


@transaction.atomic
def compensation_pay(
    *,
    actor: User,
    compensation: Compensation,
    amount_paid: int,
    paid_on: dt.date,
    expected_version: int | None,
) -> Compensation:
    require(actor, Action.JUSTICE_EDIT, compensation.case)
    if amount_paid <= 0 or amount_paid > compensation.amount_awarded:
        raise ApplicationError(
            _("The amount paid must be more than zero and at most the ₹%(n)s awarded.")
            % {"n": compensation.amount_awarded},
            field="amount_paid",
        )
    awarded = timezone.localtime(compensation.event.occurred_at).date()
    if paid_on < awarded or paid_on > timezone.localdate():
        raise ApplicationError(
            _("It was awarded on %(day)s: payment comes after that, and not in the future.")
            % {"day": l10n.day(awarded)},
            field="paid_on",
        )
    paid = tracked_update(
        compensation, actor=actor, expected_version=expected_version, amount_paid=amount_paid,
        paid_on=paid_on,
    )  # fmt: skip
    case_services.timeline_touched(compensation.case)
    return paid
