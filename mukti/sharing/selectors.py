"""Reads: the case page's panel, a story or packet of a case, a packet by its link."""

from __future__ import annotations

from dataclasses import dataclass

from django.shortcuts import get_object_or_404

from mukti.care import consent
from mukti.care.models import ConsentPurpose
from mukti.cases.models import Case, Survivor
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
    people = Survivor.objects.filter(case_links__case=case).order_by("case_links__id")
    return Panel(
        list(consent.consenting(people, purpose=ConsentPurpose.STORY)),
        list(Story.objects.filter(case=case).select_related("survivor", "approved_by")),
        list(Packet.objects.filter(case=case).select_related("office", "survivor")),
    )


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
