"""Reads of the intake flow, and its access rule."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from mukti.accounts.access import Action, can, scope
from mukti.accounts.models import Role, User
from mukti.cases.names import Candidate, Match, survivor_matches
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
        return directory_matches(items=items, limit=limit)
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
    # By title and jurisdiction first: "the SSP" names no one, yet the directory knows him.
    for key, matched in directory_matches(items=items, limit=limit).items():
        values = {m.value for m in matched}
        result[key] = [*matched, *(o for o in result.get(key, []) if o.value not in values)][:limit]
    return result


# Titles the extractor reads (data/titles.tsv) and the directory ranks that hold them.
TITLE_RANKS: dict[str, tuple[str, ...]] = {
    "Senior Superintendent of Police": ("ssp",),
    "Superintendent of Police": ("sp",),
    "Additional Superintendent of Police": ("addl_sp",),
    "Deputy Superintendent of Police": ("dsp",),
    "Sub-Divisional Police Officer": ("dsp",),
    "Inspector in Charge": ("inspector",),
    "Officer in Charge": ("si", "inspector"),
    "Station House Officer": ("si", "inspector"),
    "Commissioner of Police": ("cp",),
    "Deputy Commissioner of Police": ("dcp",),
    "Assistant Commissioner of Police": ("acp",),
    "Sub-Inspector": ("si",),
    "Police Sub-Inspector": ("si",),
    "Assistant Sub-Inspector": ("asi",),
    "Inspector": ("inspector",),
    "Police Inspector": ("inspector",),
    "Senior Inspector": ("inspector",),
}
# The office each kind of event takes place at: offered for it, and chosen when one alone fits.
FACILITY_FOR: dict[str, str] = {
    "medical_care": OfficeKind.HOSPITAL,
    "shelter_placement": OfficeKind.SHELTER_HOME,
}
_CWC_WORDS = re.compile(r"\bCWC\b|Child\s+Welfare\s+Committee")
# Organisations the extractor reads (data/organisations.tsv) that are kinds of office.
ORGANISATION_KINDS: dict[str, str] = {
    "AHTU": OfficeKind.AHTU,
    "CWC": OfficeKind.CWC,
    "DCPU": OfficeKind.DCPU,
}


def _plain(text: str) -> str:
    return "".join(ch for ch in text.lower() if ch.isalnum())


def _holds_title(official: Official, title: str) -> bool:
    """Whether the directory's official holds the title read: the designation says it ("Officer-
    in-Charge", "Inspector-in-Charge, AHTU"), or, without one, the rank does."""
    designation = _plain(official.designation.split(",")[0])
    if designation:
        return designation == _plain(title)
    return official.rank in TITLE_RANKS.get(title, ())


def _jurisdiction_score(wanted: str, office: Office, designation: str = "") -> float | None:
    """How well an office fits the jurisdiction read beside a title ("Basirhat", "Rajbari
    Outpost", "AHTU"): 1 if one of its words is in the office's name, its jurisdiction's or the
    designation, or it names the office's kind; None if it fits not at all."""
    words = [w for w in re.findall(r"[A-Za-z]+", wanted) if len(w) >= 3]
    haystack = " ".join([office.name, office.jurisdiction.name, designation]).lower()
    if ORGANISATION_KINDS.get(wanted.strip()) == office.kind:
        return 1.0
    generic = {"police", "station", "district", "outpost", "the", "office", "zone", "range"}
    specific = [w for w in words if w.lower() not in generic]
    if specific and all(w.lower() in haystack for w in specific):
        return 1.0
    return None


def directory_matches(*, items: dict[str, Any], limit: int = 3) -> dict[str, list[Suggestion]]:
    """For each title and organisation the extractor read, the directory's officials and offices
    that hold it, in the jurisdiction read beside it, else in a place the narrative names:
    "the SSP" of a report from North 24 Parganas is the SSP at North 24 Parganas's district
    headquarters. One query for the officials, one for the offices."""
    officials = items.get("officials", [])
    kinds = {
        ORGANISATION_KINDS[o["abbrev"]]
        for o in items.get("organisations", [])
        if o.get("abbrev") in ORGANISATION_KINDS
    }
    ranks = {rank for o in officials for rank in TITLE_RANKS.get(o["title"], ())}
    types = {e["type"] for e in items.get("events", [])}
    facilities = {kind for event_type, kind in FACILITY_FOR.items() if event_type in types}
    if any(_CWC_WORDS.search(e.get("evidence", "")) for e in items.get("events", [])):
        facilities.add(OfficeKind.CWC)
    places = [p["name"] for p in items.get("places", []) if p.get("kind") != "country"]
    people = list(
        Official.objects.filter(Q(rank__in=ranks) | Q(office__kind__in=kinds))
        .select_related("office__jurisdiction")
        .only("id", "name", "rank", "designation", "tenure_end", "office__name", "office__kind",
              "office__jurisdiction__name")[:500]
    )  # fmt: skip
    offices = list(
        Office.objects.filter(kind__in=kinds | facilities)
        .select_related("jurisdiction__parent__parent")
        .only("id", "name", "kind", "jurisdiction__name", "jurisdiction__parent__name",
              "jurisdiction__parent__parent__name")[:500]
    )  # fmt: skip

    def in_narrative_places(office: Office, designation: str = "") -> float:
        return max(
            (1.0 for p in places if _jurisdiction_score(p, office, designation)), default=0.0
        )

    def near_narrative_places(office: Office) -> float:
        """1 in a place the narrative names, 0.5 in the district or state around it."""
        if in_narrative_places(office):
            return 1.0
        above = [office.jurisdiction.parent, getattr(office.jurisdiction.parent, "parent", None)]
        names = " ".join(j.name.lower() for j in above if j is not None)
        return 0.5 if any(p.lower() in names for p in places) else 0.0

    result: dict[str, list[Suggestion]] = {}
    for official in officials:
        wanted = official.get("jurisdiction") or ""
        options = []
        for person in people:
            if not _holds_title(person, official["title"]) or person.tenure_end is not None:
                continue
            if wanted:
                fit = _jurisdiction_score(wanted, person.office, person.designation)
                if fit is None:
                    continue
                score = 0.9
            else:
                score = 0.6 + 0.3 * in_narrative_places(person.office, person.designation)
            label = f"{person.name}, {person.designation or person.get_rank_display()}"
            options.append(Suggestion(f"p{person.pk}", f"{label} ({person.office.name})", score))
        result[f"official:{official['title']}"] = _best(options, limit)
    for organisation in items.get("organisations", []):
        kind = ORGANISATION_KINDS.get(organisation.get("abbrev") or "")
        if kind is None:
            continue
        options = [
            Suggestion(f"o{o.pk}", o.name, 0.6 + 0.3 * in_narrative_places(o))
            for o in offices
            if o.kind == kind
        ]
        options += [
            Suggestion(
                f"p{p.pk}",
                f"{p.name}, {p.designation or p.get_rank_display()} ({p.office.name})",
                0.55 + 0.3 * in_narrative_places(p.office),
            )
            for p in people
            if p.office.kind == kind and p.tenure_end is None
        ]
        result[f"organisation:{organisation['abbrev']}"] = _best(options, limit)
    for kind in sorted(facilities):
        options = [
            Suggestion(f"o{o.pk}", o.name, 0.6 + 0.3 * near_narrative_places(o))
            for o in offices
            if o.kind == kind
        ]
        result[f"facility:{kind}"] = _best(options, limit)
    return result


def _best(options: list[Suggestion], limit: int) -> list[Suggestion]:
    return sorted((o for o in options if o.score >= 0.55), key=lambda o: -o.score)[:limit]


def victim_matches(*, user: User, victims: list[dict[str, Any]]) -> list[list[Match]]:
    """For each survivor of a draft (as read or corrected), the records of cases this user may
    see that may be the same woman, as the survivor form shows them: the caseworker sees them
    before confirming. None for a survivor removed or without a name."""
    found: list[list[Match]] = []
    for victim in victims:
        name = (victim.get("legal_name") or victim.get("name") or "").strip()
        if victim.get("remove") or not name:
            found.append([])
            continue
        candidate = Candidate(
            legal_name=name, age_years=victim.get("age"),
            nationality=victim.get("nationality_code") or "",
            gender=victim.get("gender") or "",
        )  # fmt: skip
        found.append(survivor_matches(user=user, candidate=candidate))
    return found


def matches_seen(matches: list[list[Match]]) -> str:
    """What the review page showed, to be sent back with the confirmation: the records offered
    (a confirmation of names whose matches were not shown is held back)."""
    return " ".join(str(pk) for pk in sorted({m.survivor.pk for row in matches for m in row}))
