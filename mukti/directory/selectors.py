"""Reads of the directory that pages (and later the API) share, each with a fixed query count."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, TypedDict

from django.db.models import Count, Q, QuerySet
from django.shortcuts import get_object_or_404

from mukti.accounts.access import Action, require, scope
from mukti.accounts.models import User
from mukti.directory.models import Jurisdiction, Office, Official

if TYPE_CHECKING:
    from django_stubs_ext import WithAnnotations

# The tree is at most eight levels deep (country … outpost), so following ``parent`` eight times
# in one join fetches every ancestor for breadcrumbs in the same query.
ANCESTORS = "__".join(["parent"] * 8)


def within(path: str, area_id: int) -> Q:
    """Rows whose jurisdiction (reached by ``path``, such as ``"jurisdiction"``) is the area or
    lies anywhere below it: one join per level, no recursive query."""
    condition = Q(**{f"{path}_id": area_id})
    for depth in range(1, 8):
        condition |= Q(**{f"{path}__{'__'.join(['parent'] * depth)}_id": area_id})
    return condition


def ancestors(jurisdiction: Jurisdiction) -> list[Jurisdiction]:
    """Top-down path to a jurisdiction, from rows already joined by ``ANCESTORS``."""
    path: list[Jurisdiction] = []
    node: Jurisdiction | None = jurisdiction
    while node is not None:
        path.append(node)
        node = node.parent
    return list(reversed(path))


class OfficeCount(TypedDict):
    office_count: int


@dataclass(frozen=True)
class TreeRow:
    jurisdiction: Jurisdiction
    depth: int
    office_count: int


def jurisdiction_tree(*, actor: User) -> list[TreeRow]:
    """The whole jurisdiction tree, depth-first, in one query."""
    rows = list(
        scope(actor, Action.DIRECTORY_VIEW, Jurisdiction.objects.all())
        .annotate(office_count=Count("offices"))
        .order_by("name")
    )
    children: dict[int | None, list[WithAnnotations[Jurisdiction, OfficeCount]]] = {}
    for row in rows:
        children.setdefault(row.parent_id, []).append(row)
    tree: list[TreeRow] = []
    stack = [(node, 0) for node in reversed(children.get(None, []))]
    while stack:
        node, depth = stack.pop()
        tree.append(TreeRow(node, depth, node.office_count))
        stack.extend((child, depth + 1) for child in reversed(children.get(node.pk, [])))
    return tree


def jurisdiction_choices() -> QuerySet[Jurisdiction]:
    return Jurisdiction.objects.order_by("kind", "name")


def jurisdiction_get(*, actor: User, jurisdiction_id: int) -> Jurisdiction:
    require(actor, Action.DIRECTORY_VIEW)
    return get_object_or_404(
        Jurisdiction.objects.select_related(ANCESTORS, "updated_by"), pk=jurisdiction_id
    )


def jurisdiction_children(*, jurisdiction: Jurisdiction) -> QuerySet[Jurisdiction]:
    return jurisdiction.children.annotate(office_count=Count("offices")).order_by("name")


def office_list(
    *, actor: User, query: str = "", kind: str = "", jurisdiction_id: int | None = None
) -> QuerySet[Office]:
    offices = scope(actor, Action.DIRECTORY_VIEW, Office.objects.all()).select_related(
        "jurisdiction", "parent"
    )
    if query:
        offices = offices.filter(Q(name__icontains=query) | Q(jurisdiction__name__icontains=query))
    if kind:
        offices = offices.filter(kind=kind)
    if jurisdiction_id:
        offices = offices.filter(jurisdiction_id=jurisdiction_id)
    return offices.order_by("name")


def office_get(*, actor: User, office_id: int) -> Office:
    require(actor, Action.DIRECTORY_VIEW)
    return get_object_or_404(
        Office.objects.select_related("jurisdiction__" + ANCESTORS, "parent", "updated_by"),
        pk=office_id,
    )


def office_officials(*, office: Office) -> QuerySet[Official]:
    return office.officials.order_by("tenure_end", "name")


def office_subordinates(*, office: Office) -> QuerySet[Office]:
    return office.subordinates.select_related("jurisdiction").order_by("name")


def official_list(
    *, actor: User, query: str = "", office_id: int | None = None, current_only: bool = False
) -> QuerySet[Official]:
    officials = scope(actor, Action.DIRECTORY_VIEW, Official.objects.all()).select_related(
        "office__jurisdiction"
    )
    if query:
        officials = officials.filter(
            Q(name__icontains=query)
            | Q(designation__icontains=query)
            | Q(office__name__icontains=query)
        )
    if office_id:
        officials = officials.filter(office_id=office_id)
    if current_only:
        officials = officials.filter(tenure_end__isnull=True)
    return officials.order_by("name")


def official_get(*, actor: User, official_id: int) -> Official:
    require(actor, Action.DIRECTORY_VIEW)
    return get_object_or_404(
        Official.objects.select_related("office__jurisdiction", "updated_by"), pk=official_id
    )


def officials_for_office(*, office_id: int | None) -> QuerySet[Official]:
    """The officials an official picker offers: those of one office, or all of them."""
    officials = Official.objects.select_related("office").order_by("name")
    return officials.filter(office_id=office_id) if office_id is not None else officials
