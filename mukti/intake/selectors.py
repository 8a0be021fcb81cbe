"""Reads of the intake flow, and its access rule."""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from mukti.accounts.access import Action, can, scope
from mukti.accounts.models import Role, User
from mukti.directory.models import Jurisdiction, JurisdictionKind, Office, OfficeKind, Official
from mukti.intake.extraction import Gazetteer
from mukti.intake.models import Draft, DraftStatus

_JURISDICTION_KINDS: dict[str, str] = {
    JurisdictionKind.COUNTRY: "country",
    JurisdictionKind.STATE: "state",
    JurisdictionKind.DISTRICT: "district",
    JurisdictionKind.POLICE_DISTRICT: "district",
    JurisdictionKind.COMMISSIONERATE: "city",
    JurisdictionKind.SUBDIVISION: "other",
    JurisdictionKind.POLICE_STATION: "police_unit",
    JurisdictionKind.OUTPOST: "police_unit",
}
_POLICE_OFFICES = {
    OfficeKind.POLICE_STATION, OfficeKind.OUTPOST, OfficeKind.SDPO_OFFICE,
    OfficeKind.DISTRICT_POLICE_HQ, OfficeKind.COMMISSIONERATE_HQ, OfficeKind.AHTU,
    OfficeKind.STATE_CID,
}  # fmt: skip


# Access: a caseworker sees her own drafts, a supervisor every draft of her organisation; once
# confirmed, the case team may read the narrative as the case's source, which names the survivor,
# her family and the suspects: only with the right to reveal a survivor's identity
# (SURVIVOR_REVEAL), and only through the audited reveal (services.draft_source_reveal).
def draft_rule(user: Any, action: Action, draft: Draft) -> bool:
    if draft.created_by_id == user.pk:
        return True
    if user.role == Role.SUPERVISOR and draft.created_by.organisation_id == user.organisation_id:
        return True
    return (
        action in (Action.CASE_VIEW, Action.SURVIVOR_REVEAL)
        and draft.case_id is not None
        and can(user, action, draft.case)
    )


def draft_scope(user: Any, action: Action, queryset: QuerySet) -> QuerySet:
    if user.role == Role.SUPERVISOR:
        return queryset.filter(created_by__organisation_id=user.organisation_id)
    return queryset.filter(created_by=user)


def draft_get_for_user(*, user: User, draft_id: int, action: Action = Action.CASE_CREATE) -> Draft:
    draft = get_object_or_404(
        Draft.objects.select_related("created_by", "case", "updated_by"), pk=draft_id
    )
    # Someone else's draft is reported as missing: its id must not confirm that it exists.
    if not can(user, action, draft):
        raise Http404
    return draft


def drafts_for_user(*, user: User) -> list[Draft]:
    drafts = scope(user, Action.CASE_CREATE, Draft.objects.filter(status=DraftStatus.OPEN))
    return list(
        drafts.select_related("created_by").defer("text", "items").order_by("-created_at")[:100]
    )


def case_sources(*, case: Any) -> list[Draft]:
    """The narratives a case was confirmed from (the case page's "Source narrative")."""
    return list(
        Draft.objects.filter(case=case, status=DraftStatus.CONFIRMED)
        .defer("text", "items")
        .order_by("confirmed_at")
    )


def case_draft_ids(*, case: Any) -> list[int]:
    """The narratives a case was read from, confirmed or not (the per-case access page: each
    reading of one is a reveal, with its reason)."""
    return list(Draft.objects.filter(case=case).values_list("pk", flat=True))


def directory_gazetteer() -> Gazetteer:
    """The built-in place names plus the directory's jurisdictions and offices."""
    extra = [
        (name, _JURISDICTION_KINDS.get(kind, "other"))
        for name, kind in Jurisdiction.objects.values_list("name", "kind")
    ]
    extra += [
        (name, "police_unit" if kind in _POLICE_OFFICES else "facility")
        for name, kind in Office.objects.values_list("name", "kind")
    ]
    return Gazetteer(extra)


@dataclass(frozen=True)
class Suggestion:
    value: str  # "j12", "o3", "p7": jurisdiction, office, official (person)
    label: str
    score: float


def _words(names: list[str]) -> set[str]:
    return {w for name in names for w in name.replace(",", " ").split() if len(w) >= 4}


def _score(a: str, b: str) -> float:
    a, b = a.lower(), b.lower()
    if a in b or b in a:
        return 0.9 + 0.1 * min(len(a), len(b)) / max(len(a), len(b))
    return difflib.SequenceMatcher(None, a, b).ratio()


def directory_suggestions(*, items: dict[str, Any], limit: int = 3) -> dict[str, list[Suggestion]]:
    """For each place and official the extractor found, the directory rows with the closest
    names; three queries whatever the number of items (rows sharing a word with any name)."""
    places = [p["name"] for p in items.get("places", [])]
    officials = items.get("officials", [])
    official_names = [o["name"] for o in officials if o.get("name")]
    official_places = [o["jurisdiction"] for o in officials if o.get("jurisdiction")]
    words = _words(places + official_places + official_names)
    result: dict[str, list[Suggestion]] = {}
    if not words:
        return result
    by_name = Q()
    for word in sorted(words):
        by_name |= Q(name__icontains=word)
    jurisdictions = list(Jurisdiction.objects.filter(by_name).only("id", "name", "kind")[:200])
    offices = list(Office.objects.filter(by_name).only("id", "name")[:200])
    people = list(
        Official.objects.filter(by_name | Q(office__in=offices))
        .select_related("office")
        .only("id", "name", "designation", "office__name")[:200]
    )
    for name in places:
        options = [Suggestion(f"j{j.pk}", j.name, _score(name, j.name)) for j in jurisdictions]
        options += [Suggestion(f"o{o.pk}", o.name, _score(name, o.name)) for o in offices]
        result[f"place:{name}"] = _best(options, limit)
    for official in officials:
        key = f"official:{official['title']}"
        wanted = " ".join(filter(None, [official.get("name"), official.get("jurisdiction")]))
        options = [
            Suggestion(
                f"p{p.pk}",
                f"{p.name}, {p.designation or p.get_rank_display()} ({p.office.name})",
                max(_score(wanted, p.name), _score(wanted, p.office.name)) if wanted else 0.0,
            )
            for p in people
        ]
        options += [
            Suggestion(f"o{o.pk}", o.name, _score(wanted, o.name) if wanted else 0.0)
            for o in offices
        ]
        result[key] = _best(options, limit)
    return result


def _best(options: list[Suggestion], limit: int) -> list[Suggestion]:
    return sorted((o for o in options if o.score >= 0.55), key=lambda o: -o.score)[:limit]
