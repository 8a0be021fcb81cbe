"""Consent: given for a purpose, and withdrawn."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from mukti.accounts.access import Action, require
from mukti.accounts.models import User
from mukti.audit.tracked import tracked_create, tracked_update
from mukti.care.models import Consent, ConsentPurpose
from mukti.care.services._common import _check_survivor
from mukti.cases.models import Case, Survivor
from mukti.core.errors import ApplicationError


@transaction.atomic
def consent_record(
    *,
    actor: User,
    case: Case,
    survivor: Survivor,
    purpose: str,
    given_on: dt.date,
    partner: str = "",
    expires_on: dt.date | None = None,
) -> Consent:
    require(actor, Action.CARE_EDIT, case)
    _check_survivor(case, survivor)
    if given_on > timezone.localdate():
        raise ApplicationError(_("Consent cannot be recorded ahead of time."), field="given_on")
    if expires_on is not None and expires_on <= given_on:
        raise ApplicationError(
            _("The consent must expire after the day it was given."), field="expires_on"
        )
    if purpose == ConsentPurpose.DATA_SHARING and not partner.strip():
        raise ApplicationError(
            _("Name the partner she agreed to share her data with."), field="partner"
        )
    return tracked_create(
        Consent, actor=actor, case=case, survivor=survivor, purpose=purpose,
        partner=" ".join(partner.split()),  # as the exports and referrals compare it
        given_on=given_on, expires_on=expires_on, recorded_by=actor,
    )  # fmt: skip


@transaction.atomic
def consent_withdraw(
    *, actor: User, consent: Consent, withdrawn_on: dt.date, expected_version: int | None
) -> Consent:
    require(actor, Action.CARE_EDIT, consent.case)
    if consent.withdrawn_on is not None:
        raise ApplicationError(_("This consent was already withdrawn."))
    if withdrawn_on < consent.given_on:
        raise ApplicationError(
            _("She gave this consent on %(day)s; it cannot be withdrawn before.")
            % {"day": f"{consent.given_on:%d %b %Y}"},
            field="withdrawn_on",
        )
    return tracked_update(
        consent, actor=actor, expected_version=expected_version, withdrawn_on=withdrawn_on
    )
