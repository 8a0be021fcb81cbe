"""The case page's panels that other apps contribute, in the order the page shows them.

The case page (cases/views.py) shows the case's own parts — survivors, status, team, the
timeline — and, beside them, panels that belong to the apps above ``cases``: the deadline
clocks, the narratives the case was read from, the documents attached to its entries, the
escalation chains and rescue operations.
Each such panel is registered here by dotted path, not imported, so that ``cases`` depends on
no app above it (the layers in pyproject.toml); the app owns the panel's data and template.

A panel's ``context`` function takes the request, the case and the context the page has built
so far (the timeline's entries among them) and returns the names its template reads. The page
adds them to its own context: the names of every panel and of the page must differ (checked when
the panels are first used). A panel marked ``refreshed`` is also swapped into the page after an
action that changes the timeline (cases/regions.py), so it never shows the state from before.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING, Any, Literal

from django.utils.module_loading import import_string

if TYPE_CHECKING:
    from mukti.cases.models import Case
    from mukti.core.http import AuthedRequest

PanelContext = Callable[["AuthedRequest", "Case", Mapping[str, Any]], dict[str, Any]]


@dataclass(frozen=True)
class Panel:
    name: str
    # The column: "side" panels come before the survivors, "main" ones before the timeline.
    slot: Literal["side", "main"]
    template: str
    context: str  # dotted path of a PanelContext
    # The element wrapping it: its id (a target of out-of-band swaps) and the class that orders
    # it on a phone (app.css).
    element_id: str = ""
    css: str = ""
    # The id of the panel's heading, which names the section for screen readers.
    heading_id: str = ""
    refreshed: bool = False


PANELS: tuple[Panel, ...] = (
    Panel(
        "clocks",
        "side",
        "deadlines/_clocks.html",
        "mukti.deadlines.panels.case_clocks",
        element_id="clocks",
        css="case-part-clocks",
        refreshed=True,
    ),
    Panel(
        "sources",
        "side",
        "intake/_case_sources.html",
        "mukti.intake.panels.case_sources",
        css="case-part-rest",
    ),
    Panel(
        "documents",
        "side",
        "documents/_case_documents.html",
        "mukti.documents.panels.case_documents",
        element_id="documents",
        css="case-part-rest",
    ),
    Panel(
        "referrals",
        "side",
        "referrals/_case_referrals.html",
        "mukti.referrals.panels.case_referrals",
        element_id="referrals",
        css="case-part-rest",
    ),
    Panel(
        "sharing",
        "side",
        "sharing/_case_sharing.html",
        "mukti.sharing.panels.case_sharing",
        element_id="sharing",
        css="case-part-rest",
    ),
    Panel(
        "rescue",
        "main",
        "rescue/_case_panel.html",
        "mukti.rescue.panels.case_rescue",
        element_id="rescue",
        css="mb-3 case-part-rescue",
        heading_id="rescue-h",
    ),
)


@cache
def _resolved(panels: tuple[Panel, ...]) -> tuple[tuple[Panel, PanelContext], ...]:
    return tuple((panel, import_string(panel.context)) for panel in panels)


def panels_context(
    request: AuthedRequest, case: Case, page: Mapping[str, Any], *, refreshed_only: bool = False
) -> dict[str, Any]:
    """The names every panel's template reads, and ``panels``: the panels by slot."""
    context: dict[str, Any] = {}
    shown: list[Panel] = []
    for panel, build in _resolved(PANELS):
        if refreshed_only and not panel.refreshed:
            continue
        names = build(request, case, page)
        clash = (names.keys() & context.keys()) | (names.keys() & page.keys())
        if clash:
            raise RuntimeError(f"The case page panel {panel.name} reuses {sorted(clash)}")
        context.update(names)
        shown.append(panel)
    context["panels"] = {
        "side": [p for p in shown if p.slot == "side"],
        "main": [p for p in shown if p.slot == "main"],
        "refreshed": [p for p in shown if p.refreshed],
    }
    return context
