"""Referring to a partner organisation, and its answer: each in one transaction, with its audit
record and an entry on the timeline of the case (and, on acceptance, of the partner's)."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from mukti.accounts.access import Action, require
from mukti.accounts.models import Organisation, User
from mukti.audit.tracked import tracked_create, tracked_update
from mukti.care import consent
from mukti.care.models import ConsentPurpose
from mukti.cases import services as cases
from mukti.cases.models import Case, EventType, Survivor
from mukti.core.errors import ApplicationError
from mukti.core.fuzzydate import Precision, When
from mukti.referrals.models import Referral, ReferralStatus, Section


def _now() -> When:
    return When(timezone.now().replace(second=0, microsecond=0), Precision.TIME)


@transaction.atomic
def referral_make(
    *,
    actor: User,
    case: Case,
    to_organisation: Organisation,
    survivors: Iterable[Survivor],
    sections: Iterable[str],
    purpose: str,
) -> Referral:
    """Refer survivors of a case to a partner organisation. Each must have a data-sharing
    consent in force naming that partner; only the chosen sections will be shared."""
    require(actor, Action.CASE_EDIT, case)
    people = list(survivors)
    chosen = [s for s in Section.values if s in set(sections)]
    if to_organisation.pk == case.organisation_id:
        raise ApplicationError(_("Choose another organisation than your own."), field="to")
    if not people:
        raise ApplicationError(_("Choose at least one survivor to refer."), field="survivors")
    if any(not case.case_survivors.filter(survivor=p).exists() for p in people):
        raise ApplicationError(_("Choose survivors of this case."), field="survivors")
    if not chosen:
        raise ApplicationError(_("Choose at least one thing to share."), field="sections")
    if not purpose.strip():
        raise ApplicationError(_("Say what you ask of them."), field="purpose")
    reasons = [
        reason
        for p in people
        if (
            reason := consent.refusal(
                survivor=p, purpose=ConsentPurpose.DATA_SHARING, partner=to_organisation.name
            )
        )
    ]
    if reasons:
        raise ApplicationError(
            " ".join(reasons)
            + " "
            + _("Record her consent on the care page, naming %(partner)s, then refer.")
            % {"partner": to_organisation.name},
            field="survivors",
        )
    if Referral.objects.filter(
        case=case, to_organisation=to_organisation, status=ReferralStatus.PENDING
    ).exists():
        raise ApplicationError(
            _("This case is already waiting for an answer from %(partner)s.")
            % {"partner": to_organisation.name},
            field="to",
        )
    referral = tracked_create(
        Referral,
        actor=actor,
        case=case,
        to_organisation=to_organisation,
        sections=chosen,
        purpose=purpose.strip(),
        referred_by=actor,
    )
    referral.survivors.set(people)
    _note_on_referring_case(
        referral,
        actor,
        _("Referred to %(partner)s through Mukti: %(purpose)s")
        % {"partner": to_organisation.name, "purpose": referral.purpose},
    )
    return referral


def _partner_may_answer(actor: User, referral: Referral) -> None:
    require(actor, Action.CASE_CREATE)
    if actor.organisation_id != referral.to_organisation_id:
        raise ApplicationError(_("Only the organisation it was referred to can answer."))
    if referral.status != ReferralStatus.PENDING:
        raise ApplicationError(
            _("This referral was answered already (%(status)s).")
            % {"status": referral.get_status_display()}
        )


def _note_on_referring_case(referral: Referral, actor: User, note: str) -> None:
    """An entry on the referring case's timeline about this referral. The partner may not
    write there: its answers are entered in the name of the case's lead (the audit log's record
    of the answer names who answered)."""
    writer = actor if actor.organisation_id == referral.case.organisation_id else referral.case.lead
    cases.event_record(
        actor=writer,
        case=referral.case,
        type=EventType.REFERRED,
        when=_now(),
        survivors=list(referral.survivors.all()),
        note=note,
    )


@transaction.atomic
def referral_accept(*, actor: User, referral: Referral, note: str = "") -> Case:
    """Accept: the partner's own case is opened (with the survivors referred, by pseudonym, if
    they were shared) and both timelines show the hand-over."""
    referral = Referral.objects.select_for_update().get(pk=referral.pk)
    _partner_may_answer(actor, referral)
    source = referral.case
    people = list(referral.survivors.all())
    shared = set(referral.sections)
    from_name = source.organisation.name
    partner_case = cases.case_open(
        actor=actor,
        title=_("Referred by %(from)s: %(title)s") % {"from": from_name, "title": source.title}
        if Section.SUMMARY in shared
        else _("Referred by %(from)s") % {"from": from_name},
        summary=referral.purpose,
    )
    copies = []
    if Section.SURVIVORS in shared:
        for person in people:
            copies.append(
                cases.survivor_add(
                    actor=actor,
                    case=partner_case,
                    pseudonym=person.pseudonym,
                    gender=person.gender,
                    age_years=person.age_years,
                    age_assessed_on=person.age_assessed_on,
                    age_estimated=person.age_estimated,
                    nationality=person.nationality,
                    languages=person.languages,
                )
            )
    cases.event_record(
        actor=actor,
        case=partner_case,
        type=EventType.INFORMATION_RECEIVED,
        when=_now(),
        survivors=copies,
        note=_("Referred by %(from)s through Mukti: %(purpose)s")
        % {"from": from_name, "purpose": referral.purpose},
    )
    tracked_update(
        referral,
        actor=actor,
        expected_version=referral.version,
        status=ReferralStatus.ACCEPTED,
        answered_by=actor,
        answered_at=timezone.now(),
        answer_note=note.strip(),
        partner_case=partner_case,
    )
    _note_on_referring_case(
        referral,
        actor,
        _("%(partner)s accepted the referral.") % {"partner": actor.organisation.name}
        + (f" {note.strip()}" if note.strip() else ""),
    )
    return partner_case


@transaction.atomic
def referral_decline(*, actor: User, referral: Referral, reason: str) -> Referral:
    referral = Referral.objects.select_for_update().get(pk=referral.pk)
    _partner_may_answer(actor, referral)
    if not reason.strip():
        raise ApplicationError(
            _("Say why you decline, for the team that referred."), field="reason"
        )
    updated = tracked_update(
        referral,
        actor=actor,
        expected_version=referral.version,
        status=ReferralStatus.DECLINED,
        answered_by=actor,
        answered_at=timezone.now(),
        answer_note=reason.strip(),
    )
    _note_on_referring_case(
        referral,
        actor,
        _("%(partner)s declined the referral: %(reason)s")
        % {"partner": actor.organisation.name, "reason": reason.strip()},
    )
    return updated


@transaction.atomic
def referral_withdraw(*, actor: User, referral: Referral) -> Referral:
    referral = Referral.objects.select_for_update().get(pk=referral.pk)
    require(actor, Action.CASE_EDIT, referral.case)
    if referral.status != ReferralStatus.PENDING:
        raise ApplicationError(_("Only a referral still waiting for an answer can be withdrawn."))
    updated = tracked_update(
        referral, actor=actor, expected_version=referral.version, status=ReferralStatus.WITHDRAWN
    )
    _note_on_referring_case(
        referral,
        actor,
        _("The referral to %(partner)s was withdrawn.")
        % {"partner": referral.to_organisation.name},
    )
    return updated
