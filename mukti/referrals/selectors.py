"""Who sees a referral, and what the partner sees of the referring case.

The referring side: whoever may see the case sees its referrals (its panel). The partner: its
caseworkers and supervisors see what was referred to their organisation and answer it; once
accepted, whoever may see the partner's own case reads the shared sections, live. Anyone else
gets a 404.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from mukti.accounts.access import Action, can
from mukti.accounts.models import Organisation, User
from mukti.cases.access import CARE_EVENTS, JUSTICE_EVENTS, hidden_event_types
from mukti.cases.models import Case, Event, Survivor
from mukti.core.compiled import compiled
from mukti.referrals.models import Referral, Section


@compiled
def _case_referrals(case_id: int) -> QuerySet[Referral]:
    return (
        Referral.objects.filter(Q(case_id=case_id) | Q(partner_case_id=case_id))
        .select_related("to_organisation", "case__organisation", "answered_by")
        .order_by("-created_at", "-pk")
    )


def case_referrals(*, case: Case) -> list[Referral]:
    """The referrals made from this case, and the one it came from (if a partner's)."""
    return _case_referrals(case.pk)


def partners(*, user: User) -> QuerySet[Organisation]:
    """The organisations a case can be referred to: every other one on the instance."""
    return Organisation.objects.exclude(pk=user.organisation_id).order_by("name")


def incoming(*, user: User) -> list[Referral]:
    if not can(user, Action.CASE_CREATE):
        return []
    return list(
        Referral.objects.filter(to_organisation_id=user.organisation_id)
        .select_related("case__organisation", "answered_by", "partner_case")
        .order_by("-created_at", "-pk")
    )


def referral_for_partner(*, user: User, referral_id: int) -> Referral:
    """A referral to the user's organisation, for its caseworkers and supervisors."""
    if not can(user, Action.CASE_CREATE):
        raise Http404
    rows = Referral.objects.select_related("case__organisation", "partner_case", "to_organisation")
    return get_object_or_404(rows, pk=referral_id, to_organisation_id=user.organisation_id)


def referral_of_case(*, case: Case, referral_id: int) -> Referral:
    return get_object_or_404(
        Referral.objects.select_related("to_organisation"), pk=referral_id, case=case
    )


@dataclass
class Shared:
    """What the partner sees of the referring case: only the sections chosen."""

    referral: Referral
    summary: Case | None
    survivors: list[Survivor]
    events: list[Event]


def shared(*, referral: Referral, user: User) -> Shared:
    """The shared sections, read live, for someone who may see the partner's case."""
    if referral.partner_case is None or not can(user, Action.CASE_VIEW, referral.partner_case):
        raise Http404
    sections = set(referral.sections)
    people = list(referral.survivors.all())
    kinds: set[str] = set()
    general = Section.TIMELINE in sections
    if Section.CARE in sections:
        kinds |= CARE_EVENTS
    if Section.JUSTICE in sections:
        kinds |= JUSTICE_EVENTS
    events: list[Event] = []
    if general or kinds:
        rows = Event.objects.filter(case=referral.case, survivors__in=people).distinct()
        wanted = Q(type__in=kinds)
        if general:
            wanted |= ~Q(type__in=CARE_EVENTS | JUSTICE_EVENTS)
        rows = rows.filter(wanted).exclude(type__in=hidden_event_types(user))
        events = list(rows.order_by("sort_at", "pk"))
    return Shared(
        referral,
        referral.case if Section.SUMMARY in sections else None,
        people if Section.SURVIVORS in sections else [],
        events,
    )


def referral_ids(*, case: Any) -> list[int]:
    return list(Referral.objects.filter(case=case).values_list("pk", flat=True))
