"""Survivors found by name in any script, and possible duplicates, through blind indexes.

Her names (legal name and aliases), the phone numbers in her family contacts and the place names
of her home address are encrypted (``ProtectedIdentity``). What can be looked up is kept beside
them in ``SurvivorKey``, only as HMAC digests (``core.crypto.blind_index``) of keys that do not
change with script or spelling (``core.names``): each name word's sound and skeleton, each phone
as E.164, each place word's sound. A search or a match computes the same digests (under every
field key, so that it keeps working during a key rotation) and asks the index; only the few
candidates found are decrypted, to score how alike the names are.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Exists, Model, OuterRef, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from mukti.accounts.access import Action, can, scope
from mukti.accounts.models import User
from mukti.cases.access import case_team_filter
from mukti.cases.models import (
    Case,
    CaseSurvivor,
    ProtectedIdentity,
    SameSurvivor,
    Survivor,
    SurvivorKey,
)
from mukti.core import names
from mukti.core.crypto import blind_index, blind_index_candidates

PURPOSE = "survivor"
AGE_TOLERANCE = 3  # years, either way
NAME_THRESHOLD = 91.0  # core.names.similarity, 0 to 100: tuned by `python -m bench names`
CANDIDATES = 40  # decrypted and scored at most, per match
# A key held by more survivors than this ranks no one: at 100,000 survivors a family name such
# as Khatun is thousands of rows, each checked against the user's cases, and the rarer keys of
# the whole name (core.names.whole_keys) still find her among them.
COMMON = 1000


def identity_keys(*, legal_name: str = "", aliases: str = "", family_contacts: str = "",
                  home_address: str = "") -> set[str]:  # fmt: skip
    """The plain keys of one identity (before hashing)."""
    found: set[str] = set()
    for name in [legal_name, *aliases.split(",")]:
        found |= names.match_keys(name)
    found |= {f"phone:{phone}" for phone in names.phones_in(family_contacts)}
    found |= names.place_keys(home_address)
    return found


def _identity_keys(identity: ProtectedIdentity) -> set[str]:
    return identity_keys(
        legal_name=identity.legal_name, aliases=identity.aliases,
        family_contacts=identity.family_contacts, home_address=identity.home_address,
    )  # fmt: skip


def survivor_digests(identity: ProtectedIdentity) -> set[str]:
    """What ``SurvivorKey`` holds for her: each key's digest under the newest field key."""
    return {blind_index(PURPOSE, key) for key in _identity_keys(identity)}


def lookup(keys: set[str]) -> dict[str, str]:
    """Digest -> key, under every field key."""
    return {digest: key for key in keys for digest in blind_index_candidates(PURPOSE, key)}


def survivor_reindex(identity: ProtectedIdentity) -> None:
    """Rewrite one survivor's blind indexes from her identity (called by every service that
    writes a ProtectedIdentity, in its transaction)."""
    wanted = survivor_digests(identity)
    have = set(
        SurvivorKey.objects.filter(survivor_id=identity.survivor_id).values_list(
            "digest", flat=True
        )
    )
    if have - wanted:
        SurvivorKey.objects.filter(
            survivor_id=identity.survivor_id, digest__in=have - wanted
        ).delete()
    SurvivorKey.objects.bulk_create(
        SurvivorKey(survivor_id=identity.survivor_id, digest=digest) for digest in wanted - have
    )


def survivor_keys_rebuild(*, batch: int = 500) -> int:
    """Recompute every survivor's blind indexes under the newest field key (after a key
    rotation, or to repair them). Returns how many survivors were indexed."""
    count = 0
    for identity in ProtectedIdentity.objects.order_by("pk").iterator(chunk_size=batch):
        survivor_reindex(identity)
        count += 1
    return count


# --- Search ---------------------------------------------------------------------------------------


def cases_named(query: str) -> QuerySet[CaseSurvivor] | None:
    """Links to the survivors whose name sounds like every word of ``query`` (any script or
    common spelling), or None if the query has no name word. The caller scopes the cases."""
    words = [w for w in names.words(query) if len(names.sound(w)) >= 2]
    if not words:
        return None
    survivors = Survivor.objects.all()
    for word in words[:5]:
        digests = list(lookup({f"sound:{names.sound(word)}"}))
        survivors = survivors.filter(
            pk__in=SurvivorKey.objects.filter(digest__in=digests).values("survivor_id")
        )
    return CaseSurvivor.objects.filter(survivor__in=survivors)


# --- Possible duplicates --------------------------------------------------------------------------


@dataclass
class Candidate:
    """What is known of the new or edited survivor, as typed."""

    legal_name: str = ""
    aliases: str = ""
    family_contacts: str = ""
    home_address: str = ""
    age_years: int | None = None
    birth_date: dt.date | None = None
    nationality: str = ""
    gender: str = ""
    age_assessed_on: dt.date | None = None


@dataclass
class Match:
    survivor: Survivor
    cases: list[Case]
    score: float
    reasons: list[str] = field(default_factory=list)


def survivor_candidate(survivor: Survivor) -> Candidate:
    """What is recorded of her, to look for her other records (decrypted here, never shown)."""
    identity = ProtectedIdentity.objects.filter(survivor=survivor).first()
    return Candidate(
        legal_name=identity.legal_name if identity else "",
        aliases=identity.aliases if identity else "",
        family_contacts=identity.family_contacts if identity else "",
        home_address=identity.home_address if identity else "",
        age_years=survivor.age_years,
        birth_date=survivor.birth_date,
        nationality=str(survivor.nationality or ""),
        gender=survivor.gender,
        age_assessed_on=survivor.age_assessed_on,
    )


def _age(birth_date: dt.date | None, age_years: int | None, on: dt.date | None) -> int | None:
    today = timezone.localdate()
    if birth_date is not None:
        before_birthday = (today.month, today.day) < (birth_date.month, birth_date.day)
        return today.year - birth_date.year - before_birthday
    if age_years is not None:
        # An age told years ago has grown since.
        return age_years + ((today - on).days // 365 if on else 0)
    return None


def survivor_matches(
    *, user: User, candidate: Candidate, exclude: Survivor | None = None, limit: int = 10
) -> list[Match]:
    """Survivors of cases this user may see who may be the same woman, with why.

    Candidates come from the blind indexes (a name word, a phone or a place in common), ranked
    by how many keys they share; at most ``CANDIDATES`` of them are decrypted to compare names.
    A phone in common is a match by itself; otherwise the names must sound alike and neither
    age (±3 years), nationality nor gender may contradict."""
    # Places find no one by themselves (a village is shared by thousands): they are compared
    # once the candidates are decrypted, not looked up.
    wanted = lookup(
        identity_keys(
            legal_name=candidate.legal_name, aliases=candidate.aliases,
            family_contacts=candidate.family_contacts,
        )
    )  # fmt: skip
    places = names.place_keys(candidate.home_address)
    if not wanted:
        return []
    # The digest index is read first; each row found is then checked against the cases the user
    # may see (the organisation's for a supervisor, the team's otherwise) by a correlated
    # EXISTS. A join let SQLite start from every case of the organisation (0.5 s at 10,000).
    # case_team_filter is the case rule in SQL (organisation_id joined, or the team's few case
    # ids): "case_id IN (every case of the organisation)" was evaluated again for each row.
    if not can(user, Action.CASE_VIEW):
        return []
    seen = CaseSurvivor.objects.filter(case_team_filter(user), survivor_id=OuterRef("survivor_id"))
    rows = SurvivorKey.objects.filter(Exists(seen), digest__in=_selective(list(wanted)))
    if exclude is not None:
        rows = rows.exclude(survivor_id=exclude.pk)
    ranked = list(
        rows.values("survivor_id")
        .annotate(hits=Count("id"))
        .order_by("-hits", "survivor_id")
        .values_list("survivor_id", flat=True)[:CANDIDATES]
    )
    if not ranked:
        return []
    shared: dict[int, set[str]] = defaultdict(set)
    for survivor_id, digest in SurvivorKey.objects.filter(
        survivor_id__in=ranked, digest__in=list(wanted)
    ).values_list("survivor_id", "digest"):
        shared[survivor_id].add(wanted[digest])
    people = {
        identity.survivor_id: identity
        for identity in ProtectedIdentity.objects.filter(survivor_id__in=ranked).select_related(
            "survivor"
        )
    }
    typed_names = [n for n in [candidate.legal_name, *candidate.aliases.split(",")] if n.strip()]
    age = _age(candidate.birth_date, candidate.age_years, candidate.age_assessed_on)
    found: list[Match] = []
    for survivor_id in ranked:
        identity = people.get(survivor_id)
        if identity is None:
            continue
        survivor = identity.survivor
        keys = shared[survivor_id]
        reasons: list[str] = []
        phone = any(k.startswith("phone:") for k in keys)
        if phone:
            reasons.append(_("a phone number of her family contacts is the same"))
        their_names = [identity.legal_name, *identity.aliases.split(",")]
        score = max(
            (names.best_similarity(typed, their_names) for typed in typed_names), default=0.0
        )
        alike = score >= NAME_THRESHOLD
        if alike:
            reasons.append(_("her name sounds the same (%(score)d%% alike)") % {"score": score})
        their_age = _age(survivor.birth_date, survivor.age_years, survivor.age_assessed_on)
        ages_fit = age is None or their_age is None or abs(age - their_age) <= AGE_TOLERANCE
        if age is not None and their_age is not None and ages_fit:
            reasons.append(_("her age is within 3 years (%(age)s)") % {"age": their_age})
        nationality_fits = not (
            candidate.nationality and survivor.nationality
            and candidate.nationality != survivor.nationality
        )  # fmt: skip
        if candidate.nationality and candidate.nationality == survivor.nationality:
            reasons.append(_("the same nationality"))
        gender_fits = not (
            candidate.gender and survivor.gender not in ("", "unknown", candidate.gender)
            and candidate.gender != "unknown"
        )  # fmt: skip
        their_places = names.place_keys(identity.home_address)
        if places & their_places:
            reasons.append(_("a place of her home address is the same"))
        # Both home addresses known and not one place in common: another woman of that name
        # (unless a phone says otherwise).
        places_fit = not (places and their_places) or bool(places & their_places)
        if phone or (alike and ages_fit and nationality_fits and gender_fits and places_fit):
            found.append(Match(survivor=survivor, cases=[], score=score, reasons=reasons))
    found.sort(key=lambda m: (-int(any("phone" in r for r in m.reasons)), -m.score))
    found = found[:limit]
    _attach_cases(user, found)
    return found


def _selective(digests: list[str]) -> list[str]:
    """The digests that can rank candidates: all but those held by more than ``COMMON``
    survivors (counted in the index alone, whoever's cases they are: the count is never
    shown), or the two rarest if every one is that common."""
    counts = dict(
        SurvivorKey.objects.filter(digest__in=digests)
        .values_list("digest")
        .annotate(n=Count("id"))
        .order_by()
        .values_list("digest", "n")
    )
    kept = [d for d in digests if counts.get(d, 0) <= COMMON]
    return kept or sorted(digests, key=lambda d: counts.get(d, 0))[:2]


def _attach_cases(user: User, matches: list[Match]) -> None:
    """The cases of each match this user may see (one query)."""
    if not matches:
        return
    by_survivor: dict[int, list[Case]] = defaultdict(list)
    for link in CaseSurvivor.objects.filter(
        case_team_filter(user), survivor_id__in=[m.survivor.pk for m in matches]
    ).select_related("case"):
        by_survivor[link.survivor_id].append(link.case)
    for match in matches:
        match.cases = by_survivor[match.survivor.pk]


# --- The same person ------------------------------------------------------------------------------


def linked_ids(model: type[Model], first: str, second: str, start: int) -> set[int]:
    """Every record linked to ``start`` as the same person, directly or through others (its own
    id included), in a table of pairs such as ``SameSurvivor`` (``first`` and ``second`` name
    its two foreign keys): the one walk behind survivors' and accused persons' histories."""
    seen, frontier = {start}, {start}
    while frontier:
        rows = model._default_manager.filter(
            Q(**{f"{first}_id__in": frontier}) | Q(**{f"{second}_id__in": frontier})
        )
        linked = {i for pair in rows.values_list(f"{first}_id", f"{second}_id") for i in pair}
        frontier = linked - seen
        seen |= linked
    return seen


def same_person_ids(survivor_id: int) -> set[int]:
    """Every survivor record linked as the same woman, directly or through others (her own id
    included)."""
    return linked_ids(SameSurvivor, "survivor", "other", survivor_id)


def unlinked_matches(*, user: User, survivor: Survivor) -> list[Match]:
    """The records that may be hers (in cases this user may see) and are not yet linked to
    her: what the edit page, the API and intake show."""
    linked = same_person_ids(survivor.pk)
    candidate = survivor_candidate(survivor)
    found = survivor_matches(user=user, candidate=candidate, exclude=survivor)
    return [match for match in found if match.survivor.pk not in linked]


def same_person_records(*, user: User, survivor: Survivor) -> list[CaseSurvivor]:
    """Her records across cases, as far as this user may see them: one view of her history."""
    ids = same_person_ids(survivor.pk)
    visible = scope(user, Action.CASE_VIEW, Case.objects.all())
    return list(
        CaseSurvivor.objects.filter(survivor_id__in=ids, case__in=visible)
        .select_related("case", "survivor")
        .order_by("added_at", "id")
    )
