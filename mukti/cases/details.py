"""Typed details other apps hang on timeline events: an engagement, an arrest, a placement.

An app registers each of its details once (in its ``AppConfig.ready``). The timeline then joins the
detail and shows its facts, the quick entry leaves the detail's event types to the app's own forms
(which keep its rules), and the timeline refuses to delete such an event or change its kind.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db import models


@dataclass(frozen=True)
class Detail:
    # the reverse one-to-one accessor on Event ("engagement")
    name: str
    # what the entry is, for messages: "an engagement"
    label: Any
    # where it is corrected: "the rescue panel"
    panel: Any
    # event types recorded only through the panel's forms
    types: frozenset[str]
    # the detail's columns that ``facts`` reads (the timeline reads only these)
    fields: tuple[str, ...]
    # the short facts shown under the event on the timeline
    facts: Callable[[Any], list[str]]
    # rows the facts read through the detail (its "home", say), joined in the same query
    related: tuple[str, ...] = ()
    # the members of our team who took part ("who from our team"), from ``teams_of_case``
    team: Callable[[Any], list[Any]] | None = None
    # what ``team`` reads, for all of a case's details of this kind in one query: {the event's
    # id: the users}; the timeline sets each detail's list as its ``team`` attribute
    teams_of_case: Callable[[int], dict[int, list[Any]]] | None = None


DETAILS: dict[str, Detail] = {}


def register(detail: Detail) -> None:
    DETAILS[detail.name] = detail


# One row of ``register_panel``: (name, label, the one event type, fields, facts, related).
PanelRow = tuple[str, Any, str, tuple[str, ...], Callable[[Any], list[str]], tuple[str, ...]]


def register_panel(panel: Any, rows: tuple[PanelRow, ...]) -> None:
    """Register the details a panel keeps, one event type each (the care and justice pages)."""
    for name, label, type, fields, facts, related in rows:
        register(
            Detail(
                name=name,
                label=label,
                panel=panel,
                types=frozenset({type}),
                fields=fields,
                facts=facts,
                related=related,
            )
        )


def panel_types() -> frozenset[str]:
    """Event types the timeline's own forms do not create."""
    return frozenset().union(*(d.types for d in DETAILS.values()))


def timeline_joins() -> tuple[str, ...]:
    joins = [d.name for d in DETAILS.values()]
    return (*joins, *(f"{d.name}__{r}" for d in DETAILS.values() for r in d.related))


def timeline_columns() -> tuple[str, ...]:
    return tuple(f"{d.name}__{field}" for d in DETAILS.values() for field in d.fields)


def teams_attach(events: list[Any], case_id: int) -> None:
    """Set ``team`` on each detail of these events (of one case) that has one: one query per
    kind of detail, only when the events hold such a detail."""
    for detail in DETAILS.values():
        if detail.teams_of_case is None:
            continue
        found = [(e.pk, e._state.fields_cache.get(detail.name)) for e in events]
        found = [(pk, value) for pk, value in found if value is not None]
        if not found:
            continue
        teams = detail.teams_of_case(case_id)
        for pk, value in found:
            value.team = teams.get(pk, [])


def attached(event: Any) -> tuple[Detail, Any] | None:
    """The detail hanging on ``event`` (already joined or loaded on access), if any.

    A joined detail is read from the row's cache of related objects: asking each descriptor in
    turn raised and caught an exception per missing detail, a score of them per event, which cost
    the case page more than its SQL (issue 24).
    """
    cache = event._state.fields_cache
    for detail in DETAILS.values():
        if detail.name in cache:
            value = cache[detail.name]
        else:
            try:
                value = getattr(event, detail.name)
            except models.ObjectDoesNotExist:
                continue
        if value is not None:
            return detail, value
    return None
