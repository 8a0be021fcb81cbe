"""Accused persons: added, matched (by blind index) and linked across cases, corrected."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.db.models import Count, Exists, OuterRef
from django.utils.translation import gettext as _

from mukti.accounts.access import Action, require, scope
from mukti.accounts.models import User
from mukti.audit.models import AuditAction
from mukti.audit.services import audit_record, diff, snapshot
from mukti.audit.tracked import tracked_create, tracked_update
from mukti.cases.models import Case
from mukti.cases.names import linked_ids
from mukti.core.errors import ApplicationError
from mukti.core.names import best_similarity
from mukti.justice import keys
from mukti.justice.models import Accused, AccusedKey, CaseAccused, SameAccused
from mukti.justice.services._common import _created


def accused_linkable(user: User) -> Any:
    """Accused persons this user may match and link: those accused in a case whose legal side
    the user may see. A person known only from another team's case is not offered (his name
    would reach a team that has no business knowing it); a supervisor, who sees both cases,
    links such a person."""
    cases = scope(user, Action.JUSTICE_VIEW, Case.objects.all()).values("pk")
    links = CaseAccused.objects.filter(accused_id=OuterRef("pk"), case_id__in=cases)
    return Accused.objects.filter(Exists(links))


# How alike two names must sound (core.names.similarity) for a man to be offered as the same.
NAME_THRESHOLD = 88.0


def accused_matches(*, user: User, name: str, phone: str = "", aliases: str = "") -> list[Accused]:
    """People already known by this name, an alias or this phone, among those this user may
    link: offered to link, so that one person accused in two cases is one record. Matched by
    blind index (justice.keys): the stored names and phones are encrypted."""
    wanted = keys.lookup_digests(name=name, aliases=aliases, phone=phone)
    if not wanted:
        return []
    exact = keys.lookup_digests(name=name, aliases=aliases, phone=phone, sounds=False)
    # Ranked by how many keys they share; only these few are decrypted, to compare names.
    ranked = list(
        AccusedKey.objects.filter(digest__in=wanted, accused__in=accused_linkable(user))
        .values("accused_id")
        .annotate(hits=Count("id"))
        .order_by("-hits", "accused_id")
        .values_list("accused_id", flat=True)[:40]
    )
    exactly = set(
        AccusedKey.objects.filter(accused_id__in=ranked, digest__in=exact).values_list(
            "accused_id", flat=True
        )
    )
    typed = [n for n in [name, *aliases.split(",")] if n.strip()]
    found = [
        accused
        for accused in Accused.objects.filter(pk__in=ranked)
        if accused.pk in exactly
        or max(
            (best_similarity(t, [accused.name, *accused.aliases.split(",")]) for t in typed),
            default=0.0,
        )
        >= NAME_THRESHOLD
    ]
    return sorted(found, key=lambda accused: keys.normal_name(accused.name))[:10]


def same_accused_ids(accused_id: int) -> set[int]:
    """Every accused record linked as the same man, directly or through others (his own id
    included): the walk of ``cases.names.linked_ids`` over ``SameAccused``."""
    return linked_ids(SameAccused, "accused", "other", accused_id)


def accused_unlinked_matches(*, user: User, accused: Accused) -> list[Accused]:
    """Other accused records that may be him (among those this user may link), not yet linked
    as him: offered on his page across cases."""
    linked = same_accused_ids(accused.pk)
    found = accused_matches(user=user, name=accused.name, phone=accused.phone,
                            aliases=accused.aliases)  # fmt: skip
    others = [other for other in found if other.pk not in linked]
    seen_in: dict[int, list[Case]] = {}  # where each is accused, as far as she may see
    for record in _records_seen(user, [other.pk for other in others]):
        seen_in.setdefault(record.accused_id, []).append(record.case)
    for other in others:
        other.seen_in = seen_in.get(other.pk, [])  # type: ignore[attr-defined]
    return others


def _records_seen(user: User, accused_ids: Iterable[int]) -> list[CaseAccused]:
    """These accused records' place in each case whose legal side this user may see, oldest
    first."""
    cases = scope(user, Action.JUSTICE_VIEW, Case.objects.all()).values("pk")
    return list(
        CaseAccused.objects.filter(accused_id__in=list(accused_ids), case_id__in=cases)
        .select_related("case", "accused")
        .order_by("added_at", "id")
    )


def accused_records(*, user: User, accused: Accused) -> list[CaseAccused]:
    """His place in each case, across the records linked as him, as far as this user may see
    the cases' legal side: one view of his history."""
    return _records_seen(user, same_accused_ids(accused.pk))


@transaction.atomic
def accused_link_same(*, actor: User, case: Case, accused: Accused, other: Accused) -> None:
    """Say that two accused records are the same man (recorded apart), so that his history
    across cases is one view. Both must be records this user may link (accused in a case whose
    legal side she may see); audited."""
    require(actor, Action.JUSTICE_EDIT, case)
    if not CaseAccused.objects.filter(case=case, accused=accused).exists():
        raise ApplicationError(_("That person is not accused in this case."))
    if accused.pk == other.pk:
        raise ApplicationError(_("A record is already the same person as itself."))
    if not accused_linkable(actor).filter(pk=other.pk).exists():
        raise ApplicationError(
            _(
                "That person is known only from cases outside your team. Ask a supervisor, who "
                "sees both cases, to link them."
            )
        )
    first, second = sorted([accused.pk, other.pk])
    if SameAccused.objects.filter(accused_id=first, other_id=second).exists():
        raise ApplicationError(_("These records are already linked as the same person."))
    tracked_create(SameAccused, actor=actor, accused_id=first, other_id=second)


def _index(accused: Accused) -> None:
    """(Re)write the blind indexes of one person from his decrypted values."""
    AccusedKey.objects.filter(accused=accused).delete()
    AccusedKey.objects.bulk_create(
        AccusedKey(accused=accused, digest=digest)
        for digest in keys.digests(name=accused.name, aliases=accused.aliases, phone=accused.phone)
    )


def accused_keys_rebuild() -> int:
    """Re-index every accused person under the newest field key (after a key rotation)."""
    people = list(Accused.objects.all())
    for accused in people:
        _index(accused)
    return len(people)


@transaction.atomic
def accused_add(
    *,
    actor: User,
    case: Case,
    role: str,
    name: str = "",
    aliases: str = "",
    phone: str = "",
    description: str = "",
    approximate_age: int | None = None,
    existing: Accused | None = None,
) -> CaseAccused:
    require(actor, Action.JUSTICE_EDIT, case)
    if existing is None:
        values = _identity(name=name, aliases=aliases, phone=phone, description=description,
                           approximate_age=approximate_age)  # fmt: skip
        existing = tracked_create(Accused, actor=actor, **values)
        _index(existing)
    elif not accused_linkable(actor).filter(pk=existing.pk).exists():
        raise ApplicationError(
            _(
                "That person is known only from cases outside your team. Ask a supervisor, who "
                "sees both cases, to link them."
            ),
            field="existing",
        )
    elif CaseAccused.objects.filter(case=case, accused=existing).exists():
        raise ApplicationError(
            _("%(name)s is already accused in this case.") % {"name": existing}, field="existing"
        )
    return _created(actor, CaseAccused(case=case, accused=existing, role=role))


def _identity(
    *, name: str, aliases: str, phone: str, description: str, approximate_age: int | None
) -> dict[str, Any]:
    """Who he is, as stored: "unknown" typed as a name is no name (it would be a key shared by
    every unnamed man); without a name, a description must say who he is."""
    name = "" if keys.is_placeholder(name) else name.strip()
    description = description.strip()
    if not name and not description:
        raise ApplicationError(
            _(
                "Give his name or, if it is not known, describe him (for example “man, about "
                "30, worked at the door”) so that he can be told apart from others."
            ),
            field="name",
        )
    if approximate_age is not None and not 1 <= approximate_age <= 110:
        raise ApplicationError(
            _("Give an age between 1 and 110 years, or leave it empty."), field="approximate_age"
        )
    return {"name": name, "aliases": aliases.strip(), "phone": phone.strip(),
            "description": description, "approximate_age": approximate_age}  # fmt: skip


@transaction.atomic
def accused_update(
    *,
    actor: User,
    case: Case,
    accused: Accused,
    expected_version: int | None,
    role: str,
    name: str = "",
    aliases: str = "",
    phone: str = "",
    description: str = "",
    approximate_age: int | None = None,
) -> CaseAccused:
    """Correct who he is (his name, once learnt) and his role in this case. He is one person in
    every case he is accused in: the correction shows in all of them."""
    require(actor, Action.JUSTICE_EDIT, case)
    link = (
        CaseAccused.objects.select_for_update(of=("self",))
        .filter(case=case, accused=accused)
        .first()
    )
    if link is None:
        raise ApplicationError(_("That person is not accused in this case."))
    values = _identity(name=name, aliases=aliases, phone=phone, description=description,
                       approximate_age=approximate_age)  # fmt: skip
    updated = tracked_update(accused, actor=actor, expected_version=expected_version, **values)
    _index(updated)
    if link.role != role:
        before = snapshot(link)
        link.role = role
        link.full_clean()
        link.save(update_fields=["role"])
        audit_record(
            actor=actor, action=AuditAction.UPDATE, obj=link, changes=diff(before, snapshot(link))
        )
    link.accused = updated
    return link
