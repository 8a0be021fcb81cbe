"""What other apps derive from a case, and what they veto, in the order it runs.

Every change to a case's timeline, or to a field of the case or of a survivor that something
derived reads, runs these hooks inside the transaction of the change:

1. **Vetoes** check that the records still make sense together and raise ``ApplicationError``
   to refuse the whole change (the care app: a stay redated so that it overlaps another).
2. **Recomputations** rebuild what is derived, in this order: the rescue app's engagement times
   (which nothing else derived reads), then the deadline clocks, then (a case moved or handed
   over) the monthly lateness rows of its clocks, then what the statistics count of the case
   and their monthly rows.
3. **Removals** run before an entry is deleted: what it started goes first, through the app that
   derived it (the clocks an arrest started, and the lateness rows that counted them).

The hooks are named by dotted path, not imported, so that ``cases`` depends on no app above it
(the layers in ARCHITECTURE.md). A recomputation says which case and survivor fields it reads
through the attributes ``reads_case_fields`` and ``reads_survivor_fields`` of its function (a
function without them reads none); it runs when the timeline changes or one of those fields
does (only the latter if its ``reads_timeline`` attribute is false). A survivor's field also
reaches the cases its ``survivor_cases(survivor)`` names besides hers.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import cache
from typing import TYPE_CHECKING, Any

from django.utils.module_loading import import_string

if TYPE_CHECKING:
    from mukti.cases.models import Case, Event, Survivor

VETOES: tuple[str, ...] = ("mukti.care.services.care_check",)
RECOMPUTATIONS: tuple[str, ...] = (
    "mukti.rescue.services.engagements_refresh",
    "mukti.deadlines.services.clocks_refresh",
    "mukti.deadlines.services.lateness_follow",
    "mukti.reports.monthly.statistics_refresh",
)


# Run before an entry is deleted, with the entry: what it started goes with it through the app
# that derived it, which recomputes what that counted (a database cascade would delete those
# rows behind its back).
REMOVALS: tuple[str, ...] = ("mukti.deadlines.services.clocks_of_event_remove",)


@cache
def _resolve(paths: tuple[str, ...]) -> tuple[Callable[..., Any], ...]:
    return tuple(import_string(path) for path in paths)


def _reads(hook: Callable[..., Any], kind: str) -> frozenset[str]:
    return frozenset(getattr(hook, f"reads_{kind}_fields", ()))


def timeline_changed(case: Case) -> None:
    """The case's timeline (an event or its typed detail) changed: check, then recompute."""
    for veto in _resolve(VETOES):
        veto(case)
    for recompute in _resolve(RECOMPUTATIONS):
        if getattr(recompute, "reads_timeline", True):
            recompute(case)


def event_removing(event: Event) -> None:
    """An entry of the timeline is about to be deleted (in the same transaction)."""
    for remove in _resolve(REMOVALS):
        remove(event)


def case_changed(case: Case, fields: Iterable[str]) -> None:
    """Fields of the case changed: recompute what reads any of them."""
    changed = frozenset(fields)
    for recompute in _resolve(RECOMPUTATIONS):
        if _reads(recompute, "case") & changed:
            recompute(case)


def survivor_changed(survivor: Survivor, fields: Iterable[str]) -> None:
    """Fields of a survivor changed: recompute, in each of her cases, what reads any of them."""
    from mukti.cases.models import Case

    changed = frozenset(fields)
    hooks = [h for h in _resolve(RECOMPUTATIONS) if _reads(h, "survivor") & changed]
    if not hooks:
        return
    cases = list(Case.objects.filter(case_survivors__survivor=survivor).order_by("pk"))
    for case in cases:
        for recompute in hooks:
            recompute(case)
    # Cases a recomputation reads her in without her being one of their survivors (its
    # ``survivor_cases``: a person brought out in one case's raid and named in a new case).
    for recompute in hooks:
        naming = getattr(recompute, "survivor_cases", None)
        others = set(naming(survivor)) - {case.pk for case in cases} if naming else set()
        for case in Case.objects.filter(pk__in=others).order_by("pk"):
            recompute(case)


def fields_read(kind: str) -> frozenset[str]:
    """Every case (``kind="case"``) or survivor field some recomputation reads."""
    return frozenset().union(*(_reads(h, kind) for h in _resolve(RECOMPUTATIONS)))
