"""Reads: the case page's panel, a story or packet of a case, a packet by its link."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from mukti.care import consent
from mukti.care.models import ConsentPurpose
from mukti.cases.models import Case, Survivor
from mukti.core.compiled import compiled
from mukti.rescue.models import Engagement
from mukti.sharing.models import Packet, Story
from mukti.sharing.services import token_hash


@dataclass
class Panel:
    storytellers: list[Survivor]  # those whose story consent is in force today
    stories: list[Story]
    packets: list[Packet]


def case_panel(*, case: Case) -> Panel:
    """Three queries, however many survivors, stories and packets the case has."""
    return Panel(
        _storytellers(case.pk, timezone.localdate()),
        _case_stories(case.pk),
        _case_packets(case.pk),
    )


@compiled
def _storytellers(case_id: int, day: dt.date) -> QuerySet[Survivor]:
    people = Survivor.objects.filter(case_links__case_id=case_id).order_by("case_links__id")
    return consent.consenting(people, purpose=ConsentPurpose.STORY, on=day)


@compiled
def _case_stories(case_id: int) -> QuerySet[Story]:
    return Story.objects.filter(case_id=case_id).select_related("survivor", "approved_by")


@compiled
def _case_packets(case_id: int) -> QuerySet[Packet]:
    return Packet.objects.filter(case_id=case_id).select_related("office", "survivor")


def story_of_case(*, case: Case, story_id: int) -> Story:
    rows = Story.objects.select_related("survivor", "edited_by", "approved_by", "case")
    return get_object_or_404(rows, pk=story_id, case=case)


def packet_of_case(*, case: Case, packet_id: int) -> Packet:
    rows = Packet.objects.select_related("office", "survivor", "engagement", "sent_by", "case")
    return get_object_or_404(rows, pk=packet_id, case=case)


def hops(*, case: Case) -> list[Engagement]:
    return list(
        Engagement.objects.filter(case=case)
        .select_related("office", "official", "event")
        .order_by("event__sort_at", "pk")
    )


def packet_by_link(*, token: str) -> Packet | None:
    """The packet a link names, whether valid or not (services.packet_valid says)."""
    if not token or len(token) > 100:
        return None
    return (
        Packet.objects.select_related("office", "survivor", "case", "engagement")
        .filter(token_hash=token_hash(token))
        .first()
    )
