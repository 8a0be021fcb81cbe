"""The case page's regions that other actions change: after an htmx answer or a quick entry the
response carries them as out-of-band swaps, so the clocks and the timeline never show the state
from before the change.

The case page gathers the other apps' panels (cases/panels.py); this renders the timeline and the
panels marked ``refreshed`` (the clocks) after an htmx action elsewhere. Apps above cases
(rescue) call it; it never imports them.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qs, urlsplit

from django.http import HttpRequest
from django.template.loader import render_to_string

from mukti.cases import selectors
from mukti.cases.models import Case, EventType
from mukti.cases.panels import panels_context
from mukti.core.http import AuthedRequest


def _type_filter(request: HttpRequest) -> str:
    # The timeline keeps the filter the page shows (htmx sends the page's address).
    query = parse_qs(urlsplit(request.headers.get("HX-Current-URL", "")).query)
    wanted = query.get("type", [""])[0]
    return wanted if wanted in EventType.values else ""


def regions_context(request: AuthedRequest, case: Case) -> dict[str, Any]:
    type_filter = _type_filter(request)
    context = {
        "case": case,
        "events": selectors.timeline(case=case, user=request.user, type=type_filter),
    }
    return context | panels_context(request, case, context, refreshed_only=True)


def regions_oob(request: AuthedRequest, case: Case) -> str:
    """The refreshed panels (the clocks) and the timeline, to replace the page's in place."""
    return render_to_string("cases/_regions_oob.html", regions_context(request, case), request)
