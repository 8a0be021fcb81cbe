"""The case page's regions that other actions change: after an htmx answer or a quick entry the
response carries them as out-of-band swaps, so the clocks and the timeline never show the state
from before the change.

The case page already gathers the other apps' panels (cases/views.py); this does the same for
the two regions an htmx action elsewhere changes. Apps above cases (rescue) call it; it never
imports their views.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qs, urlsplit

from django.http import HttpRequest
from django.template.loader import render_to_string

from mukti.cases import selectors
from mukti.cases.models import Case, EventType
from mukti.core.http import AuthedRequest
from mukti.deadlines import selectors as deadline_selectors


def _type_filter(request: HttpRequest) -> str:
    # The timeline keeps the filter the page shows (htmx sends the page's address).
    query = parse_qs(urlsplit(request.headers.get("HX-Current-URL", "")).query)
    wanted = query.get("type", [""])[0]
    return wanted if wanted in EventType.values else ""


def regions_context(request: AuthedRequest, case: Case) -> dict[str, Any]:
    type_filter = _type_filter(request)
    return {
        "case": case,
        "clocks": deadline_selectors.case_clocks(case=case, user=request.user),
        "events": selectors.timeline(case=case, user=request.user, type=type_filter),
    }


def regions_oob(request: AuthedRequest, case: Case) -> str:
    """The clocks panel and the timeline, to replace the page's in place."""
    return render_to_string("cases/_regions_oob.html", regions_context(request, case), request)
