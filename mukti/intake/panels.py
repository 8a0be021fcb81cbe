"""The case page's "Source narrative" panel (registered in cases/panels.py)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from mukti.cases.models import Case, EventSource
from mukti.core.http import AuthedRequest
from mukti.intake import selectors


def case_sources(request: AuthedRequest, case: Case, page: Mapping[str, Any]) -> dict[str, Any]:
    # Looked up only when the timeline shows imported entries: other case pages pay no query.
    events = page.get("events", ())
    if not any(e.source == EventSource.IMPORTED for e in events):
        return {"sources": []}
    return {"sources": selectors.case_sources(case=case)}
